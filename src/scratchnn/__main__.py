"""``python -m scratchnn ...`` runs the command line (see :mod:`scratchnn.cli`)."""
import sys

from .cli import main

sys.exit(main())
