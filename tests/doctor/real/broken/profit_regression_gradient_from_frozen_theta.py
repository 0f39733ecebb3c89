"""Linear regression y = theta1 + theta2 * x by batch gradient descent on a city-population / food-truck-profit
table (97 cities, the classic first exercise of Andrew Ng's course), where the loop keeps two scalars theta1, theta2
and updates them, but computes every gradient through h(X, theta) with the array theta that was set once to [[0], [0]]
before the loop and never rebuilt. Each iteration therefore takes the same step, the gradient at the start: the cost
first falls, then the line overshoots and the cost rises without end."""
import numpy as np

from doctor_corpus import Symptom, gradient_error

HELD_OUT = True
ROUND = 8
SOURCE = ("https://datascience.stackexchange.com/questions/89620/whats-wrong-with-my-gradient-descent-simple-one-"
          "variable")
DIAGNOSIS = ("(Our reading; the answer is not in our copy.) The two updates read h(X, theta), and theta is the "
             "starting array, which the loop never refreshes from theta1 and theta2: every step is the gradient at "
             "[0, 0], not at the current parameters, so the parameters walk past the minimum in a straight line and "
             "the cost increases. Rebuild theta from theta1, theta2 at the top of each iteration (and update both "
             "from the same theta).")
CHOICES = ("A stand-in for ex1data1 (97 cities, population 5-22 in 10,000s, profit ~ 1.2 x - 3.9 plus noise, our "
           "seed); X (97, 2) with a column of ones, theta [[0], [0]], alpha 0.01 as in the post, 1,500 iterations; the "
           "loop observes every 10th iteration the cost at the current theta1, theta2 (as the post records it), the "
           "current parameters as one (2, 1) array 'theta', the step direction it applied as its gradient, lr, "
           "inputs, targets and the predictions of the current line.")


def city_table(n=97, seed=0):
    rng = np.random.default_rng(seed)
    population = np.clip(5 + rng.gamma(1.3, 3.0, n), 5.0, 22.2)
    profit = 1.19 * population - 3.9 + rng.normal(0, 2.9, n)
    return np.column_stack([np.ones(n), population]), profit.reshape(-1, 1)


X, Y = city_table()
M = len(Y)


def h(X, theta):
    return X @ theta


def cost(p):
    return float(np.sum((h(X, p["theta"]) - Y) ** 2) / (2 * M))


def run(observe, iterations=1500, alpha=0.01, every=10):
    theta = np.array([[0], [0]])
    theta1, theta2 = float(theta[0, 0]), float(theta[1, 0])
    trace = {"losses": []}
    for i in range(iterations):
        current = np.array([[theta1], [theta2]])
        loss = cost({"theta": current})
        step = np.array([[np.sum((h(X, theta) - Y) * X[:, [0]]) / M],      # h(X, theta): the frozen start array
                         [np.sum((h(X, theta) - Y) * X[:, [1]]) / M]])
        if i % every == 0:
            observe(epoch=i, loss=loss, params={"theta": current}, grads={"theta": step}, lr=alpha, inputs=X,
                    targets=Y, predictions=h(X, current))
            trace["losses"].append(loss)
            trace["last"] = ({"theta": current.copy()}, {"theta": step.copy()})
        theta1 = theta1 - alpha * step[0, 0]
        theta2 = theta2 - alpha * step[1, 0]
    return trace


def rising_from_lowest(losses):
    low = int(np.argmin(losses))
    tail = np.asarray(losses[low:])
    return len(tail) >= 5 and bool(np.all(np.diff(tail) > 0)) and tail[-1] > 100 * tail[0]


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation the applied step differs from central differences of the "
            "cost at the current theta by more than 0.9 of its norm",
            lambda t: gradient_error(cost, t["last"][0], t["last"][1], "theta") > 0.9),
    Symptom("loss-diverging", "from its lowest observation on the cost rises at every observation, to more than 100x "
            "that lowest value", lambda t: rising_from_lowest(t["losses"])),
]
