"""The doctor's figure: the loss curve with the epoch each symptom began, and per-layer summaries
(fraction of dead ReLUs or saturated units, mean |activation|) and per-parameter gradient norms.

Readable from a 50-epoch run to a 10,000-epoch one: beyond :data:`LOG_EPOCHS_FROM` epochs the
epoch axis is log-scaled, so the first epochs (where most symptoms begin) keep their width; each
epoch at which symptoms began is one vertical line through all panels, labelled once with their codes
and the epoch; labels of nearby epochs are stacked so that none prints over another.

matplotlib is optional (``pip install matplotlib``, or ``pip install ".[plot]"`` in a clone) and imported only here, only when drawing.
"""
import textwrap

import numpy as np

# On a linear axis of ~700 pixels, 500 epochs leave the first 10 about 14 pixels: log-scale beyond that.
LOG_EPOCHS_FROM = 500
# A loss falling more than tenfold is drawn on a log scale (its last decades stay visible).
LOG_LOSS_FROM = 10
# Point markers only while each point gets several pixels of its own; beyond, they merge into a thick band.
MARKERS_UP_TO = 100
FONT = 9
# Event labels wrap at this many characters and keep this many pixels between their boxes.
LABEL_WIDTH, LABEL_GAP = 40, 2


def _pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("drawing the doctor's figure needs matplotlib: pip install matplotlib (or, in a clone, pip install '.[plot]')") from None
    return plt


def plot_report(report, path=None):
    """Draw ``report`` (3 panels sharing the epoch axis); save to ``path`` when given. Returns the matplotlib Figure."""
    plt = _pyplot()
    c = report.curves
    fig, (ax_loss, ax_layers, ax_grads) = plt.subplots(3, 1, figsize=(9, 9), sharex=True)
    epochs = np.array(c.get("epoch", []), dtype=float)
    loss = np.array(c.get("loss", []), dtype=float)
    finite = np.isfinite(loss)
    _line(ax_loss, epochs, np.where(finite, loss, np.nan), color="black", label="loss")
    # A finite point between non-finite ones (a loss that is NaN from epoch 2 on) draws no line: mark it.
    alone = finite & ~np.r_[False, finite[:-1]] & ~np.r_[finite[1:], False]
    if alone.any() and len(loss) > MARKERS_UP_TO:
        ax_loss.plot(epochs[alone], loss[alone], "k.", markersize=6)
    if len(epochs):
        bad = epochs[~finite]
        if len(bad):
            ax_loss.axvspan(bad[0], epochs.max(), color="red", alpha=0.1, label=f"loss NaN/inf from epoch {bad[0]:g}")
    loss_scale(ax_loss, loss)
    ax_loss.set_ylabel("training loss", fontsize=FONT)
    title = " -> ".join(report.story) if report.story else "scratchnn doctor"
    ax_loss.set_title("\n".join(textwrap.wrap(title, 100)), fontsize=FONT)

    for name, series in c.get("layers", {}).items():
        for key, label in (("silent", "dead fraction"), ("saturated", "saturated fraction")):
            if key in series:
                _line(ax_layers, *series[key], label=f"{name}: {label}")
    ax_layers.set_ylabel("fraction of units", fontsize=FONT)
    ax_layers.set_ylim(-0.05, 1.05)
    for name, (grad_epochs, norms) in c.get("grads", {}).items():
        _line(ax_grads, grad_epochs, norms, label=f"||d{name}||")
    ax_grads.set_ylabel("gradient norm", fontsize=FONT)
    _norm_axis(ax_grads)

    epoch_axis(ax_grads, epochs)
    labels = _events(report, (ax_loss, ax_layers, ax_grads))
    for ax in (ax_loss, ax_layers, ax_grads):
        ax.tick_params(labelsize=FONT)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=FONT - 1, loc="best")
    fig.tight_layout()
    _stack(fig, ax_loss, labels)  # after the layout: it measures the labels in pixels
    if path is not None:
        fig.savefig(path, dpi=100)
        plt.close(fig)
    return fig


def _line(ax, x, y, **style):
    """A curve, with point markers only while they stay distinct."""
    ax.plot(x, y, marker="." if len(x) <= MARKERS_UP_TO else None, linewidth=1.2, **style)


def _norm_axis(ax):
    """Log scale for gradient norms; symlog (linear near 0) when some are exactly 0 (vanished gradients)."""
    norms = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in ax.lines]) if ax.lines else np.array([])
    positive = norms[np.isfinite(norms) & (norms > 0)]
    if not positive.size:
        return
    if np.any(norms == 0):
        ax.set_yscale("symlog", linthresh=max(positive.min(), 1e-12))
    else:
        ax.set_yscale("log")


def loss_scale(ax, *losses):
    """Log scale for a loss that spans more than :data:`LOG_LOSS_FROM` (a linear axis flattens everything
    after the first drop into one line at the bottom); linear when some loss is 0 or negative."""
    values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in losses])
    values = values[np.isfinite(values)]
    if values.size and values.min() > 0 and values.max() / values.min() > LOG_LOSS_FROM:
        ax.set_yscale("log")


def epoch_axis(ax, epochs):
    """Linear for short runs; log for long ones (symlog when the epochs start at 0)."""
    if not len(epochs):
        ax.set_xlabel("epoch", fontsize=FONT)
        return
    first, last = epochs.min(), epochs.max()
    if last - first < LOG_EPOCHS_FROM:
        ax.set_xlim(first - 0.5, last + 0.5)
        ax.set_xlabel("epoch", fontsize=FONT)
        return
    if first > 0:
        ax.set_xscale("log")
        ax.set_xlim(first / 1.2, last * 1.2)
    else:
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(first, last * 1.2)
    ax.set_xlabel("epoch (log scale)", fontsize=FONT)


def _events(report, axes):
    """One dashed vertical line per epoch at which symptoms (warnings or errors) began, through every
    panel, labelled on the top one with every code that began there. Returns the labels."""
    by_epoch = {}
    for f in report.findings:
        if f.severity != "info" and f.since_epoch is not None and f.code not in by_epoch.setdefault(f.since_epoch, []):
            by_epoch[f.since_epoch].append(f.code)
    top, labels = axes[0], []
    for i, (epoch, codes) in enumerate(sorted(by_epoch.items())):
        color = f"C{i % 10}"
        for ax in axes:
            line = ax.axvline(epoch, color=color, linestyle="--", linewidth=1.2)
            line.set_gid("event" if ax is top else "event-echo")
        # A label near the right edge goes left of its line to stay inside the frame.
        at = top.transAxes.inverted().transform(top.transData.transform((epoch, 1)))[0]
        right = at > 0.7
        text = "\n".join(textwrap.wrap(f"{', '.join(codes)} (epoch {epoch:g})", LABEL_WIDTH, break_on_hyphens=False))
        labels.append(top.annotate(text, xy=(epoch, 1), xycoords=("data", "axes fraction"),
                                   xytext=(-3 if right else 3, -3), textcoords="offset points", va="top",
                                   ha="right" if right else "left", fontsize=FONT - 1, color=color,
                                   bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8)))
    return labels


def _stack(fig, ax, labels):
    """Move each label (in epoch order) down the panel to the highest place where its box overlaps
    no label placed before it: labels of nearby epochs would otherwise print over each other."""
    if not labels:
        return
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    for label in labels:
        y = 1.0
        while True:
            label.xy = (label.xy[0], y)
            box = _padded(label.get_window_extent(renderer), LABEL_GAP)
            if not any(box.overlaps(other) for other in placed) or box.y0 <= frame.y0:
                break
            # Just below the lowest label this one overlaps (one pixel more: text snaps to whole pixels).
            below = min(other.y0 for other in placed if box.overlaps(other))
            y -= (box.y1 - below + 1) / frame.height
        placed.append(box)


def _padded(box, pixels):
    from matplotlib.transforms import Bbox
    return Bbox.from_extents(box.x0 - pixels, box.y0 - pixels, box.x1 + pixels, box.y1 + pixels)
