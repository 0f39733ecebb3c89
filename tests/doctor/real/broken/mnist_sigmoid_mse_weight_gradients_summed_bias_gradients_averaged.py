"""A lecture series' hand-written backpropagation for MNIST (784-30-10, sigmoid hidden and output layers, squared
error, batches of 10, lr 0.5, N(0, 1) truncated-normal init) whose issue thread asks whether the output delta
should be diff instead of diff * sigma'(l2). The network learns (99.6% of our digits), but its update mixes two
losses: the weight gradients are matrix products summed over the 10 samples of the batch (the gradient of the
summed loss), while the bias gradients are averaged over them (the gradient of the mean): against the mean loss the
loop logs, dW is 10x the true gradient and db is right, a relation no single constant factor describes."""
import numpy as np

from doctor_corpus import Symptom, central_difference, digits, gradient_error, one_hot, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/hunkim/DeepLearningZeroToAll/issues/112"
DIAGNOSIS = ("The issue (lab-10-X1) says d_l2 = diff * sigma_prime(l2) should be d_l2 = diff; a collaborator "
             "points to an earlier issue (#25) and the thread agrees it depends on the loss function: diff alone is "
             "the output delta of a cross-entropy, diff * sigma' that of the squared error the lab trains with. Our "
             "reading of the lab's code: the delta matches its squared error, but tf.matmul(transpose(a1), d_l2) "
             "sums the weight gradient over the batch while the bias update takes reduce_mean of d_b, so weights "
             "and biases follow gradients of different losses (weights at batch-size times the rate of the biases).")
CHOICES = ("scikit-learn's 8x8 digits (1,000 samples, pixels / 16) instead of MNIST, so 64 inputs; the lab's 30 "
           "hidden units, sigmoid layers, N(0, 1) weights and biases truncated at 2 sigma (our generator, seed 1), "
           "batches of 10 drawn at random, lr 0.5, 3,000 steps instead of 10,000; the loss we log is the batch mean "
           "of 1/2 sum over the 10 outputs of diff^2 (the lab's cost = diff * diff, halved, averaged over the batch); "
           "observe() every 100 steps before the update with that loss, w1, b1, w2, b2, the gradients as the lab "
           "applies them (d_w1 summed, d_b1 averaged ...), lr, the batch's inputs, one-hot targets and outputs.")


def truncated_normal(rng, shape):
    out = rng.standard_normal(shape)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2
    return out


def forward(p, X):
    a1 = sigmoid(X @ p["w1"] + p["b1"])
    return a1, sigmoid(a1 @ p["w2"] + p["b2"])


def run(observe, steps=3000, lr=0.5, batch=10, every=100):
    X, labels = digits(1000, seed=4)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(1)
    p = {"w1": truncated_normal(rng, (64, 30)), "b1": truncated_normal(rng, (1, 30)),
         "w2": truncated_normal(rng, (30, 10)), "b2": truncated_normal(rng, (1, 10))}
    trace = {"losses": [], "snapshots": []}
    for step in range(steps):
        idx = rng.choice(len(X), batch, replace=False)
        xb, yb = X[idx], Y[idx]
        a1, y_pred = forward(p, xb)
        diff = y_pred - yb
        loss = float(np.mean(0.5 * np.sum(diff ** 2, axis=1)))
        d_l2 = diff * y_pred * (1 - y_pred)
        d_l1 = (d_l2 @ p["w2"].T) * a1 * (1 - a1)
        g = {"d_w1": xb.T @ d_l1, "d_b1": d_l1.mean(axis=0, keepdims=True),
             "d_w2": a1.T @ d_l2, "d_b2": d_l2.mean(axis=0, keepdims=True)}
        if step % every == 0:
            observe(epoch=step, loss=loss, params=p, grads=g, lr=lr, inputs=xb, targets=yb, predictions=y_pred)
            trace["losses"].append(loss)
            trace["snapshots"].append(({k: v.copy() for k, v in p.items()},
                                       {k[2:]: v.copy() for k, v in g.items()}, xb.copy(), yb.copy()))
        for k in p:
            p[k] = p[k] - lr * g["d_" + k]
    trace["accuracy"] = float(np.mean(forward(p, X)[1].argmax(axis=1) == labels))
    return trace


def ratios(t):
    params, grads, xb, yb = t["snapshots"][-1]

    def loss_of(q):
        return float(np.mean(0.5 * np.sum((forward(q, xb)[1] - yb) ** 2, axis=1)))
    out = {}
    for k in ("w2", "b2"):
        true = central_difference(loss_of, params, k)
        out[k] = (float(np.sum(grads[k] * true) / np.sum(true * true)), gradient_error(loss_of, params, grads, k))
    return out


def weights_10x_biases_1x(t):
    r = ratios(t)
    return abs(r["w2"][0] - 10) < 0.1 and r["w2"][1] > 0.5 and abs(r["b2"][0] - 1) < 0.01 and r["b2"][1] < 1e-4


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation the observed d_w2 is 10.0x (+-0.1) the central-difference "
            "gradient of the logged loss (relative error > 0.5) while d_b2 equals it (error < 1e-4): no single factor "
            "relates the observed gradients to the loss", weights_10x_biases_1x),
]
