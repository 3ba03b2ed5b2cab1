"""Claims × Derivation → verdicts: correct, carried (error carried forward) or wrong, with a diagnosis.

A step's direct inputs are the symbols of its formula, and its value is that formula evaluated; so
"the value from the claimant's own inputs" is the same formula evaluated with the claimed values
put in place of the true ones. Nothing here knows a format.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import AbstractSet, Callable, Mapping

from stepcalc.engine import expr as ex
from stepcalc import ids as sid
from stepcalc.check.claims import Claim
from stepcalc.engine.derive import Derivation, Step
from stepcalc.engine.numbers import Value, rounded

VERDICTS = ("correct", "carried", "wrong")
SHIFTS = tuple(k for k in range(-6, 7) if k)  # powers of ten tried for a misplaced decimal point


@dataclass(frozen=True)
class Diagnosis:
    name: str  # truncated, sign, decimal_shift, rounded_early, updated_weight, no_derivative
    basis: str  # "correct" (from the true values) or "carried" (from the claimant's own inputs)
    reference: Value  # the correct or carried value, or what the slip makes of it (updated_weight …)
    power: int = 0  # decimal_shift: the claim is the reference × 10^power; rounded_early, truncated: the decimals
    rounded: Value = 0  # truncated: the reference rounded (by the problem's rule) to the claim's decimals

    @property
    def factor(self) -> float:
        return 10.0 ** self.power


@dataclass(frozen=True)
class Verdict:
    step: Step
    claim: Claim
    correct: float
    carried: float | None  # None when none of the step's direct inputs was claimed
    verdict: str
    diagnosis: Diagnosis | None
    claimed_inputs: tuple[str, ...]  # the direct inputs the claimant gave (or that follow from earlier claims), in formula order
    prefix: str = ""  # the run prefix of the step's pass or batch update ("" for the first pass)

    @property
    def id(self) -> str:
        """The step's id as a run lists it: e1.s2.net.o."""
        return sid.prefixed(self.prefix, self.step.id)

    def carried_differs(self) -> bool:
        """Whether the claimant's own inputs lead somewhere else than the true ones (at the claim's precision)."""
        return self.carried is not None and abs(self.carried - self.correct) > self.claim.tolerance


def within(claim: Claim, value: Value) -> bool:
    if isinstance(value, Fraction):  # exact: no slack, 0.21 + 10⁻²⁵ is not 0.21
        return abs(claim.value - value) <= claim.exact_tolerance
    # A float is an irrational value to double precision: its last digits are not known.
    return abs(claim.value - value) <= claim.tolerance * (1 + 1e-9) + 1e-15


def check(d: Derivation, claims: Mapping[str, Claim], own: Mapping[str, Value] | None = None,
          prefix: str = "") -> list[Verdict]:
    """A verdict for each claim (keyed by step id), in the order of the steps.

    `own` holds the claimant's own values of what they did not claim (default: the true ones); in a
    later update of a training run these follow from the weights they claimed earlier, and an input
    whose own value differs from the true one counts as theirs, like a claimed one."""
    claimed_values = own_values(d, claims, own)
    theirs = set(claims) if own is None else set(claims) | {k for k, v in own.items() if d.values.get(k, v) != v}
    by_id = {s.id: s for s in d.steps}
    verdicts: list[Verdict] = []
    wrong: set[str] = set()  # claims marked wrong so far: a δ is recomputed from a wrong claimed f′ or error
    for s in d.steps:
        if s.id not in claims:
            continue
        if s.kind == "delta" and wrong and s.lhs.units:
            s = _delta_over_claims(s, by_id, wrong)
        verdict = _verdict(d, s, claims[s.id], theirs, claimed_values, prefix)
        if verdict.verdict == "wrong":
            wrong.add(s.id)
        verdicts.append(verdict)
    return verdicts


def _delta_over_claims(s: Step, by_id: Mapping[str, Step], claimed: AbstractSet[str]) -> Step:
    """δ_U written over its f′(net_U) (fprime.U) or back-propagated error (err.U) where `claimed` (the
    claims marked wrong) has them:
    the engine's δ is f′'s factors × the signal, the error's formula, so a δ worked from a claimant's
    wrong f′ or Σ w δ is recomputed from it and carried, as a gradient is from claimed chain-rule
    factors. A right f′ or error leaves the formula alone; a δ of another shape (softmax) too."""
    unit = s.lhs.units[0]
    error, fprime = by_id.get(sid.error(unit)), by_id.get(sid.fprime(unit))
    error_claimed = error is not None and error.id in claimed
    fprime_claimed = fprime is not None and fprime.id in claimed
    if error is None or not (error_claimed or fprime_claimed):
        return s
    if s.formula == error.formula:  # f′ = 1 (identity): δ is the signal itself
        slope: tuple[ex.Expr, ...] = ()
        signal = s.formula
    elif isinstance(s.formula, ex.Mul) and s.formula.factors[-1] == error.formula:
        slope, signal = s.formula.factors[:-1], s.formula.factors[-1]
    else:
        return s
    if fprime is None and slope:
        return s
    if fprime is not None and slope != (fprime.formula.factors if isinstance(fprime.formula, ex.Mul)
                                        else (fprime.formula,)):
        return s  # not f′ × signal: leave the engine's formula
    factors = ((fprime.lhs,) if fprime_claimed else slope) + ((error.lhs,) if error_claimed else (signal,))
    formula = factors[0] if len(factors) == 1 else ex.Mul(factors)
    return replace(s, formula=formula, expansion=None)


def own_values(d: Derivation, claims: Mapping[str, Claim], own: Mapping[str, Value] | None = None) -> dict[str, Value]:
    """The claimant's value of every quantity: claimed, else their own (default: the true one)."""
    values = dict(d.values if own is None else own)
    for step_id, claim in claims.items():
        values[step_id] = claim.value
    return values


def _verdict(d: Derivation, step: Step, claim: Claim, theirs: set[str],
             claimed_values: dict[str, float], prefix: str = "") -> Verdict:
    inputs = tuple(sym.key for sym in ex.symbols(step.formula) if sym.key in theirs)
    carried = _recompute(d, step, step.formula, claimed_values) if inputs else None
    if within(claim, step.value):
        verdict, diagnosis = "correct", None
    elif carried is not None and within(claim, carried):
        verdict, diagnosis = "carried", None
    else:
        verdict = "wrong"
        bases = [("correct", d.values)] + ([("carried", claimed_values)] if inputs else [])
        diagnosis = next((found for diagnose in DIAGNOSES
                          if (found := diagnose(d, step, claim, bases, carried)) is not None), None)
    return Verdict(step, claim, step.value, carried, verdict, diagnosis, inputs, prefix)


def _recompute(d: Derivation, step: Step, formula: ex.Expr, values: Mapping[str, float]) -> float | None:
    """`formula` on `values`, rounded as the problem rounds this step; None where it has no value."""
    try:
        value = ex.evaluate(formula, values)
    except (ArithmeticError, ValueError):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return d.rounding.carry(step.kind, value)


# --- diagnoses: each returns what the claim matches, or None ----------------------------------------
Bases = list[tuple[str, Mapping[str, float]]]


def _fits(claim: Claim, alternative: float, step: Step, carried: float | None) -> bool:
    """Whether the claim is `alternative` (what a named slip gives) and clearly not a plain slip of
    the correct or carried value: the alternative lies further than the claim's tolerance from each,
    and the claim is nearer the alternative than to each by at least a unit in its last written place.
    (0.059 against a correct 0.0582 is a slip of the last digit, even though 0.0591 fits better.)"""
    if not within(claim, alternative):
        return False
    margin = 2 * claim.tolerance
    for plain in (step.value, carried):
        if plain is None:
            continue
        if abs(alternative - plain) <= claim.tolerance:
            return False
        if abs(claim.value - plain) - abs(claim.value - alternative) < margin * (1 - 1e-9):
            return False
    return True


def _references(step: Step, carried: float | None) -> list[tuple[str, float]]:
    refs = [("correct", step.value)]
    if carried is not None:
        refs.append(("carried", carried))
    return refs


def _truncated(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: Value | None) -> Diagnosis | None:
    """The value chopped after the claim's last written decimal instead of rounded (0.5578 → 0.55)."""
    for basis, value in _references(step, carried):
        chopped = rounded(value, claim.places, "truncate")
        if chopped == claim.value and chopped != rounded(value, claim.places, d.rounding.rule):
            return Diagnosis("truncated", basis, value, claim.places, rounded(value, claim.places, d.rounding.rule))
    return None


def _sign(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: float | None) -> Diagnosis | None:
    for basis, value in _references(step, carried):
        # A value within the tolerance of 0 has no sign worth naming.
        if abs(value) > claim.tolerance and _fits(claim, -value, step, carried):
            return Diagnosis("sign", basis, value)
    return None


def _decimal_shift(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: float | None) -> Diagnosis | None:
    if claim.significant < 2:  # one written digit matches too many shifted values to mean anything
        return None
    for basis, value in _references(step, carried):
        for power in SHIFTS:
            shifted = value * 10.0 ** power
            if abs(shifted) > claim.tolerance and _fits(claim, shifted, step, carried):
                return Diagnosis("decimal_shift", basis, value, power)
    return None


def _rounded_early(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: float | None) -> Diagnosis | None:
    """Worked from its computed inputs rounded to fewer decimals than the claim is written with
    (σ(0.69) for σ(0.6860)); given values are as given, so they are never rounded."""
    step_ids = {s.id for s in d.steps}
    computed = [sym.key for sym in ex.symbols(step.formula) if sym.key in step_ids]
    if not computed:
        return None
    for basis, values in bases:
        for places in range(1, claim.places):
            early = dict(values)
            for key in computed:
                early[key] = rounded(values[key], places, d.rounding.rule)
            value = _recompute(d, step, step.formula, early)
            if value is not None and _fits(claim, value, step, carried):
                return Diagnosis("rounded_early", basis, value, places)
    return None


def _updated_weight(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: float | None) -> Diagnosis | None:
    """A hidden delta worked with the new weights (w.A.B) in place of the old ones (given.w.A.B)."""
    if step.kind != "delta":
        return None
    olds = [sym.key for sym in ex.symbols(step.formula)
            if sid.is_given_parameter(sym.key) and sid.updated(sym.key) in d.values]
    if not olds:
        return None
    for basis, values in bases:
        swapped = dict(values)
        for key in olds:
            swapped[key] = values[sid.updated(key)]
        value = _recompute(d, step, step.formula, swapped)
        if value is not None and _fits(claim, value, step, carried):
            return Diagnosis("updated_weight", basis, value)
    return None


def _no_derivative(d: Derivation, step: Step, claim: Claim, bases: Bases, carried: float | None) -> Diagnosis | None:
    """A delta without its f'(net) factor: the engine writes a delta as f'-factors × signal, the
    signal last (see derive.with_derivative); identity has no factor and softmax has its own form."""
    if step.kind != "delta" or not isinstance(step.formula, ex.Mul):
        return None
    activation = d.problem.activation(step.layer)
    if activation.linear or activation.coupled:
        return None
    signal = step.formula.factors[-1]
    for basis, values in bases:
        value = _recompute(d, step, signal, values)
        if value is not None and _fits(claim, value, step, carried):
            return Diagnosis("no_derivative", basis, value)
    return None


DIAGNOSES: tuple[Callable[[Derivation, Step, Claim, Bases, float | None], Diagnosis | None], ...] = (
    _truncated, _sign, _decimal_shift, _updated_weight, _no_derivative, _rounded_early)
