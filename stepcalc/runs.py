"""The multi-step commands end to end: `solve` of a training run, and `train`.

Kept apart from cli.py (which only parses) and from the engine (which knows no format or terminal).
"""
from __future__ import annotations

import sys
from typing import Callable

from .numbers import Rounding
from .problem import Problem

FULL_WHEN_AT_MOST = 4  # updates; a longer run shows its first FULL_DEFAULT updates in full
FULL_DEFAULT = 2


def solve_run(problem: Problem, fmt: str, rounding: Rounding, full: int | None = None, every: int | None = None,
              epoch_weights: bool = False, fragment: bool = False) -> str:
    """The first updates worked in full by the engine, then the loss (and weights) per epoch."""
    from .iterations import work_updates
    from .schedule import total_updates
    from .render_run import render_run
    from .render_train import default_report_every, reported_epochs
    from .train import train

    total = total_updates(problem)
    if full is None:
        full = total if total <= FULL_WHEN_AT_MOST else FULL_DEFAULT
    updates = work_updates(problem, min(full, total), rounding)
    every = every or default_report_every(problem.epochs)
    # The per-epoch table comes from the numeric path, which tests hold equal to the engine.
    snapshots = set(reported_epochs(problem.epochs, every)) if epoch_weights else None
    result = train(problem, snapshot_epochs=snapshots)
    return render_run(problem, updates, result.losses, result.snapshots, every, fmt, fragment)


def train_report(problem: Problem, fmt: str, epochs: int | None = None, every: int | None = None,
                 fragment: bool = False) -> str:
    from .render_train import render_training
    from .train import train

    progress = terminal_progress() if sys.stderr.isatty() else None
    result = train(problem, epochs, progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    return render_training(problem, result, every, fmt, fragment)


def terminal_progress() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rtraining: epoch {done:,} of {total:,} ({100 * done // total}%)")
        sys.stderr.flush()

    return show
