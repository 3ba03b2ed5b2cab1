"""Whole-process timing against a baseline measured in the same run: medians of interleaved runs."""
from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent


def wall_time(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(name: str, command: Sequence[str], baseline: Sequence[str], limit: float, repeats: int = 7,
            extra_env: dict[str, str] | None = None) -> float:
    """Print both medians and their ratio; return the ratio. Runs alternate so drift hits both."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(extra_env or {}))
    # An installed package has its bytecode compiled at install time; a checkout may not (e.g. under
    # PYTHONDONTWRITEBYTECODE=1), and compiling every module on every run is not what users pay.
    compileall.compile_dir(str(ROOT / "stepcalc"), quiet=1)
    wall_time(command, env)  # warm the file cache and .pyc files
    wall_time(baseline, env)
    ours, theirs = [], []
    for _ in range(repeats):
        ours.append(wall_time(command, env))
        theirs.append(wall_time(baseline, env))
    a, b = statistics.median(ours), statistics.median(theirs)
    ratio = a / b
    print(f"{name}: {a * 1000:.0f} ms; baseline {' '.join(baseline[-2:])}: {b * 1000:.0f} ms; "
          f"ratio {ratio:.2f} (limit {limit})")
    return ratio


def python() -> str:
    return sys.executable
