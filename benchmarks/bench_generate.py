"""`stepcalc generate` of 100 variants of a 2-2-1 problem with Markdown sheets, solutions and answer key,
against `python -c "import sympy"` in the same run (limit 4×).

Measured as users run it (sympy's derivations memoised on disk after the first run) and with the
memo off (STEPCALC_NO_CACHE=1: sympy imported and every derivative derived in-process).
Run: python benchmarks/bench_generate.py
"""
from __future__ import annotations

import sys
import tempfile

from common import compare, python

LIMIT = 4.0
BASELINE = [python(), "-c", "import sympy"]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as out:
        command = [python(), "-m", "stepcalc", "generate", "--arch", "2-2-1", "--count", "100", "--seed", "7",
                   "--format", "md", "--out", out]
        warm = compare("generate 100 variants, memo warm", command, BASELINE, LIMIT)
        cold = compare("generate 100 variants, memo off (sympy every run)", command, BASELINE, LIMIT,
                       extra_env={"STEPCALC_NO_CACHE": "1"})
    sys.exit(0 if max(warm, cold) <= LIMIT else 1)
