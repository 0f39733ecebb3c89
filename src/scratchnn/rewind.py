"""Going back to the last good weights when training diverges: exactly, and without a copy per step.

When a step of ``fit`` diverges, the weights to keep may be one or two updates old (see
:class:`~scratchnn.callbacks.Divergence`), and the update that went wrong has already written over
them. Copying the weights and the optimizer's state before every step would keep them, at 4-25%
of every step on a network with many weights and small batches (12288-64-1, measured: its step is
bound by memory). Instead ``fit`` keeps one checkpoint, taken now and then, and goes back by
replaying (which update went wrong, NumPy's floating-point flags tell ``fit``: see ``_Overflows``):

* a checkpoint holds the weights, the optimizer's state, the layers' state (BatchNorm's running
  statistics) and the generator that shuffles the batches, as they were when an epoch began. A new
  one is taken when an epoch begins once the last is older than ``SPACING`` times what taking the
  new one will cost (the last one's time per byte, times the bytes to copy now: a fresh optimizer
  has no state at the first checkpoint, and Adam's then doubles what the next copies), so
  checkpoints take about 1/SPACING of the training time, whatever the network, and going back
  replays about SPACING checkpoints' worth of training at most, plus an epoch;
* to go back, the checkpoint is put back and the steps since are run again on the same batches.
  NumPy computes the same numbers from the same inputs, so the replayed weights are bit-identical
  to those training passed through. Each replayed loss is compared with the one recorded; if one
  differs (a callback changed the model or the optimizer between epochs), the replay stops there
  and the model keeps the checkpoint's weights, which were good too.
"""
from dataclasses import dataclass
from time import perf_counter

SPACING = 400


@dataclass
class Checkpoint:
    """The run as it was just before the first update of ``epoch``, after ``steps`` updates."""

    epoch: int
    steps: int
    generator: dict      # the shuffling generator's state, before the epoch's permutation
    layer_state: list    # each layer's state arrays (copies), before the epoch's first forward pass
    params: object = None
    optimizer: object = None


class Rewind:
    """One checkpoint of a ``fit`` run and the losses of the steps since, to replay them.

    ``batches`` is the run's :class:`~scratchnn.training.Batches` (it draws each epoch's order),
    ``loss`` its loss. ``fit`` calls :meth:`epoch_begins` before an epoch draws its order and
    :meth:`step_passed` for every step whose loss and gradient are finite, before its update.
    """

    def __init__(self, model, optimizer, batches, loss):
        self.model, self.optimizer, self.batches, self.loss = model, optimizer, batches, loss
        self.saved, self.pending, self.losses = None, None, []
        self.due_at = -float("inf")  # perf_counter() time before which no checkpoint is due
        self.per_byte = 0.0          # seconds per byte the last checkpoint took

    def epoch_begins(self, epoch, steps):
        """Note what a checkpoint needs from before this epoch, when one is due. It is taken at the
        epoch's first step, once that step's loss and gradient are known to be finite: the weights
        saved are then good ones."""
        start = perf_counter()
        if start < self.due_at:
            return
        # Due by the last checkpoint's cost; by what this one will cost? (784-256-128-10's 3-epoch bench fit:
        # 1.1 checkpoints instead of 1.95, 0.06 instead of 0.90 ms of copying, ~14% of the fit's overhead.)
        if self.saved is not None:
            self.due_at = self.saved_at + SPACING * self.per_byte * self._bytes()
            if start < self.due_at:
                return
        layer_state = [{k: a.copy() for k, a in layer.state.items()} for layer in self.model.layers]
        self.pending = Checkpoint(epoch, steps, self.batches.rng.bit_generator.state, layer_state)
        self.cost = perf_counter() - start

    def step_passed(self, value):
        """A step's loss ``value`` and its gradient are finite; its update comes next."""
        if self.pending is not None:
            start, checkpoint = perf_counter(), self.pending
            self.saved = None  # the old checkpoint's memory is freed before the new one is copied
            checkpoint.params, checkpoint.optimizer = self.model.flat_params.copy(), self.optimizer.checkpoint()
            self.saved, self.pending, self.losses = checkpoint, None, []
            self.saved_at = perf_counter()
            cost = self.cost + self.saved_at - start
            self.due_at = self.saved_at + SPACING * cost
            self.per_byte = cost / self._bytes()
        self.losses.append(value)

    def _bytes(self):
        """What a checkpoint copies now: the weights, the optimizer's state and the layers' state."""
        arrays = [a for slot in self.optimizer.state.values() for a in slot.values()]
        arrays += [a for layer in self.model.layers for a in layer.state.values()]
        return self.model.flat_params.nbytes + sum(a.nbytes for a in arrays)

    def go_back(self, steps):
        """Put the model and the optimizer back to where they were after update number ``steps``
        (at least the checkpoint's). Returns the number of updates the model now holds."""
        saved, pending, self.pending = self.saved, self.pending, None
        if saved is None:  # no step passed, so no update was applied: only the forward pass moved anything
            for layer, state in zip(self.model.layers, pending.layer_state):
                _put_back(layer.state, state)
            return 0
        self._restore(saved)
        done, epoch = saved.steps, saved.epoch
        while done < steps:
            self.optimizer.start_epoch(epoch - 1)
            for xb, yb in self.batches.of_epoch()[1]:
                if done == steps:
                    break
                value = self.model.train_step(xb, yb, self.loss)
                if value != self.losses[done - saved.steps]:  # not the run that was recorded
                    self._restore(saved)
                    return saved.steps
                self.optimizer.step(self.model.flat_params, self.model.flat_grads)
                done += 1
            epoch += 1
        return done

    def _restore(self, saved):
        self.model.flat_params[...] = saved.params
        for layer, state in zip(self.model.layers, saved.layer_state):
            _put_back(layer.state, state)
        self.optimizer.restore(saved.optimizer)
        self.batches.rng.bit_generator.state = saved.generator


def _put_back(arrays, saved):
    for k, a in saved.items():
        arrays[k][...] = a
