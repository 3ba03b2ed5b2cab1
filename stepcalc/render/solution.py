"""Derivation → text. Numbers are formatted here and laid out by the Jinja2 templates in
templates/<format>/; no arithmetic happens past the engine.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stepcalc import ids as sid
from stepcalc.concepts.optimizers import STATE_KINDS
from stepcalc.engine.derive import LEARNING_RATE, SECTIONS, Derivation, Step, bias_key, layer_bias, weight_key
from stepcalc.errors import StepcalcError
from stepcalc.engine.expr import Add, Expr, Mul, Neg, Num, Sym
from stepcalc.notation import DEFAULT, TIME_MARK, Notation, problem_style
from stepcalc.engine.numbers import as_float, plain
from stepcalc.render.printer import Printer
from stepcalc.render.optimizer import formulas, is_plain, optimizer_context, state_table
from stepcalc.render.notes import init_note, intro_sentence, rounding_note
from stepcalc.render.templating import environment
from stepcalc.render.formats import FORMATS as _FORMATS, format_for

if TYPE_CHECKING:
    from stepcalc.engine.chain import Chain
    from stepcalc.problem.validate import Problem

FORMATS = tuple(_FORMATS)

# Which rounding class a symbol's value belongs to; absent kinds are given values, written as given.
SYMBOL_KIND = {
    "net": "net", "net_new": "net", "out": "out", "out_new": "out", "E": "loss", "E_new": "loss",
    "err": "error", "dEdy": "error", "delta": "delta", "grad": "grad", "grad_b": "grad",
    "dw": "dw", "db": "dw", "w_new": "weight", "b_new": "weight",
    "dw_prev": "dw", "db_prev": "dw", "E_s": "loss", "grad_s": "grad", "grad_bs": "grad",
    "grad_b_layer": "grad", "db_layer": "dw", "b_layer_new": "weight", "grad_b_layer_s": "grad", "db_layer_prev": "dw",
    "dE_dout": "grad", "dout_dnet": "grad", "dnet_dw": "grad", "dE_dnet": "grad",
    "grad_u": "grad", "du": "dw", "u_new": "weight", "du_prev": "dw",
    # convolutional layers
    "conv_net": "net", "conv_net_new": "net", "conv_out": "out", "conv_out_new": "out", "pool_out": "out",
    "pool_out_new": "out", "conv_delta": "delta", "pool_delta": "delta", "grad_k": "grad", "grad_kb": "grad",
    "dk": "dw", "dkb": "dw", "dk_prev": "dw", "dkb_prev": "dw", "k_new": "weight", "kb_new": "weight",
    "grad_k_s": "grad", "grad_kb_s": "grad",
    "E_unit": "loss", "fprime": "fprime", "err_hidden": "error", "dEdy_hidden": "error",
}

# Matrix symbols (matrix.W.1 …) whose entries are parameters, by the kind of their scalar symbols.
MATRIX_PARAMETERS = {"W": "w", "W_T": "w", "b_vec": "b"}

ONE_STEP = "Worked solution of one backpropagation step"  # a solution page's opening words

TERMS_PER_LINE = 3  # products per line when LaTeX breaks a long sum of numbers
FORMULA_TERMS = 6  # a symbolic sum longer than this is broken over lines too

LONG_SUM = 3  # terms from which Markdown sets a step on aligned lines, as LaTeX always does

SECTION_TITLES = {
    "forward": "Forward pass",
    "loss": "Error",
    "backward": "Backward pass",
    "update": "Weight updates",
    "after": "Forward pass with the new weights",
}

def computed_parameter_kinds(p: Problem) -> frozenset[str]:
    """The kinds of given symbols that a run's later updates start from computed values: the weights,
    and the biases unless they are kept fixed. Such a Writer shows them with the weights' decimals."""
    return frozenset({"w", "b", "b_layer"} if p.update_biases else {"w"})


class Writer:
    """Formats one derivation's symbols and numbers for one output format (latex or text)."""

    def __init__(self, derivation: Derivation, fmt: str, notation: Notation = DEFAULT,
                 values: dict[str, float] | None = None, computed_given: frozenset[str] = frozenset()) -> None:
        self.d = derivation
        self.fmt = fmt
        self.notation = notation
        # Kinds of given symbols (w, b) whose values an earlier update of a run computed: shown with
        # the weights' decimals instead of as written in the problem file.
        self.computed_given = computed_given
        self._written: dict[tuple[str | None, type, Any], str] = {}
        self.symbolic = Printer(notation, fmt)
        self.numeric = Printer(notation, fmt, derivation.values if values is None else values, self.number_of,
                               rounded_look_ups=derivation.rounding.mode != "carry")

    def minus(self, text: str) -> str:
        return format_for(self.fmt).signed(text)  # the dialect names are also format names

    def number(self, value: float, kind: str | None) -> str:
        """A computed value with its kind's decimals; a given value as written."""
        # A value is written on many lines (and a weight in the diagram too): formatted once. The
        # value's type is part of the key: 0.345 and the Fraction of its double are written differently.
        key = (kind, type(value), value)
        text = self._written.get(key)
        if text is None:
            text = self._written[key] = self.minus(self.digits(value, kind))
        return text

    def digits(self, value: float, kind: str | None) -> str:
        return plain(value) if kind is None else self.d.rounding.fixed(value, kind)

    def number_of(self, sym: Sym, value: float) -> str:
        # ASCII minus: the printer decides the sign's glyph and the parentheses around it.
        return self.digits(value, self.kind_of(sym))

    def kind_of(self, sym: Sym) -> str | None:
        """The rounding class a symbol's value is shown with; None for a given value."""
        if sym.kind == "dnet_dw":  # ∂net_j/∂w_ij is y_i: an input as given, or a unit's output
            return None if sym.units[0] in self.d.problem.units[0] else "out"
        if sym.kind in self.computed_given:
            return "weight"
        if sym.kind.endswith(TIME_MARK):  # a recurrent network's value at time t; at t = 0 the given state
            return None if sym.units[-1] == "0" else SYMBOL_KIND.get(sym.kind.removesuffix(TIME_MARK))
        if ":" in sym.kind:  # an optimizer's state of a parameter (m:w, v_prev:b)
            return STATE_KINDS[sym.kind.split(":")[0].removesuffix("_prev")]
        return SYMBOL_KIND.get(sym.kind)

    def matrix_entry_kind(self, key: str, kind: str | None) -> str | None:
        """The rounding class of a matrix's entries (W^m, b^m hold computed values after a run's first update)."""
        if kind is None and MATRIX_PARAMETERS.get(sid.parse(key).units[0]) in self.computed_given:
            return "weight"
        return kind

    def symbol(self, sym: Sym) -> str:
        return self.symbolic.doprint(sym)

    def broken(self, node: Any, printed: str | None = None) -> str:
        """The numbers of a long sum over several aligned LaTeX lines (a page is ~4 products wide):
        a sum itself, or a product ending in one (a hidden delta's y(1 − y) × (Σ w δ)). `printed`:
        the numbers on one line, when the caller has them already."""
        if self.fmt != "latex":
            return self.numeric.doprint(node) if printed is None else printed
        if isinstance(node, Add) and len(node.terms) > TERMS_PER_LINE:
            return self._sum_lines(node)
        if (isinstance(node, Mul) and isinstance(node.factors[-1], Add)
                and len(node.factors[-1].terms) > TERMS_PER_LINE):
            head = self.numeric.doprint(Mul(node.factors[:-1])) if len(node.factors) > 2 else \
                self.numeric.doprint(node.factors[0])
            return f"{head} \\times ({self._sum_lines(node.factors[-1])})"
        return self.numeric.doprint(node) if printed is None else printed

    def _formula_lines(self, node: Any) -> str:
        """A very long symbolic sum (a receptive field, a kernel gradient) over several LaTeX lines; "" otherwise."""
        inner = node.arg if isinstance(node, Neg) else node
        if self.fmt != "latex" or not isinstance(inner, Add) or len(inner.terms) <= FORMULA_TERMS:
            return ""
        body = self._sum_lines(inner, self.symbolic)
        return f"-\\bigl({body}\\bigr)" if isinstance(node, Neg) else body

    def _sum_lines(self, node: Add, printer: Printer | None = None) -> str:
        printer = printer or self.numeric
        pieces = []
        for start in range(0, len(node.terms), TERMS_PER_LINE):
            chunk = printer.doprint(Add(node.terms[start:start + TERMS_PER_LINE]))
            pieces.append(chunk if start == 0 or isinstance(node.terms[start], Neg) else "+ " + chunk)
        return " \\\\\n  &\\qquad ".join(pieces)

    def step(self, step: Step) -> dict[str, Any]:
        return self.line(step.id, step.kind, step.lhs, step.formula, step.value, step.expansion)

    def line(self, step_id: str, kind: str | None, lhs: Sym, formula: Any, value: float, expansion: Any = None) -> dict[str, Any]:
        """lhs = formula [= expansion] = numbers = value, each part written out for the format."""
        substituted_from = expansion or formula
        lines = {
            "id": step_id,
            "kind": kind,
            "lhs": self.symbolic.doprint(lhs),
            "formula": self.symbolic.doprint(formula),
            "expansion": self.symbolic.doprint(expansion) if expansion is not None else "",
            "substituted": "" if isinstance(substituted_from, (Sym, Num)) else self.numeric.doprint(substituted_from),
            "value": self.number(value, kind),
        }
        if lines["substituted"] == lines["value"]:  # e.g. −δ with δ > 0: nothing new to show
            lines["substituted"] = ""
        lines["substituted_block"] = self.broken(substituted_from, lines["substituted"]) if lines["substituted"] else ""
        lines["formula_block"] = self._formula_lines(formula) or lines["formula"]
        # A sum of three or more products runs off a page as one line: its numbers go on lines of their own.
        lines["long"] = bool(lines["substituted"]) and _long_sum(substituted_from)
        parts = [lines[k] for k in ("formula", "expansion", "substituted", "value") if lines[k]]
        lines["line"] = lines["lhs"] + " = " + " = ".join(parts)
        return lines


def problem_notation(d: Derivation, notation: Notation | None = None) -> Notation:
    """The style to write `d` in (the problem's `notation`, unless one is given), bound to its units."""
    p = d.problem
    # One object per problem and style: the writers of one solution (its diagram, its page) share it,
    # and with it what their printers wrote. Both are held, so that their ids stay their own.
    key = (id(p), id(notation))
    known = _BOUND.get(key)
    if known is None or known[0] is not p or known[1] is not notation:
        if len(_BOUND) >= 64:
            _BOUND.clear()
        known = _BOUND[key] = (p, notation, problem_style(p, notation))
    return known[2]


_BOUND: dict[tuple[int, int], tuple[Any, Notation | None, Notation]] = {}


def solution_context(d: Derivation, fmt: str, notation: Notation | None = None,
                     derivation: bool = False, audience: str = "teacher") -> dict[str, Any]:
    """Everything a solution template shows, already written out for `fmt` (text, md or latex);
    `audience` "student" leaves the tool, the problem file and its keys out of the sentences."""
    if d.problem.recurrent_layer is not None:
        from stepcalc.render.recurrent import recurrent_context

        return recurrent_context(d, fmt, notation, derivation, audience)
    p = d.problem
    notation = problem_notation(d, notation)
    form = format_for(fmt)
    w = Writer(d, form.dialect, notation)
    units = p.units
    sample = p.samples[d.sample]

    def sym(key: str, kind: str, *names: str) -> str:
        return w.symbol(Sym(key, kind, names))

    updates = p.learning_rate is not None  # without a learning rate the problem stops at the gradients

    def bias_row(name: str, kind: str, unit: str) -> dict[str, str]:
        given = d.values[bias_key(name)]
        if not updates:
            return {"symbol": sym(bias_key(name), kind, unit), "value": w.number(given, None)}
        updated = p.update_biases  # a bias kept fixed is shown with a change of 0
        return {"symbol": sym(bias_key(name), kind, unit), "value": w.number(given, None),
                "new_symbol": sym(sid.new_bias(name), kind + "_new", unit) if updated else sym(bias_key(name), kind, unit),
                "new": w.number(d.values[sid.new_bias(name)], "weight") if updated else w.number(given, None),
                "change": w.number(d.values[sid.bias_change(name)] if updated else 0.0, "dw")}

    weights = []  # in the order the update steps take them
    for l in range(1, len(p.layers)):
        for j, b in enumerate(units[l]):
            for i, a in enumerate(units[l - 1]):
                row = {"symbol": sym(weight_key(a, b), "w", a, b), "value": w.number(p.weights[l - 1][i][j], None)}
                if updates:
                    row.update({"new_symbol": sym(sid.new_weight(a, b), "w_new", a, b),
                                "new": w.number(d.values[sid.new_weight(a, b)], "weight"),
                                "change": w.number(d.values[sid.weight_change(a, b)], "dw")})
                weights.append(row)
            if p.biases is not None and not p.shared_bias:
                weights.append(bias_row(b, "b", b))
        if p.biases is not None and p.shared_bias:
            weights.append(bias_row(layer_bias(l), "b_layer", str(l)))
    inputs = [{"symbol": sym(sid.x(u), "x", u), "value": w.number(v, None)} for u, v in zip(units[0], sample.x)]
    targets = [{"symbol": sym(sid.t(u), "t", u), "value": w.number(v, None)} for u, v in zip(units[-1], sample.t)]

    last = len(p.layers) - 1
    sections = layout_sections(d, d.steps, w)

    loss = d.values["loss"]
    loss_after = d.values.get("loss_after")
    math = form.shows_math
    convention = delta_rule(d, w, math)
    if p.momentum is not None and is_plain(p):
        convention += momentum_note(p.momentum, w, math)
    optimizer = optimizer_context(p, w.symbolic, math, audience)
    if optimizer:
        optimizer.update(eps_note=form.escape(optimizer["eps_note"]), step_note=form.escape(optimizer["step_note"]))
    activations = ", ".join(f"{'output' if l == last else f'layer {l}'}: {name}"
                            for l, name in enumerate(p.activations, start=1))
    conv: dict[str, Any] = {}
    if p.conv is not None:
        from stepcalc.render import convolution

        conv = convolution.context(d, w, form)
        weights = conv.pop("conv_parameters") + weights
        inputs = conv.pop("inputs")
    sample_note = form.escape(f"sample {d.sample + 1} of {len(p.samples)}") if len(p.samples) > 1 else ""
    return {
        "title": form.escape(p.title or "Backpropagation, one training step"),
        "source": form.escape(Path(p.source).name),
        "architecture": "-".join(map(str, p.layers)),
        "activations": form.escape(activations),
        "loss_name": p.loss,
        "loss_formula": p.loss_function.latex if math else p.loss_function.text,
        "convention_name": p.delta_convention,
        "convention": convention,
        "rounding_note": form.escape(rounding_note(d.rounding, audience)),
        "intro": intro_sentence(ONE_STEP, fmt, form.escape(Path(p.source).name), sample_note, audience),
        "learning_rate_symbol": sym("learning_rate", "eta"),
        "learning_rate": w.number(p.learning_rate, None) if updates else "",
        "updates": updates,
        "init_note": init_note(p, fmt, audience),
        "sample_note": sample_note,
        "weights": weights,
        "inputs": inputs,
        "targets": targets,
        "sections": sections,
        "loss_before": w.number(loss, "loss"),
        "loss_after": w.number(loss_after, "loss") if loss_after is not None else "",
        "loss_fell": loss_after is not None and loss_after < loss,
        "loss_symbol": sym("loss", "E"),
        "loss_after_symbol": sym("loss_after", "E_new"),
        "style": notation.name,
        "optimizer": optimizer,
        # the derivation is written for dense layers: a convolutional network has none
        "derivation": _derivation(d, w, form.escape, audience) if derivation and p.conv is None else [],
        **conv,
    }


def layout_sections(d: Derivation, steps: tuple[Step, ...], w: Writer, matrix_sections: tuple[str, ...] = SECTIONS
                    ) -> list[dict[str, Any]]:
    """`steps` of `d` grouped into sections as the notation's layout writes them: gradients as chains
    ("chain"), each layer's matrix equations of `matrix_sections` after its unit lines ("matrix")."""
    if d.problem.recurrent_layer is not None:  # grouped by time step; no chain or matrix layout
        from stepcalc.render.recurrent import time_sections

        return time_sections(d, steps, w)
    notation = w.notation
    if d.problem.output_activation.coupled:
        # A coupled output's δ comes straight from the loss (softmax + cross-entropy: δ = t − y), so
        # the output errors are used by nothing after them: they stay in the JSON, not on the page.
        last = len(d.problem.layers) - 1
        steps = tuple(s for s in steps if not (s.kind == "error" and s.layer == last))
    # In carry mode each digit is the book's rounding of one step; a matrix product of rounded vectors
    # could disagree with it in the last digit, so the matrix lines are shown in exact mode only.
    matrix_lines = {}
    if notation.layout == "matrix" and d.rounding.mode != "carry":
        lines = _matrix_lines(d, notation, w.fmt, w.computed_given)
        matrix_lines = {key: value for key, value in lines.items() if key[0] in matrix_sections}
    chains, chain_writer = None, w
    if notation.layout == "chain":
        from stepcalc.engine.chain import gradient_chains

        chains, chain_values = gradient_chains(d)
        chain_writer = Writer(d, w.fmt, notation, chain_values, w.computed_given)
    return section_contexts(steps, w, len(d.problem.layers) - 1, matrix_lines, chains, chain_writer)


def delta_rule(d: Derivation, w: Writer, math: bool) -> str:
    """The delta rule in the problem's own symbols, shown on one weight into the output layer,
    e.g. δ_o = −∂E/∂net_o, Δw_h1,o = η δ_o y_h1."""
    p = d.problem
    last = len(p.layers) - 1
    a, b = p.units[last - 1][0], p.units[last][0]
    signal = Sym(sid.x(a), "x", (a,)) if last == 1 else Sym(sid.out(a), "out", (a,))
    if last == 1 and p.conv is not None:  # the dense part reads the first flattened cell
        signal = next(s.lhs for s in d.steps if s.id == sid.out(a))
    delta = Sym(sid.delta(b), "delta", (b,))
    slope: Expr = Sym(sid.dE_dnet(b), "dE_dnet", (b,))
    change: Expr = Mul((LEARNING_RATE, delta, signal))
    if p.delta_convention == "error":
        slope = Neg(slope)
    else:
        change = Neg(change)
    equations = [(delta, slope)]
    if p.learning_rate is not None and is_plain(p):  # otherwise the optimizer's own formulas give Δw
        equations.append((Sym(sid.weight_change(a, b), "dw", (a, b)), change))
        if p.biases is not None and p.update_biases and not p.shared_bias and p.layer_kind.bias_input != 1:
            # a threshold's change carries ∂net/∂θ = −1, which the weights' rule does not show
            bias_change: Expr = Mul((LEARNING_RATE,) + p.layer_kind.bias_gradient_factors(delta))
            equations.append((Sym(sid.bias_change(b), "db", (b,)),
                              bias_change if p.delta_convention == "error" else Neg(bias_change)))
    lines = [f"{w.symbolic.doprint(lhs)} = {w.symbolic.doprint(rhs)}" for lhs, rhs in equations]
    return (r",\quad " if math else ", ").join(lines)


def section_contexts(all_steps: tuple[Step, ...], w: Writer, last: int,
                     matrix_lines: dict[tuple[str, int], list[dict[str, Any]]] | None = None,
                     chains: dict[str, Any] | None = None, chain_writer: Writer | None = None) -> list[dict[str, Any]]:
    """Steps grouped by section, then by layer, each written out by `w` (gradients as chains and each
    layer's matrix equations when the notation's layout asks for them)."""
    matrix_lines = matrix_lines or {}
    sections = []
    for key in SECTIONS:
        steps = [s for s in all_steps if s.section == key]
        if not steps:
            continue
        groups: list[dict[str, Any]] = []
        for s in steps:
            title = _group_title(key, s, last)
            if not groups or groups[-1]["title"] != title:
                groups.append({"title": title, "steps": [], **({"layer": s.layer} if matrix_lines else {})})
            if chains is not None and chain_writer is not None and s.id in chains:
                groups[-1]["steps"].extend(_chain_lines(chain_writer, chains[s.id]))
            else:
                groups[-1]["steps"].append(w.step(s))
        if matrix_lines:  # each layer's matrix equations after its unit-by-unit lines (its last group's)
            last_group = {}
            for group in groups:
                layer = group.pop("layer")
                if group["steps"][-1]["kind"] != "error":
                    last_group[layer] = group
            for layer, group in last_group.items():
                group["steps"].extend(matrix_lines.get((key, layer), []))
        title = SECTION_TITLES[key]
        if key == "update" and not any(s.kind == "dw" for s in steps):
            title = "Gradients"  # a problem without a learning rate stops at them
        sections.append({"key": key, "title": title, "groups": groups,
                         "table": state_table(steps, w) if key == "update" else None})
    return sections


def momentum_note(momentum: float, w: Writer, math: bool) -> str:
    alpha = w.symbol(Sym("momentum", "alpha"))  # the style's name for it (γ where α is the learning rate)
    if math:
        return rf",\quad \text{{plus momentum }} {alpha}\,\Delta w^{{\mathrm{{prev}}}},\ {alpha} = {w.number(momentum, None)}"
    return f", plus momentum {alpha} Δw(prev) with {alpha} = {w.number(momentum, None)}"


def _derivation(d: Derivation, w: Writer, escape: Any = str, audience: str = "teacher") -> list[dict[str, Any]]:
    """The symbolic derivation (see derivation.py), each equation written out for the format."""
    from stepcalc.engine.derivation import derivation_parts

    last = len(d.problem.layers) - 1
    parts = []
    for part in derivation_parts(d):
        if part.layer == 0:
            title = "The error"
        else:
            title = "A weight into the output layer" if part.layer == last else f"A weight into hidden layer {part.layer}"
        equations = []
        for eq in part.equations:
            lhs, sides = w.symbolic.doprint(eq.lhs), [w.symbolic.doprint(side) for side in eq.sides]
            equations.append({"lhs": lhs, "sides": sides, "line": " = ".join([lhs, *sides]),
                              "note": escape(eq.note)})
        parts.append({"title": title, "equations": equations})
    if not is_plain(d.problem):
        rule = d.problem.update_rule
        source = f", as torch.optim.{rule.torch}" if audience == "teacher" else ""
        parts.append({"title": f"The update rule: {rule.title}{source}",
                      "equations": [{"lhs": lhs, "sides": [rhs], "line": f"{lhs} = {rhs}", "note": escape(note)}
                                    for lhs, rhs, note in formulas(d.problem, w.symbolic)]})
    return parts


def _group_title(section: str, step: Step, last: int) -> str:
    if step.group:
        return step.group
    layer = "output layer" if step.layer == last else f"hidden layer {step.layer}"
    if section in ("forward", "after"):
        return layer.capitalize()
    if section == "backward":
        if step.kind == "error":
            return "Output error" if step.layer == last else f"Back-propagated errors of {layer}"
        if step.kind == "fprime":
            return f"Activation derivatives of the {layer}" if step.layer == last else f"Activation derivatives of {layer}"
        return f"Deltas of the {layer}" if step.layer == last else f"Deltas of {layer}"
    if section == "update":
        return f"Weights into the {layer}" if step.layer == last else f"Weights into {layer}"
    return ""


def _matrix_lines(d: Derivation, notation: Notation, fmt: str, computed_given: frozenset[str] = frozenset()
                  ) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """The matrix equations (see matrix.py) as step lines, by (section, layer)."""
    from stepcalc.engine.matrix import matrix_equations
    from stepcalc.render.printer import MatrixPrinter

    equations, matrices, kinds, values = matrix_equations(d)
    w = Writer(d, fmt, notation, values, computed_given)
    numeric = MatrixPrinter(notation, fmt, values, w.number_of, matrices,
                            lambda v, key: w.number(v, w.matrix_entry_kind(key, kinds[key])),
                            rounded_look_ups=d.rounding.mode != "carry")
    lines: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for eq in equations:
        lhs, formula = w.symbolic.doprint(eq.lhs), w.symbolic.doprint(eq.formula)
        substituted, value = numeric.doprint(eq.formula), numeric.doprint(eq.lhs)
        line = {"id": eq.lhs.key, "kind": eq.kind, "lhs": lhs, "formula": formula, "expansion": "",
                "substituted": substituted, "substituted_block": substituted, "formula_block": formula, "value": value,
                "line": " = ".join([lhs, formula, substituted, value])}
        lines.setdefault((eq.section, eq.layer), []).append(line)
    return lines


def _chain_lines(w: Writer, chain: "Chain") -> list[dict[str, Any]]:
    """The factors a gradient needs first, then the gradient as their product."""
    lines = [w.line(f.lhs.key, w.kind_of(f.lhs), f.lhs, f.formula, w.numeric.values[f.lhs.key]) for f in chain.definitions]
    step = chain.step
    if w.d.rounding.mode == "carry":
        # The gradient is δ_j y_i of the carried δ: its numbers come from that formula, so that the
        # page's arithmetic holds digit for digit (the product of carried factors may differ in the last).
        lines.append(w.line(step.id, step.kind, step.lhs, chain.product, step.value, expansion=step.formula))
    else:
        lines.append(w.line(step.id, step.kind, step.lhs, chain.product, step.value))
    return lines


def _long_sum(node: Any) -> bool:
    """Whether `node` is, or ends in, a sum of LONG_SUM or more terms (a net input of three inputs)."""
    if isinstance(node, Mul):
        node = node.factors[-1]
    return isinstance(node, Add) and len(node.terms) >= LONG_SUM


def render_solution(d: Derivation, fmt: str, notation: Notation | None = None, fragment: bool = False,
                    template: str | Path | None = None, derivation: bool | None = None,
                    diagram: bool = True, diagram_file: str | None = None,
                    context: dict[str, Any] | None = None, audience: str = "teacher") -> str:
    """`d` as text, md, latex or json; `template` is a user's Jinja2 file used instead of the built-in
    one; `derivation` adds the symbolic derivation section (default: on in LaTeX, off elsewhere).
    md and latex include the network diagram unless `diagram` is False: Markdown links to
    `diagram_file` (an SVG the caller writes next to it) or, without one, embeds the SVG as a data URI.
    `context`: `solution_context(d, fmt, notation, derivation, audience)` when the caller has made it already;
    `audience`: "teacher" (names the tool and the problem file) or "student" (plain words only)."""
    if fmt == "json":
        if template is not None:
            raise StepcalcError(f"{template}: --template: JSON output is not written from a template; "
                                "use --format text, md or latex")
        return solution_json(d, notation)
    if fmt == "html":  # a page of its own: the diagram is inline SVG stepped through with the lines
        from stepcalc.render.html import render_page

        return render_page(d, notation, derivation, template, audience)
    if derivation is None:
        derivation = fmt == "latex"
    context = dict(context) if context is not None else solution_context(d, fmt, notation, derivation, audience)
    context["fragment"] = fragment
    context["diagram"] = network_diagram(d, fmt, notation, diagram_file) if diagram else ""
    if template is not None:
        from stepcalc.render.sandbox import render_user_template

        return render_user_template(Path(template), context)
    return environment().get_template(format_for(fmt).template("solution")).render(**context)


def network_diagram(d: Derivation, fmt: str, notation: Notation | None = None, diagram_file: str | None = None) -> str:
    """The diagram as the format shows it: TikZ code, a Markdown image, or nothing (text)."""
    from stepcalc.figures import labels as figures

    if fmt == "latex":
        return figures.network_tikz(d, notation)
    if fmt == "md":
        if diagram_file is not None:  # the caller wrote the SVG already: link it, never draw it twice
            return figures.markdown_image("", figures.diagram_alt(d), diagram_file)
        return figures.markdown_image(figures.network_svg(d, notation), figures.diagram_alt(d), diagram_file)
    return ""


def step_json(s: Step, text: Writer, latex: Writer, prefix: str = "") -> dict[str, Any]:
    """One step as the JSON output lists it; `prefix` places it in a training run (e2.s3.)."""
    t, l = text.step(s), latex.step(s)
    return {
        "id": sid.prefixed(prefix, s.id), "kind": s.kind, "section": s.section, "layer": s.layer, "value": as_float(s.value),
        "symbol": t["lhs"], "formula": t["formula"], "substituted": t["substituted"] or t["value"],
        "display": t["value"], "line": t["line"],
        # With nothing to substitute (y = net, or −δ written as its value) the numbers are the value itself.
        "latex": {"symbol": l["lhs"], "formula": l["formula"], "substituted": l["substituted"] or l["value"],
                  "line": l["line"]},
    }


def solution_json(d: Derivation, notation: Notation | None = None) -> str:
    notation = problem_notation(d, notation)
    if notation.layout == "chain":  # the factors the page prints are steps too, with ids check knows
        from stepcalc.engine.chain import with_chain_steps

        d = with_chain_steps(d)
    text = Writer(d, "text", notation)
    latex = Writer(d, "latex", notation)
    steps = [step_json(s, text, latex) for s in d.steps]
    p = d.problem
    document = {
        "title": p.title, "source": p.source, "layers": list(p.layers), "units": [list(u) for u in p.units],
        "activations": list(p.activations), "loss": p.loss, "delta_convention": p.delta_convention,
        "bias_input": p.bias_input, "learning_rate": p.learning_rate, "sample": d.sample,
        "rounding": {"mode": d.rounding.mode, "decimals": d.rounding.decimals, **d.rounding.per_kind},
        "steps": steps,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
