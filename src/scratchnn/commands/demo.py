"""``scratchnn demo [NAME]``: a seed question's story in a few seconds.

The default, ``next-number`` (seed 000): the asker's own 3-4-1 ReLU loop runs and stalls; the
doctor, watching it through one added ``scratchnn.observe`` line, says why; the gradient checker
shows what is wrong with its hand-written gradients; then the same 3-4-1 shape built with scratchnn
learns and predicts the held-out next numbers [5.99, 0.09]. ``--list`` shows the other seeds'
demos. Everything is seeded by ``--seed``, so the output is the same on every run.
"""
import numpy as np

from .. import datasets, recipes
from ..preprocessing import StandardScaler
from ..validation import InputError
from .demo_parts import fmt, show_lines, show_scratchnn_version, tell_seed_story

DEMOS = {}


def demo(name, title):
    def register_demo(function):
        DEMOS[name] = (title, function)
        return function
    return register_demo


def register(subparsers):
    parser = subparsers.add_parser(
        "demo", help="watch a hand-written network fail, scratchnn explain why, and the same network learn",
        description="A seed question's story: the asker's own loop fails, the doctor and the gradient checker "
                    "say why, and the same network built with scratchnn learns.")
    parser.add_argument("name", nargs="?", default="next-number", help="which demo (default next-number; see --list)")
    parser.add_argument("--list", action="store_true", help="list the demos")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the whole demo (default 0)")
    return parser


def run(args):
    if args.list:
        for name, (title, _) in DEMOS.items():
            print(f"{name:<18}{title}")
        return 0
    if args.name not in DEMOS:
        raise InputError(f"no demo named {args.name!r}; the demos are: {', '.join(DEMOS)} (scratchnn demo --list)")
    title, function = DEMOS[args.name]
    print(f"scratchnn demo {args.name} (--seed {args.seed}): {title}")
    function(args.seed)
    return 0


@demo("next-number", "seed 000: a 3-4-1 ReLU net predicting the next number stalls at loss 6.22519")
def next_number(seed):
    data = datasets.next_number()
    zero_loss = float(np.sum(data.y ** 2) / (2 * len(data.y)))

    def show_loop(predictions, lines):
        show_lines(lines[:-1])    # the last line is the seed's "- A [5.99 0.09]"
        print(f"   predictions for the held-out windows: {fmt(predictions)}   true: {fmt(data.y_test)}")
        last = float(lines[-2])
        if np.isclose(last, zero_loss, rtol=1e-5):
            print(f"   The loss sits at {last:.6g}, and every prediction is 0. Why?")
        else:
            print(f"   This start ended at loss {last:.6g} (the asker saw 6.22519 on some starts; try --seed 0).")

    def checks(code):
        def at_this_start():
            np.random.seed(seed)     # the loop's own first draws: w1 (4, 3), then w2 (4,)
            params = {"w1": np.random.uniform(0, 1, (4, 3)), "w2": np.random.uniform(0, 1, (4,))}
            return code.loss_fn, params, code.seed_gradients(params)
        return [("at this run's random start (every unit active)", at_this_start),
                ("after 300 of the asker's own steps from another start (seed 26), some units dead", code.at_trained)]

    number = tell_seed_story(
        seed, ("The asker's own loop (scratchnn/seeds/seed000_loop.py), 300 of its 10,000 epochs",
               "seed000_loop", "prediction", (300,)), show_loop,
        "The doctor watched that loop (one `scratchnn.observe(...)` line added to it)",
        ("The gradient checker on the asker's two gradient lines", "seed000_gradients", checks))
    print("   In short: the asker's gradients sum over the 10 samples where the loss averages (10x too large)\n"
          "   and leave out the ReLU derivative. Steps 10x too large push units below 0, where a ReLU outputs 0\n"
          "   and passes back no gradient; once the output ReLU is dead the net predicts 0 for every input, and\n"
          f"   the loss is the loss of predicting 0: sum(y^2) / 20 = {zero_loss:.6g}.")
    result = show_scratchnn_version(
        number, "The same 3-4-1 ReLU network built with scratchnn",
        "scaler = scratchnn.StandardScaler().fit(X)          # inputs near 0, spread 1\n"
        f"model = scratchnn.Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed={seed})\n"
        "model.fit(scaler.transform(X), y, loss=\"mse\", epochs=5000)   # Adam(0.01), averaged gradients\n"
        "(ReLU biases start at 0.5, a linear output: the output can never die)",
        recipes.next_number, seed, "loss < 0.1")
    print(f"   predicted next numbers: {fmt(result.details['predictions'])}   true: {fmt(result.details['truth'])}")


@demo("image-classifier", "seed 002: a 12288-64-1 cat classifier on pixels 0-255 blows up, then sits still")
def image_classifier(seed):
    number = tell_seed_story(
        seed, ("The asker's own loop (scratchnn/seeds/seed002_loop.py), 8 of its 2,000 epochs",
               "seed002_loop", "run", (8,)),
        lambda losses, lines: print(f"   loss per epoch: {fmt(losses)}"),
        "The doctor watched that loop",
        ("The gradient checker on the asker's backward pass", "seed002_gradients",
         lambda code: [("at the asker's start (randn * 0.01, zero biases)", code.at_start)]))
    result = show_scratchnn_version(
        number, "The same 12288-64-1 network built with scratchnn",
        "X = scratchnn.StandardScaler().fit_transform(pixels)     # not 0-255\n"
        f"model = Sequential([Dense(12288, 64), ReLU(), Dense(64, 1), Sigmoid()], seed={seed})\n"
        "model.fit(X, labels, loss=\"bce\", epochs=300)",
        recipes.cat_photos, seed, "loss < 0.01")
    data = datasets.cat_photos()
    p = result.model.predict(StandardScaler().fit_transform(data.X)).ravel()
    print(f"   predicted P(cat): {fmt(p, 2)}\n   labels:           {fmt(data.y)}")


@demo("xor", "the answer to seed 002: a 2-3-1 sigmoid net that learns XOR, and a doctor that stays quiet")
def xor(seed):
    targets = datasets.xor()

    def show_loop(output, lines):
        show_lines(lines)
        print(f"   outputs: {fmt(output, 3)}   targets: {fmt(targets.y)}")

    number = tell_seed_story(
        seed, ("The answerer's loop (scratchnn/seeds/seed002_answer_xor_loop.py), 20,000 of its 50,000 epochs",
               "seed002_answer_xor_loop", "run", (20000,)), show_loop,
        "The doctor watched it (this code works: the doctor should say nothing is wrong)")
    result = show_scratchnn_version(
        number, "The same 2-3-1 sigmoid network built with scratchnn",
        f"model = Sequential([Dense(2, 3), Sigmoid(), Dense(3, 1), Sigmoid()], seed={seed})\n"
        "model.fit(X, y, loss=\"mse\", optimizer=scratchnn.SGD(0.5, momentum=0.9), epochs=2000)",
        recipes.xor, seed, "mean |error| < 0.05")
    print(f"   outputs: {fmt(result.model.predict(targets.X), 3)}   targets: {fmt(targets.y)}")


@demo("two-neuron-chain", "seed 003: a two-neuron sigmoid chain for AND sits at loss 0.25")
def two_neuron_chain(seed):
    number = tell_seed_story(
        seed, ("The asker's own loop (scratchnn/seeds/seed003_loop.py), 1,000 epochs from their zero start",
               "seed003_loop", "run", (1000,)),
        lambda result, lines: show_lines(lines),
        "The doctor watched that loop",
        ("The gradient checker on the asker's five derivative formulas", "seed003_gradients",
         lambda code: [("at the asker's start (all weights 0)", code.at_zero_start),
                       ("at a random point", code.at_random_point)]))
    result = show_scratchnn_version(
        number, "The same 2-1-1 sigmoid chain built with scratchnn",
        f"model = Sequential([Dense(2, 1), Sigmoid(), Dense(1, 1), Sigmoid()], seed={seed})   # random init\n"
        "model.fit(X, y, loss=\"mse\", epochs=2000)",
        recipes.and_gate, seed, "loss < 0.05")
    data = datasets.and_gate()
    print(f"   outputs: {fmt(result.model.predict(data.X), 3)}   targets: {fmt(data.y)}")
