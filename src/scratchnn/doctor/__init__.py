"""The training doctor: watch any training loop, explain why it does not learn.

In your own loop (one import, one line)::

    import scratchnn
    for epoch in range(epochs):
        ...
        scratchnn.observe(epoch=epoch, loss=loss, params=..., grads=..., activations=..., lr=lr)
    print(scratchnn.doctor.report())

or ``model.fit(X, y, doctor=True)`` and ``history.doctor``; or ``scratchnn doctor script.py``.
``observe`` feeds a default :class:`Doctor`; :func:`reset` starts a fresh one.
"""
from .callback import DoctorCallback
from .doctor import Doctor
from .findings import SEVERITIES, DoctorReport, Finding
from .order import ORDER
from .rules import RULES

CODES = [rule.RULE.code for rule in RULES]
_default = Doctor()


def default_doctor():
    """The doctor that :func:`observe` feeds."""
    return _default


def reset(**options):
    """Replace the default doctor with a fresh one (``Doctor(**options)``) and return it."""
    global _default
    _default = Doctor(**options)
    return _default


def observe(**record):
    """Feed one observation to the default doctor (the arguments of :meth:`Doctor.observe`)."""
    _default.observe(**record)


def report():
    """The default doctor's :class:`DoctorReport`."""
    return _default.report()


__all__ = ["Doctor", "DoctorCallback", "DoctorReport", "Finding", "observe", "report", "reset", "default_doctor",
           "CODES", "ORDER", "SEVERITIES"]
