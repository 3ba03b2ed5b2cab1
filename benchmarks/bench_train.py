"""`stepcalc train examples/xor.toml` vs a plain numpy script doing the same 10,000 full-batch epochs
(benchmarks/xor_numpy_baseline.py, seed 001's loop), whole-process time, in the same run (limit 1.5×).
Run: python benchmarks/bench_train.py
"""
from __future__ import annotations

import sys

from common import ROOT, compare, python

LIMIT = 1.5
COMMAND = [python(), "-m", "stepcalc", "train", "examples/xor.toml"]
BASELINE = [python(), str(ROOT / "benchmarks" / "xor_numpy_baseline.py")]

if __name__ == "__main__":
    ratio = compare("train examples/xor.toml", COMMAND, BASELINE, LIMIT, repeats=9)
    sys.exit(0 if ratio <= LIMIT else 1)
