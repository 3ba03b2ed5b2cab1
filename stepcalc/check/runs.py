"""Claims on a training run (or a single step, a run of one update): each claim's pass or batch
update found by its run prefix, the run worked as far as the claims reach, and every part marked.

Error carried forward crosses updates: the claimant's next update starts from the weights, biases
and update-rule state they claimed (w.A.B, b.U, dw.A.B, m.A.B …), and their own value of anything
they did not claim is what follows from those, so a pass worked correctly from their own wrong
weights is `carried`. Within a part, as for a single step, a step's own inputs are the claimed ones
where given, else these own values. Nothing here knows a format.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import islice
from typing import Mapping

from stepcalc import ids as sid
from stepcalc.check.claim_keys import StepNames, step_names
from stepcalc.check.claims import Claim, key_label
from stepcalc.check.marking import check
from stepcalc.check.report import Marked
from stepcalc.render.solution import computed_parameter_kinds
from stepcalc.engine.chain import with_chain_steps
from stepcalc.engine.derive import Derivation, batch_update, derive
from stepcalc.engine.iterations import Update, iterate_updates
from stepcalc.engine.numbers import Value
from stepcalc.engine.schedule import schedule
from stepcalc.errors import ProblemError
from stepcalc.notation import Notation
from stepcalc.problem.validate import Problem


def _update_of(problem: Problem, plan: list[tuple[int, ...]], prefix: str) -> int | None:
    """The update (from 0, in run order) holding the pass or batch update `prefix` names; None if none."""
    epoch_part, part = sid.prefix_parts(prefix)
    epoch, letter, number = int(epoch_part[1:]), part[0], int(part[1:])
    if not 1 <= epoch <= problem.epochs or number < 1:
        return None
    first_of_epoch = (epoch - 1) * len(plan)
    if letter == "b":
        # A batch of one sample updates in its own pass: it has no eE.bB. steps.
        if number > len(plan) or len(plan[number - 1]) == 1:
            return None
        return first_of_epoch + number - 1
    if number > len(problem.samples):
        return None
    return first_of_epoch + next(i for i, samples in enumerate(plan) if number - 1 in samples)


def _prefixes_expected(problem: Problem, plan: list[tuple[int, ...]], first: str) -> str:
    batches = [b + 1 for b, samples in enumerate(plan) if len(samples) > 1]
    expected = f"eE.sS. (E from 1 to {problem.epochs}, S from 1 to {len(problem.samples)}; not {first})"
    if batches:
        expected += f" or eE.bB. (B one of {', '.join(map(str, batches))})"
    return f"expected {expected} before a step id, or no prefix for the run's first pass"


def _views(update: Update) -> dict[str, Derivation]:
    """The update's parts by prefix: each pass (its steps only: a pass in a batch stops at its
    gradients), then the batch update."""
    views = {p.prefix: replace(p.derivation, steps=p.steps) for p in update.passes}
    if update.batch_step is not None:
        views[update.batch_prefix] = update.batch_step
    return views


def check_run(problem: Problem, claims: tuple[Claim, ...], source: str) -> tuple[list[Marked], Notation]:
    """Every claim resolved and marked, grouped by part in run order; and the notation the names use."""
    from stepcalc.render.solution import problem_notation

    plan = schedule(problem)
    first = sid.pass_prefix(1, plan[0][0] + 1)
    located: list[tuple[Claim, str, str, int]] = []  # claim, prefix, key after it, update index
    for claim in claims:
        prefix, rest = sid.split_run_prefix(claim.key)
        if not prefix:
            located.append((claim, "", claim.key, 0))
            continue
        where = key_label(claim.key)
        if prefix == first:
            raise ProblemError(source, where, f"the run's first pass has no prefix; expected {rest}")
        index = _update_of(problem, plan, prefix)
        if index is None:
            raise ProblemError(source, where, "names no pass or batch update of this run; "
                               + _prefixes_expected(problem, plan, first))
        located.append((claim, prefix, rest, index))

    # Only as far as the claims reach: the run's later updates cannot change these verdicts.
    last = max((index for *_, index in located), default=0)
    updates = list(islice(iterate_updates(problem), last + 1))
    views: dict[str, Derivation] = {}
    for update in updates:
        views.update(_views(update))
    notation = problem_notation(updates[0].passes[0].derivation)
    if notation.layout == "chain":  # the chain-rule factors each pass prints can be claimed too
        passes = pass_prefixes(updates)
        views.update({prefix: with_chain_steps(view) for prefix, view in views.items() if prefix in passes})
    names: dict[str, StepNames] = {}
    by_part: dict[str, dict[str, Claim]] = {}
    for claim, prefix, rest, index in located:
        if prefix not in names:
            names[prefix] = step_names(views[prefix], notation)
        step_id = _resolve(names[prefix], rest, source, claim, prefix, updates[index], views)
        part = by_part.setdefault(prefix, {})
        if step_id in part:
            other = part[step_id].key
            raise ProblemError(source, key_label(claim.key), f"names step {sid.prefixed(prefix, step_id)}, as "
                               f"{key_label(other)} does; expected one claim per step")
        part[step_id] = claim
    return _mark(problem, updates, by_part, notation.layout == "chain"), notation


def pass_prefixes(updates: list[Update]) -> set[str]:
    return {p.prefix for update in updates for p in update.passes}


def _resolve(names: StepNames, rest: str, source: str, claim: Claim, prefix: str, update: Update,
             views: Mapping[str, Derivation]) -> str:
    try:
        return names.resolve(rest, source, claim.key if prefix else None)
    except ProblemError:
        # Δw and the new weights of a batch are the batch update's, not a pass's.
        batch = views.get(update.batch_prefix) if update.batch_step is not None else None
        if batch is not None and rest in {s.id for s in batch.steps}:
            raise ProblemError(source, key_label(claim.key), "is a step of the batch update; expected "
                               + sid.prefixed(update.batch_prefix, rest)) from None
        raise


def _mark(problem: Problem, updates: list[Update], by_part: Mapping[str, Mapping[str, Claim]],
          chain: bool = False) -> list[Marked]:
    marked: list[Marked] = []
    own_params: dict[str, Value] | None = None  # the claimant's start of the update; None: the true one
    for index, update in enumerate(updates):
        # after the first update the weights are computed values, written with the weights' decimals
        computed = computed_parameter_kinds(problem) if index else frozenset()
        if own_params is None:
            mine = [p.derivation for p in update.passes]
        else:
            mine = [derive(problem, s, None, own_params) for s in update.samples]
        for p, m in zip(update.passes, mine):
            claims = by_part.get(p.prefix, {})
            if claims:
                view = replace(p.derivation, steps=p.steps)
                own = m.values
                if chain:
                    view, own = with_chain_steps(view, set(claims)), with_chain_steps(m).values
                marked.append(Marked(view, claims, check(view, claims, own, p.prefix), own, computed))
        result, result_claims = mine[0], by_part.get(update.passes[0].prefix, {})
        if update.batch_step is not None:
            result = update.batch_step if own_params is None else batch_update(tuple(mine), None, own_params)
            own = dict(result.values)
            for p in update.passes:  # the per-sample losses and gradients the batch sums, as claimed
                for key, claim in by_part.get(p.prefix, {}).items():
                    if sid.in_sample(p.derivation.sample + 1, key) in own:
                        own[sid.in_sample(p.derivation.sample + 1, key)] = claim.value
            result = replace(result, values=own)
            result_claims = by_part.get(update.batch_prefix, {})
            if result_claims:
                marked.append(Marked(update.batch_step, result_claims,
                                     check(update.batch_step, result_claims, own, update.batch_prefix), own,
                                     computed))
        if index + 1 == len(updates):
            break
        theirs = replace(result, values={**result.values, **{k: c.value for k, c in result_claims.items()}})
        own_params = {**theirs.new_parameters(), **theirs.carried_state()}
        if own_params == {**update.result.new_parameters(), **update.result.carried_state()}:
            own_params = None  # nothing of theirs differs: the true passes are theirs
    return marked
