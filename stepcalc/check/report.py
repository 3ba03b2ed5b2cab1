"""Verdicts → a table a marker can hand back (text or Markdown, laid out by templates/<fmt>/check.*.j2)
or JSON. Every line of working is written by render.Writer, with the claimant's numbers where the
explanation is about them; no arithmetic happens here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from stepcalc.check.marking import Diagnosis, Verdict, own_values
from stepcalc.check.claims import Claim
from stepcalc.engine.derive import Derivation
from stepcalc.engine.expr import Sym, symbols
from stepcalc.notation import Notation
from stepcalc.engine.numbers import Rounding, Value, as_float, fixed, plain
from stepcalc.render.formats import format_for, unicode_minus
from stepcalc.render.solution import Writer
from stepcalc.render.templating import environment

class ClaimantWriter(Writer):
    """A Writer that shows each claimed value exactly as the claimant wrote it."""

    def __init__(self, derivation: Derivation, fmt: str, notation: Notation, claims: Mapping[str, Claim],
                 computed_given: frozenset[str] = frozenset()) -> None:
        super().__init__(derivation, fmt, notation, computed_given=computed_given)
        self.claims = claims

    def number_of(self, sym: Sym, value: float) -> str:
        claim = self.claims.get(sym.key)
        return claim.text if claim is not None else super().number_of(sym, value)


def _widened(rounding: Rounding, places: int) -> Rounding:
    """At least `places` decimals for every kind: the right value shown as precisely as the claim."""
    return Rounding(rounding.mode, max(rounding.decimals, places),
                    {kind: max(n, places) for kind, n in rounding.per_kind.items()}, rounding.rule)


class _Explainer:
    def __init__(self, d: Derivation, claims: Mapping[str, Claim], fmt: str, notation: Notation,
                 own: Mapping[str, Value] | None = None, computed_given: frozenset[str] = frozenset()) -> None:
        self.d, self.claims, self.notation = d, claims, notation
        self.computed_given = computed_given
        self.form = format_for(fmt)
        self.fmt = self.form.dialect
        self.claimed_values = own_values(d, claims, own)
        self.steps = {s.id: s for s in d.steps}

    def math(self, text: str) -> str:
        return self.form.math(text, text)

    def words(self, text: str) -> str:
        return self.form.escape(text)

    def writer(self, places: int, claimant: bool) -> Writer:
        if claimant:
            d = replace(self.d, rounding=_widened(self.d.rounding, places), values=self.claimed_values)
            return ClaimantWriter(d, self.fmt, self.notation, self.claims, self.computed_given)
        return Writer(replace(self.d, rounding=_widened(self.d.rounding, places)), self.fmt, self.notation,
                      computed_given=self.computed_given)

    def number(self, w: Writer, value: float, kind: str) -> str:
        """A value outside math (table cells, sentences): with a true minus sign in every format."""
        return unicode_minus(w.number(value, kind))

    def row(self, v: Verdict) -> dict[str, Any]:
        places = v.claim.places
        right = self.writer(places, claimant=False)
        symbol = right.symbol(v.step.lhs)
        correct = self.number(right, v.correct, v.step.kind)
        if v.verdict == "correct":
            explanation = self.words(f"within ±{plain(v.claim.tolerance)} of {correct}")
        elif v.verdict == "carried":
            mine = self.writer(places, claimant=True)
            explanation = (self.words("error carried forward: right from your ") + self._inputs(v) + ": "
                           + self.math(mine.step(replace(v.step, value=v.carried))["line"]))
        else:
            parts = [self.words(self._diagnosis(v.diagnosis, v, right) + "; ")] if v.diagnosis else []
            parts.append(self.words("working: ") + self._working(v, right))
            if v.carried is not None and v.carried_differs():
                parts.append(self.words(" (from your ") + self._inputs(v)
                             + self.words(f": {self.number(right, v.carried, v.step.kind)})"))
            explanation = "".join(parts)
        return {
            "id": self.words(v.id),
            "symbol": self.math(symbol),
            "claimed": unicode_minus(v.claim.text),
            "correct": correct,
            "verdict": v.verdict,
            "diagnosis": self.words(v.diagnosis.name) if v.diagnosis else "",
            "explanation": explanation,
        }

    def _working(self, v: Verdict, w: Writer) -> str:
        """The step's line with the right numbers; a step that only copies another (y = net for the
        identity) shows that one's line first, where the numbers are."""
        lines = [w.step(v.step)["line"]]
        if isinstance(v.step.formula, Sym) and v.step.formula.key in self.steps:
            lines.insert(0, w.step(self.steps[v.step.formula.key])["line"])
        return self.words("; ").join(self.math(line) for line in lines)

    def _inputs(self, v: Verdict) -> str:
        """The claimed inputs by name (as math in Markdown): 'y_h1, y_h2'."""
        w = Writer(self.d, self.fmt, self.notation)
        return ", ".join(self.math(w.symbol(sym)) for sym in symbols(v.step.formula) if sym.key in v.claimed_inputs)

    def _diagnosis(self, diagnosis: Diagnosis, v: Verdict, w: Writer) -> str:
        reference = "the correct value" if diagnosis.basis == "correct" else "the value from your own inputs"
        value = self.number(w, diagnosis.reference, v.step.kind)
        if diagnosis.name == "truncated":
            places = f"{diagnosis.power} decimal{'s' if diagnosis.power != 1 else ''}"
            return f"truncated instead of rounded: {reference} is {value}, rounded to {places} it is " \
                   f"{unicode_minus(fixed(diagnosis.rounded, diagnosis.power))}"
        if diagnosis.name == "sign":
            return f"sign slip: {reference} is {value}"
        if diagnosis.name == "decimal_shift":
            return f"decimal point slip: {reference} is {value}, the claim is {plain(diagnosis.factor)} times that"
        if diagnosis.name == "rounded_early":
            places = f"{diagnosis.power} decimal{'s' if diagnosis.power > 1 else ''}"
            return f"rounded too early: from inputs rounded to {places} it is {value}"
        if diagnosis.name == "updated_weight":
            return f"used the updated weights in the backward pass (that gives {value})"
        if diagnosis.name == "no_derivative":
            return f"left out the activation's derivative factor (that gives {value})"
        raise ValueError(f"no explanation for diagnosis {diagnosis.name!r}")


@dataclass(frozen=True)
class Marked:
    """One pass or batch update of a run with its claims (keyed by unprefixed step id) and verdicts."""

    derivation: Derivation
    claims: Mapping[str, Claim]
    verdicts: list[Verdict]
    own: Mapping[str, Value] | None = None  # the claimant's own values of unclaimed quantities
    computed_given: frozenset[str] = frozenset()  # given kinds computed by an earlier update (Writer)


def render_marked(parts: list[Marked], fmt: str, notation: Notation, claims_source: str, width: int = 100,
                  ascii: bool = False) -> str:
    """The verdicts of every part (passes and batch updates, in run order) as one text, md or json report;
    `ascii`: every cell in ASCII spellings before the template measures the columns."""
    verdicts = [v for part in parts for v in part.verdicts]
    if fmt == "json":
        return check_json(verdicts)
    d = parts[0].derivation
    rows = []
    for part in parts:  # one explainer per part: it copies the part's values and indexes its steps
        explainer = _Explainer(part.derivation, part.claims, fmt, notation, part.own, part.computed_given)
        rows.extend(explainer.row(v) for v in part.verdicts)
    if ascii:
        from stepcalc.render.ascii import ascii_spelling

        rows = [{key: ascii_spelling(value) if isinstance(value, str) else value for key, value in row.items()}
                for row in rows]
    counts = {name: sum(v.verdict == name for v in verdicts) for name in ("correct", "carried", "wrong")}
    escape = format_for(fmt).escape
    context = {
        "claims_source": escape(Path(claims_source).name),
        "problem_source": escape(Path(d.problem.source).name),
        "rows": rows,
        "counts": counts,
        "total": len(verdicts),
        "width": width,  # text: the explanations wrap to fit
    }
    return environment().get_template(format_for(fmt).template("check")).render(**context)


def check_json(verdicts: list[Verdict]) -> str:
    document = {"verdicts": [{
        "id": v.id,
        "key": v.claim.key,
        "claimed": as_float(v.claim.value),
        "correct": as_float(v.correct),
        "carried": None if v.carried is None else as_float(v.carried),
        "verdict": v.verdict,
        "diagnosis": v.diagnosis.name if v.diagnosis else None,
        "tolerance": v.claim.tolerance,
    } for v in verdicts]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
