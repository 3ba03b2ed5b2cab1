"""The multi-step commands end to end: `solve` of a training run, and `train`.

Kept apart from cli.py (which only parses) and from the engine (which knows no format or terminal).
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable, Sequence

from .errors import ProblemError
from .numbers import Rounding
from .problem import Problem

if TYPE_CHECKING:
    from .figures import FigureSaver

FULL_WHEN_AT_MOST = 4  # updates; a longer run shows its first FULL_DEFAULT updates in full
FULL_DEFAULT = 2
# Carry rounding is the engine's alone, so a carried run's epoch table is worked step by step:
# at most this many sample passes (epochs × samples), a few seconds of work.
MAX_CARRIED_PASSES = 5_000


def solve_run(problem: Problem, fmt: str, rounding: Rounding, full: int | None = None, every: int | None = None,
              epoch_weights: bool = False, fragment: bool = False, template: str | None = None,
              derivation: bool | None = None, save_figure: FigureSaver | None = None) -> str:
    """The first updates worked in full by the engine, then the loss (and weights) per epoch."""
    from .iterations import work_updates
    from .schedule import total_updates
    from .render_train import default_report_every, reported_epochs

    total = total_updates(problem)
    passes = problem.epochs * len(problem.samples)
    if rounding.mode == "carry" and passes > MAX_CARRIED_PASSES:
        raise ProblemError(problem.source, "rounding.mode",
                           f"carry rounding is worked step by step by the engine, for at most {MAX_CARRIED_PASSES:,} "
                           f"sample passes (epochs × samples); this run has {passes:,}: use fewer epochs, "
                           'or mode = "exact" (computed in full precision)')
    if full is None:
        full = total if total <= FULL_WHEN_AT_MOST else FULL_DEFAULT
    updates = work_updates(problem, min(full, total), rounding)
    every = every or default_report_every(problem.epochs)
    snapshots = set(reported_epochs(problem.epochs, every)) if epoch_weights else None
    if rounding.mode == "carry":
        # The numeric path cannot round as a book does: the table continues the carried numbers.
        from .iterations import engine_history

        history = engine_history(problem, rounding, snapshots)
        losses, weights = history.losses, history.snapshots
    else:
        # The per-epoch table comes from the numeric path, which tests hold equal to the engine.
        from .train import train

        result = train(problem, snapshot_epochs=snapshots)
        losses, weights = result.losses, result.snapshots
    from .render_run import render_run

    return render_run(problem, updates, losses, weights, every, fmt, fragment, rounding=rounding, template=template,
                      derivation=derivation, loss_curve=_loss_curve(losses, fmt, save_figure), save_figure=save_figure)


def train_report(problem: Problem, fmt: str, epochs: int | None = None, every: int | None = None,
                 fragment: bool = False, save_figure: FigureSaver | None = None) -> str:
    if problem.rounding.mode == "carry":
        raise ProblemError(problem.source, "rounding.mode",
                           "stepcalc train computes in full precision and cannot round each step as a book does; "
                           'use stepcalc solve for a carried run, or mode = "exact"')
    from .render_train import render_training
    from .train import train

    progress = terminal_progress() if sys.stderr.isatty() else None
    result = train(problem, epochs, progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    return render_training(problem, result, every, fmt, fragment, loss_curve=_loss_curve(result.losses, fmt, save_figure))


def _loss_curve(losses: Sequence[float], fmt: str, save_figure: FigureSaver | None) -> str:
    if fmt not in ("md", "latex"):
        return ""
    from .figures import loss_curve_block, loss_history

    return loss_curve_block(loss_history(losses), fmt, save_figure)


def terminal_progress() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rtraining: epoch {done:,} of {total:,} ({100 * done // total}%)")
        sys.stderr.flush()

    return show
