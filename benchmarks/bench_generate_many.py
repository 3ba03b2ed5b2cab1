"""`stepcalc generate --count N` of a 2-2-1 problem with Markdown files: the cost of one more variant.

Runs N = 100, 500 and 999 (interleaved, medians) and prints the cost per variant between them: it must
stay the same as the run grows (within 25 %) and be at most 6 ms (the derivation memo warm). Costs are
the processes' CPU time (user + system): on a shared machine wall time mostly measures the neighbours.
Run: python benchmarks/bench_generate_many.py
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile

import resource
import subprocess

from common import ROOT, python


def cpu_time(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) the command's process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

LIMIT_MS = 6.0
GROWTH = 1.25
COUNTS = (100, 500, 999)

if __name__ == "__main__":
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times: dict[int, list[float]] = {n: [] for n in COUNTS}
    with tempfile.TemporaryDirectory(prefix="bench-generate-many-") as out:
        def run(n: int) -> float:
            return cpu_time([python(), "-m", "stepcalc", "generate", "--arch", "2-2-1", "--count", str(n),
                              "--seed", "7", "--format", "md", "--out", f"{out}/{n}"], env)
        run(COUNTS[0])  # warm the memo and the .pyc files
        for _ in range(3):
            for n in COUNTS:
                times[n].append(run(n))
    t = {n: statistics.median(v) for n, v in times.items()}
    early = (t[500] - t[100]) / 400 * 1000
    late = (t[999] - t[500]) / 499 * 1000
    print(f"generate --count 100/500/999: {t[100]:.2f} s, {t[500]:.2f} s, {t[999]:.2f} s; per variant "
          f"{early:.2f} ms (100→500), {late:.2f} ms (500→999); limits {LIMIT_MS} ms, growth {GROWTH}×")
    sys.exit(0 if max(early, late) <= LIMIT_MS and late <= GROWTH * early else 1)
