"""Helpers for the tests people write for their own networks.

``assert_gradients_close(loss_fn, params, grads)`` runs :func:`scratchnn.gradchecker.gradcheck`
and fails with the whole report (table and diagnoses) as the message, so a failing pytest run
says *what* is wrong ("dW1 is exactly 10.000x the true gradient = m ..."), not just that it is.
"""
from scratchnn.gradchecker import gradcheck


def assert_gradients_close(loss_fn, params, grads, **options):
    """Raise ``AssertionError`` with the gradcheck report unless every gradient is right.

    ``options`` go to :func:`gradcheck` (``rtol``, ``batch_size``, ``nearby``, ...). Returns the
    report when it passes, so a test can look further.
    """
    report = gradcheck(loss_fn, params, grads, **options)
    if not report.ok:
        raise AssertionError("gradients differ from float64 central differences\n" + str(report))
    return report
