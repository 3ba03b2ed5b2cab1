"""`stepcalc solve` of the largest networks a problem file may have (the diagram's label placement
dominates) to Markdown and to LaTeX, each against `python -c "import sympy"` in the same run
(limit 0.6×: the derivation memo is warm, so sympy is not imported).
Run: python benchmarks/bench_diagram.py [ARCH ...]   (default: every network below)
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import compare, python

LIMIT = 0.6
BASELINE = [python(), "-c", "import sympy"]
# At the size limits of a problem file: 300 weights, 32 units in a layer, 8 layers.
NETWORKS = ("10-25-2", "4-6-6-3", "1-32-8", "8-32-1", "12-12-12-1", "2-8-8-8-8-6-3-1")


def problem(arch: str) -> str:
    layers = [int(n) for n in arch.split("-")]
    return (f'learning_rate = 0.1\n[network]\nlayers = {layers}\nactivation = "sigmoid"\n'
            f'[init]\nseed = 1\nscale = 0.5\n[[samples]]\nx = {[0.5] * layers[0]}\nt = {[0.5] * layers[-1]}\n')


if __name__ == "__main__":
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-diagram-") as tmp:
        for arch in sys.argv[1:] or NETWORKS:
            path = Path(tmp) / f"{arch}.toml"
            path.write_text(problem(arch), encoding="utf-8")
            for fmt in ("md", "latex"):
                command = [python(), "-m", "stepcalc", "solve", str(path), "--format", fmt]
                worst = max(worst, compare(f"solve {arch} --format {fmt}", command, BASELINE, LIMIT, repeats=3))
    sys.exit(0 if worst <= LIMIT else 1)
