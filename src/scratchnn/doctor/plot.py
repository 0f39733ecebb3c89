"""The doctor's figure: the loss curve with the epoch each symptom began, and per-layer summaries
(fraction of dead ReLUs or saturated units, mean |activation|) and per-parameter gradient norms.

matplotlib is optional (``pip install matplotlib``, or ``pip install ".[plot]"`` in a clone) and imported only here, only when drawing.
"""
import numpy as np


def _pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("drawing the doctor's figure needs matplotlib: pip install matplotlib (or, in a clone, pip install '.[plot]')") from None
    return plt


def plot_report(report, path=None):
    """Draw ``report`` (3 panels); save to ``path`` when given. Returns the matplotlib Figure."""
    plt = _pyplot()
    c = report.curves
    fig, (ax_loss, ax_layers, ax_grads) = plt.subplots(3, 1, figsize=(8, 9), sharex=True)
    loss = np.array(c.get("loss", []), dtype=float)
    epochs = c.get("epoch", [])
    # Markers keep runs of one or two finite points visible (a loss that is NaN from epoch 2 on).
    ax_loss.plot(epochs, np.where(np.isfinite(loss), loss, np.nan), color="black", marker=".", label="loss")
    if epochs:
        ax_loss.set_xlim(min(epochs) - 0.5, max(epochs) + 0.5)
        bad = [e for e, v in zip(epochs, loss) if not np.isfinite(v)]
        if bad:
            ax_loss.axvspan(bad[0], max(epochs), color="red", alpha=0.1, label=f"loss NaN/inf from epoch {bad[0]}")
    if len(loss) and np.nanmin(np.abs(loss)) > 0 and np.nanmax(loss) / max(np.nanmin(loss), 1e-300) > 100:
        ax_loss.set_yscale("log")
    for i, f in enumerate(x for x in report.findings if x.severity != "info" and x.since_epoch is not None):
        ax_loss.axvline(f.since_epoch, color=f"C{i % 10}", linestyle="--", label=f"{f.code} (epoch {f.since_epoch})")
    ax_loss.set_ylabel("training loss")
    ax_loss.legend(fontsize=7, loc="best")
    ax_loss.set_title(" -> ".join(report.story) if report.story else "scratchnn doctor", fontsize=8, wrap=True)
    for name, series in c.get("layers", {}).items():
        for key, label in (("silent", "dead fraction"), ("saturated", "saturated fraction")):
            if key in series:
                ax_layers.plot(*series[key], marker=".", label=f"{name}: {label}")
    ax_layers.set_ylabel("fraction of units")
    ax_layers.set_ylim(-0.05, 1.05)
    if ax_layers.lines:
        ax_layers.legend(fontsize=7, loc="best")
    for name, (grad_epochs, norms) in c.get("grads", {}).items():
        ax_grads.plot(grad_epochs, norms, marker=".", label=f"||d{name}||")
    ax_grads.set_ylabel("gradient norm")
    ax_grads.set_xlabel("epoch")
    if ax_grads.lines:
        ax_grads.set_yscale("log")
        ax_grads.legend(fontsize=7, loc="best")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=100)
        plt.close(fig)
    return fig
