"""Training runs → text: `solve` of a multi-sample or multi-epoch problem, and `train`'s report.

Numbers are formatted here and laid out by templates/<format>/run.* and train.*; no arithmetic
happens here beyond choosing which epochs the tables show.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .derive import Derivation, derive
from .functions import LOSSES
from .expr import Sym
from .iterations import Update, batch_size, schedule
from .notation import DEFAULT, Notation
from .numbers import fixed, plain
from .problem import Problem
from .render import (Writer, _escape, environment, init_note, section_contexts, solution_context,
                     step_json)

if TYPE_CHECKING:
    from .train import TrainingResult

TRAIN_DECIMALS = 6  # losses and weights of a long run: small losses need more than the default 4
SUFFIX = {"text": "txt", "md": "md", "latex": "tex"}


class CarriedWriter(Writer):
    """After the first update the weights are computed values: shown with the weights' decimals."""

    def number_of(self, sym: Sym, value: float) -> str:
        if sym.kind in ("w", "b"):
            return self.digits(value, "weight")
        return super().number_of(sym, value)


def reported_epochs(epochs: int, every: int) -> list[int]:
    """The first epoch, every `every`-th, and the last."""
    return [e for e in range(1, epochs + 1) if e == 1 or e % every == 0 or e == epochs]


def default_report_every(epochs: int) -> int:
    return 1 if epochs <= 20 else max(1, epochs // 10)


def _number(value: float, fmt: str, places: int = TRAIN_DECIMALS) -> str:
    text = fixed(value, places)
    return "−" + text[1:] if fmt == "text" and text.startswith("-") else text


def schedule_notes(p: Problem, fmt: str) -> dict[str, str]:
    """The run's rules in words: how updates are made, what a batch's and an epoch's loss are, the draw."""
    math = fmt != "text"
    n = len(p.samples)
    size = batch_size(p)
    if p.update == "online" or size == 1:
        update = "online: the weights are updated after each sample, in file order"
    elif p.update == "batch":
        update = f"batch: one update per epoch from the {n} samples together"
    else:
        update = (f"minibatch: batches of {size} samples in file order, "
                  f"{len(schedule(p))} updates per epoch")
    if p.loss == "mse":
        rule = ("the mean of its samples' losses (mse: the mean over outputs and samples), "
                + (r"$E = \frac{1}{N}\sum_s E_s$" if math else "E = (1/N) Σₛ Eₛ"))
    else:
        rule = "the sum of its samples' losses, " + (r"$E = \sum_s E_s$" if math else "E = Σₛ Eₛ")
    batch = f"The loss of a batch is {rule}; its gradient is the gradient of that loss." if size > 1 else ""
    epoch_rule = ("An epoch's loss is that of its own forward passes: the per-sample losses as met, "
                  + ("averaged" if p.loss == "mse" else "summed")
                  + (" (before the update in batch mode)." if size > 1 else "."))
    return {"update": update, "batch_rule": batch, "epoch_rule": epoch_rule, "init_note": init_note(p, fmt),
            "epochs": f"{p.epochs:,}"}


def _header(p: Problem, fmt: str, notation: Notation) -> dict[str, Any]:
    """Title, network, loss, rate, delta rule and initial parameters, as the one-step solution shows them."""
    context = solution_context(derive(p, 0), fmt, notation)
    keep = ("source", "architecture", "activations", "loss_formula", "convention_name", "convention",
            "learning_rate_symbol", "learning_rate", "weights")
    header = {k: context[k] for k in keep}
    header["title"] = _escape(p.title or "Backpropagation, a training run", fmt)
    header.update(_samples(p, fmt, notation))
    header.update(schedule_notes(p, fmt))
    return header


def parameter_symbols(p: Problem, fmt: str, notation: Notation = DEFAULT) -> dict[str, str]:
    """"w.A.B"/"b.U" → how the parameter is written (symbols only: no engine needed)."""
    style = "text" if fmt == "text" else "latex"
    symbols = {}
    for l in range(1, len(p.layers)):
        for b in p.units[l]:
            for a in p.units[l - 1]:
                symbols[f"w.{a}.{b}"] = notation.symbol(Sym(f"w.{a}.{b}", "w", (a, b)), style)
            if p.biases is not None:
                symbols[f"b.{b}"] = notation.symbol(Sym(f"b.{b}", "b", (b,)), style)
    return symbols


def _given(value: float, fmt: str) -> str:
    text = plain(value)
    return "−" + text[1:] if fmt == "text" and text.startswith("-") else text


def _samples(p: Problem, fmt: str, notation: Notation) -> dict[str, Any]:
    style = "text" if fmt == "text" else "latex"
    return {
        "samples": [{"number": k + 1, "inputs": [_given(v, fmt) for v in s.x],
                     "targets": [_given(v, fmt) for v in s.t]} for k, s in enumerate(p.samples)],
        "input_symbols": [notation.symbol(Sym(f"x.{u}", "x", (u,)), style) for u in p.units[0]],
        "target_symbols": [notation.symbol(Sym(f"t.{u}", "t", (u,)), style) for u in p.outputs],
    }


def _writer(d: Derivation, fmt: str, notation: Notation, carried: bool) -> Writer:
    cls = CarriedWriter if carried else Writer
    return cls(d, "text" if fmt == "text" else "latex", notation)


def _update_context(u: Update, fmt: str, notation: Notation, carried: bool) -> dict[str, Any]:
    p = u.passes[0].derivation.problem
    last = len(p.layers) - 1
    passes = []
    for ps in u.passes:
        d = ps.derivation
        sections = section_contexts(ps.steps, _writer(d, fmt, notation, carried), last)
        if ps.in_batch:
            for s in sections:
                if s["key"] == "update":
                    s["title"] = "Gradients of this sample"
        where = f"epoch {u.epoch}, sample {d.sample + 1}"
        ids = f"step ids {ps.prefix}…" if ps.prefix else "step ids without prefix"
        passes.append({"title": _escape(f"{where[0].upper()}{where[1:]} ({ids})", fmt), "sections": sections})
    batch = None
    if u.batch_step is not None:
        numbers = ", ".join(str(s + 1) for s in u.samples)
        w = _writer(u.batch_step, fmt, notation, carried)
        title = f"Epoch {u.epoch}, update {u.batch} from samples {numbers} (step ids {u.batch_prefix}…)"
        sections = section_contexts(u.batch_step.steps, w, last)
        for s in sections:
            if s["key"] == "loss":
                s["title"] = "Loss of the batch"
        batch = {"title": _escape(title, fmt), "sections": sections}
    return {"passes": passes, "batch": batch}


def _table(p: Problem, losses: Sequence[float], snapshots: dict[int, dict[str, float]] | None,
           every: int, fmt: str) -> dict[str, Any]:
    symbols = parameter_symbols(p, fmt) if snapshots is not None else {}
    rows = []
    for e in reported_epochs(len(losses), every):
        cells = [_number(snapshots[e][k], fmt) for k in symbols] if snapshots is not None else []
        rows.append({"epoch": f"{e:,}", "loss": _number(losses[e - 1], fmt), "weights": cells})
    return {"rows": rows, "weight_symbols": list(symbols.values())}


def render_run(p: Problem, updates: list[Update], losses: Sequence[float],
               snapshots: dict[int, dict[str, float]] | None, every: int, fmt: str,
               fragment: bool = False, notation: Notation = DEFAULT) -> str:
    """A training run: the first `len(updates)` updates in full, then the loss (and weights) per epoch."""
    if fmt == "json":
        return run_json(p, updates, losses, snapshots, every, notation)
    context = _header(p, fmt, notation)
    context["updates"] = [_update_context(u, fmt, notation, carried=k > 0) for k, u in enumerate(updates)]
    context["full_count"] = len(updates)
    context.update(_table(p, losses, snapshots, every, fmt))
    context["fragment"] = fragment
    return environment().get_template(f"{fmt}/run.{SUFFIX[fmt]}.j2").render(**context)


def run_json(p: Problem, updates: list[Update], losses: Sequence[float],
             snapshots: dict[int, dict[str, float]] | None, every: int, notation: Notation = DEFAULT) -> str:
    items = []
    for k, u in enumerate(updates):
        steps = []
        for ps in u.passes:
            d = ps.derivation
            text, latex = _writer(d, "text", notation, k > 0), _writer(d, "latex", notation, k > 0)
            steps += [step_json(s, text, latex, ps.prefix) for s in ps.steps]
        if u.batch_step is not None:
            text, latex = _writer(u.batch_step, "text", notation, k > 0), _writer(u.batch_step, "latex", notation, k > 0)
            steps += [step_json(s, text, latex, u.batch_prefix) for s in u.batch_step.steps]
        items.append({"epoch": u.epoch, "update": u.batch, "samples": [s + 1 for s in u.samples], "steps": steps})
    epochs = []
    for e in reported_epochs(len(losses), every):
        row: dict[str, Any] = {"epoch": e, "loss": float(losses[e - 1])}
        if snapshots is not None:
            row["weights"] = snapshots[e]
        epochs.append(row)
    document = {
        "title": p.title, "source": p.source, "layers": list(p.layers), "units": [list(u) for u in p.units],
        "activations": list(p.activations), "loss": p.loss, "delta_convention": p.delta_convention,
        "learning_rate": p.learning_rate, "epochs": p.epochs, "update": p.update, "batch_size": batch_size(p),
        "momentum": p.momentum,
        "init": None if p.init is None else {"seed": p.init.seed, "distribution": p.init.distribution,
                                             "scale": p.init.scale},
        "updates": items, "history": epochs,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_training(p: Problem, result: TrainingResult, every: int | None, fmt: str, fragment: bool = False,
                    notation: Notation = DEFAULT) -> str:
    """`train`'s report: loss table, final weights, final predictions per sample."""
    losses = result.losses
    if fmt == "json":
        rows = reported_epochs(result.epochs, every or 1)
        document = {
            "history": [{"epoch": e, "loss": float(losses[e - 1])} for e in rows],
            "weights": result.parameters,
            "predictions": result.predictions,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    every = every or default_report_every(result.epochs)
    math = fmt != "text"
    symbols = parameter_symbols(p, fmt, notation)
    context: dict[str, Any] = {
        "title": _escape(p.title or "Training run", fmt),
        "source": _escape(Path(p.source).name, fmt),
        "architecture": "-".join(map(str, p.layers)),
        "activations": _escape(", ".join(p.activations), fmt),
        "loss_name": p.loss,
        "loss_formula": LOSSES[p.loss].latex if math else LOSSES[p.loss].text,
        "learning_rate": _given(p.learning_rate, fmt),
        "momentum": "" if p.momentum is None else _given(p.momentum, fmt),
        "trained_epochs": f"{result.epochs:,}",
        "rows": [{"epoch": f"{e:,}", "loss": _number(losses[e - 1], fmt)} for e in reported_epochs(result.epochs, every)],
        "weights": [{"symbol": symbols[k], "value": _number(v, fmt)} for k, v in result.parameters.items()],
        "predictions": [[_number(v, fmt) for v in row] for row in result.predictions],
        "output_symbols": [notation.symbol(Sym(f"out.{u}", "out", (u,)), "text" if fmt == "text" else "latex")
                           for u in p.outputs],
        "fragment": fragment,
    }
    context.update(schedule_notes(p, fmt))
    context.update(_samples(p, fmt, notation))
    return environment().get_template(f"{fmt}/train.{SUFFIX[fmt]}.j2").render(**context)
