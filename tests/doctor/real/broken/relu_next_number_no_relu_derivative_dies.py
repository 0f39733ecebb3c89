"""A 3-4-1 network without biases, ReLU on the hidden layer and on the output, uniform(0, 1) weights, asked to
predict the next number of a sequence from the previous three; the backward pass leaves out both ReLU
derivatives. With this seed the first steps push every hidden pre-activation below 0 on all ten samples: the
network outputs 0 everywhere, the loss sticks at 6.22519 (the value the asker kept printing), and the applied
dw1 is still non-zero although the loss no longer depends on w1."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, flat, gradient_error

HELD_OUT = True
ROUND = 7
SOURCE = "https://datascience.stackexchange.com/questions/120115/bugs-in-the-backpropagation-algorithm-in-python"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) The backward pass omits the ReLU derivative of both "
             "layers, so it is not the gradient of the loss; and once every hidden unit is negative on every "
             "sample (dying ReLU), the output is 0 for every input and the loss cannot move. Multiply each delta "
             "by (s > 0), add biases, and use a smaller or He-scaled initialisation.")
CHOICES = ("The post's ten training triples and targets, w1 (4, 3) and w2 (4,) uniform(0, 1), no biases, ReLU on "
           "both layers, loss sum((y2 - y)^2) / (2 n), updates w -= 0.005 * delta with the post's deltas (no ReLU "
           "derivative, no 1/n); our seed 1 (one of the seeds that gives the asker's all-zero outcome); 3,000 "
           "epochs instead of 10,000; observe every 10th epoch with the loss, w1, w2, the deltas as dw1, dw2, lr, "
           "inputs, targets and predictions.")

X = np.array([[2.16, 3.19, 1.85], [3.19, 1.85, 4.84], [1.85, 4.84, 0.55], [4.84, 0.55, 4.20],
              [0.55, 4.20, 1.68], [4.20, 1.68, 4.74], [1.68, 4.74, 0.14], [4.74, 0.14, 5.68],
              [0.14, 5.68, 0.48], [5.68, 0.48, 5.03]])
Y = np.array([4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68, 0.48, 5.03, 0.18])


def forward(w1, w2):
    s1 = w1 @ X.T                      # (4, 10)
    y1 = np.maximum(0, s1)
    return s1, y1, np.maximum(0, w2 @ y1)


def half_mse(p):
    return float(np.sum((forward(p["w1"], p["w2"])[2] - Y) ** 2) / (2 * len(Y)))


def run(observe, epochs=3000, lr=0.005, every=10):
    rng = np.random.default_rng(1)
    w1, w2 = rng.uniform(0, 1, (4, 3)), rng.uniform(0, 1, 4)
    trace = {"losses": []}
    for epoch in range(epochs):
        s1, y1, y2 = forward(w1, w2)
        loss = half_mse({"w1": w1, "w2": w2})
        delta_w2 = (y2 - Y) @ y1.T
        delta_w1 = np.outer(w2, y2 - Y) @ X
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params={"w1": w1, "w2": w2}, grads={"dw1": delta_w1, "dw2": delta_w2},
                    lr=lr, inputs=X, targets=Y, predictions=y2)
            trace["losses"].append(loss)
            trace["last"] = ({"w1": w1.copy(), "w2": w2.copy()}, {"w1": delta_w1})
        w2 = w2 - lr * delta_w2
        w1 = w1 - lr * delta_w1
    trace["s1"], _, trace["out"] = forward(w1, w2)
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "at the end all 4 hidden units are <= 0 on all 10 samples",
            lambda t: len(dead_units(t["s1"].T)) == 4),
    Symptom("constant-output", "every sample's prediction is 0 (within 1e-9)",
            lambda t: constant_rows(t["out"], tol=1e-9) and abs(float(t["out"].max())) < 1e-9),
    Symptom("loss-plateau", "the loss is flat over the second half at 6.22519 (targets average 3.2)",
            lambda t: flat(t["losses"], rel=1e-6) and abs(t["losses"][-1] - 6.22519) < 1e-4),
    Symptom("gradient-mismatch", "at the last observation the applied dw1 differs from central differences of the "
            "loss (which are 0 there) by >= 0.9 of its norm",
            lambda t: gradient_error(half_mse, t["last"][0], t["last"][1], "w1") >= 0.9),
]
