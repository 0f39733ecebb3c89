"""A four-layer sigmoid network without biases (weights (n_out, n_in), column vectors, W @ a), trained one digit at
a time on half the squared error with the textbook backward pass: at each layer tmp = delta * a (1 - a), the weight
step tmp @ a_prev.T and the next delta W.T @ tmp. The asker's implementation (1), which the mathematics supports;
it learns the digits (the asker: 'it works')."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid

HELD_OUT = True
ROUND = 8
SOURCE = ("https://stackoverflow.com/questions/53287032/multi-layer-neural-network-back-propagation-formula-using-"
          "stochastic-gradient-d")
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) The question compares two backward passes; the one "
             "that multiplies each delta by the sigmoid's slope before sending it down (delta = W.T @ (delta * a "
             "(1 - a))) is the chain rule for 0.5 * ||a - y||^2, the asker's derivation agrees with it, and it trains "
             "('it works'); the other drops a factor from every lower layer's gradient.")
CHOICES = ("scikit-learn's 8x8 digits (500 images, pixels / 16) instead of MNIST, layers 64-32-16-10, weights "
           "N(0, 1 / n_in) (our choice), no biases, lr 0.3, one image at a time in a shuffled order, 15 epochs; the "
           "loop observes once per epoch the mean of 0.5 ||a - y||^2 over the 500 images, W1..W3, the last image's "
           "steps as gradients dW1..dW3 and lr, and no inputs or targets (the loop has only the last image at hand).")

SIZES = [64, 32, 16, 10]
IMAGES, LABELS = digits(500, seed=9)
X, T = IMAGES / 16.0, one_hot(LABELS, 10)


def forward_all(W):
    a = X.T
    for w in W:
        a = sigmoid(w @ a)
    return a


def run(observe, epochs=15, learning_rate=0.3):
    rng = np.random.default_rng(4)
    W = [rng.normal(0, 1 / np.sqrt(n_in), (n_out, n_in)) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    trace = {"losses": [], "accuracy": []}
    for epoch in range(epochs):
        for i in rng.permutation(len(X)):
            A = [X[i].reshape(-1, 1)]
            for w in W:
                A.append(sigmoid(w @ A[-1]))
            delta = A[-1] - T[i].reshape(-1, 1)
            steps = [None] * 3
            for k in (2, 1, 0):
                tmp = delta * A[k + 1] * (1 - A[k + 1])
                delta = W[k].T @ tmp
                steps[k] = tmp @ A[k].T
                W[k] -= learning_rate * steps[k]
        out = forward_all(W)
        loss = float(np.mean(0.5 * np.sum((out - T.T) ** 2, axis=0)))
        observe(epoch=epoch, loss=loss, params={f"W{k + 1}": w for k, w in enumerate(W)},
                grads={f"dW{k + 1}": s for k, s in enumerate(steps)}, lr=learning_rate)
        trace["losses"].append(loss)
        trace["accuracy"].append(float(np.mean(out.argmax(axis=0) == LABELS)))
    return trace


SYMPTOMS = [
    Symptom(None, "the mean squared error falls below 0.3 of its first value and the training accuracy ends above 0.85",
            lambda t: t["losses"][-1] < 0.3 * t["losses"][0] and t["accuracy"][-1] > 0.85),
]
