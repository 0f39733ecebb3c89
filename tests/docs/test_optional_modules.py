"""A page that imports an optional package (torch, jax, scikit-learn) runs as far as it can without
it: the blocks before pass or fail as usual, the rest are skipped and the page says why."""
import pytest

from . import test_docs

PAGE = '''
```python
print("before")
```

<!-- docs: output -->
```
before
```

```python
import scratchnn_optional_absent
print("needs it")
```

<!-- docs: output -->
```
needs it
```
'''


@pytest.fixture
def page(tmp_path, monkeypatch):
    """The page written into a root of its own; returns a runner of it (text -> run_page)."""
    monkeypatch.setattr(test_docs, "ROOT", tmp_path)
    (tmp_path / "work").mkdir()

    def run(text, tmp_path_factory):
        (tmp_path / "page.md").write_text(text)
        return test_docs.run_page(tmp_path / "page.md", tmp_path / "work", tmp_path_factory)
    return run


@pytest.fixture
def absent_is_optional(monkeypatch):
    monkeypatch.setattr(test_docs, "OPTIONAL_MODULES", ("scratchnn_optional_absent",))


def test_a_missing_optional_module_skips_the_rest_of_the_page(page, tmp_path_factory, absent_is_optional):
    with pytest.raises(pytest.skip.Exception, match="scratchnn_optional_absent, which is not installed"):
        page(PAGE, tmp_path_factory)


def test_the_blocks_before_it_are_still_checked(page, tmp_path_factory, absent_is_optional):
    drifted = PAGE.replace("before\n```\n\n```python\nimport", "something else\n```\n\n```python\nimport")
    with pytest.raises(AssertionError, match="drifted"):
        page(drifted, tmp_path_factory)


def test_a_missing_module_that_is_not_optional_fails_the_page(page, tmp_path_factory):
    with pytest.raises(ModuleNotFoundError):
        page(PAGE, tmp_path_factory)
