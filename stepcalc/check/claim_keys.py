"""Which step a claim's key names: a step id, or a symbol the way the problem's notation writes it.

The names come from the notation itself (each step's left-hand side written as text and as LaTeX),
so every notation style supplies its own aliases (y_h1, δ_o, w'_x1,h1 in the default style; y_3, δ_5,
w_1,1 in a style that numbers units) without a table of its own. A key is looked up exactly first,
then loosely: without spaces, underscores, braces, backslashes and commas, Greek letters spelled out,
case ignored (delta_o, deltao and δ_o are one name; w11 is w_{1,1}). A name that fits two steps is
refused, never guessed.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from stepcalc import ids as sid
from stepcalc.check.claims import Claim, key_label
from stepcalc.engine.derive import Derivation
from stepcalc.errors import ProblemError
from stepcalc.engine.expr import symbols
from stepcalc.notation import Notation

GREEK_NAMES = {"δ": "delta", "Δ": "delta", "η": "eta", "σ": "sigma", "θ": "theta", "α": "alpha",
               "∂": "d", "−": "-", "⁺": "+", "′": "'"}
IGNORED = set(" _{}\\,")
GIVEN = "given:"  # prefix of targets that are given values, not steps

ID_FORMS = "a step id (net.U, out.U, loss, err.U, delta.U, grad.A.B, dw.A.B, w.A.B, b.U, after.out.U, chain.dEdout.U in a chain-layout style …)"


def loose(name: str) -> str:
    """The form two spellings of one name share: δ_{h1}, delta_h1 and Deltah1 → deltah1."""
    return "".join(GREEK_NAMES.get(c, c) for c in name if c not in IGNORED).casefold()


@dataclass
class StepNames:
    ids: tuple[str, ...]
    exact: dict[str, set[str]] = field(default_factory=dict)  # name → targets (step ids, or GIVEN + key)
    loose: dict[str, set[str]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # target → its name as text, for messages

    def add(self, name: str, target: str) -> None:
        self.exact.setdefault(name, set()).add(target)
        self.loose.setdefault(loose(name), set()).add(target)

    def resolve(self, key: str, source: str, written: str | None = None) -> str:
        """The step id `key` names; a ProblemError (exit status 2) when it names none, or several.
        `written` is the key as the file has it, when `key` is its part after a run prefix."""
        where = key_label(key if written is None else written)
        if key in self.ids:
            return key
        targets = self.exact.get(key) or self.loose.get(loose(key))
        if not targets:
            prefix = "" if written is None else written[:len(written) - len(key)]
            raise ProblemError(source, where, f"matches no step; expected {ID_FORMS} or a symbol name "
                               f"such as {self.shown.get(self.ids[0], self.ids[0])}{self._suggest(key, prefix)}")
        if len(targets) > 1:
            listed = ", ".join(f"{t} ({self.shown.get(t, t)})" for t in sorted(targets))
            raise ProblemError(source, where, f"is ambiguous: it could be {listed}; use the step id")
        target = next(iter(targets))
        if target.startswith(GIVEN):
            given = target.removeprefix(GIVEN)
            raise ProblemError(source, where, f"is the given value {given}, not a computed step; "
                               f"expected {ID_FORMS}")
        return target

    def _suggest(self, key: str, prefix: str = "") -> str:
        candidates = list(self.ids) + [name for name in self.shown.values() if name not in self.ids]
        close = difflib.get_close_matches(key, candidates, n=4, cutoff=0.6)
        # Under a run prefix, suggest the step ids as the run lists them.
        close = [prefix + name for name in close if name in self.ids] if prefix else close
        return f"; did you mean {', '.join(close)}?" if close else ""


def step_names(d: Derivation, notation: Notation) -> StepNames:
    """Every name a claim may use for a step of `d`, as `notation` writes the steps."""
    ids = tuple(s.id for s in d.steps)
    names = StepNames(ids)
    for s in d.steps:
        names.shown[s.id] = notation.symbol(s.lhs, "text")
        for fmt in ("text", "latex"):
            names.add(notation.symbol(s.lhs, fmt), s.id)
    step_ids = set(ids)
    for s in d.steps:
        for sym in symbols(s.formula):
            if sym.key in step_ids:
                continue
            # A given weight or bias written as a claim can only mean its new value (step w.A.B, b.U).
            updated = sid.is_given_parameter(sym.key) and sid.updated(sym.key) in step_ids
            target = sid.updated(sym.key) if updated else GIVEN + sym.key
            for fmt in ("text", "latex"):
                names.add(notation.symbol(sym, fmt), target)
    return names


def resolve_claims(d: Derivation, claims: tuple[Claim, ...], notation: Notation, source: str) -> dict[str, Claim]:
    """The claims keyed by the step id each names; two claims for one step are refused."""
    names = step_names(d, notation)
    by_step: dict[str, Claim] = {}
    for claim in claims:
        step_id = names.resolve(claim.key, source)
        if step_id in by_step:
            other = by_step[step_id].key
            raise ProblemError(source, key_label(claim.key), f"names step {step_id}, as {key_label(other)} does; "
                               "expected one claim per step")
        by_step[step_id] = claim
    return by_step
