"""A notebook's 'simple NN from scratch' (one 2x3 weight matrix, softmax, cross-entropy) trained with a numerical
gradient: Net0 'doesn't work', Net1 does. Net0's gradient perturbs the entries of W.flatten() (a copy) and
evaluates a loss that reads the network's own W, not the perturbed array: both sides of every central difference
are the same number, every gradient entry is exactly 0, W never moves and the loss stays at its first value."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/doyu/temp"
DIAGNOSIS = ("The notebook's own finding: the only difference between the failing Net0 and the working Net1 is the "
             "gradient function; Net1 writes the perturbed matrix into the network (net.W = W) before evaluating the "
             "loss, Net0 does not, so Net0's loss never sees the perturbation (the copy made by flatten() is what is "
             "perturbed) and its numerical gradient is 0.")
CHOICES = ("The notebook's example (the textbook's): one sample x = [0.6, 0.9] with one-hot target [0, 0, 1], a "
           "2x3 weight matrix N(0, 1) (our generator, seed 0), softmax and cross-entropy, lr 0.5 as in the notebook, "
           "the central difference with h = 1e-4 written by us after the notebook's early commits (its later 'Fixed' "
           "commit perturbs W in place), 100 steps; observe() every 5 steps before the update with the loss, W, the "
           "numerical gradient as dW, lr, the input, target and softmax output as (1, n) arrays.")

x = np.array([[0.6, 0.9]])
t = np.array([[0.0, 0.0, 1.0]])


class Net:
    def __init__(self, W):
        self.W = W

    def predict(self, inputs):
        scores = inputs @ self.W
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def loss(self, inputs, targets):
        return float(-np.sum(targets * np.log(self.predict(inputs) + 1e-7)) / len(inputs))

    def gradient(self, inputs, targets, h=1e-4):
        """Net0's numerical gradient: the entries of a flattened copy are nudged; the loss reads self.W."""
        nudged = self.W.flatten()
        grad = np.zeros(nudged.size)
        for i in range(nudged.size):
            keep = nudged[i]
            nudged[i] = keep + h
            up = self.loss(inputs, targets)
            nudged[i] = keep - h
            down = self.loss(inputs, targets)
            nudged[i] = keep
            grad[i] = (up - down) / (2 * h)
        return grad.reshape(self.W.shape)


def run(observe, lr=0.5, steps=100, every=5):
    net = Net(np.random.default_rng(0).standard_normal((2, 3)))
    trace = {"losses": []}
    for step in range(steps):
        grad = net.gradient(x, t)
        loss = net.loss(x, t)
        if step % every == 0:
            observe(epoch=step, loss=loss, params={"W": net.W}, grads={"dW": grad}, lr=lr, inputs=x, targets=t,
                    predictions=net.predict(x))
            trace["losses"].append(loss)
            trace["last"] = ({"W": net.W.copy()}, {"W": grad.copy()})
        net.W -= lr * grad
    return trace


def zero_gradient_for_a_loss_that_depends_on_w(t_):
    params, grads = t_["last"]

    def loss_of(p):
        return Net(p["W"]).loss(x, t)
    return bool(np.all(grads["W"] == 0)) and gradient_error(loss_of, params, grads, "W") > 0.99


SYMPTOMS = [
    Symptom("gradient-mismatch", "the observed dW is exactly 0 while the central-difference gradient of the loss with "
            "respect to W is not (relative error 1)", zero_gradient_for_a_loss_that_depends_on_w),
    Symptom("loss-plateau", "the loss is the same number at every observation, above 0.1 (the target class is not "
            "learned)", lambda t_: flat(t_["losses"], since=0.0, rel=0.0) and t_["losses"][-1] > 0.1),
]
