"""A from-scratch MNIST network posted to the TensorFlow tracker (sigmoid hidden layer, softmax output, one image
per update) that 'gives low accuracy, and sometimes the softmax gives null after updating the weights, so it throws
a division by zero'. Its derivative of the cross-entropy is written -(t / p + (1 - t) / (1 - p)) where the
derivative is -t / p + (1 - t) / (1 - p): times the softmax's diagonal slope p (1 - p), the error of every wrong
class comes out as -p instead of +p. Every step raises all ten scores; the loss climbs from 1.8 to about 28 and,
once a probability rounds to exactly 0 or 1, the divisions give NaN."""
import numpy as np

from doctor_corpus import Symptom, digits, first_non_finite, gradient_error, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/tensorflow/tensorflow/issues/21828"
DIAGNOSIS = ("(Filed on the TensorFlow tracker, with no diagnosis in the thread we could read; our reading of the "
             "posted code.) "
             "derivation_cross has the sign of its second term wrong, so with the element-wise softmax slope the "
             "output error is -(t (1 - p) + (1 - t) p) instead of p - t: it asks every wrong class to grow. The "
             "updates are not the gradient of the cross-entropy; the scores run away, one probability saturates at "
             "1, and 1 / (1 - p) and log(0) turn the loss and then the weights into NaN.")
CHOICES = ("scikit-learn's 8x8 digits (600 samples, pixels / 16) instead of the MNIST files, so 64 inputs; 30 sigmoid "
           "hidden units, N(0, 1) * 0.1 weights and zero biases (our generator, seed 0; the issue's init is not "
           "shown), lr 0.01, one pass in data order; the loss is the cross-entropy -sum(t log p) of the sample; "
           "observe() every 10 samples before that sample's update with its loss, W1, b1, W2, b2, the loop's "
           "gradients (dW1 ...), lr, and the sample as (1, 64) inputs, (1, 10) one-hot targets and softmax outputs.")


def forward(p, x):
    h = sigmoid(x @ p["W1"] + p["b1"])
    e = np.exp(h @ p["W2"] + p["b2"])
    return h, e / np.sum(e)


def run(observe, lr=0.01, every=10):
    X, labels = digits(600, seed=1)
    X = X / 16.0
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 30)) * 0.1, "b1": np.zeros((1, 30)),
         "W2": rng.standard_normal((30, 10)) * 0.1, "b2": np.zeros((1, 10))}
    trace = {"losses": [], "params_finite": [], "snapshots": []}
    with np.errstate(all="ignore"):
        for i in range(len(X)):
            x, t = X[i:i + 1], np.zeros((1, 10))
            t[0, labels[i]] = 1.0
            h, out = forward(p, x)
            loss = float(-np.sum(t * np.log(out)))
            d_out = -(t / out + (1 - t) / (1 - out))             # the posted derivative of the cross-entropy
            dz2 = d_out * out * (1 - out)                        # times the softmax's diagonal slope
            dz1 = (dz2 @ p["W2"].T) * h * (1 - h)
            g = {"dW1": x.T @ dz1, "db1": dz1, "dW2": h.T @ dz2, "db2": dz2}
            if i % every == 0:
                observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=t, predictions=out)
                trace["losses"].append(loss)
                trace["params_finite"].append(all(bool(np.all(np.isfinite(v))) for v in p.values()))
                if np.isfinite(loss):
                    trace["snapshots"].append(({k: v.copy() for k, v in p.items()},
                                               {k[1:]: v.copy() for k, v in g.items()}, x.copy(), t.copy(),
                                               out.copy()))
            for k in p:
                p[k] -= lr * g["d" + k]
    return trace


def first_step_not_gradient(t):
    params, grads, x, target, _ = t["snapshots"][0]

    def cross_entropy(q):
        return float(-np.sum(target * np.log(forward(q, x)[1])))
    return gradient_error(cross_entropy, params, grads, "W2") > 0.5 and gradient_error(cross_entropy, params, grads,
                                                                                        "b2") > 0.5


def climbs_then_nan(t):
    first = first_non_finite(t["losses"])
    return (first is not None and max(t["losses"][:first]) > 3 * t["losses"][0]
            and not any(np.isfinite(t["losses"][first:])) and not t["params_finite"][-1])


def confidently_wrong_at_the_end(t):
    last = t["snapshots"][-3:]
    return all(out.max() > 0.99 and float(np.sum(out * target)) < 0.01 for _, _, _, target, out in last)


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first observation the observed dW2 and db2 are more than 0.5 (relative) away "
            "from the float64 central-difference gradient of the sample's cross-entropy", first_step_not_gradient),
    Symptom("loss-diverging", "the loss rises above 3x its first value, then is NaN/inf at every later observation",
            climbs_then_nan),
    Symptom("non-finite", "from some observation on the loss is NaN/inf and the parameters are no longer finite at "
            "the last one", lambda t: first_non_finite(t["losses"]) is not None and not t["params_finite"][-1]),
    Symptom("saturated-activation", "at each of the last 3 finite observations the softmax puts more than 0.99 on one "
            "class and less than 0.01 on the true one (confidently wrong)", confidently_wrong_at_the_end),
]
