"""A 784-20-10 ReLU/softmax MNIST net whose softmax normalises over the samples, not the classes."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, non_finite, one_hot

SOURCE = "https://stackoverflow.com/questions/76450489/mnist-nn-from-scratch-output-converge-on-one-number"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) Samples are "
             "rows (m x 784) but the softmax is np.exp(z) / sum(np.exp(z)): Python's sum adds the rows, so each "
             "class column is normalised over the samples instead of each sample over the classes; accuracy falls,"
             " every prediction converges on one digit, then exp overflows (NaN).")
CHOICES = ("sklearn's 8x8 digits (500 samples, pixels / 16) stand in for MNIST / 255: same layout, 64 inputs "
           "instead of 784; hidden 20 and the post's uniform(-0.5, 0.5) init kept; alpha 0.5 (the post tried "
           "several); 40 epochs; the loss is the cross-entropy of the (mis-normalised) outputs; observe gets "
           "loss, params, grads, the inputs, the predictions and the one-hot targets.")


def softmax_over_samples(z):
    e = np.exp(z)
    return e / sum(e)          # the post's bug: Python's sum adds the rows (samples)


def forward(X, p):
    z1 = X @ p["w1"] + p["b1"]
    a1 = np.maximum(z1, 0)
    return z1, a1, softmax_over_samples(a1 @ p["w2"] + p["b2"])


def loss_of(X, Y):
    return lambda p: float(-np.mean(np.sum(Y * np.log(forward(X, p)[2]), axis=1)))


def run(observe, epochs=40, alpha=0.5):
    X, labels = digits(500)
    X = X / 16.0
    Y = one_hot(labels, 10)
    m = len(X)
    rng = np.random.default_rng(3)
    p = {"w1": rng.random((64, 20)) - 0.5, "b1": rng.random((1, 20)) - 0.5,
         "w2": rng.random((20, 10)) - 0.5, "b2": rng.random((1, 10)) - 0.5}
    trace = {"losses": [], "argmax_classes": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            z1, a1, a2 = forward(X, p)
            loss = float(-np.mean(np.sum(Y * np.log(a2), axis=1)))
            dz2 = a2 - Y                                   # right for a per-sample softmax, not for this one
            dz1 = dz2 @ p["w2"].T * (z1 > 0)
            g = {"w2": a1.T @ dz2 / m, "b2": dz2.sum(0, keepdims=True) / m,
                 "w1": X.T @ dz1 / m, "b1": dz1.sum(0, keepdims=True) / m}
            if epoch == 0:
                trace["start"] = ({k: v.copy() for k, v in p.items()}, {k: v.copy() for k, v in g.items()})
            for k in p:
                p[k] = p[k] - alpha * g[k]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=alpha, inputs=X, predictions=a2, targets=Y)
            trace["losses"].append(loss)
            trace["argmax_classes"].append(len(np.unique(np.argmax(a2, axis=1))))
    trace["loss_of"] = loss_of(X, Y)
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the start, dw2 differs from central differences of the loss by > 10%",
            lambda t: gradient_error(t["loss_of"], t["start"][0], t["start"][1], "w2") > 0.1),
    Symptom("loss-diverging", "the largest finite loss is more than 3x the first loss",
            lambda t: max(v for v in t["losses"] if np.isfinite(v)) > 3 * t["losses"][0]),
    Symptom("non-finite", "the loss becomes NaN or inf (exp overflows)", lambda t: non_finite(t["losses"])),
]
