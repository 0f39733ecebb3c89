"""Bot Academy's "neural network from scratch": a 784-20-10 sigmoid network (here 64-20-10 on 8x8 digits) trained
one image at a time on the mean squared error, column vectors, W @ x + b. The output delta is o - l, without the
output sigmoid's slope o (1 - o), and the hidden delta is computed from the output weights after they were already
stepped. It still learns (a sigmoid is increasing, so o - l points the right way), but the updates are not the
gradient of the error it reports."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, one_hot, sigmoid

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/Bot-Academy/NeuralNetworkFromScratch/pull/3"
DIAGNOSIS = ("The pull request: the output layer's gradient is missing the derivative of the sigmoid, and the "
             "hidden layer is updated through output weights that were already changed; neither is the gradient "
             "of the loss. It works anyway only because the sigmoid is increasing and the steps are small; "
             "multiply the output delta by o (1 - o) and compute every delta before updating any weight.")
CHOICES = ("All 1,797 of scikit-learn's digits (pixels / 16) for MNIST, so 64-20-10: w_i_h (20, 64) and w_h_o "
           "(10, 20) uniform(-0.5, 0.5), zero biases (20, 1) and (10, 1) (our generator, seed 0), sigmoid on both "
           "layers, one image per update as a (64, 1) column, learning rate 0.01, 3 epochs as in the repository. "
           "The repository prints the accuracy; the user observes once per epoch the mean over all images of "
           "the per-image error 1/10 sum (o - l)^2 the repository computes, the four arrays as w_i_h, b_i_h, "
           "w_h_o, b_h_o, the last image's deltas as delta_w_i_h ... (what each update subtracts over the "
           "learning rate), the learning rate, that image (64, 1), its label (10, 1) and its output (10, 1).")

X, LABELS = digits(1797, seed=0)
X = X / 16.0
L = one_hot(LABELS, 10)


def forward(p, img):
    h = sigmoid(p["w_i_h"] @ img + p["b_i_h"])
    return h, sigmoid(p["w_h_o"] @ h + p["b_h_o"])


def image_error(p, img, label):
    return float(np.sum((forward(p, img)[1] - label) ** 2) / len(label))


def run(observe, epochs=3, learn_rate=0.01):
    rng = np.random.default_rng(0)
    p = {"w_i_h": rng.uniform(-0.5, 0.5, (20, 64)), "b_i_h": np.zeros((20, 1)),
         "w_h_o": rng.uniform(-0.5, 0.5, (10, 20)), "b_h_o": np.zeros((10, 1))}
    trace = {"losses": [], "accuracy": []}
    for epoch in range(epochs):
        hits = 0
        for img, label in zip(X, L):
            img, label = img.reshape(64, 1), label.reshape(10, 1)
            before = {k: v.copy() for k, v in p.items()}
            h, o = forward(p, img)
            hits += int(np.argmax(o) == np.argmax(label))
            delta_o = o - label
            grads = {"delta_w_h_o": delta_o @ h.T, "delta_b_h_o": delta_o}
            p["w_h_o"] += -learn_rate * grads["delta_w_h_o"]
            p["b_h_o"] += -learn_rate * grads["delta_b_h_o"]
            delta_h = p["w_h_o"].T @ delta_o * (h * (1 - h))
            grads["delta_w_i_h"], grads["delta_b_i_h"] = delta_h @ img.T, delta_h
            p["w_i_h"] += -learn_rate * grads["delta_w_i_h"]
            p["b_i_h"] += -learn_rate * grads["delta_b_i_h"]
        loss = float(np.mean([image_error(p, x.reshape(64, 1), t.reshape(10, 1)) for x, t in zip(X, L)]))
        observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=learn_rate, inputs=img, targets=label,
                predictions=o)
        trace["losses"].append(loss)
        trace["accuracy"].append(hits / len(X))
        trace["last"] = (before, {k[len("delta_"):]: v for k, v in grads.items()}, img, label)
    return trace


def _error(t, name):
    params, grads, img, label = t["last"]
    return gradient_error(lambda q: image_error(q, img, label), params, grads, name)


SYMPTOMS = [
    Symptom("gradient-mismatch", "for the last image the applied delta_w_h_o differs from central differences of "
            "that image's error 1/10 sum (o - l)^2 by more than half its norm",
            lambda t: _error(t, "w_h_o") > 0.5),
]
