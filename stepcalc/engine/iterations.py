"""Training runs worked step by step: the schedule (epochs, online/batch/minibatch updates) over the engine.

Each update is built from `derive` (one pass per sample) and, for batches, `batch_update`; weights and
the previous changes (for momentum) are carried from one update to the next. Nothing here knows a format.

Step ids: the steps of a sample's pass carry the prefix `eE.sS.` (epoch E, sample S, from 1), those
of a batch update `eE.bB.` (batch B of the epoch); the run's first pass has no prefix, so a
single-step problem keeps the ids of `derive`.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Collection, Iterator

from stepcalc import ids as sid
from stepcalc.engine.derive import Derivation, batch_update, derive, initial_parameters
from stepcalc.engine.numbers import Rounding
from stepcalc.problem.validate import Problem
from stepcalc.engine.schedule import schedule

# Sections of a pass that belong to a batch update: its own update and after-pass are not what happens.
BATCH_PASS_SECTIONS = ("forward", "loss", "backward")


@dataclass(frozen=True)
class Pass:
    derivation: Derivation
    prefix: str
    in_batch: bool  # its steps stop at the gradients; the batch update applies them

    @property
    def steps(self) -> tuple:
        d = self.derivation
        if not self.in_batch:
            return d.steps
        return tuple(s for s in d.steps if s.section in BATCH_PASS_SECTIONS or s.kind == "grad")


@dataclass(frozen=True)
class Update:
    """One weight update: one sample (online) or one batch of samples."""

    epoch: int  # from 1
    batch: int  # from 1, within the epoch
    samples: tuple[int, ...]  # indices into problem.samples
    passes: tuple[Pass, ...]
    batch_step: Derivation | None  # the summed update of a batch; None when one sample updates alone
    batch_prefix: str

    @property
    def result(self) -> Derivation:
        return self.batch_step if self.batch_step is not None else self.passes[0].derivation


def work_updates(problem: Problem, count: int, rounding: Rounding | None = None) -> list[Update]:
    """The first `count` updates of the run, every step from the engine."""
    return list(islice(iterate_updates(problem, rounding), count))


def iterate_updates(problem: Problem, rounding: Rounding | None = None) -> Iterator[Update]:
    """Every update of the run in order, each worked by the engine from the parameters (and the
    update rule's state: previous changes, moments, t) the previous one left; `rounding` defaults to the problem's."""
    rounding = rounding or problem.rounding
    params = initial_parameters(problem)
    plan = schedule(problem)
    first = True
    for epoch in range(1, problem.epochs + 1):
        for number, samples in enumerate(plan, start=1):
            alone = len(samples) == 1
            passes = []
            for s in samples:
                prefix = "" if first and not passes else sid.pass_prefix(epoch, s + 1)
                passes.append(Pass(derive(problem, s, rounding, params), prefix, not alone))
            step = None if alone else batch_update(tuple(p.derivation for p in passes), rounding, params)
            update = Update(epoch, number, samples, tuple(passes), step, sid.batch_prefix(epoch, number))
            first = False
            yield update
            params = {**update.result.new_parameters(), **update.result.carried_state()}


@dataclass(frozen=True)
class History:
    """A run's per-epoch losses and (optionally) parameters, as the engine computes them."""

    losses: list[float]  # losses[k]: loss of epoch k + 1's own forward passes
    snapshots: dict[int, dict[str, float]] | None  # "w.A.B"/"b.U" after the epochs asked for


def engine_history(problem: Problem, rounding: Rounding, snapshot_epochs: Collection[int] | None = None) -> History:
    """The epoch table worked by the engine itself: in carry mode the numbers a book would carry on.

    An epoch's loss is that of its passes as met, summed (mse: averaged), then rounded as a loss."""
    losses: list[float] = []
    snapshots = None if snapshot_epochs is None else {}
    met: list[float] = []
    updates_per_epoch = len(schedule(problem))
    # numbers only: the passes are replayed from the first of each shape, not derived step by step
    from stepcalc.engine.replay import replay_updates

    for update in replay_updates(problem, rounding):
        met.extend(update.losses)
        if update.batch != updates_per_epoch:
            continue
        total = sum(met) / len(met) if problem.loss_function.batch_mean else sum(met)
        losses.append(rounding.carry("loss", total))
        met = []
        if snapshots is not None and update.epoch in snapshot_epochs:
            snapshots[update.epoch] = {sid.updated(k): v for k, v in update.new_parameters().items()}
    return History(losses, snapshots)
