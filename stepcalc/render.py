"""Derivation → text. Numbers are formatted here and laid out by the Jinja2 templates in
templates/<format>/; no arithmetic happens past the engine.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .derive import SECTIONS, Derivation, Step, bias_key, weight_key
from .expr import Sym
from .functions import LOSSES
from .notation import DEFAULT, Notation
from .numbers import fixed, plain
from .printer import Printer
from .notes import init_note
from .templating import environment, markdown_escape, template_dir  # noqa: F401  (used by importers of render)
from .templating import escape as _escape

FORMATS = ("text", "md", "latex", "json")

# Which rounding class a symbol's value belongs to; absent kinds are given values, written as given.
SYMBOL_KIND = {
    "net": "net", "net_new": "net", "out": "out", "out_new": "out", "E": "loss", "E_new": "loss",
    "err": "error", "dEdy": "error", "delta": "delta", "grad": "grad", "grad_b": "grad",
    "dw": "dw", "db": "dw", "w_new": "weight", "b_new": "weight",
    "dw_prev": "dw", "db_prev": "dw", "E_s": "loss", "grad_s": "grad", "grad_bs": "grad",
}

SECTION_TITLES = {
    "forward": "Forward pass",
    "loss": "Error",
    "backward": "Backward pass",
    "update": "Weight updates",
    "after": "Forward pass with the new weights",
}

class Writer:
    """Formats one derivation's symbols and numbers for one output format (latex or text)."""

    def __init__(self, derivation: Derivation, fmt: str, notation: Notation = DEFAULT) -> None:
        self.d = derivation
        self.fmt = fmt
        self.notation = notation
        self.symbolic = Printer(notation, fmt)
        self.numeric = Printer(notation, fmt, derivation.values, self.number_of)

    def minus(self, text: str) -> str:
        return "−" + text[1:] if self.fmt == "text" and text.startswith("-") else text

    def number(self, value: float, kind: str | None) -> str:
        """A computed value with its kind's decimals; a given value as written."""
        return self.minus(self.digits(value, kind))

    def digits(self, value: float, kind: str | None) -> str:
        return plain(value) if kind is None else fixed(value, self.d.rounding.places(kind))

    def number_of(self, sym: Sym, value: float) -> str:
        # ASCII minus: the printer decides the sign's glyph and the parentheses around it.
        return self.digits(value, SYMBOL_KIND.get(sym.kind))

    def symbol(self, sym: Sym) -> str:
        return self.symbolic.doprint(sym)

    def step(self, step: Step) -> dict[str, Any]:
        substituted_from = step.expansion or step.formula
        lines = {
            "id": step.id,
            "kind": step.kind,
            "lhs": self.symbolic.doprint(step.lhs),
            "formula": self.symbolic.doprint(step.formula),
            "expansion": self.symbolic.doprint(step.expansion) if step.expansion is not None else "",
            "substituted": "" if isinstance(substituted_from, Sym) else self.numeric.doprint(substituted_from),
            "value": self.number(step.value, step.kind),
        }
        if lines["substituted"] == lines["value"]:  # e.g. −δ with δ > 0: nothing new to show
            lines["substituted"] = ""
        parts = [lines[k] for k in ("formula", "expansion", "substituted", "value") if lines[k]]
        lines["line"] = lines["lhs"] + " = " + " = ".join(parts)
        return lines


def solution_context(d: Derivation, fmt: str, notation: Notation = DEFAULT) -> dict[str, Any]:
    """Everything a solution template shows, already written out for `fmt` (text, md or latex)."""
    p = d.problem
    w = Writer(d, "text" if fmt == "text" else "latex", notation)
    units = p.units
    sample = p.samples[d.sample]

    def sym(key: str, kind: str, *names: str) -> str:
        return w.symbol(Sym(key, kind, names))

    weights = []  # in the order the update steps take them
    for l in range(1, len(p.layers)):
        for j, b in enumerate(units[l]):
            for i, a in enumerate(units[l - 1]):
                weights.append({"symbol": sym(weight_key(a, b), "w", a, b), "value": w.number(p.weights[l - 1][i][j], None),
                                "new_symbol": sym(f"w.{a}.{b}", "w_new", a, b),
                                "new": w.number(d.values[f"w.{a}.{b}"], "weight"),
                                "change": w.number(d.values[f"dw.{a}.{b}"], "dw")})
            if p.biases is not None:
                weights.append({"symbol": sym(bias_key(b), "b", b), "value": w.number(p.biases[l - 1][j], None),
                                "new_symbol": sym(f"b.{b}", "b_new", b),
                                "new": w.number(d.values[f"b.{b}"], "weight"),
                                "change": w.number(d.values[f"db.{b}"], "dw")})
    inputs = [{"symbol": sym(f"x.{u}", "x", u), "value": w.number(v, None)} for u, v in zip(units[0], sample.x)]
    targets = [{"symbol": sym(f"t.{u}", "t", u), "value": w.number(v, None)} for u, v in zip(units[-1], sample.t)]

    last = len(p.layers) - 1
    sections = section_contexts(d.steps, w, last)

    loss = d.values["loss"]
    loss_after = d.values["loss_after"]
    math = fmt != "text"
    if p.delta_convention == "error":
        convention = (r"\delta = -\frac{\partial E}{\partial \mathrm{net}},\quad \Delta w = \eta\,\delta\,y" if math
                      else "δ = −∂E/∂net, Δw = η δ y")
    else:
        convention = (r"\delta = \frac{\partial E}{\partial \mathrm{net}},\quad \Delta w = -\eta\,\delta\,y" if math
                      else "δ = ∂E/∂net, Δw = −η δ y")
    if p.momentum is not None:
        convention += momentum_note(p.momentum, w, math)
    activations = ", ".join(f"{'output' if l == last else f'layer {l}'}: {name}"
                            for l, name in enumerate(p.activations, start=1))
    return {
        "title": _escape(p.title or "Backpropagation, one training step", fmt),
        "source": _escape(Path(p.source).name, fmt),
        "architecture": "-".join(map(str, p.layers)),
        "activations": _escape(activations, fmt),
        "loss_name": p.loss,
        "loss_formula": LOSSES[p.loss].latex if math else LOSSES[p.loss].text,
        "convention_name": p.delta_convention,
        "convention": convention,
        "learning_rate_symbol": sym("learning_rate", "eta"),
        "learning_rate": w.number(p.learning_rate, None),
        "init_note": init_note(p, fmt),
        "sample_note": _escape(f"sample {d.sample + 1} of {len(p.samples)}", fmt) if len(p.samples) > 1 else "",
        "weights": weights,
        "inputs": inputs,
        "targets": targets,
        "sections": sections,
        "loss_before": w.number(loss, "loss"),
        "loss_after": w.number(loss_after, "loss"),
        "loss_fell": loss_after < loss,
        "loss_symbol": sym("loss", "E"),
        "loss_after_symbol": sym("loss_after", "E_new"),
    }


def section_contexts(all_steps: tuple[Step, ...], w: Writer, last: int) -> list[dict[str, Any]]:
    """Steps grouped by section, then by layer, each written out by `w`."""
    sections = []
    for key in SECTIONS:
        steps = [s for s in all_steps if s.section == key]
        if not steps:
            continue
        groups: list[dict[str, Any]] = []
        for s in steps:
            title = _group_title(key, s, last)
            if not groups or groups[-1]["title"] != title:
                groups.append({"title": title, "steps": []})
            groups[-1]["steps"].append(w.step(s))
        sections.append({"key": key, "title": SECTION_TITLES[key], "groups": groups})
    return sections


def momentum_note(momentum: float, w: Writer, math: bool) -> str:
    if math:
        return rf",\quad \text{{plus momentum }} \alpha\,\Delta w^{{\mathrm{{prev}}}},\ \alpha = {w.number(momentum, None)}"
    return f", plus momentum α Δw(prev) with α = {w.number(momentum, None)}"


def _group_title(section: str, step: Step, last: int) -> str:
    layer = "output layer" if step.layer == last else f"hidden layer {step.layer}"
    if section in ("forward", "after"):
        return layer.capitalize()
    if section == "backward":
        if step.kind == "error":
            return "Output error"
        return f"Deltas of the {layer}" if step.layer == last else f"Deltas of {layer}"
    if section == "update":
        return f"Weights into the {layer}" if step.layer == last else f"Weights into {layer}"
    return ""


def render_solution(d: Derivation, fmt: str, notation: Notation = DEFAULT, fragment: bool = False) -> str:
    if fmt == "json":
        return solution_json(d, notation)
    context = solution_context(d, fmt, notation)
    context["fragment"] = fragment
    suffix = {"text": "txt", "md": "md", "latex": "tex"}[fmt]
    return environment().get_template(f"{fmt}/solution.{suffix}.j2").render(**context)


def step_json(s: Step, text: Writer, latex: Writer, prefix: str = "") -> dict[str, Any]:
    """One step as the JSON output lists it; `prefix` places it in a training run (e2.s3.)."""
    t, l = text.step(s), latex.step(s)
    return {
        "id": prefix + s.id, "kind": s.kind, "section": s.section, "layer": s.layer, "value": s.value,
        "symbol": t["lhs"], "formula": t["formula"], "substituted": t["substituted"] or t["formula"],
        "display": t["value"], "line": t["line"],
        "latex": {"symbol": l["lhs"], "formula": l["formula"], "substituted": l["substituted"] or l["formula"],
                  "line": l["line"]},
    }


def solution_json(d: Derivation, notation: Notation = DEFAULT) -> str:
    text = Writer(d, "text", notation)
    latex = Writer(d, "latex", notation)
    steps = [step_json(s, text, latex) for s in d.steps]
    p = d.problem
    document = {
        "title": p.title, "source": p.source, "layers": list(p.layers), "units": [list(u) for u in p.units],
        "activations": list(p.activations), "loss": p.loss, "delta_convention": p.delta_convention,
        "learning_rate": p.learning_rate, "sample": d.sample,
        "rounding": {"mode": d.rounding.mode, "decimals": d.rounding.decimals, **d.rounding.per_kind},
        "steps": steps,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
