import sys
from pathlib import Path

# doctor_corpus.py and known_results.py are helper modules beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))
