"""`stepcalc solve` of a carried-rounding training run of 5,000 sample passes (examples/xor.toml with
1,250 epochs of its 4 samples and `[rounding] mode = "carry"`, which the engine works step by step)
against `python -c "import sympy"` in the same run (limit 5×).
Run: python benchmarks/bench_carried.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import ROOT, compare, python

LIMIT = 5.0
BASELINE = [python(), "-c", "import sympy"]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-carried-") as tmp:
        path = Path(tmp) / "carried.toml"
        text = (ROOT / "examples" / "xor.toml").read_text(encoding="utf-8").replace("epochs = 10000", "epochs = 1250")
        path.write_text(text + '\n[rounding]\nmode = "carry"\n', encoding="utf-8")
        command = [python(), "-m", "stepcalc", "solve", str(path), "--format", "md"]
        ratio = compare("solve, carried run of 5,000 passes", command, BASELINE, LIMIT, repeats=3)
    sys.exit(0 if ratio <= LIMIT else 1)
