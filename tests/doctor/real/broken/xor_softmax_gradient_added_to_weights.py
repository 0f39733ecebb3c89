"""A 2-4-2 network for XOR (sigmoid hidden layer, softmax output over the two classes, cross-entropy, full batch)
whose backward pass uses the textbook output error prediction - label, but whose update adds the step
(W += lr * A.T @ delta): every step climbs the loss. The error keeps increasing until the softmax gives one class
100% for every input and the cross-entropy is inf. With label - prediction (two sign errors that cancel) the asker's
loop learned XOR, which is what puzzled them."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, gradient_error, sigmoid, softmax_rows

HELD_OUT = True
ROUND = 8
SOURCE = "http://fatal001.com/python/15292400508358330898.html"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) prediction - label is the right derivative of the "
             "softmax cross-entropy with respect to the output's pre-activation; with it the loss rises because the "
             "update adds the gradient instead of subtracting it (label - prediction only works because it flips the "
             "sign a second time). Subtract lr * gradient and keep prediction - label.")
CHOICES = ("The post's XOR test: inputs [0, 0], [0, 1], [1, 0], [1, 1], one-hot targets over 2 classes, 4 hidden "
           "sigmoid units (the post does not give the size), weights N(0, 1) and zero biases (our seed), lr 0.1, "
           "2,000 epochs; the loop observes every 10th epoch the mean cross-entropy, W1, b1, W2, b2, the gradients it "
           "computed (prediction - label backpropagated) as dW1 ..., lr, inputs, targets and the probabilities.")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
T = np.array([[1, 0], [0, 1], [0, 1], [1, 0]], dtype=float)


def probabilities(p):
    return softmax_rows(sigmoid(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])


def cross_entropy(p):
    return float(-np.mean(np.sum(T * np.log(probabilities(p)), axis=1)))


def run(observe, epochs=2000, lr=0.1, every=10):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 4)), "b1": np.zeros(4), "W2": rng.standard_normal((4, 2)), "b2": np.zeros(2)}
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            h = sigmoid(X @ p["W1"] + p["b1"])
            probs = softmax_rows(h @ p["W2"] + p["b2"])
            loss = float(-np.mean(np.sum(T * np.log(probs), axis=1)))
            delta2 = (probs - T) / len(X)
            delta1 = (delta2 @ p["W2"].T) * h * (1 - h)
            grads = {"dW1": X.T @ delta1, "db1": delta1.sum(axis=0), "dW2": h.T @ delta2, "db2": delta2.sum(axis=0)}
            if epoch % every == 0:
                observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=lr, inputs=X, targets=T, predictions=probs)
                trace["losses"].append(loss)
                if epoch == 0:
                    trace["first"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: g.copy() for k, g in grads.items()})
            for k in p:
                p[k] = p[k] + lr * grads["d" + k]              # the step is added
        trace["p"] = probabilities(p)
    return trace


def rising_then_infinite(losses):
    finite = [v for v in losses if np.isfinite(v)]
    return len(finite) >= 5 and finite[-1] > 5 * finite[0] and not np.isfinite(losses[-1])


SYMPTOMS = [
    Symptom("gradient-mismatch", "the update follows the gradient uphill: at epoch 0 the direction it descends, "
            "-(W_next - W) / lr = -dW, is the opposite of central differences of the cross-entropy (relative error "
            "> 1.99 for W2 and W1), while dW itself matches them (< 1e-6)",
            lambda t: all(gradient_error(cross_entropy, t["first"][0], {k: -g for k, g in t["first"][1].items()}, k)
                          > 1.99 and gradient_error(cross_entropy, *t["first"], k) < 1e-6 for k in ("W2", "W1"))),
    Symptom("loss-diverging", "the cross-entropy rises to more than 5x its first value, then becomes inf or NaN",
            lambda t: rising_then_infinite(t["losses"])),
    Symptom("constant-output", "at the end all four inputs get the same probabilities (one class at 1.0)",
            lambda t: constant_rows(t["p"], tol=1e-6) and float(t["p"].max()) > 1 - 1e-9),
    Symptom("non-finite", "the observed cross-entropy is inf or NaN at the end",
            lambda t: not np.isfinite(t["losses"][-1])),
]
