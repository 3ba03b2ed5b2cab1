"""Sentences that state a problem's conventions, per format: the update schedule, what the loss of a
batch and of an epoch is, how the weights were drawn. Words only; the numbers come from elsewhere.
"""
from __future__ import annotations

from stepcalc.problem.init import DRAW_DECIMALS
from stepcalc.engine.numbers import Rounding
from stepcalc.problem.recurrent import SequenceSample
from stepcalc.problem.validate import Problem
from stepcalc.engine.schedule import batch_size, schedule
from stepcalc.render.formats import format_for


def init_note(p: Problem, fmt: str, audience: str = "teacher") -> str:
    """How the weights were drawn, when the problem file gave none ("" otherwise); a student's page
    names no tool."""
    if p.init is None:
        return ""
    form = format_for(fmt)
    scale = form.escape(f"{p.init.scale:g}")
    if p.init.distribution == "normal":
        law = "the normal distribution " + form.math(f"N(0, {scale}^2)", f"N(0, {scale}²)")
    else:
        law = "the uniform distribution on " + form.math(f"[-{scale}, {scale}]", f"[−{scale}, {scale}]")
    tool = " (Python's random module)" if audience == "teacher" else ""
    return (f"The initial weights were drawn with seed {p.init.seed} from {law}{tool}, "
            f"rounded to {DRAW_DECIMALS} decimals.")


def sequence_loss_formula(p: Problem, math: bool, sample: SequenceSample | None = None) -> str:
    """A recurrent network's loss: the per-step loss summed over the time steps with a target (all
    of them, or the last: E = E(T)), for one sequence or, without `sample`, for all of the problem's."""
    loss = p.loss_function
    samples = [sample] if sample is not None else [s for s in p.samples if isinstance(s, SequenceSample)]
    every = all(t is not None for s in samples for t in s.ts)
    if math:
        per_step = loss.latex.replace("E =", "E(t) =", 1).replace("t_k", "t_k(t)").replace("y_k", "y_k(t)")
        return (r"E = \sum_{t=1}^{T} E(t)" if every else "E = E(T)") + rf",\quad {per_step}"
    per_step = loss.text.replace("E =", "E(t) =", 1).replace("(t −", "(t(t) −").replace("− y)", "− y(t))")
    per_step = per_step.replace("t ln y", "t(t) ln y(t)").replace("(1 − t) ln(1 − y)", "(1 − t(t)) ln(1 − y(t))")
    return ("E = Σ_t E(t), " if every else "E = E(T), ") + per_step


def schedule_notes(p: Problem, fmt: str, audience: str = "teacher") -> dict[str, str]:
    """The run's rules in words: how updates are made, what a batch's and an epoch's loss are, the draw."""
    form = format_for(fmt)
    n = len(p.samples)
    size = batch_size(p)
    order = "file order" if audience == "teacher" else "the order given"
    if p.update == "online" or size == 1:
        update = f"online: the weights are updated after each sample, in {order}"
    elif p.update == "batch":
        update = f"batch: one update per epoch from the {n} samples together"
    else:
        update = (f"minibatch: batches of {size} samples in {order}, "
                  f"{len(schedule(p))} updates per epoch")
    if p.loss_function.batch_mean:
        rule = ("the mean of its samples' losses (mse: the mean over outputs and samples), "
                + form.math(r"E = \frac{1}{N}\sum_s E_s", "E = (1/N) Σₛ Eₛ"))
    else:
        rule = "the sum of its samples' losses, " + form.math(r"E = \sum_s E_s", "E = Σₛ Eₛ")
    batch = f"The loss of a batch is {rule}; its gradient is the gradient of that loss." if size > 1 else ""
    epoch_rule = ("An epoch's loss is that of its own forward passes: each sample's loss as met, before the "
                  "update it feeds, " + ("averaged over the epoch." if p.loss_function.batch_mean else "summed over the epoch."))
    return {"update": update, "batch_rule": batch, "epoch_rule": epoch_rule, "init_note": init_note(p, fmt, audience),
            "epochs": f"{p.epochs:,}", "bias_rule": form.escape(bias_rule(p, audience))}


def bias_rule(p: Problem, audience: str = "teacher") -> str:
    """The problem's bias convention in words ("" for the usual one: a bias per unit, updated);
    a student's page leaves out the problem-file keys."""
    if p.biases is None or (p.update_biases and not p.shared_bias):
        return ""
    teacher = audience == "teacher"
    kept = " (update_biases = false)" if teacher else ""
    if not p.shared_bias:
        return f"The biases are kept as given: only the weights are updated{kept}."
    shared = "Each layer has one bias, shared by its units" + (" (shared_bias = true)" if teacher else "")
    if not p.update_biases:
        return shared + f"; it is kept as given: only the weights are updated{kept}."
    return shared + "; its gradient is the sum over those units."


# Who a page is for: a teacher's names the problem file, its keys and the tool; a student's does not.
AUDIENCES = ("teacher", "student")

# How each [rounding] rule is said in a sentence.
RULE_WORDS = {"half_up": "rounded half up", "half_even": "rounded half to even", "truncate": "truncated (cut off)"}


def rounding_note(rounding: Rounding, audience: str = "teacher") -> str:
    """How the shown numbers relate to the computed ones; for students in plain words, naming no key."""
    if audience == "student":
        return student_rounding_note(rounding)
    if rounding.mode == "carry":
        places = (f"{rounding.decimals} decimals" if not rounding.per_kind
                  else "the decimals set for its kind of value")
        kept = "truncated" if rounding.rule == "truncate" else "rounded"
        return (f"Each value is {RULE_WORDS[rounding.rule]} to {places} as it is computed, and the {kept} value "
                "is the one used from then on, as on paper.")
    rule = "" if rounding.rule == "half_up" else f" ({RULE_WORDS[rounding.rule]})"
    return (f"Values are shown to {rounding.decimals} decimals{rule}; each result is computed from the unrounded "
            "values before it, so redoing a line with the shown numbers can differ in the last digit "
            '([rounding] mode = "carry" carries the rounded values instead).')


# Kinds of computed value in words, for per-kind decimals.
KIND_NAMES = {"net": "net inputs", "out": "outputs", "loss": "losses", "delta": "deltas", "grad": "gradients",
              "dw": "changes", "weight": "new parameters", "moment": "first moments",
              "state": "second moments"}

# How each rounding rule is said to a student (no rule names).
STUDENT_RULE_WORDS = {"half_up": "rounded", "half_even": "rounded (a 5 at the cut goes to the even digit)",
                      "truncate": "cut off (not rounded)"}


def student_rounding_note(rounding: Rounding) -> str:
    """How the shown numbers are rounded, in plain words: no file, key or tool names."""
    places = f"{rounding.decimals} decimal{'s' if rounding.decimals != 1 else ''}"
    if rounding.per_kind:
        places += " (" + ", ".join(f"{KIND_NAMES.get(k, k)}: {n}" for k, n in sorted(rounding.per_kind.items())) + ")"
    rounded = STUDENT_RULE_WORDS[rounding.rule]
    if rounding.mode == "carry":
        kept = "cut-off" if rounding.rule == "truncate" else "rounded"
        return (f"Each result is {rounded} to {places} as it is worked, and the {kept} value is used "
                "from then on, as on paper.")
    return (f"Numbers are {rounded} to {places}; each result is worked from the unrounded values before it, "
            "so redoing a line with the numbers shown can differ in the last digit.")


def intro_sentence(what: str, fmt: str, source: str, detail: str = "", audience: str = "teacher") -> str:
    """A page's opening sentence, written for `fmt`: `what` it is, `detail` in brackets and, for a
    teacher, the tool and the problem file it was written from. `source` is the escaped file name."""
    bracket = f" ({detail})" if detail else ""
    if audience != "teacher":
        return f"{what}{bracket}."
    name = rf"\texttt{{{source}}}" if format_for(fmt).name == "latex" else source
    return f"{what}, written by stepcalc from {name}{bracket}."
