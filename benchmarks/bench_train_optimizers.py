"""`stepcalc train` of seed 001's XOR problem (examples/xor.toml) with [optimizer] adam and rmsprop vs a
plain numpy script doing the same 10,000 full-batch epochs with the same update
(benchmarks/xor_optimizer_numpy_baseline.py), whole-process time, in the same run (limit 1.5×).
Run: python benchmarks/bench_train_optimizers.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import ROOT, compare, python

LIMIT = 1.5
OPTIMIZERS = ("adam", "rmsprop")

if __name__ == "__main__":
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in OPTIMIZERS:
            problem = Path(folder) / f"xor_{name}.toml"
            text = (ROOT / "examples" / "xor.toml").read_text(encoding="utf-8")
            problem.write_text(text + f'\n[optimizer]\nname = "{name}"\n', encoding="utf-8")
            command = [python(), "-m", "stepcalc", "train", str(problem)]
            baseline = [python(), str(ROOT / "benchmarks" / "xor_optimizer_numpy_baseline.py"), name]
            worst = max(worst, compare(f"train xor.toml with {name}", command, baseline, LIMIT, repeats=7))
    sys.exit(0 if worst <= LIMIT else 1)
