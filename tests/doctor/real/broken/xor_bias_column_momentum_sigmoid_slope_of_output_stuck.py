"""A code-review question: a 3-4-1 sigmoid network (no biases, a constant third input column instead) on the
four XOR rows, weights uniform in [0, 1), summed squared error, momentum added to a tutorial's backward pass. Its
backward pass takes the sigmoid slope of the activations, sigmoid(a) (1 - sigmoid(a)), where a(1 - a) is meant
(the sigmoid is applied twice), and adds the update because its error is written y - output. With a learning rate
below 0.5 the poster sees the loss stuck at about 1: every output sits at 0.5, the loss of the best constant."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradient_error, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://codereview.stackexchange.com/questions/206205/simple-neural-network-from-scratch-using-numpy-python"
DIAGNOSIS = ("(Our reading of the posted code; the copies we could read show no answer.) sigmoid_derivative(x) "
             "computes sigmoid(x) (1 - sigmoid(x)) but is called with layer outputs that already went through the "
             "sigmoid, so every delta is scaled by the slope at the wrong point (between 0.19 and 0.25 instead of "
             "a (1 - a)): the step is not the gradient of the loss, and at a small learning rate the network settles "
             "on outputs of 0.5 for every row, where the summed squared error is 4 x 0.25 = 1, the 'local optimum "
             "where loss = ~1' of the question.")
CHOICES = ("The tutorial's data (inputs [0,0,1], [0,1,1], [1,0,1], [1,1,1], XOR targets), 3-4-1 weights uniform in "
           "[0, 1) (our generator, seed 2), loss sum((y - out)^2), momentum v = beta v + (1 - beta) d with beta 0.5 "
           "and lr 0.1 (the question: below 0.5 it gets stuck), 1,500 iterations (the tutorial's count); observe() "
           "every 50 iterations after the backward pass and before the update with the loss, weights1, weights2, "
           "the question's d_weights1 and d_weights2 as grads (the step it adds, as the loop has them), lr, inputs, "
           "targets and outputs.")

X = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def slope(x):
    """The question's sigmoid_derivative: the slope of the sigmoid at x (called with activations)."""
    return sigmoid(x) * (1 - sigmoid(x))


def sse(p):
    return float(np.sum((Y - sigmoid(sigmoid(X @ p["weights1"]) @ p["weights2"])) ** 2))


def run(observe, iterations=1500, alpha=0.1, beta=0.5, every=50):
    rng = np.random.default_rng(2)
    weights1, weights2 = rng.random((3, 4)), rng.random((4, 1))
    v1, v2 = 0.0, 0.0
    trace = {"losses": []}
    for i in range(iterations):
        layer1 = sigmoid(X @ weights1)
        output = sigmoid(layer1 @ weights2)
        loss = float(np.sum((Y - output) ** 2))
        error = 2 * (Y - output) * slope(output)
        d_weights2 = layer1.T @ error
        d_weights1 = X.T @ ((error @ weights2.T) * slope(layer1))
        if i % every == 0:
            params, grads = {"weights1": weights1, "weights2": weights2}, {"d_weights1": d_weights1,
                                                                          "d_weights2": d_weights2}
            observe(epoch=i, loss=loss, params=params, grads=grads, lr=alpha, inputs=X, targets=Y,
                    predictions=output)
            trace["losses"].append(loss)
            trace["last"] = ({k: v.copy() for k, v in params.items()}, {k[2:]: v.copy() for k, v in grads.items()})
            trace["out"] = output.copy()
        v1 = beta * v1 + (1 - beta) * d_weights1
        v2 = beta * v2 + (1 - beta) * d_weights2
        weights1 = weights1 + alpha * v1
        weights2 = weights2 + alpha * v2
    return trace


def steps_not_gradient(t):
    params, grads = t["last"]
    return min(gradient_error(sse, params, grads, k) for k in params) > 0.5


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation both observed d_weights are more than 0.5 (relative) away "
            "from the float64 central-difference gradient of the summed squared error", steps_not_gradient),
    Symptom("loss-plateau", "over the second half of the run the loss moves by less than 5% and stays within 2% of "
            "1.0, the loss of predicting 0.5 for every row", lambda t: flat(t["losses"], since=0.5, rel=0.05)
            and abs(t["losses"][-1] - 1.0) < 0.02),
    Symptom("constant-output", "at the last observation every output is within 0.02 of their mean (about 0.5)",
            lambda t: constant_rows(t["out"], tol=0.02)),
]
