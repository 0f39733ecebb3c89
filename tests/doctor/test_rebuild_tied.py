"""A tied autoencoder: one weight matrix W, the encoder X @ W and the decoder @ W.T.

The gradient of W has two terms, one through each use; the doctor rebuilds the network with the
weight used twice, so a gradient with only the decoder's term is found wrong and the full one right.
"""
import numpy as np

import scratchnn


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _run(encoder_term=True, biases=False, pass_inputs=True, epochs=30, lr=0.5):
    """A 6-3-6 sigmoid autoencoder on 20 samples, loss 0.5 * summed squared error / n, observed before the update."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (20, 6))
    p = {"W": rng.normal(0, 0.5, (6, 3))}
    if biases:
        p["b_hidden"], p["b_visible"] = np.zeros(3), np.zeros(6)
    doctor = scratchnn.Doctor()
    for epoch in range(epochs):
        h = _sigmoid(X @ p["W"] + p.get("b_hidden", 0))
        out = _sigmoid(h @ p["W"].T + p.get("b_visible", 0))
        loss = 0.5 * float(np.sum((out - X) ** 2)) / len(X)
        d_out = (out - X) * out * (1 - out) / len(X)          # dL/dz of the decoder
        d_h = d_out @ p["W"] * h * (1 - h)                    # dL/dz of the encoder
        g = {"W": d_out.T @ h + (X.T @ d_h if encoder_term else 0)}
        if biases:
            g["b_hidden"], g["b_visible"] = d_h.sum(0), d_out.sum(0)
        doctor.observe(epoch=epoch, loss=loss, params=p, grads=g, predictions=out, targets=X,
                       inputs=X if pass_inputs else None)
        for k in p:
            p[k] = p[k] - lr * g[k]
    return doctor.report()


def test_both_terms_of_a_tied_weight_are_right_with_or_without_biases_and_inputs():
    for biases in (False, True):
        for pass_inputs in (True, False):
            report = _run(biases=biases, pass_inputs=pass_inputs)
            assert ": all right" in report.gradients, (biases, pass_inputs, report.gradients)
            assert "@ W.T" in report.gradients


def test_the_decoder_term_alone_is_found_wrong():
    for biases in (False, True):
        report = _run(encoder_term=False, biases=biases, pass_inputs=False)
        assert "gradient-mismatch" in report.codes, report
        assert "@ W.T" in report.gradients


def test_a_single_layer_stays_one_layer():
    """Linear regression with one (d, k) weight: read as one layer (the tied reading is tried only when that fails)."""
    rng = np.random.default_rng(1)
    X, W = rng.normal(size=(30, 4)), rng.normal(size=(4, 4))
    Y = X @ rng.normal(size=(4, 4))
    doctor = scratchnn.Doctor()
    for epoch in range(5):
        out = X @ W
        g = 2 * X.T @ (out - Y) / Y.size
        doctor.observe(epoch=epoch, loss=float(np.mean((out - Y) ** 2)), params={"W": W}, grads={"W": g},
                       inputs=X, targets=Y, predictions=out)
        W = W - 0.05 * g
    report = doctor.report()
    assert ": all right" in report.gradients and "W.T" not in report.gradients, report.gradients
