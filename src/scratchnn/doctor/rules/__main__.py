"""``python -m scratchnn.doctor.rules DIR``: write the docs page of every rule into DIR (docs/doctor/rules)."""
import sys
from pathlib import Path

from . import RULES

target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/doctor/rules")
for module in RULES:
    (target / f"{module.RULE.code}.md").write_text(module.RULE.page(), encoding="utf-8")
print(f"wrote {len(RULES)} pages to {target}")
