"""The real-case corpus imports its sibling modules (``gcreal_*``) by name: put this folder on the path."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
