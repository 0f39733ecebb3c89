"""A digits classifier (tanh, MSE, targets +-1) whose per-batch update accumulators are the zero templates
themselves (`updates = templates`, then `updates[i] += ...`): they are never reset, so every batch applies the sum
of all earlier batches' updates too, the weights blow up, tanh saturates and the accuracy freezes after one epoch."""
import numpy as np

from doctor_corpus import Symptom, digits, flat, grad_norm

HELD_OUT = True
ROUND = 3
SOURCE = "https://offlinew.com/q/q/4098171066"
DIAGNOSIS = ("The asker's accuracy goes 8.35% -> 9.8% and stays there from the first epoch on, with MSE and tanh "
             "and targets of +-1. No answer is shown; our reading of the posted code: `self.bias_updates = "
             "self.bias_templates` binds the same arrays instead of fresh zeros, so the in-place accumulation "
             "never restarts and each batch's step carries every earlier batch's (it grows linearly), which pushes "
             "every tanh unit into saturation; allocate np.zeros_like(...) per batch.")
CHOICES = ("scikit-learn's 8x8 digits (1,000 samples, pixels / 16 as the post divides by 255) in place of the MNIST "
           "CSV; 64-32-10 tanh with a tanh output and targets +1 / -1 (transformer() as described), W ~ N(0, 1) "
           "biases ~ N(0, 1), per-sample backprop summed over batches of 100, lr 0.1 as posted, 15 epochs; the "
           "accumulators aliased as in the post; observe once per epoch with the epoch's mean MSE, params, the last "
           "batch's applied update / batch size as grads, and lr (no inputs: the loop reads rows one at a time).")


def run(observe, epochs=15, lr=0.1, batch=100, aliased=True):
    X, labels = digits(1000)
    X = X / 16.0
    T = -np.ones((len(X), 10))
    T[np.arange(len(X)), labels] = 1.0
    rng = np.random.default_rng(1)
    W = [rng.standard_normal((32, 64)), rng.standard_normal((10, 32))]
    B = [rng.standard_normal((32, 1)), rng.standard_normal((10, 1))]
    templates_W, templates_B = [np.zeros_like(w) for w in W], [np.zeros_like(b) for b in B]
    trace = {"losses": [], "accuracy": [], "saturated": [], "grad_norms": []}
    for epoch in range(epochs):
        total, correct = 0.0, 0
        up_W, up_B = (templates_W, templates_B) if aliased else ([np.zeros_like(w) for w in W],
                                                                  [np.zeros_like(b) for b in B])
        for k, (x, t) in enumerate(zip(X, T)):
            x, t = x.reshape(-1, 1), t.reshape(-1, 1)
            a1 = np.tanh(W[0] @ x + B[0])
            a2 = np.tanh(W[1] @ a1 + B[1])
            total += float(np.mean((a2 - t) ** 2))
            correct += int(np.argmax(a2) == np.argmax(t))
            d2 = 2 * (a2 - t) / 10 * (1 - a2 ** 2)
            d1 = (W[1].T @ d2) * (1 - a1 ** 2)
            up_W[1] += d2 @ a1.T; up_B[1] += d2; up_W[0] += d1 @ x.T; up_B[0] += d1
            if k % batch == 0:
                true_W2 = np.zeros_like(W[1])      # this batch's own gradient, for the predicate only
            true_W2 += d2 @ a1.T
            if (k + 1) % batch == 0:
                for i in range(2):
                    W[i] = W[i] - lr / batch * up_W[i]
                    B[i] = B[i] - lr / batch * up_B[i]
                if not aliased:
                    up_W, up_B = [np.zeros_like(w) for w in W], [np.zeros_like(b) for b in B]
        grads = {"dW1": up_W[0] / batch, "db1": up_B[0] / batch, "dW2": up_W[1] / batch, "db2": up_B[1] / batch}
        observe(epoch=epoch, loss=total / len(X), params={"W1": W[0], "b1": B[0], "W2": W[1], "b2": B[1]},
                grads=grads, lr=lr)
        trace["grad_norms"].append(grad_norm(grads))
        trace["w2_error"] = float(np.linalg.norm(up_W[1] - true_W2) / max(np.linalg.norm(up_W[1]),
                                                                         np.linalg.norm(true_W2), 1e-300))
        hidden = np.tanh(W[0] @ X.T + B[0])
        trace["losses"].append(total / len(X))
        trace["accuracy"].append(correct / len(X))
        trace["saturated"].append(float(np.mean(np.abs(hidden) > 0.999)))
    return trace


SYMPTOMS = [
    Symptom("saturated-activation", "more than 90% of the hidden tanh outputs beyond 0.999 in size at the end "
            "(37% in the same loop with fresh accumulators)", lambda t: t["saturated"][-1] > 0.9),
    Symptom("loss-plateau", "the loss moves < 5% over the second half", lambda t: flat(t["losses"])),
    Symptom("gradient-mismatch", "the last batch's applied dW2 differs from that batch's own summed gradient by "
            "> 10% (it carries every earlier batch's)", lambda t: t["w2_error"] > 0.1),
]
