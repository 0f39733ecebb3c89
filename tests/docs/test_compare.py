"""The harness itself: shown output that drifts must fail, output shown to fewer digits must pass."""
from .compare import output_matches
from .markdown_blocks import blocks, shell_commands


def test_numbers_agree_to_the_precision_shown():
    assert output_matches("loss 2.279 at epoch 3000", "loss 2.27896 at epoch 3000")
    assert not output_matches("loss 2.27899 at epoch 3000", "loss 2.27896 at epoch 3000")
    assert not output_matches("loss 2.279 at epoch 3000", "loss 2.27896 at epoch 3001")
    assert output_matches("1.49e+04x", "1.4912e+04x") and not output_matches("1.49e+04x", "1.51e+04x")


def test_text_must_match_but_spacing_may_not():
    assert output_matches("W1    (4, 3)  NO", "W1 (4, 3) NO")
    assert not output_matches("W1 (4, 3) NO", "W1 (4, 3) yes")
    assert not output_matches("nan", "0.5")


def test_a_tolerance_marker_widens_numbers_only():
    assert output_matches("took 30 ms", "took 31 ms", rel=0.05)
    assert not output_matches("took 30 ms", "took 40 ms", rel=0.05)


def test_ellipsis_lines_and_excerpts():
    actual = "a\nb\nc\nd"
    assert output_matches("a\n...\nd", actual)
    assert not output_matches("a\n...\nb", actual)
    assert output_matches("b\nc", actual, excerpt=True)
    assert not output_matches("b\nd", actual, excerpt=True)
    assert not output_matches("a\nb", actual)  # the whole output is shown unless it says "..."


def test_blocks_markers_and_commands_are_found():
    page = ("text\n<!-- docs: tolerance 5% -->\n\n```\n$ scratchnn fit \\\n  --epochs 3\nloss 1\n$ ls\n```\n"
            "```python\nprint(1)\n```\n")
    first, second = blocks("page.md", page)
    assert first.marker("tolerance") == "5%" and second.markers == [] and second.lang == "python"
    commands = shell_commands(first)
    assert [(c.line, c.shown) for c in commands] == [("scratchnn fit  --epochs 3", "loss 1"), ("ls", "")]
