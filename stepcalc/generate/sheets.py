"""Problem sheets (the givens and the questions) and the answer key of a set of exercise variants.

A sheet shows only what the solution's "Given" part shows, taken from the same context the solution
is rendered from (so both write the givens alike), plus the list of quantities to compute: the
symbols of the engine's steps, never their values. The answer key is a table of every step's value
per variant. Layout lives in templates/<fmt>/sheet.* and answer_key.*.
"""
from __future__ import annotations

from typing import Any, Sequence

from stepcalc.engine.derive import Derivation, Step
from stepcalc.render.formats import format_for
from stepcalc.engine.numbers import Rounding
from stepcalc.render.solution import Writer, solution_context
from stepcalc.render.templating import environment
from stepcalc.render.notes import KIND_NAMES

VARIANTS_PER_TABLE = 6  # answer-key columns that fit a printed page

# The solution context's keys that hold given values only (its other keys hold computed ones).
GIVEN_KEYS = ("title", "architecture", "activations", "loss_name", "loss_formula", "convention_name",
              "convention", "learning_rate_symbol", "learning_rate", "inputs", "targets", "optimizer")

QUESTIONS = {
    "forward": "Forward pass: compute the net input and the output of every unit",
    "loss": "Compute the loss",
    "backward": "Backward pass: compute the output error and the delta of every unit",
    "update": "Compute the gradient, the change and the new value of every parameter",
    "after": "Forward pass with the new parameters: compute the outputs and the loss again, and say whether "
             "the loss fell",
}

STATE_QUESTION = "Compute the gradient, the optimizer's state, the change and the new value of every parameter"


def rounding_note(rounding: Rounding) -> str:
    """How the answers are to be rounded, in words."""
    places = f"{rounding.decimals} decimal{'s' if rounding.decimals != 1 else ''}"
    if rounding.per_kind:
        places += " (" + ", ".join(f"{KIND_NAMES[k]}: {n}" for k, n in sorted(rounding.per_kind.items())) + ")"
    if rounding.mode == "carry":
        return f"Round every intermediate result to {places} and go on with the rounded value."
    return f"Keep full precision in intermediate results; give every result to {places}."


def sheet_context(d: Derivation, fmt: str, label: str, later: Sequence[tuple[str, Derivation]] = (),
                  diagram_file: str | None = None, solution: dict[str, Any] | None = None) -> dict[str, Any]:
    """The givens and the questions of one variant, written out for `fmt` (md or latex), with the
    network diagram of the givens (Markdown: a link to `diagram_file`, or without one a data URI);
    `later` holds the derivations of further updates (prefix, derivation), asked for after the first.
    `solution`: the solution's context for `fmt`, when the caller has made it already."""
    from stepcalc.figures import labels as figures

    solution = solution if solution is not None else solution_context(d, fmt)
    context = {key: solution[key] for key in GIVEN_KEYS}
    context["parameters"] = [{"symbol": row["symbol"], "value": row["value"]} for row in solution["weights"]]
    questions = _questions(d, solution["sections"], "")
    for number, (_, later_d) in enumerate(later, start=2):
        sections = solution_context(later_d, fmt)["sections"]
        # its forward pass and loss are the first update's "after" section, asked for already
        questions += _questions(later_d, [s for s in sections if s["key"] not in ("forward", "loss")],
                                f"Update {number}: ")
    context["questions"] = questions
    context["task"] = ("one step of backpropagation" if not later
                       else f"{len(later) + 1} updates, the sample met again with the new parameters and state,")
    context["rounding_note"] = rounding_note(d.rounding)
    context["label"] = label
    if fmt == "latex":
        context["diagram"] = figures.network_tikz(d, givens=True)
    else:
        svg = "" if diagram_file is not None else figures.network_svg(d, givens=True)
        context["diagram"] = figures.markdown_image(svg, figures.GIVENS_ALT, diagram_file)
    return context


def _questions(d: Derivation, sections: list[dict[str, Any]], lead: str) -> list[dict[str, Any]]:
    """A question per section: its text and the symbols of its steps, group (layer) by group."""
    step_ids = {s.id for s in d.steps}
    questions = []
    for section in sections:
        groups = []  # the solution's groups (layers), each with the symbols of its steps
        for group in section["groups"]:
            symbols = [line["lhs"] for line in group["steps"] if line.get("id") in step_ids]
            groups.append({"title": group["title"], "symbols": list(dict.fromkeys(symbols))})
        text = QUESTIONS[section["key"]]
        if section["key"] == "update" and d.problem.update_rule.roles:
            text = STATE_QUESTION
        questions.append({"text": lead + (text[0].lower() + text[1:] if lead else text), "groups": groups})
    return questions


def render_sheet(d: Derivation, fmt: str, label: str, later: Sequence[tuple[str, Derivation]] = (),
                 diagram_file: str | None = None, solution: dict[str, Any] | None = None) -> str:
    context = sheet_context(d, fmt, label, later, diagram_file, solution)
    return environment().get_template(format_for(fmt).template("sheet")).render(**context)


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def answered_steps(d: Derivation, later: Sequence[tuple[str, Derivation]] = ()) -> list[tuple[str, Step, Derivation]]:
    """Every step a variant asks for: (id with its run prefix, step, its derivation), updates in order."""
    entries = [(s.id, s, d) for s in d.steps]
    for prefix, later_d in later:
        entries += [(prefix + s.id, s, later_d) for s in later_d.steps]
    return entries


def answer_key_context(derivations: Sequence[Derivation], labels: Sequence[str], fmt: str,
                       symbols: dict[str, str], heading: dict[str, str],
                       later: Sequence[Sequence[tuple[str, Derivation]]] | None = None) -> dict[str, Any]:
    """Tables of every step's value, a row per step and a column per variant.

    `symbols` maps step ids to their LaTeX symbols; `heading` holds escaped title and settings lines;
    `later` the further updates of each variant (see `answered_steps`).
    """
    dialect = "text" if fmt == "md" else "latex"
    writers: dict[int, Writer] = {}
    answers = [[(key, s, writers.setdefault(id(step_d), Writer(step_d, dialect)) if id(step_d) not in writers
                 else writers[id(step_d)]) for key, s, step_d in answered_steps(d, more)]
               for d, more in zip(derivations, later or [()] * len(derivations))]
    keys = [key for key, _, _ in answers[0]]
    for column in answers:
        assert [key for key, _, _ in column] == keys, "variants of one run share their steps"
    columns = list(zip(labels, answers))
    tables = []
    shown = [i for i, key in enumerate(keys) if key in symbols]  # the steps the solutions show
    for group in _chunks(columns, VARIANTS_PER_TABLE):
        tables.append({  # one table per group of variants; LaTeX breaks it across pages
            "labels": [label for label, _ in group],
            "rows": [{"id": keys[i], "symbol": symbols[keys[i]],
                      "cells": [w.number(s.value, s.kind) for _, column in group for _, s, w in [column[i]]]}
                     for i in shown],
        })
    return {**heading, "tables": tables}


def render_answer_key(derivations: Sequence[Derivation], labels: Sequence[str], fmt: str,
                      symbols: dict[str, str], heading: dict[str, str],
                      later: Sequence[Sequence[tuple[str, Derivation]]] | None = None) -> str:
    context = answer_key_context(derivations, labels, fmt, symbols, heading, later)
    return environment().get_template(format_for(fmt).template("answer_key")).render(**context)
