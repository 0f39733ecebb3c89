"""One training step of a 2-2-1 network, worked by hand.

Network: x (2 features) -> Dense(2, 2) -> ReLU -> Dense(2, 1) -> linear output; loss MSE;
plain SGD with lr = 0.1; float64. Two samples, so the 1/N of the mean is visible.

    X = [[1, 2],      y = [[2],
         [0, 1]]           [0]]

    W1 = [[0.5,  -1.0],   b1 = [0, -1]      W2 = [[ 1],   b2 = [0.5]
          [0.25,  0.5]]                           [-2]]

Forward
    z1 = X W1 + b1
       sample 1: [1*0.5 + 2*0.25 + 0,  1*(-1) + 2*0.5 - 1] = [1.0,  -1.0]
       sample 2: [0*0.5 + 1*0.25 + 0,  0*(-1) + 1*0.5 - 1] = [0.25, -0.5]
    h  = relu(z1) = [[1.0, 0], [0.25, 0]]      (the second unit is inactive on both samples)
    a  = h W2 + b2 = [[1*1 + 0 + 0.5], [0.25*1 + 0 + 0.5]] = [[1.5], [0.75]]
    error a - y = [[-0.5], [0.75]]
    L = ((-0.5)^2 + 0.75^2) / 2 = (0.25 + 0.5625) / 2 = 0.40625

Backward
    dL/da = 2 (a - y) / N = (a - y) = [[-0.5], [0.75]]          (N = 2 entries)
    dW2 = h^T dL/da = [[1*(-0.5) + 0.25*0.75], [0*(-0.5) + 0*0.75]] = [[-0.3125], [0]]
    db2 = -0.5 + 0.75 = 0.25
    dh  = dL/da W2^T: sample 1: -0.5 * [1, -2] = [-0.5, 1.0]; sample 2: 0.75 * [1, -2] = [0.75, -1.5]
    dz1 = dh * (z1 > 0) = [[-0.5, 0], [0.75, 0]]               (ReLU blocks the inactive unit)
    dW1 = X^T dz1 = [[1*(-0.5) + 0*0.75, 0], [2*(-0.5) + 1*0.75, 0]] = [[-0.5, 0], [-0.25, 0]]
    db1 = [-0.5 + 0.75, 0] = [0.25, 0]

SGD step p <- p - 0.1 dp
    W1 = [[0.5 + 0.05, -1], [0.25 + 0.025, 0.5]] = [[0.55, -1], [0.275, 0.5]]
    b1 = [0 - 0.025, -1] = [-0.025, -1]
    W2 = [[1 + 0.03125], [-2]] = [[1.03125], [-2]]
    b2 = 0.5 - 0.025 = 0.475
"""
import numpy as np
import pytest

import scratchnn as sn

X = np.array([[1.0, 2.0], [0.0, 1.0]])
y = np.array([[2.0], [0.0]])


def hand_model():
    model = sn.Sequential([sn.Dense(2, 2), sn.ReLU(), sn.Dense(2, 1)], dtype="float64")
    p = model.params
    p["W1"][...] = [[0.5, -1.0], [0.25, 0.5]]
    p["b1"][...] = [0.0, -1.0]
    p["W2"][...] = [[1.0], [-2.0]]
    p["b2"][...] = [0.5]
    return model


def test_forward_and_loss_equal_the_hand_values():
    model = hand_model()
    np.testing.assert_allclose(model.predict(X), [[1.5], [0.75]], rtol=0, atol=1e-15)
    assert model.evaluate(X, y, "mse")["loss"] == pytest.approx(0.40625, abs=1e-15)


def test_gradients_equal_the_hand_values():
    value, grads = hand_model().loss_and_grads(X, y, "mse")
    assert value == pytest.approx(0.40625, abs=1e-15)
    np.testing.assert_allclose(grads["W2"], [[-0.3125], [0.0]], atol=1e-15)
    np.testing.assert_allclose(grads["b2"], [0.25], atol=1e-15)
    np.testing.assert_allclose(grads["W1"], [[-0.5, 0.0], [-0.25, 0.0]], atol=1e-15)
    np.testing.assert_allclose(grads["b1"], [0.25, 0.0], atol=1e-15)


def test_one_sgd_step_gives_the_hand_weights():
    model = hand_model()
    history = model.fit(X, y, loss="mse", optimizer=sn.SGD(0.1), epochs=1)
    assert history.loss == [pytest.approx(0.40625, abs=1e-15)]  # the loss before the step
    p = model.params
    np.testing.assert_allclose(p["W1"], [[0.55, -1.0], [0.275, 0.5]], atol=1e-15)
    np.testing.assert_allclose(p["b1"], [-0.025, -1.0], atol=1e-15)
    np.testing.assert_allclose(p["W2"], [[1.03125], [-2.0]], atol=1e-15)
    np.testing.assert_allclose(p["b2"], [0.475], atol=1e-15)
