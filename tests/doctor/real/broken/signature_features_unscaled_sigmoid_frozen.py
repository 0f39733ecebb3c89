"""A 901-500-500-2 sigmoid network (Nielsen's network.py style: column vectors, W @ a + b, standard-normal weights
and biases, quadratic cost, mini-batch SGD) fed raw signature-image features: 400 pixels of a 40x10 thumbnail
(0-255), the 400 column sums and 100 row sums of a 400x100 rendering (up to ~10^4), and the aspect ratio. The
first layer's pre-activations are in the thousands: exp overflows, every first-layer sigmoid sits at exactly 0 or
1, no gradient reaches the first layer (||dW1|| / ||W1|| ~ 1e-11), the cost barely moves and the test score is
frozen at one value (9 / 24 here) epoch after epoch."""
import numpy as np

from doctor_corpus import Symptom, flat, gradients_vanish, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/gnbaron/signature-recognition/issues/6"
DIAGNOSIS = ("(The maintainer only says to investigate why np.exp overflows.) Our reading: the features are not "
             "scaled (pixels up to 255, row and column sums up to tens of thousands next to an aspect ratio of ~4), "
             "so with N(0, 1) weights every first-layer unit saturates, the sigmoid's slope is 0 there, no gradient "
             "reaches the first layer and the network answers the same for every input (10 / 24 each epoch). "
             "Standardise each feature (or divide the sums by their maxima) before training.")
CHOICES = ("The repository's network ([901, 500, 500, 2], randn init; our generator, seed 0), quadratic cost with "
           "output delta (a - y) sigma'(z), batches of 50, alpha 0.01, 10 epochs. The signature images are not in our"
           " copy: we draw 40 training and 24 test 100x400 binary 'signatures' (smoothed random strokes around one of"
           " two templates, genuine / forged, ~10% ink), and compute the repository's 901 features from them. The "
           "user observes once per epoch the mean quadratic cost over the training set, the weights and biases as w1,"
           " b1, ..., the last batch's averaged nabla_w1, nabla_b1, ..., alpha, that batch's feature columns (901, "
           "m), its targets (2, m) and outputs (2, m).")


def _signatures(rng, n, templates):
    """n (label, image) pairs: a 100x400 0/255 image, a smoothed noisy copy of one of two templates."""
    out = []
    for i in range(n):
        label = i % 2
        field = templates[label] + 0.6 * rng.standard_normal((25, 100))
        big = np.kron(field, np.ones((4, 4)))
        ink = big > np.quantile(big, 0.9)
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        out.append((label, crop.astype(float) * 255.0))
    return out


def _resize_area(img, h, w):
    """Mean over a grid of h x w cells (an area resize)."""
    r = np.linspace(0, img.shape[0], h + 1).astype(int)
    c = np.linspace(0, img.shape[1], w + 1).astype(int)
    return np.array([[img[r[i]:max(r[i + 1], r[i] + 1), c[j]:max(c[j + 1], c[j] + 1)].mean() for j in range(w)]
                     for i in range(h)])


def _features(img):
    thumb = _resize_area(img, 10, 40).ravel()
    big = _resize_area(img, 100, 400)
    return np.concatenate([thumb, big.sum(axis=0), big.sum(axis=1), [img.shape[1] / img.shape[0]]])


def _data():
    rng = np.random.default_rng(5)
    templates = [rng.standard_normal((25, 100)) for _ in range(2)]
    sets = []
    for n in (40, 24):
        pairs = _signatures(rng, n, templates)
        sets.append((np.column_stack([_features(img) for _, img in pairs]), np.array([lab for lab, _ in pairs])))
    return sets


(X, LABELS), (X_TEST, LABELS_TEST) = _data()
Y = np.vstack([1 - LABELS, LABELS]).astype(float)       # genuine -> [0, 1], forged -> [1, 0]


def feedforward(p, a):
    zs, acts = [], [a]
    for k in (1, 2, 3):
        zs.append(p[f"w{k}"] @ acts[-1] + p[f"b{k}"])
        acts.append(sigmoid(zs[-1]))
    return zs, acts


def run(observe, epochs=10, alpha=0.01, batch=50):
    rng = np.random.default_rng(0)
    sizes = [901, 500, 500, 2]
    p = {}
    for k in (1, 2, 3):
        p[f"b{k}"] = rng.standard_normal((sizes[k], 1))
        p[f"w{k}"] = rng.standard_normal((sizes[k], sizes[k - 1]))
    trace = {"losses": [], "test_scores": []}
    with np.errstate(over="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(X.shape[1])
            for start in range(0, len(order), batch):
                idx = order[start:start + batch]
                x, y = X[:, idx], Y[:, idx]
                zs, acts = feedforward(p, x)
                delta = (acts[-1] - y) * acts[-1] * (1 - acts[-1])
                nabla = {}
                for k in (3, 2, 1):
                    nabla[f"nabla_w{k}"] = delta @ acts[k - 1].T / len(idx)
                    nabla[f"nabla_b{k}"] = delta.sum(axis=1, keepdims=True) / len(idx)
                    if k > 1:
                        delta = (p[f"w{k}"].T @ delta) * acts[k - 1] * (1 - acts[k - 1])
                for k in (1, 2, 3):
                    p[f"w{k}"] = p[f"w{k}"] - alpha * nabla[f"nabla_w{k}"]
                    p[f"b{k}"] = p[f"b{k}"] - alpha * nabla[f"nabla_b{k}"]
            out = feedforward(p, X)[1][-1]
            loss = float(0.5 * np.sum((out - Y) ** 2) / X.shape[1])
            observe(epoch=epoch, loss=loss, params=p, grads=nabla, lr=alpha, inputs=x, targets=y,
                    predictions=acts[-1])
            trace["losses"].append(loss)
            trace["last"] = ({k: v.copy() for k, v in p.items() if k[0] == "w"},
                             {k[len("nabla_"):]: v for k, v in nabla.items() if k.startswith("nabla_w")})
            test_out = feedforward(p, X_TEST)[1][-1]
            trace["test_scores"].append(int(np.sum(np.argmax(test_out, axis=0) == LABELS_TEST)))
        zs, acts = feedforward(p, X)
    trace["a1"], trace["out"], trace["inputs"] = acts[1], acts[-1], X
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "the row-sum features reach above 10,000 while the aspect ratio is below 10 (scales "
            "differ by more than 1000x)", lambda t: t["inputs"][800:900].max() > 1e4 and t["inputs"][900].max() < 10),
    Symptom("saturated-activation", "at the end more than 95% of the first hidden layer's sigmoid outputs on the "
            "training set are within 1e-3 of 0 or 1", lambda t: saturated_fraction(t["a1"]) > 0.95),
    Symptom("vanishing-gradients", "at the last observation ||nabla_w1|| / ||w1|| is below 1e-3 of the largest "
            "such ratio of w1, w2, w3", lambda t: gradients_vanish(t)),
    Symptom("loss-plateau", "the training cost is flat over the second half and the test score is the same in "
            "every epoch", lambda t: flat(t["losses"], rel=0.01) and len(set(t["test_scores"])) == 1),
]
