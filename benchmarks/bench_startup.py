"""The fixed cost of a stepcalc process against `python -c pass` (limit 2× for a warm solve).

A warm `stepcalc solve examples/seed001.toml --format md` (derivation memo on disk, so sympy is not
imported), `import stepcalc` and `stepcalc --help`; and, for reference, the floors every solve pays:
jinja2's own import, and the standard library a solve cannot do without (reading TOML, argparse,
dataclasses, fractions) — each of `import dataclasses` and `import tomllib` alone is above 2× here.
Run: python benchmarks/bench_startup.py
"""
from __future__ import annotations

import sys

from common import compare, python

LIMIT = 2.0
BASELINE = [python(), "-c", "pass"]
SOLVE = [python(), "-m", "stepcalc", "solve", "examples/seed001.toml", "--format", "md"]

if __name__ == "__main__":
    repeats = 15
    warm = compare("solve seed001 --format md, memo warm", SOLVE, BASELINE, LIMIT, repeats)
    compare("import stepcalc", [python(), "-c", "import stepcalc"], BASELINE, LIMIT, repeats)
    compare("stepcalc --help", [python(), "-m", "stepcalc", "--help"], BASELINE, LIMIT, repeats)
    compare("floor: import jinja2", [python(), "-c", "import jinja2"], BASELINE, LIMIT, repeats)
    compare("floor: import dataclasses, tomllib, argparse, fractions",
            [python(), "-c", "import dataclasses, tomllib, argparse, fractions"], BASELINE, LIMIT, repeats)
    sys.exit(0 if warm <= LIMIT else 1)
