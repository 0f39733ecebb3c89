"""Continue training a scratchnn model in PyTorch with DistributedDataParallel (CPU, 2 processes).

    PYTHONPATH=src python examples/torch_ddp.py [--steps 5]

1. Train seed 002's photo CNN (``examples/cnn_cat_photos.py``) a few epochs in scratchnn.
2. ``model.to_torch()``: the same network as a ``torch.nn.Sequential`` with the same weights.
3. Two processes on this machine (``torch.multiprocessing``, the ``gloo`` backend) each wrap it in
   ``DistributedDataParallel`` and train on their half of the photos; DDP averages the gradients
   across the processes every step, so both keep identical weights.
4. Each process sends its final weights back; they are compared, and rank 0's are brought back into
   scratchnn with ``scratchnn.from_torch``.
"""
import argparse
import copy
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

import scratchnn as sn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cnn_cat_photos import photo_cnn, photos  # noqa: E402

WORLD = 2


def train(rank, module, X, y, steps, rendezvous, results):
    """One process: join the group, train its half of the data with DDP, report its weights."""
    torch.set_num_threads(1)
    # torch.multiprocessing hands the processes the parent's tensors in shared memory: train a copy.
    module = copy.deepcopy(module)
    # The processes find each other through a file (no TCP port to pick, so no port another program can take).
    dist.init_process_group("gloo", init_method=f"file://{rendezvous}", rank=rank, world_size=WORLD)
    ddp = DistributedDataParallel(module.train())
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.01)
    mine = slice(rank, None, WORLD)  # this process's samples: every other one
    xb, yb = torch.from_numpy(X[mine]), torch.from_numpy(y[mine]).reshape(-1, 1)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy(ddp(xb), yb)
        loss.backward()  # DDP all-reduces (averages) the gradients here
        optimizer.step()
    results.put((rank, [p.detach().numpy().copy() for p in module.parameters()]))
    # Leave together: a process that tears down gloo while the other still talks to it can abort at exit.
    dist.barrier()
    dist.destroy_process_group()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    X, y = photos()
    model = photo_cnn(seed=0)
    model.fit(X, y, loss="bce", optimizer=sn.Adam(1e-3), epochs=20)
    print(f"scratchnn, after 20 epochs: BCE {model.evaluate(X, y)['loss']:.4f}")

    module = model.to_torch()
    with torch.no_grad():
        same = np.allclose(module(torch.from_numpy(X)).numpy(), model.predict_proba(X), rtol=1e-5, atol=1e-6)
    print(f"to_torch: same outputs as scratchnn: {'yes' if same else 'NO'}")

    ctx = mp.get_context("spawn")
    results = ctx.SimpleQueue()
    with tempfile.TemporaryDirectory() as folder:
        rendezvous = os.path.join(folder, "rendezvous")
        mp.spawn(train, args=(module, X, y, args.steps, rendezvous, results), nprocs=WORLD, join=True)
    weights = dict(results.get() for _ in range(WORLD))
    identical = all(np.array_equal(a, b) for a, b in zip(weights[0], weights[1]))
    print(f"DDP, {WORLD} processes (gloo), {args.steps} steps: identical weights on both ranks: "
          f"{'yes' if identical else 'NO'}")
    # Two halves of 5 averaged = the whole batch of 10: one process on all the photos must agree.
    alone = copy.deepcopy(module).train()
    optimizer = torch.optim.SGD(alone.parameters(), lr=0.01)
    xb, yb = torch.from_numpy(X), torch.from_numpy(y).reshape(-1, 1)
    for _ in range(args.steps):
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy(alone(xb), yb).backward()
        optimizer.step()
    agree = all(np.allclose(p.detach().numpy(), w, rtol=1e-4, atol=1e-6)
                for p, w in zip(alone.parameters(), weights[0]))
    moved = max(float(np.abs(p.detach().numpy() - w).max()) for p, w in zip(module.parameters(), weights[0]))
    print(f"the same as {args.steps} full-batch steps in one process: {'yes' if agree else 'NO'} "
          f"(weights moved by up to {moved:.2g})")

    with torch.no_grad():
        for p, w in zip(module.parameters(), weights[0]):
            p.copy_(torch.from_numpy(w))
    back = sn.from_torch(module)
    print(f"back in scratchnn (from_torch): BCE {back.evaluate(X, y, loss='bce')['loss']:.4f}")
    return 0 if same and identical and agree else 1


if __name__ == "__main__":
    sys.exit(main())
