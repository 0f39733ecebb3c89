"""A sigmoid/softmax classifier whose backward pass drops the derivative of the last hidden layer."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, one_hot, sigmoid

SOURCE = ("https://stats.stackexchange.com/questions/550353/classification-neural-network-cost-stop-changing-after-"
          "1-iteration")
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) The cost falls "
             "only in the first iteration and every test sample gets the same class. In the posted back_prop the "
             "delta of the last hidden layer is W.T @ delta with no sigmoid derivative (the other hidden layers "
             "get * sig_deriv(a)), and the softmax divides by z.sum() over the whole batch instead of per sample.")
CHOICES = ("sklearn's digits (pixels / 16), one hidden layer of 30 sigmoid units, weights N(0, 1), biases 0 "
           "(the post's init is not shown), samples on axis 1 as posted (a[0] = x.T), mini-batches of 10 so "
           "the batch-wide softmax matters, lr 0.01; cost = mean cross-entropy of the epoch's batches; 20 epochs; "
           "observe gets the epoch's cost, params and the last batch's grads only.")


def softmax_whole_batch(z):
    e = np.exp(z)
    return e / e.sum()                  # the post's bug: one sum over every class of every sample


def forward(x, w, b):
    a1 = sigmoid(w[0] @ x + b[0])
    return a1, softmax_whole_batch(w[1] @ a1 + b[1])


def batch_loss(x, y):
    def loss_of(p):
        pred = forward(x, [p["w0"], p["w1"]], [p["b0"], p["b1"]])[1]
        return float(-np.sum(y * np.log(pred)) / x.shape[1])
    return loss_of


def run(observe, epochs=20, lr=0.01, batch=10):
    X, labels = digits(300)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    w = [rng.standard_normal((30, 64)), rng.standard_normal((10, 30))]
    b = [np.zeros((30, 1)), np.zeros((10, 1))]
    trace = {"losses": [], "classes": []}
    for epoch in range(epochs):
        total, predicted = 0.0, []
        for k in range(0, len(X), batch):
            x, y = X[k:k + batch].T, Y[k:k + batch].T
            a1, pred = forward(x, w, b)
            total += float(-np.sum(y * np.log(pred)))
            predicted.extend(np.argmax(pred, axis=0))
            d2 = pred - y
            d1 = w[1].T @ d2                           # no sig_deriv(a1): the bug
            g = {"w1": d2 @ a1.T, "b1": d2.sum(axis=1, keepdims=True),
                 "w0": d1 @ x.T, "b0": d1.sum(axis=1, keepdims=True)}
            if epoch == 0 and k == 0:
                p0 = {"w0": w[0].copy(), "w1": w[1].copy(), "b0": b[0].copy(), "b1": b[1].copy()}
                trace["start"] = (batch_loss(x, y), p0, {n: v / x.shape[1] for n, v in g.items()})
            w = [w[0] - lr * g["w0"], w[1] - lr * g["w1"]]
            b = [b[0] - lr * g["b0"], b[1] - lr * g["b1"]]
        loss = total / len(X)
        observe(epoch=epoch, loss=loss, params={"w0": w[0], "b0": b[0], "w1": w[1], "b1": b[1]}, grads=g, lr=lr)
        trace["losses"].append(loss)
        trace["classes"].append(len(set(predicted)))
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first batch, dw0 (per sample) differs from central differences of the "
            "batch's cost by > 10%", lambda t: gradient_error(t["start"][0], t["start"][1], t["start"][2], "w0") > 0.1),
    Symptom("loss-diverging", "after its lowest point the cost rises every epoch to the end, by > 20%",
            lambda t: (lambda L, i: i < len(L) - 5 and all(np.diff(L[i:]) > 0) and L[-1] > 1.2 * L[i])(
                t["losses"], int(np.argmin(t["losses"])))),
    Symptom("lr-too-high", "the same loop with lr 0.001 lowers the cost over its 20 epochs instead",
            lambda t: (lambda L: L[-1] < L[0])(run(lambda **record: None, lr=0.001)["losses"])),
]
