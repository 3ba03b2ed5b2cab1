"""A recurrent problem's derivation → the solution templates' context: the same keys as a dense
network's (see solution.solution_context), with the steps grouped by time step and the given
sequence and recurrent weights in the tables. Layout only; the numbers come from the derivation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from stepcalc import ids as sid
from stepcalc.engine.derive import LEARNING_RATE, SECTIONS, Derivation, Step
from stepcalc.engine.expr import Mul, Neg, Sym
from stepcalc.notation import TIME_MARK, Notation
from stepcalc.problem.recurrent import SequenceSample
from stepcalc.problem.validate import Problem
from stepcalc.render.formats import format_for
from stepcalc.render.notes import intro_sentence, sequence_loss_formula
from stepcalc.render.optimizer import is_plain, optimizer_context, state_table
from stepcalc.render.solution import ONE_STEP, SECTION_TITLES, Writer, momentum_note, problem_notation

RECURRENT_SECTION_TITLES = {
    **SECTION_TITLES,
    "forward": "Forward pass through time",
    "backward": "Backward pass through time (last time step first)",
    "update": "Gradients summed over time, and the weight updates",
    "after": "Forward pass through time with the new weights",
}


def _timed(key: str, kind: str, step: int | str, *units: str) -> Sym:
    return Sym(sid.at_time(int(step), key) if str(step).isdigit() else key, kind + TIME_MARK, units + (str(step),))


def _group_title(section: str, step: Step, last: int) -> str:
    time = sid.parse(step.id).time
    layer = "output layer" if step.layer == last else "hidden layer"
    if section == "update":
        return f"Weights into the {layer}"
    if step.kind == "loss":
        return "Loss per time step, and in total"
    if section == "backward" and step.kind == "grad":
        return f"Time step {time}: contributions to the gradients"
    if section == "backward":
        return f"Time step {time}: deltas"
    return f"Time step {time}"


def time_sections(d: Derivation, steps: tuple[Step, ...], w: Writer) -> list[dict[str, Any]]:
    """`steps` of `d` by section, then by time step (and, backwards, deltas apart from contributions)."""
    last = len(d.problem.layers) - 1
    sections = []
    for key in SECTIONS:
        groups: list[dict[str, Any]] = []
        for s in (s for s in steps if s.section == key):
            title = _group_title(key, s, last)
            if not groups or groups[-1]["title"] != title:
                groups.append({"title": title, "steps": []})
            groups[-1]["steps"].append(w.step(s))
        if groups:
            table = state_table([s for s in steps if s.section == key], w) if key == "update" else None
            sections.append({"key": key, "title": RECURRENT_SECTION_TITLES[key], "groups": groups, "table": table})
    return sections


def _convention(d: Derivation, w: Writer, math: bool) -> str:
    """δ_o(t) = −∂E/∂net_o(t) (or +), and Δw = −η ∂E/∂w with ∂E/∂w summed over the time steps."""
    p = d.problem
    hidden, output = p.units[1][0], p.units[2][0]
    delta = _timed(sid.delta(output), "delta", "t", output)
    slope = _timed(sid.dE_dnet(output), "dE_dnet", "t", output)
    grad = Sym(sid.grad_weight(hidden, output), "grad", (hidden, output))
    equations = [(delta, Neg(slope) if p.delta_convention == "error" else slope),
                 (Sym(sid.weight_change(hidden, output), "dw", (hidden, output)), Neg(Mul((LEARNING_RATE, grad))))]
    lines = [f"{w.symbolic.doprint(lhs)} = {w.symbolic.doprint(rhs)}" for lhs, rhs in equations]
    return (r",\quad " if math else ", ").join(lines)


def _derivation(d: Derivation, w: Writer) -> list[dict[str, Any]]:
    """The BPTT derivation (engine/recurrent.py), each equation written out for the format."""
    from stepcalc.engine.recurrent import recurrent_derivation_parts

    parts = []
    for title, equations in recurrent_derivation_parts(d):
        lines = []
        for eq in equations:
            lhs, sides = w.symbolic.doprint(eq.lhs), [w.symbolic.doprint(side) for side in eq.sides]
            lines.append({"lhs": lhs, "sides": sides, "line": " = ".join([lhs, *sides]), "note": ""})
        parts.append({"title": title, "equations": lines})
    return parts


def recurrent_context(d: Derivation, fmt: str, notation: Notation | None = None,
                      derivation: bool = False, audience: str = "teacher") -> dict[str, Any]:
    """Everything a solution template shows for a recurrent problem, written out for `fmt` (for `audience`)."""
    p = d.problem
    notation = problem_notation(d, notation)
    form = format_for(fmt)
    w = Writer(d, form.dialect, notation)
    inputs, hidden, outputs = p.units
    seq = p.samples[d.sample]
    assert isinstance(seq, SequenceSample)
    math = form.shows_math
    optimizer = optimizer_context(p, w.symbolic, math, audience)
    if optimizer:
        optimizer.update(eps_note=form.escape(optimizer["eps_note"]), step_note=form.escape(optimizer["step_note"]))

    def row(given: str, kind: str, names: tuple[str, ...], new: str, new_kind: str, change: str) -> dict[str, str]:
        updated = new in d.values  # a bias kept fixed (update_biases = false) has no update step
        return {"symbol": w.symbol(Sym(given, kind, names)), "value": w.number(d.values[given], None),
                "new_symbol": w.symbol(Sym(new, new_kind, names)) if updated else w.symbol(Sym(given, kind, names)),
                "new": w.number(d.values[new], "weight") if updated else w.number(d.values[given], None),
                "change": w.number(d.values[change] if updated else 0.0, "dw")}

    weights = []
    for h in hidden:
        weights += [row(sid.given_weight(i, h), "w", (i, h), sid.new_weight(i, h), "w_new", sid.weight_change(i, h))
                    for i in inputs]
        weights += [row(*_recurrent_keys(k, h)) for k in hidden]
        if p.biases is not None:
            weights.append(row(sid.given_bias(h), "b", (h,), sid.new_bias(h), "b_new", sid.bias_change(h)))
    for o in outputs:
        weights += [row(sid.given_weight(h, o), "w", (h, o), sid.new_weight(h, o), "w_new", sid.weight_change(h, o))
                    for h in hidden]
        if p.biases is not None:
            weights.append(row(sid.given_bias(o), "b", (o,), sid.new_bias(o), "b_new", sid.bias_change(o)))
    given_inputs = [{"symbol": w.symbol(_timed(sid.out(h), "out", 0, h)), "value": w.number(v, None)}
                    for h, v in zip(hidden, p.h0)]
    targets = []
    for step, (xs, ts) in enumerate(zip(seq.xs, seq.ts), start=1):
        given_inputs += [{"symbol": w.symbol(_timed(sid.x(u), "x", step, u)), "value": w.number(v, None)}
                         for u, v in zip(inputs, xs)]
        targets += [{"symbol": w.symbol(_timed(sid.t(u), "t", step, u)), "value": w.number(v, None)}
                    for u, v in zip(outputs, ts or ())]

    convention = _convention(d, w, math)
    if p.momentum is not None and is_plain(p):
        convention += momentum_note(p.momentum, w, math)
    steps = seq.steps
    covered = len(range(steps)) if p.truncate is None else min(p.truncate, steps)
    if covered < steps:
        bptt = (f"Truncated backpropagation through time: the backward pass covers the last {covered} of the "
                f"{steps} time steps; the earlier steps contribute nothing to the gradients")
    else:
        bptt = f"Backpropagation through time over all {steps} time steps; initial state h(0) as given"
    activations = f"hidden layer (recurrent): {p.activations[0]}, output: {p.activations[1]}"
    sample_note = form.escape(f"sample {d.sample + 1} of {len(p.samples)}") if len(p.samples) > 1 else ""
    return {
        "title": form.escape(p.title or "Backpropagation through time, one training step"),
        "source": form.escape(Path(p.source).name),
        "architecture": f"{'-'.join(map(str, p.layers))}, recurrent, unrolled over {_lengths(p)} time steps",
        "activations": form.escape(activations),
        "loss_name": p.loss,
        "loss_formula": sequence_loss_formula(p, math, seq),
        "convention_name": p.delta_convention,
        "convention": convention,
        "rounding_note": form.escape(_rounding_note(d, audience)),
        "intro": intro_sentence(ONE_STEP, fmt, form.escape(Path(p.source).name), sample_note, audience),
        "learning_rate_symbol": w.symbol(LEARNING_RATE),
        "learning_rate": w.number(p.learning_rate, None),
        "init_note": form.escape(bptt),
        "sample_note": sample_note,
        "weights": weights,
        "inputs": given_inputs,
        "targets": targets,
        "sections": time_sections(d, d.steps, w),
        "optimizer": optimizer,
        "updates": True,
        "loss_before": w.number(d.values[sid.LOSS], "loss"),
        "loss_after": w.number(d.values[sid.LOSS_AFTER], "loss"),
        "loss_fell": d.values[sid.LOSS_AFTER] < d.values[sid.LOSS],
        "loss_symbol": w.symbol(Sym(sid.LOSS, "E")),
        "loss_after_symbol": w.symbol(Sym(sid.LOSS_AFTER, "E_new")),
        "style": notation.name,
        "derivation": _derivation(d, w) if derivation else [],
    }


def _lengths(p: Problem) -> str:
    """The sequences' time steps: "3", or "2 to 3" when they differ."""
    lengths = sorted({s.steps for s in p.samples if isinstance(s, SequenceSample)})
    return str(lengths[0]) if len(lengths) == 1 else f"{lengths[0]} to {lengths[-1]}"


def _recurrent_keys(a: str, b: str) -> tuple[str, str, tuple[str, ...], str, str, str]:
    grad, change, _, new, given = sid.parameter_keys("u", a, b)
    return given, "u", (a, b), new, "u_new", change


def _rounding_note(d: Derivation, audience: str = "teacher") -> str:
    from stepcalc.render.notes import rounding_note

    return rounding_note(d.rounding, audience)
