"""The executable parts of a Markdown page: fenced blocks and the markers that say how to run them.

Rules (docs/README.md, "Docs that cannot drift", points here):

* Every ```` ```python ```` block is run, in page order, in one namespace per page, in a fresh
  temporary directory. Its output is compared when the next fenced block is marked
  ``<!-- docs: output -->``.
* In any fenced block, a line starting with ``$ `` is a shell command; the lines after it, up to
  the next ``$`` line, are its shown output (``scratchnn`` runs this checkout's package). A
  ``$ cat FILE`` whose file does not exist yet creates it from the shown lines (a fixture).
* ``<!-- docs: output of `COMMAND` -->`` before a block: the block is an excerpt of what COMMAND
  prints (the command runs once per test session).
* ``<!-- docs: tolerance 5% -->`` before a block: its numbers may differ by 5% (a run that is not
  deterministic, e.g. a timing); otherwise numbers must agree to the precision shown.
* ``<!-- docs: skip REASON -->`` before a block: not run (a fragment of someone else's code).
* In shown output, a line ``...`` stands for any number of lines.
"""
import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*docs:\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    path: str
    line: int            # 1-based line of the opening fence
    lang: str
    text: str
    markers: list = field(default_factory=list)

    def marker(self, name):
        """The argument of marker ``name`` (``""`` if it has none), or None if absent."""
        for m in self.markers:
            if m == name or m.startswith(name + " "):
                return m[len(name):].strip()
        return None

    @property
    def where(self):
        return f"{self.path}:{self.line}"


def blocks(path, text):
    """Fenced blocks of a page with the markers on the lines just before each."""
    found, pending, lines = [], [], text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        marker = MARKER.match(lines[i])
        if marker:
            pending.append(marker.group(1))
        elif m:
            indent, body, j = len(m.group(1)), [], i + 1
            while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
                body.append(lines[j][indent:] if lines[j][:indent].isspace() else lines[j])
                j += 1
            found.append(Block(path, i + 1, m.group(2).lower(), "\n".join(body), pending))
            pending, i = [], j
        elif lines[i].strip():
            pending = []  # a marker applies to the block right after it (blank lines allowed)
        i += 1
    return found


@dataclass
class Command:
    line: str
    shown: str


def shell_commands(block):
    """The ``$ command`` lines of a block, each with the output shown after it."""
    commands, current, shown = [], None, []
    lines = block.text.splitlines()
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.startswith("$ "):
            if current is not None:
                commands.append(Command(current, "\n".join(shown)))
            current, shown = line[2:], []
            while current.endswith("\\") and k + 1 < len(lines):  # a command continued on the next line
                k += 1
                current = current[:-1] + " " + lines[k].strip()
        elif current is not None:
            shown.append(line)
        k += 1
    if current is not None:
        commands.append(Command(current, "\n".join(shown)))
    return commands
