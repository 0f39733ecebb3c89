"""A course notebook's single sigmoid unit predicting graduate admission from GRE / 800, GPA / 4 and the one-hot
rank of the undergraduate school (6 inputs, no bias), trained by accumulating del_w += error_term * x over the
360 training records and stepping weights += 0.5 * del_w / n_records once per epoch (1,000 epochs in the
notebook). The notebook asks for the error term as -(y - y_hat) * sigmoid'(x), with the minus sign of the
derivative of the error, while its update adds del_w, which is right only for an error term without the minus
sign: with the sign as written each epoch steps up the squared error. The MSE climbs from 0.25 to 0.67 within 100
epochs and stays there: the unit outputs 1.0 for every student (all admitted), and 0.67 is the share of rejected
ones. (The error term also takes sigmoid' of the inputs x, as the issue quotes the notebook, where the derivative
belongs at the unit's input sum h.)"""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradient_error, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/udacity/deep-learning-v2-pytorch/issues/24"
DIAGNOSIS = ("The issue (3): since the error equation is declared as -(y - y_hat) * sigmoid_prime(x), the update in "
             "train_nn should be del_w -= error_term * x; followed as written, with del_w += error_term * x, the "
             "training does not work (the solution only works because it drops the minus sign). The maintainers "
             "updated the instructions and gave two possible error term formulas.")
CHOICES = ("The notebook's data file is not stored here: 400 admissions-like records of our own (GRE in steps of 20 "
           "from 220 to 800, GPA 2.3-4.0, rank 1-4, admission drawn from a logistic model with the published "
           "coefficients of that data set; our generator, seed 0), scaled as the notebook scales them (GRE / 800, "
           "GPA / 4, rank one-hot), 90% for training; weights N(0, 1 / sqrt(6)), no bias, 300 of its 1,000 epochs, "
           "lr 0.5, the error term with its minus sign as the instructions give it. observe() every 5 epochs after "
           "the update, where the notebook prints its loss: the MSE of the training outputs after the step, the "
           "weights, the gradient the loop believes it has (-del_w / n_records, since it adds del_w), lr, the "
           "training features, targets and outputs.")


def admissions(n=400, seed=0):
    rng = np.random.default_rng(seed)
    gre = np.clip(np.round(rng.normal(588, 115, n) / 20) * 20, 220, 800)
    gpa = np.clip(rng.normal(3.39, 0.38, n), 2.26, 4.0)
    rank = rng.choice([1, 2, 3, 4], n, p=[0.15, 0.38, 0.30, 0.17])
    logit = -3.99 + 0.00226 * gre + 0.804 * gpa + np.array([0, 0, -0.675, -1.34, -1.55])[rank]
    admit = (rng.random(n) < sigmoid(logit)).astype(float)
    features = np.column_stack([gre / 800, gpa / 4.0] + [(rank == r).astype(float) for r in (1, 2, 3, 4)])
    return features, admit


def mse_of(X, y):
    return lambda p: float(np.mean((sigmoid(X @ p["weights"]) - y) ** 2))


def run(observe, epochs=300, learnrate=0.5, every=5):
    features, admit = admissions()
    X, y = features[:360], admit[:360]
    n_records, n_features = X.shape
    rng = np.random.default_rng(0)
    weights = rng.normal(scale=1 / n_features ** 0.5, size=n_features)
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        output = sigmoid(X @ weights)                   # the notebook's loop over records, summed at once
        error_term = -(y - output)[:, None] * sigmoid(X) * (1 - sigmoid(X))  # its formula, minus sign and all
        del_w = np.sum(error_term * X, axis=0)
        if epoch == 0:
            trace["start"] = ({"weights": weights.copy()}, {"weights": -del_w / n_records})
        weights += learnrate * del_w / n_records
        if epoch % every == 0:
            out = sigmoid(X @ weights)
            loss = float(np.mean((out - y) ** 2))
            observe(epoch=epoch, loss=loss, params={"weights": weights}, grads={"weights": -del_w / n_records},
                    lr=learnrate, inputs=X, targets=y, predictions=out)
            trace["losses"].append(loss)
            trace["accuracies"].append(float(np.mean((out > 0.5) == (y > 0.5))))
    trace["X"], trace["y"], trace["out"] = X, y, out
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first epoch the gradient the loop believes it has (-del_w / n, since it "
            "adds del_w) differs from central differences of the MSE by more than 100% of the larger of the two: "
            "it points the other way", lambda t: gradient_error(mse_of(t["X"], t["y"]), *t["start"], "weights") > 1.0),
    Symptom("loss-diverging", "the MSE ends above 2x its first value and above every earlier value",
            lambda t: t["losses"][-1] > 2 * t["losses"][0] and t["losses"][-1] >= max(t["losses"])),
    Symptom("saturated-activation", "at the end at least 90% of the outputs are within 0.01 of 0 or 1 (all above "
            "0.99)", lambda t: saturated_fraction(t["out"], 0.01) >= 0.9),
    Symptom("constant-output", "at the end every output is within 1e-3 of the mean output",
            lambda t: constant_rows(t["out"], 1e-3)),
    Symptom("loss-plateau", "over the second half the MSE moves by less than 1% while the accuracy stays below 50%",
            lambda t: flat(t["losses"], 0.5, 0.01) and max(t["accuracies"][len(t["accuracies"]) // 2:]) < 0.5),
]
