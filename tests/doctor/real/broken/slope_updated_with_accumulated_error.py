"""y = m x + b by per-sample updates where the 'gradient' is the squared error summed since the start (never reset)
times the whole x array: m turns into an array and both parameters run off to -inf."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom, grad_norm, non_finite

HELD_OUT = True
ROUND = 3
SOURCE = "https://kiwix.lema.org/stackoverflow.com_en_all_2023-11/questions/56052457/why-isn-t-my-gradient-descent-algorithm-working"
DIAGNOSIS = ("Answers: the update is not a gradient. The error accumulates over every sample and every pass "
             "(it is never reset), it is the squared error rather than its derivative 2 (m x_i + b - y_i) x_i, and "
             "the update multiplies by the whole array x instead of x_i, so m becomes an array; the steps only grow "
             "and m, b overflow.")
CHOICES = ("The post's four points x = 2, 3, 4, 5 and y = 5, 7, 9, 5, m and b ~ N(0, 1) (seed 0), lr 1e-4 and the "
           "per-sample loop as posted; observe once per pass with the pass's mean squared error, m and b, the "
           "step m and b took over the pass divided by lr as their 'gradients', and lr; 1,000 passes as posted.")


def run(observe, passes=1000, lr=1e-4):
    x, y = np.array([2.0, 3, 4, 5]), np.array([5.0, 7, 9, 5])
    rng = np.random.default_rng(0)
    m, b = rng.normal(), rng.normal()
    error = 0.0
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for p in range(passes):
            m0, b0 = np.array(m, dtype=float), np.array(b, dtype=float)
            loss = float(np.mean((np.mean(np.atleast_1d(m)) * x + b - y) ** 2))
            for i in range(len(x)):
                error += (m * x[i] + b - y[i]) ** 2      # accumulated, never reset
                m = m - (x * error) * lr                 # the whole x: m becomes an array of 4
                b = b - lr * error
            given = {"dm": (m0 - m) / lr, "db": (b0 - b) / lr}
            if p == 0:   # the true d(mean squared error)/dm at the start of the first pass, for the predicate
                true_dm = np.broadcast_to(np.mean(2 * (m0 * x + b0 - y) * x), np.shape(given["dm"]))
                trace["dm_error"] = float(np.linalg.norm(given["dm"] - true_dm) /
                                          max(np.linalg.norm(given["dm"]), np.linalg.norm(true_dm), 1e-300))
            observe(epoch=p, loss=loss, params={"m": np.array(m, dtype=float), "b": np.array(b, dtype=float)},
                    grads=given, lr=lr)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(given))
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    # Added after the first measurement (round 3 counts 3 labels before the change): the answers' diagnosis.
    Symptom("gradient-mismatch", "over the first pass the 'gradient' applied to m differs from d(MSE)/dm at the "
            "pass's start by > 10%", lambda t: t["dm_error"] > 0.1),
    Symptom("non-finite", "the loss is inf or NaN by the last pass", lambda t: non_finite(t["losses"][-1:])),
    Symptom("loss-diverging", "some loss is above 1000x the first, or not finite",
            lambda t: any(not np.isfinite(v) or v > 1000 * t["losses"][0] for v in t["losses"])),
]
