"""`stepcalc train`'s report (loss table, final weights, predictions), and the pieces of a run's
report shared with `solve`: which epochs a table shows, how its numbers and symbols are written.

Imports neither the engine nor sympy: `train` only lays out numbers.
"""
from __future__ import annotations

import math

import itertools
import json
from pathlib import Path
from typing import Iterator, TYPE_CHECKING, Any

from stepcalc import ids as sid
from stepcalc.engine.expr import Sym
from stepcalc.notation import DEFAULT, Notation, problem_style
from stepcalc.render.notes import schedule_notes, sequence_loss_formula
from stepcalc.engine.numbers import fixed, plain
from stepcalc.problem.validate import Problem, layer_bias
from stepcalc.render.formats import format_for
from stepcalc.render.optimizer import optimizer_context
from stepcalc.render.printer import Printer
from stepcalc.render.templating import environment

if TYPE_CHECKING:
    from stepcalc.train.numeric import TrainingResult

TRAIN_DECIMALS = 6  # losses and weights of a long run: small losses need more than the default 4


def reported_epochs(epochs: int, every: int) -> Iterator[int]:
    """The first epoch, every `every`-th, and the last, in order and each once; made as they are read,
    so that ten million epochs cost no list of them."""
    last = 0
    for e in itertools.chain([1], range(every, epochs + 1, every), [epochs]) if epochs > 0 else ():
        if e > last:
            yield e
            last = e


def default_report_every(epochs: int) -> int:
    return 1 if epochs <= 20 else max(1, epochs // 10)


def number(value: float, fmt: str, places: int = TRAIN_DECIMALS, widen: bool = True) -> str:
    """`places` decimals; with `widen`, more for tiny values so that at least 3 significant digits
    show (a loss of 1.2e-7 is 0.000000123, never 0.000000)."""
    if widen and 0 < abs(value) < 1:
        places = min(15, max(places, 2 - math.floor(math.log10(abs(value)))))
    return format_for(fmt).signed(fixed(value, places))


def given(value: float, fmt: str) -> str:
    return format_for(fmt).signed(plain(value))


def parameter_symbols(p: Problem, fmt: str, notation: Notation = DEFAULT) -> dict[str, str]:
    """"w.A.B"/"b.U" → how the parameter is written (symbols only: no engine needed)."""
    style = format_for(fmt).dialect
    symbols = {}
    for l in range(1, len(p.layers)):
        for b in p.units[l]:
            for a in p.units[l - 1]:
                symbols[sid.new_weight(a, b)] = notation.symbol(Sym(sid.new_weight(a, b), "w", (a, b)), style)
            if p.biases is not None and not p.shared_bias:
                symbols[sid.new_bias(b)] = notation.symbol(Sym(sid.new_bias(b), "b", (b,)), style)
        if p.biases is not None and p.shared_bias:
            symbols[sid.new_bias(layer_bias(l))] = notation.symbol(Sym(sid.new_bias(layer_bias(l)), "b_layer", (str(l),)), style)
    if p.recurrent_layer is not None:
        hidden = p.units[1]
        symbols.update({sid.new_recurrent(a, b): notation.symbol(Sym(sid.new_recurrent(a, b), "u", (a, b)), style)
                        for a in hidden for b in hidden})
    if p.conv is not None:
        from stepcalc.render.convolution import kernel_symbols

        symbols.update(kernel_symbols(p.conv, lambda sym: notation.symbol(sym, style)))
    return symbols


def sample_rows(p: Problem, fmt: str, notation: Notation, per_step: bool = False) -> dict[str, Any]:
    """The samples as rows of values; a recurrent network's sequences one row each, their values over
    time in parentheses, or with `per_step` one row per sequence and time step."""
    style = format_for(fmt).dialect
    if p.recurrent_layer is not None:
        none = r"\text{--}" if fmt == "latex" else "–"  # no target at that time step (a LaTeX cell is math)

        def values(row: Any, j: int) -> str:
            return none if row is None else given(row[j], fmt)

        if per_step:
            rows = [{"number": f"{k + 1}, t = {step}", "inputs": [values(x, i) for i in range(len(x))],
                     "targets": [values(t, j) for j in range(len(p.outputs))]}
                    for k, s in enumerate(p.samples) for step, (x, t) in enumerate(zip(s.xs, s.ts), start=1)]
        else:
            rows = [{"number": str(k + 1),
                     "inputs": ["(" + ", ".join(values(x, i) for x in s.xs) + ")" for i in range(len(p.units[0]))],
                     "targets": ["(" + ", ".join(values(t, j) for t in s.ts) + ")" for j in range(len(p.outputs))]}
                    for k, s in enumerate(p.samples)]
        return {"samples": rows, "input_symbols": [notation.symbol(Sym(sid.x(u), "x", (u,)), style) for u in p.units[0]],
                "target_symbols": [notation.symbol(Sym(sid.t(u), "t", (u,)), style) for u in p.outputs]}
    if p.conv is not None:  # an image per sample is too wide for a table row: its targets only
        return {"samples": [{"number": k + 1, "inputs": [], "targets": [given(v, fmt) for v in s.t]}
                            for k, s in enumerate(p.samples)],
                "input_symbols": [],
                "target_symbols": [notation.symbol(Sym(sid.t(u), "t", (u,)), style) for u in p.outputs]}
    return {
        "samples": [{"number": k + 1, "inputs": [given(v, fmt) for v in s.x],
                     "targets": [given(v, fmt) for v in s.t]} for k, s in enumerate(p.samples)],
        "input_symbols": [notation.symbol(Sym(sid.x(u), "x", (u,)), style) for u in p.units[0]],
        "target_symbols": [notation.symbol(Sym(sid.t(u), "t", (u,)), style) for u in p.outputs],
    }


def _conv_architecture(p: Problem, form: Any) -> dict[str, str]:
    from stepcalc.render.convolution import architecture

    return {"architecture": form.escape(architecture(p.conv, p.layers))}

JSON_ROWS_PER_PIECE = 10_000


def training_json(result: TrainingResult, every: int | None) -> Iterator[str]:
    """`train --format json` in pieces of a bounded size, so that ten million epochs are written
    without the document ever being whole in memory; the text is what json.dumps(indent=2) writes."""
    losses = result.losses
    epochs, step = result.epochs, every or 1
    reported = reported_epochs(epochs, step)
    yield '{\n  "history": ['
    separator = ""
    while rows := list(itertools.islice(reported, JSON_ROWS_PER_PIECE)):
        yield separator + ",".join(f'\n    {{\n      "epoch": {e},\n      "loss": {float(losses[e - 1])!r}\n    }}'
                                   for e in rows)
        separator = ","
    rest = json.dumps({"weights": result.parameters, "predictions": result.predictions}, indent=2, ensure_ascii=False)
    yield "\n  ],\n" + rest[2:] + "\n"


def starting_parameters(p: Problem) -> dict[str, float]:
    """The weights and biases before training, keyed and ordered as TrainingResult.parameters."""
    from stepcalc.train.numeric import Network

    return Network(p).parameters()


def render_training(p: Problem, result: TrainingResult, every: int | None, fmt: str, fragment: bool = False,
                    notation: Notation | None = None, loss_curve: str = "") -> str:
    """`train`'s report: loss table (and `loss_curve`, the figure as the format shows it), final
    weights, final predictions per sample, in the problem's notation style unless `notation` is given."""
    notation = problem_style(p, notation)
    losses = result.losses
    if fmt == "json":
        return "".join(training_json(result, every))
    every = every or default_report_every(result.epochs)
    form = format_for(fmt)
    math = form.shows_math
    symbols = parameter_symbols(p, fmt, notation)
    context: dict[str, Any] = {
        "title": form.escape(p.title or "Training run"),
        "source": form.escape(Path(p.source).name),
        "architecture": "-".join(map(str, p.layers)),
        "activations": form.escape(", ".join(p.activations)),
        **({} if p.conv is None else _conv_architecture(p, form)),
        "loss_name": p.loss,
        "loss_formula": (p.loss_function.latex if math else p.loss_function.text) if p.recurrent_layer is None
        else sequence_loss_formula(p, math),
        "learning_rate_symbol": notation.symbol(Sym(sid.LEARNING_RATE, "eta"), form.dialect),
        "learning_rate": given(p.learning_rate, fmt),
        "momentum_symbol": notation.symbol(Sym(sid.MOMENTUM, "alpha"), form.dialect),
        "momentum": "" if p.momentum is None else given(p.momentum, fmt),
        "trained_epochs": f"{result.epochs:,}",
        "rows": [{"epoch": f"{e:,}", "loss": number(losses[e - 1], fmt)} for e in reported_epochs(result.epochs, every)],
        "weights": [{"symbol": symbols[k], "value": number(v, fmt)} for k, v in result.parameters.items()],
        # drawn weights appear in no file the reader has: shown as they start
        "start_weights": [] if p.init is None else
        [{"symbol": symbols[k], "value": given(v, fmt)} for k, v in starting_parameters(p).items()],
        "predictions": [[number(v, fmt) for v in row] for row in result.predictions],
        "output_symbols": [notation.symbol(Sym(sid.out(u), "out", (u,)), form.dialect)
                           for u in p.outputs],
        "fragment": fragment,
        "loss_curve": loss_curve,
    }
    context.update(schedule_notes(p, fmt))
    context.update(sample_rows(p, fmt, notation, per_step=True))  # a prediction per time step
    optimizer = optimizer_context(p, Printer(notation, form.dialect), math)
    if optimizer:
        optimizer.update(eps_note=form.escape(optimizer["eps_note"]), step_note=form.escape(optimizer["step_note"]))
    context["optimizer"] = optimizer
    return environment().get_template(form.template("train")).render(**context)
