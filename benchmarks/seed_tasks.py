"""Success rates of the seed tasks over many random inits (issue 2's acceptance numbers).

    python benchmarks/seed_tasks.py            # 100 inits for S1, S3, S4 and 20 for S2
    python benchmarks/seed_tasks.py --quick    # 5 inits each
    python benchmarks/seed_tasks.py --jobs 2   # use both cores

Each init is ``seed = 0, 1, 2, ...`` passed to the recipe in :mod:`scratchnn.recipes`.
"""
import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one process per core is faster than threads here

from scratchnn import recipes  # noqa: E402

GOALS = {
    "S1": ("next number, 3-4-1 ReLU (seed 000)", "train MSE < 0.1 within 5,000 epochs", 100, 99),
    "S2": ("image classifier, 12288-64-1 (seed 002)", "BCE < 0.01 within 300 epochs", 20, 20),
    "S3": ("XOR, 2-3-1 sigmoid (seed 002's answer)", "mean |error| < 0.05 within 2,000 epochs", 100, 99),
    "S4": ("two-neuron chain on AND, 2-1-1 (seed 003)", "MSE < 0.05", 100, 100),
}


def one(task_seed):
    task, seed = task_seed
    result = recipes.TASKS[task](seed=seed)
    return result.passed, result.details.get("held_out_ok"), result.epochs_to_goal


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5 inits per task")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--tasks", default="S1,S2,S3,S4")
    args = parser.parse_args(argv)
    print(f"{'task':<4} {'what':<44} {'goal':<40} {'reached':>9} {'target':>7}  {'time':>6}")
    all_met = True
    with ProcessPoolExecutor(args.jobs) as pool:
        for task in args.tasks.split(","):
            what, goal, n, need = GOALS[task]
            if args.quick:
                n, need = 5, 5
            start = time.perf_counter()
            results = list(pool.map(one, [(task, seed) for seed in range(n)]))
            passed = sum(r[0] for r in results)
            met = passed >= need
            all_met &= met
            print(f"{task:<4} {what:<44} {goal:<40} {passed:>5}/{n:<3} {need:>5}/{n:<3} {time.perf_counter() - start:5.0f}s"
                  f"{'' if met else '  MISSED'}")
            if task == "S1":
                held = sum(bool(r[1]) for r in results)
                need_held = n if args.quick else 95
                all_met &= held >= need_held
                print(f"{'':<4} {'':<44} {'both held-out values within 1.0':<40} {held:>5}/{n:<3} {need_held:>5}/{n:<3}")
            failed = [seed for seed, r in enumerate(results) if not r[0]]
            if failed:
                print(f"     inits that missed: {failed}")
    return 0 if all_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
