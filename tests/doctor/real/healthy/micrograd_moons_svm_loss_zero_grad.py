"""micrograd's moons demo in NumPy: a 2-16-16-1 ReLU MLP, max-margin loss mean(relu(1 - y * score)) plus 1e-4 L2,
full batch, lr 1.0 - 0.9 k / 100 for 100 steps, each parameter's gradient reset to zero before every backward
pass (model.zero_grad()). The training loss falls below 0.05 and every point is classified right."""
import numpy as np

from doctor_corpus import Symptom, moons

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/karpathy/micrograd/issues/25"
DIAGNOSIS = ("The thread's conclusion: zeroing the parameters' gradients before each backward pass is enough, "
             "because every other node of the graph is created anew by each forward pass; the demo's loop "
             "(forward, zero_grad, backward, SGD step with a decaying rate) trains the moons classifier to 100%.")
CHOICES = ("make_moons(100, noise=0.1) with labels -1/+1, weights uniform(-1, 1) and zero biases (our generator, "
           "seed 7), x @ W + b with NumPy matrices instead of scalar Values, the demo's loss, schedule and 100 "
           "steps; the gradients kept in a dict the loop overwrites each step. The user observes every 5th step, "
           "after the update, the loss, the parameters W1..b3, the gradients under micrograd's name as "
           "W1.grad ..., lr, inputs, targets and scores.")

X, _labels = moons(100, noise=0.1, seed=0)
Y = (2.0 * _labels - 1.0)[:, None]


def run(observe, steps=100, every=5):
    rng = np.random.default_rng(7)
    sizes = [2, 16, 16, 1]
    p = {}
    for k in range(3):
        p[f"W{k + 1}"] = rng.uniform(-1, 1, (sizes[k], sizes[k + 1]))
        p[f"b{k + 1}"] = np.zeros(sizes[k + 1])
    trace = {"losses": [], "errors": []}
    for step in range(steps):
        z1 = X @ p["W1"] + p["b1"]
        h1 = np.maximum(z1, 0.0)
        z2 = h1 @ p["W2"] + p["b2"]
        h2 = np.maximum(z2, 0.0)
        score = h2 @ p["W3"] + p["b3"]
        margin = 1.0 - Y * score
        loss = float(np.mean(np.maximum(margin, 0.0)) + 1e-4 * sum(np.sum(v ** 2) for v in p.values()))
        grad = {name: 2e-4 * value for name, value in p.items()}      # zero_grad, then the L2 term
        d = np.where(margin > 0, -Y, 0.0) / len(X)
        grad["W3"] += h2.T @ d
        grad["b3"] += d.sum(axis=0)
        d = (d @ p["W3"].T) * (z2 > 0)
        grad["W2"] += h1.T @ d
        grad["b2"] += d.sum(axis=0)
        d = (d @ p["W2"].T) * (z1 > 0)
        grad["W1"] += X.T @ d
        grad["b1"] += d.sum(axis=0)
        lr = 1.0 - 0.9 * step / 100
        for name in p:
            p[name] = p[name] - lr * grad[name]
        if step % every == 0 or step == steps - 1:
            observe(epoch=step, loss=loss, params=p, grads={f"{n}.grad": g for n, g in grad.items()}, lr=lr,
                    inputs=X, targets=Y, predictions=score)
            trace["losses"].append(loss)
            trace["errors"].append(float(np.mean(np.sign(score) != Y)))
    return trace


SYMPTOMS = [
    Symptom(None, "the loss falls below 0.05 (from above 0.5) and no training point is misclassified at the end",
            lambda t: t["losses"][0] > 0.5 and t["losses"][-1] < 0.05 and t["errors"][-1] == 0.0),
]
