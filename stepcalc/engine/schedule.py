"""Which samples make up each update of an epoch: the problem's schedule (online, batch, minibatch)."""
from __future__ import annotations

from stepcalc.problem.validate import Problem


def batch_size(problem: Problem) -> int:
    if problem.update == "batch":
        return len(problem.samples)
    if problem.update == "minibatch":
        assert problem.batch_size is not None
        return problem.batch_size
    return 1


def schedule(problem: Problem) -> list[tuple[int, ...]]:
    """The sample indices of each update within one epoch, in file order (the last batch may be short)."""
    size = batch_size(problem)
    n = len(problem.samples)
    return [tuple(range(start, min(start + size, n))) for start in range(0, n, size)]


def is_single_step(problem: Problem) -> bool:
    return problem.epochs == 1 and len(problem.samples) == 1


def total_updates(problem: Problem) -> int:
    return problem.epochs * len(schedule(problem))
