"""`stepcalc solve` of a training run: the first updates worked in full by the engine, then the loss
(and optionally the weights) per epoch. Numbers are formatted here and laid out by templates/<format>/run.*.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from stepcalc import ids as sid
from stepcalc.engine.chain import with_chain_steps
from stepcalc.engine.derive import SECTIONS, Derivation
from stepcalc.errors import StepcalcError
from stepcalc.figures.labels import FigureSaver, network_block
from stepcalc.engine.iterations import BATCH_PASS_SECTIONS, Update
from stepcalc.notation import Notation, problem_style
from stepcalc.render.notes import intro_sentence, schedule_notes
from stepcalc.engine.numbers import Rounding, as_float
from stepcalc.problem.validate import Problem
from stepcalc.render.solution import Writer, computed_parameter_kinds, layout_sections, section_contexts, solution_context, step_json
from stepcalc.render.train import TRAIN_DECIMALS, number, parameter_symbols, reported_epochs, sample_rows
from stepcalc.engine.schedule import batch_size
from stepcalc.render.formats import format_for
from stepcalc.render.templating import environment


def _header(first: Derivation, fmt: str, notation: Notation, derivation: bool,
            audience: str = "teacher") -> dict[str, Any]:
    """Title, network, loss, rate, delta rule and initial parameters (and the derivation of the
    formulas, when asked for), as the one-step solution of the run's first pass shows them."""
    p = first.problem
    context = solution_context(first, fmt, notation, derivation, audience)
    keep = ("source", "architecture", "activations", "loss_formula", "convention_name", "convention",
            "learning_rate_symbol", "learning_rate", "weights", "style", "derivation", "rounding_note", "optimizer")
    header = {k: context[k] for k in keep}
    header["title"] = format_for(fmt).escape(p.title or "Backpropagation, a training run")
    header.update(sample_rows(p, fmt, notation))
    header.update(schedule_notes(p, fmt, audience))
    n = len(header["samples"])
    what = (f"Worked solution of a training run ({header['epochs']} epoch{'s' if header['epochs'] != '1' else ''}, "
            f"{n} sample{'s' if n != 1 else ''})")
    header["intro"] = intro_sentence(what, fmt, context["source"], "", audience)
    return header


def _writer(d: Derivation, fmt: str, notation: Notation, carried: bool) -> Writer:
    """After the first update the weights (and biases, unless kept fixed) are computed values: shown
    with the weights' decimals."""
    computed = computed_parameter_kinds(d.problem) if carried else frozenset()
    return Writer(d, format_for(fmt).dialect, notation, computed_given=computed)


def _pass_steps(ps: Any, w: Writer) -> list[dict[str, Any]]:
    """A sample's pass in the notation's layout; within a batch, its matrix lines stop at the sensitivities."""
    return layout_sections(ps.derivation, ps.steps, w, BATCH_PASS_SECTIONS if ps.in_batch else SECTIONS)


def _update_context(u: Update, fmt: str, notation: Notation, carried: bool,
                    save_figure: FigureSaver | None = None) -> dict[str, Any]:
    p = u.passes[0].derivation.problem
    last = len(p.layers) - 1
    passes = []
    for ps in u.passes:
        d = ps.derivation
        sections = _pass_steps(ps, _writer(d, fmt, notation, carried))
        if ps.in_batch:
            for s in sections:
                if s["key"] == "update":
                    s["title"] = "Gradients of this sample"
        ids = f"step id prefix {ps.prefix}" if ps.prefix else "step ids without prefix"
        # A sample that updates alone is a whole step: its diagram. A batch's passes update nothing.
        diagram = "" if ps.in_batch else network_block(d, fmt, notation, save_figure, _figure_kind(ps.prefix))
        passes.append({"title": format_for(fmt).escape(f"Epoch {u.epoch}, sample {d.sample + 1} ({ids})"), "sections": sections,
                       "diagram": diagram})
    batch = None
    if u.batch_step is not None:
        numbers = ", ".join(str(s + 1) for s in u.samples)
        w = _writer(u.batch_step, fmt, notation, carried)
        title = f"Epoch {u.epoch}, update {u.batch} from samples {numbers} (step id prefix {u.batch_prefix})"
        sections = section_contexts(u.batch_step.steps, w, last)
        for s in sections:
            if s["key"] == "loss":
                s["title"] = "Loss of the batch"
        diagram = network_block(u.batch_step, fmt, notation, save_figure, _figure_kind(u.batch_prefix), per_sample=False)
        batch = {"title": format_for(fmt).escape(title), "sections": sections, "diagram": diagram}
    return {"passes": passes, "batch": batch}


def _figure_kind(prefix: str) -> str:
    """The diagram file of an update: NAME-network.svg for the first, NAME-network-e1-s2.svg after."""
    return "-".join(["network", *sid.prefix_parts(prefix)])


def _table(p: Problem, losses: Sequence[float], snapshots: dict[int, dict[str, float]] | None,
           every: int, fmt: str, notation: Notation, rounding: Rounding) -> dict[str, Any]:
    """The epoch table; carried numbers are shown with their own decimals, exact ones with TRAIN_DECIMALS."""
    carried = rounding.mode == "carry"
    loss_places = rounding.places("loss") if carried else TRAIN_DECIMALS
    weight_places = rounding.places("weight") if carried else TRAIN_DECIMALS
    symbols = parameter_symbols(p, fmt, notation) if snapshots is not None else {}
    rows = []
    for e in reported_epochs(len(losses), every):
        # carried values have exactly their decimals (0.0090 is what was carried): never widened
        cells = [number(snapshots[e][k], fmt, weight_places, widen=not carried) for k in symbols] \
            if snapshots is not None else []
        rows.append({"epoch": f"{e:,}", "loss": number(losses[e - 1], fmt, loss_places, widen=not carried),
                     "weights": cells})
    return {"rows": rows, "weight_symbols": list(symbols.values())}


def render_run(first: Derivation, updates: list[Update], losses: Sequence[float],
               snapshots: dict[int, dict[str, float]] | None, every: int, fmt: str,
               fragment: bool = False, notation: Notation | None = None,
               template: str | Path | None = None, derivation: bool | None = None, loss_curve: str = "",
               save_figure: FigureSaver | None = None, audience: str = "teacher") -> str:
    """A training run: the first `len(updates)` updates in full, then the loss (and weights) per epoch,
    in the problem's notation style (unless `notation` is given). `first` is the run's first pass (the
    first update's, or worked on its own when no update is shown in full); its rounding is the run's.
    `template` and `derivation` work as for a single step (render_solution). `loss_curve` is the
    figure as the format shows it (figures.loss_curve_block); `save_figure` saves the diagrams of
    the updates worked in full as files (Markdown written with -o); `audience` as for render_solution."""
    p, rounding = first.problem, first.rounding
    notation = problem_style(p, notation)
    if fmt == "json":
        if template is not None:
            raise StepcalcError(f"{template}: --template: JSON output is not written from a template; "
                                "use --format text, md or latex")
        return run_json(p, updates, losses, snapshots, every, notation)
    if fmt == "html":
        from stepcalc.render.html import render_run_page

        return render_run_page(first, updates, losses, snapshots, every, notation, derivation, template, audience)
    context = _header(first, fmt, notation, fmt == "latex" if derivation is None else derivation, audience)
    context["updates"] = [_update_context(u, fmt, notation, k > 0, save_figure) for k, u in enumerate(updates)]
    context["full_count"] = len(updates)
    context.update(_table(p, losses, snapshots, every, fmt, notation, rounding))
    context["fragment"] = fragment
    context["loss_curve"] = loss_curve
    if template is not None:
        from stepcalc.render.sandbox import render_user_template

        return render_user_template(Path(template), context)
    return environment().get_template(format_for(fmt).template("run")).render(**context)


def run_json(p: Problem, updates: list[Update], losses: Sequence[float],
             snapshots: dict[int, dict[str, float]] | None, every: int, notation: Notation) -> str:
    items = []
    for k, u in enumerate(updates):
        steps = []
        for ps in u.passes:
            d, pass_steps = ps.derivation, ps.steps
            if notation.layout == "chain":  # each pass's chain-rule factors, as for a single step
                d = with_chain_steps(replace(d, steps=ps.steps))
                pass_steps = d.steps
            text, latex = _writer(d, "text", notation, k > 0), _writer(d, "latex", notation, k > 0)
            steps += [step_json(s, text, latex, ps.prefix) for s in pass_steps]
        if u.batch_step is not None:
            text, latex = _writer(u.batch_step, "text", notation, k > 0), _writer(u.batch_step, "latex", notation, k > 0)
            steps += [step_json(s, text, latex, u.batch_prefix) for s in u.batch_step.steps]
        items.append({"epoch": u.epoch, "update": u.batch, "samples": [s + 1 for s in u.samples], "steps": steps})
    epochs = []
    for e in reported_epochs(len(losses), every):
        row: dict[str, Any] = {"epoch": e, "loss": as_float(losses[e - 1])}
        if snapshots is not None:
            row["weights"] = {key: as_float(value) for key, value in snapshots[e].items()}
        epochs.append(row)
    document = {
        "title": p.title, "source": p.source, "layers": list(p.layers), "units": [list(u) for u in p.units],
        "activations": list(p.activations), "loss": p.loss, "delta_convention": p.delta_convention,
        "bias_input": p.bias_input, "learning_rate": p.learning_rate, "epochs": p.epochs, "update": p.update, "batch_size": batch_size(p),
        "momentum": p.momentum,
        "init": None if p.init is None else {"seed": p.init.seed, "distribution": p.init.distribution,
                                             "scale": p.init.scale},
        "updates": items, "history": epochs,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
