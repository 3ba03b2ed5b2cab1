"""What the solution shows of an optimizer: its formulas and settings in the Given block, the table of
each parameter's state after an update, and the derivation's note on where each formula comes from.
Numbers are formatted here; the formulas are the update rule's own (concepts/optimizers.py)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from stepcalc import ids as sid
from stepcalc.concepts.optimizers import EPS, STATE_KINDS, GradientDescent, Momentum, Slots
from stepcalc.engine.expr import Add, Sym
from stepcalc.engine.numbers import plain
from stepcalc.notation import STATE_LATEX, STATE_TEXT
from stepcalc.problem.validate import Problem

if TYPE_CHECKING:
    from stepcalc.engine.derive import Step
    from stepcalc.render.printer import Printer
    from stepcalc.render.solution import Writer

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

# Where each formula comes from, for --derivation (torch.optim's documentation writes them so).
ORIGINS = {
    "decay": "weight decay: λ w, the gradient of the L2 term (λ/2) w squared, added to the gradient",
    "adamw_decay": "decoupled weight decay (AdamW): λ w is taken off the weight apart from the adaptive step",
    "l1": "the L1 term (its λ times |w|) added to the loss: its subgradient is λ sgn(w), with sgn(0) = 0",
    "m_buffer": "the momentum buffer: the previous buffer times μ plus this gradient (0 before the first update)",
    "m": "first moment: an exponential moving average of the gradients, started at 0",
    "v_sum": "AdaGrad's sum of squared gradients, started at 0",
    "v_avg": "RMSprop's moving average of squared gradients, started at 0",
    "v": "second moment: an exponential moving average of the squared gradients, started at 0",
    "mhat": "bias correction: m starts at 0, so in update t it is too small by the factor 1 − β^t (β of m)",
    "vhat": "bias correction of v by 1 − β^t (β of v), likewise",
    "change": "the change: a step of η against the (scaled) gradient",
}


def is_plain(p: Problem) -> bool:
    """Gradient descent as the delta rule writes it (with the top-level momentum): no optimizer block."""
    rule = p.update_rule
    return type(rule) in (GradientDescent, Momentum) and not rule.regularised


def given_number(value: float, latex: bool) -> str:
    """A hyperparameter as written on paper: 10⁻⁸ rather than 0.00000001 for a power of ten below 10⁻³."""
    if 0 < value < 1e-3:
        exponent = math.log10(value)
        if abs(exponent - round(exponent)) < 1e-12:
            e = int(round(exponent))
            return f"10^{{{e}}}" if latex else "10" + str(e).translate(SUPERSCRIPTS)
    return plain(value)


def _slots(p: Problem, a: str, b: str) -> tuple[Slots, dict[str, Sym]]:
    """The symbols of weight a → b's update, as the engine names them."""
    rule = p.update_rule
    ids = (a, b)
    grad_id, change_id, previous_id, _, given_id = sid.parameter_keys("w", a, b)
    previous = {"dw": Sym(previous_id, "dw_prev", ids)}
    previous.update({r: Sym(sid.previous_state_key(r, "w", a, b), f"{r}_prev:w", ids) for r in rule.carried if r != "dw"})
    current = {r: Sym(sid.state_key(r, "w", a, b), f"{r}:w", ids) for r in rule.roles}
    current["dw"] = Sym(change_id, "dw", ids)
    return Slots(Sym(grad_id, "grad", ids), Sym(given_id, "w", ids), previous, current), current


def _origin(p: Problem, role: str) -> str:
    name = p.update_rule.name
    if role == "decay" and not p.update_rule.decay_in_gradient:
        return ORIGINS["adamw_decay"]
    if role == "m" and name in ("momentum", "nesterov"):
        return ORIGINS["m_buffer"]
    if role == "v" and name in ("adagrad", "rmsprop"):
        return ORIGINS["v_sum" if name == "adagrad" else "v_avg"]
    return ORIGINS[role]


def formulas(p: Problem, printer: "Printer") -> list[tuple[str, str, str]]:
    """(lhs, formula, where it comes from) of each state step and Δw, for the first weight into the
    output layer, written by the symbolic `printer`."""
    last = len(p.layers) - 1
    slots, current = _slots(p, p.units[last - 1][0], p.units[last][0])
    rule = p.update_rule
    write = printer.doprint
    lines = [(write(current[r]), write(rule.formula(r, slots)), _origin(p, r)) for r in rule.roles]
    lines.append((write(current["dw"]), write(rule.change(slots)), ORIGINS["change"]))
    return lines


def optimizer_context(p: Problem, printer: "Printer", math_mode: bool,
                      audience: str = "teacher") -> dict[str, Any] | str:
    """The Given block's optimizer line: its name, formulas and settings; "" for plain descent.
    A student's page names no library (torch.optim) as the formulas' source."""
    if is_plain(p):
        return ""
    rule = p.update_rule
    latex = printer.fmt == "latex"
    separator = r",\quad " if math_mode else ", "
    equations = separator.join(f"{lhs} = {rhs}" for lhs, rhs, _ in formulas(p, printer))
    settings = separator.join(f"{printer.doprint(s)} = {given_number(v, latex)}" for s, v in rule.settings())
    eps = rule.hyperparameters().get(EPS.key)
    note = ""
    teacher = audience == "teacher"
    if eps is not None:
        source = f" as torch.optim.{rule.torch} does" if teacher else ""
        note = (f"ε is added to the square root{source}; "
                "it changes no shown digit unless the root is as small as ε")
    counts = rule.counts_steps
    return {"title": f"{rule.title} (torch.optim.{rule.torch})" if teacher else rule.title, "equations": equations, "settings": settings,
            "eps_note": note, "step_note": "t is the number of the update, 1 for the first" if counts else ""}


def state_table(steps: list["Step"], w: "Writer") -> dict[str, Any] | None:
    """Each parameter's state after the update (m, v, m̂, v̂, …, Δ, new value), or None without state."""
    rule = w.d.problem.update_rule
    roles = [r for r in sid.STATE_ROLES if r in rule.roles]
    if not roles:
        return None
    latex = w.fmt == "latex"
    heads = [STATE_LATEX[r] if latex else STATE_TEXT[r] for r in roles]
    rows: list[dict[str, Any]] = []
    cells: dict[str, str] = {}
    for s in steps:
        kind = s.lhs.kind
        if ":" in kind:
            cells[kind.split(":")[0]] = w.number(s.value, STATE_KINDS[kind.split(":")[0]])
        elif s.kind == "dw":
            cells["dw"] = w.number(s.value, "dw")
        elif s.kind == "weight" and isinstance(s.formula, Add):
            old = s.formula.terms[0]
            rows.append({"symbol": w.symbol(old), "cells": [cells.get(r, "") for r in roles]
                         + [cells.get("dw", ""), w.number(s.value, "weight")]})
            cells = {}
    return {"heads": heads, "rows": rows} if rows else None
