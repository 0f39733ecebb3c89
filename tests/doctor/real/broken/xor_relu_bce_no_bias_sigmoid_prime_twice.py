"""XOR with a ReLU hidden layer and a sigmoid output under binary cross-entropy, written as a class with no biases
and weights from uniform[0, 1): the output delta multiplies dBCE/dp by sigmoid'(p), the sigmoid applied a second
time to the prediction, and without biases the input (0, 0) can only ever give 0.5: every output hovers around
0.5 and the loss stays near log 2."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradient_error, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = "https://devhide.com/backpropagation-in-neural-network-for-xor-data-77503994"
DIAGNOSIS = ("(Our reading; no answer in our copy.) Two mistakes keep the outputs at 0.5. The output delta is "
             "d_BCE(y, p) * d_sigmoid(p) with d_sigmoid(x) = sigmoid(x)(1 - sigmoid(x)), i.e. the derivative taken "
             "at the prediction instead of the pre-activation (with BCE the product should simply be p - y); and the"
             " network has no biases, so the input (0, 0) gives hidden 0 and output sigmoid(0) = 0.5 whatever the "
             "weights, and with all-positive initial weights the hidden ReLUs can only split the other three inputs"
             " by their sum. Add biases and use delta = p - y.")
CHOICES = ("The post's class: 2 inputs, a hidden layer (we chose 2 units, the classic XOR size), 1 output, "
           "weights np.random.uniform (0 to 1) with no biases, learning rate 0.1, the unaveraged updates X.T @ "
           "delta; 1,000 epochs (not given in our copy) with the whole XOR table each epoch; observe every 10th "
           "epoch with the mean BCE, the two weight matrices, the gradients the loop applies, lr, inputs, targets "
           "and predictions.")

X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
Y = np.array([[0.0], [1], [1], [0]])


def relu(x):
    return np.maximum(0, x)


def d_sigmoid(x):
    return sigmoid(x) * (1 - sigmoid(x))


def bce(y, p):
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


class NeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size, learning_rate, rng):
        self.learning_rate = learning_rate
        self.weights_hidden = rng.uniform(size=(input_size, hidden_size))
        self.weights_output = rng.uniform(size=(hidden_size, output_size))

    def forward_pass(self, x):
        self.output_hidden = relu(x @ self.weights_hidden)
        return sigmoid(self.output_hidden @ self.weights_output)

    def gradients(self, x, y, y_pred):
        d_bce = np.where(y == 1, -1 / y_pred, 1 / (1 - y_pred))
        output_delta = d_bce * d_sigmoid(y_pred)
        hidden_delta = (output_delta @ self.weights_output.T) * (self.output_hidden > 0)
        return {"dW_hidden": x.T @ hidden_delta, "dW_output": self.output_hidden.T @ output_delta}

    def params(self):
        return {"W_hidden": self.weights_hidden, "W_output": self.weights_output}


def loss_of(p):
    return bce(Y, sigmoid(relu(X @ p["W_hidden"]) @ p["W_output"]))


def run(observe, epochs=1000, every=10):
    net = NeuralNetwork(2, 2, 1, 0.1, np.random.default_rng(1))
    trace = {"losses": []}
    for epoch in range(epochs):
        y_pred = net.forward_pass(X)
        g = net.gradients(X, Y, y_pred)
        if epoch % every == 0:
            loss = bce(Y, y_pred)
            observe(epoch=epoch, loss=loss, params=net.params(), grads=g, lr=net.learning_rate, inputs=X, targets=Y,
                    predictions=y_pred)
            trace["losses"].append(loss)
            trace["last"] = ({k: v.copy() for k, v in net.params().items()},
                             {"W_hidden": g["dW_hidden"], "W_output": g["dW_output"]})
            trace["out"] = y_pred
        net.weights_output -= net.learning_rate * g["dW_output"]
        net.weights_hidden -= net.learning_rate * g["dW_hidden"]
    return trace


def _mismatch(t):
    params, grads = t["last"]
    return gradient_error(loss_of, params, grads, "W_output")


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation dW_output differs from central differences of the mean "
            "BCE by > 50% (it is neither the gradient nor a multiple of it)", lambda t: _mismatch(t) > 0.5),
    Symptom("loss-plateau", "the BCE moves < 5% over the second half, within 0.05 of log 2",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] - np.log(2)) < 0.05),
    Symptom("constant-output", "the four final outputs lie within 0.01 of their mean (about 0.5)",
            lambda t: constant_rows(t["out"], tol=0.01)),
]
