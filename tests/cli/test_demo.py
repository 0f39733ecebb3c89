"""`scratchnn demo` end to end: the seed-000 story, told the same way for the same --seed."""
import re

import pytest

# Seed 000's loss when the network predicts 0 for every sample: sum(y^2) / (2 * 10), y its 10 targets.
Y = [4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68, 0.48, 5.03, 0.18]
LOSS_OF_PREDICTING_ZERO = sum(v * v for v in Y) / 20


def test_demo_tells_the_seed_000_story_and_the_scratchnn_net_predicts_the_next_numbers(scratchnn):
    result = scratchnn("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # 1. the asker's loop stalls at the loss of predicting 0
    assert f"The loss sits at {LOSS_OF_PREDICTING_ZERO:.6g}" in out
    assert "predictions for the held-out windows: [0, 0]" in out
    # 2. the doctor names the dead output ReLU and the constant prediction
    assert "ERROR dead-relu [output]" in out and "exactly the loss of predicting 0" in out
    # 3. the gradient checker: both gradients 10x (summed, not averaged), then the missing ReLU derivative
    assert re.search(r"w1\s+\(4, 3\)\s+NO\s+scale\s+10\b", out) and re.search(r"w2\s+\(4,\)\s+NO\s+scale\s+10\b", out)
    assert re.search(r"w1\s+\(4, 3\)\s+NO\s+mask", out)
    # 4. the same shape with scratchnn predicts the held-out next numbers [5.99, 0.09] within 1.0
    match = re.search(r"predicted next numbers: \[([-\d.e]+), ([-\d.e]+)\]\s+true: \[5.99, 0.09\]", out)
    assert match, out[-600:]
    assert abs(float(match[1]) - 5.99) < 1.0 and abs(float(match[2]) - 0.09) < 1.0


def test_demo_output_is_the_same_for_the_same_seed(scratchnn):
    first, second = scratchnn("demo", "--seed", "3"), scratchnn("demo", "--seed", "3")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_demo_list_names_the_four_seed_stories(scratchnn):
    result = scratchnn("demo", "--list")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert result.returncode == 0 and names == ["next-number", "image-classifier", "xor", "two-neuron-chain"]


def test_demo_two_neuron_chain_shows_the_loss_of_predicting_one_half_and_a_chain_that_learns(scratchnn):
    result = scratchnn("demo", "two-neuron-chain")
    assert result.returncode == 0, result.stderr
    assert "symmetric-units" in result.stdout and "loss 0.25 = loss of predicting 0.5" in result.stdout
    assert re.search(r"b2\s+\(\)\s+NO\s+scale\s+4\b", result.stdout)
    match = re.search(r"outputs: \[([^\]]+)\]\s+targets: \[0, 0, 0, 1\]", result.stdout)
    outputs = [float(v) for v in match[1].split(",")]
    assert max(outputs[:3]) < 0.5 < outputs[3]


@pytest.mark.parametrize("name", ["nope", "seed000"])
def test_unknown_demo_is_a_user_error_listing_the_demos(scratchnn, expect_user_error, name):
    expect_user_error(scratchnn("demo", name), f"no demo named '{name}'", "next-number", "--list")


def test_demo_runs_to_the_end_and_says_what_it_skipped_without_doctor_and_gradchecker(monkeypatch, capsys):
    import sys
    from scratchnn import cli
    # None in sys.modules makes an import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "scratchnn.doctor", None)
    monkeypatch.setitem(sys.modules, "scratchnn.gradchecker", None)
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "(skipped: the doctor's report needs scratchnn.doctor" in out
    assert "(skipped: the gradient check needs scratchnn.gradchecker" in out
    assert "The loss sits at 6.22519" in out and "predicted next numbers:" in out


def test_demo_image_classifier_shows_the_dense_network_and_a_cnn_both_reaching_the_goal(scratchnn):
    result = scratchnn("demo", "image-classifier")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    dense, cnn = out.split("The step after it: a small convolutional network")
    assert "Sequential([Dense(12288, 64), ReLU(), Dense(64, 1), Sigmoid()]" in dense
    assert "Conv2D(3, 8, 3, stride=2, padding=1)" in cnn
    for part in (dense, cnn):
        reached = re.findall(r"goal \(loss < 0.01\) reached at epoch (\d+)", part)
        assert len(reached) == 1 and int(reached[0]) <= 300
        # every photo on the right side of 0.5
        probabilities = re.findall(r"predicted P\(cat\): \[([^\]]*)\]", part)[-1].split(", ")
        assert [float(p) > 0.5 for p in probabilities] == [True] * 5 + [False] * 5
