"""Linear regression profit = theta1 + theta2 * population by batch gradient descent (alpha 0.01) on a table of 97
cities, with the fix the broken version needs: theta is rebuilt from theta1, theta2 at the top of every iteration,
so each step is the gradient at the current line. The cost falls from ~29 to within 1% of the least-squares
minimum in 1,500 iterations."""
import numpy as np

from doctor_corpus import Symptom, load_case_module

HELD_OUT = True
ROUND = 8
SOURCE = ("https://datascience.stackexchange.com/questions/89620/whats-wrong-with-my-gradient-descent-simple-one-"
          "variable")
DIAGNOSIS = ("The post's second version rebuilds theta = [theta1, theta2] inside the loop before computing h(X, theta),"
             " which makes both updates gradient steps at the current parameters; batch gradient descent on the half "
             "mean squared error with alpha 0.01 then converges (the course's exercise reaches J ~ 4.5).")
CHOICES = ("The same stand-in for ex1data1 as the broken case (97 cities, population 5-22, our seed), X (97, 2) with a "
           "column of ones, theta1 = theta2 = 0, alpha 0.01, 1,500 iterations; the loop observes every 10th iteration "
           "the cost, theta as a (2, 1) array, the gradient, lr, inputs, targets and predictions.")


# The same table as the broken case (one stand-in, built once).
TWIN = load_case_module("broken", "profit_regression_gradient_from_frozen_theta")
X, Y = TWIN.X, TWIN.Y


def cost(theta):
    return float(np.sum((X @ theta - Y) ** 2) / (2 * len(Y)))


def run(observe, iterations=1500, alpha=0.01, every=10):
    m = len(Y)
    theta1 = theta2 = 0.0
    trace = {"losses": []}
    for i in range(iterations):
        theta = np.array([[theta1], [theta2]])
        error = X @ theta - Y
        gradient = np.array([[np.sum(error * X[:, [0]]) / m], [np.sum(error * X[:, [1]]) / m]])
        if i % every == 0:
            observe(epoch=i, loss=cost(theta), params={"theta": theta}, grads={"theta": gradient}, lr=alpha,
                    inputs=X, targets=Y, predictions=X @ theta)
            trace["losses"].append(cost(theta))
        theta1 = theta1 - alpha * gradient[0, 0]
        theta2 = theta2 - alpha * gradient[1, 0]
    trace["final"] = cost(np.array([[theta1], [theta2]]))
    trace["optimum"] = cost(np.linalg.lstsq(X, Y, rcond=None)[0])
    return trace


SYMPTOMS = [
    Symptom(None, "the cost falls below 0.25 of its first value and ends within 1% of the least-squares minimum",
            lambda t: t["losses"][-1] < 0.25 * t["losses"][0] and t["final"] <= 1.01 * t["optimum"]),
]
