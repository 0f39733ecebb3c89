"""Why no rebuilt forward pass was confirmed, in plain words: what came closest, and how far off it was."""
import numpy as np

from .rebuild_losses import closest_form


class Nearest:
    """What came closest to reproducing the observation, to say why no rebuild was confirmed."""

    def __init__(self, has_predictions):
        self.has_predictions = has_predictions
        self.best_pred = self.best_loss = None
        self.shapes = []
        # Readings that gave the observed predictions but no usual loss the logged value (see rebuild_other_loss).
        self.unmatched = []

    def inputs(self, x, n_features):
        self.shapes.append(f"the inputs have shape {np.shape(x)} but the first weight layer takes {n_features} features")

    def shape(self, text):
        self.shapes.append(text)

    def predictions(self, description, at, p, observed):
        gap = float(np.max(np.abs(p - observed)))
        if self.best_pred is None or gap < self.best_pred[0]:
            self.best_pred = (gap, description, at)

    def loss(self, description, at, p, y, loss):
        form, value = closest_form(p, y, loss)
        gap = abs(value - loss) / max(abs(loss), 1e-300) if form is not None else np.inf
        if self.best_loss is None or gap < self.best_loss[0]:
            self.best_loss = (gap, description, at, form, value, loss, p.shape[1])

    def reason(self):
        if self.best_loss is not None and not self.has_predictions:
            return (f"no rebuilt network (every activation and usual loss tried) gives the observed loss "
                    f"{self.best_loss[5]:.6g}; pass predictions=... to observe() so that the forward pass can be "
                    f"confirmed layer by layer, or the loss has a term the doctor cannot see (an L2 penalty?)")
        if self.best_loss is not None:
            gap, description, at, form, value, loss, k = self.best_loss
            closest = f" (closest: {form.describe(k)} = {value:.6g})" if form is not None else ""
            return (f"{description} at {at} reproduces the observed predictions, but no usual loss (squared "
                    f"error, binary or categorical cross-entropy; mean or sum) gives the observed loss {loss:.6g}"
                    f"{closest}: the loss has a term the doctor cannot see (an L2 penalty?), so the gradients "
                    f"were not checked")
        if self.best_pred is not None:
            gap, description, at = self.best_pred
            return (f"no dense network built from these parameters reproduces the observed predictions (closest: "
                    f"{description} at {at}, off by up to {gap:.3g}): the forward pass has something the parameters "
                    f"do not show (dropout, a skip connection, normalization, another layer), so the gradients "
                    f"were not checked")
        if self.shapes:
            return "; ".join(dict.fromkeys(self.shapes)) + ", so the forward pass could not be rebuilt"
        return "no reading of the observed arrays reproduces the observation, so the gradients were not checked"
