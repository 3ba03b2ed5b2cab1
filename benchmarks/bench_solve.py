"""`stepcalc solve` of seed 001's network to Markdown vs `python -c "import sympy"` (limit 1.5×).

Measured twice: as users run it (sympy's derivations memoised on disk after the first run), and
with the memo off (STEPCALC_NO_CACHE=1: sympy imported and every derivative derived in-process).
Run: python benchmarks/bench_solve.py
"""
from __future__ import annotations

import sys

from common import compare, python

LIMIT = 1.5
COMMAND = [python(), "-m", "stepcalc", "solve", "examples/seed001.toml", "--format", "md"]
BASELINE = [python(), "-c", "import sympy"]

if __name__ == "__main__":
    warm = compare("solve, derivation memo warm", COMMAND, BASELINE, LIMIT)
    cold = compare("solve, memo off (sympy every run)", COMMAND, BASELINE, LIMIT,
                   extra_env={"STEPCALC_NO_CACHE": "1"})
    sys.exit(0 if max(warm, cold) <= LIMIT else 1)
