"""The commands as functions: `solve`, `check`, `train` and `generate` each take a frozen options record,
load and validate their input, and return the text (or a result). The command line (cli.py) and the
Python API (notebook.py) are thin callers of these: parsing, writing files and exit statuses live there.

Heavy modules (the engine, sympy, numpy, jinja2) are imported inside the functions: `import stepcalc`
stays cheap, bad input is reported before the engine loads, and `train` never loads the engine.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from stepcalc.errors import ProblemError

if TYPE_CHECKING:
    from stepcalc.check.options import CheckOptions, CheckResult
    from stepcalc.engine.derive import Derivation
    from stepcalc.generate.options import GenerateOptions
    from stepcalc.train.options import TrainOptions
    from stepcalc.figures.labels import FigureSaver
    from stepcalc.engine.numbers import Rounding
    from stepcalc.problem.validate import Problem

    ProblemLike = Problem | Mapping[str, Any] | str | Path  # a path, a mapping or TOML text

FULL_WHEN_AT_MOST = 4  # updates; a longer run shows its first FULL_DEFAULT updates in full
FULL_DEFAULT = 2
# Carry rounding is the engine's alone, so a carried run's epoch table is worked step by step:
# at most this many sample passes (epochs × samples), a few seconds of work.
MAX_CARRIED_PASSES = 5_000


class DigitsRefused(ProblemError, ValueError):
    """`--digits` (or `digits=`) on a problem whose [rounding] mode is carry.

    A ValueError too, as the Python API has always raised one for it."""

    def __init__(self, source: str) -> None:
        super().__init__(source, "--digits", "the problem's [rounding] mode is carry, so its decimals are part of "
                                             "the numbers; change rounding.decimals in the file instead")


MAX_DIGITS = 15  # a float holds about 16 significant digits


class DigitsOutOfRange(ProblemError, ValueError):
    """`digits=` that is no whole number from 0 to MAX_DIGITS (the command line refuses it while parsing)."""

    def __init__(self, source: str, digits: object) -> None:
        super().__init__(source, "digits", f"expected a whole number of decimals from 0 to {MAX_DIGITS}, got {digits!r}")


@dataclass(frozen=True)
class SolveOptions:
    """How `solve` writes a problem: format, decimals, template and what the page shows."""

    format: str = "text"  # text, md, latex, json or html
    digits: int | None = None  # decimals shown for every kind of computed value (exact mode only)
    fragment: bool = False  # LaTeX: the body only
    template: str | Path | None = None  # a user's Jinja2 file instead of the built-in template
    derivation: bool | None = None  # "where the formulas come from"; None: on in LaTeX only
    full: int | None = None  # training runs: updates written out in full
    report_every: int | None = None  # training runs: every K-th epoch in the table
    epoch_weights: bool = False  # training runs: the weights after each reported epoch
    sample: int = 0  # one step: the sample it is worked on (0-based)
    diagram: bool = True  # one step in md/latex: the network diagram
    audience: str = "teacher"  # or "student": no file, key or tool named; rounding said in plain words


@dataclass(frozen=True)
class Worked:
    """A problem worked as `solve` shows it: one step (`step`) or a training run (`step` None)."""

    problem: Problem
    rounding: Rounding
    step: Derivation | None


def as_problem(problem: ProblemLike) -> Problem:
    """A Problem from a path, a mapping (the problem file's structure) or TOML text.

    A string with a line break is TOML text; any other string is a path.
    """
    from stepcalc.problem.validate import Problem, load_problem, problem_from_mapping, problem_from_toml

    if isinstance(problem, Problem):
        return problem
    if isinstance(problem, Mapping):
        return problem_from_mapping(problem)
    if isinstance(problem, Path):
        return load_problem(problem)
    if isinstance(problem, str):
        return problem_from_toml(problem) if "\n" in problem else load_problem(problem)
    raise TypeError(f"expected a path, a dict or TOML text, got {type(problem).__name__}")


def load(path: str | Path) -> Problem:
    """A problem file (never TOML text, whatever its name holds), as the command line reads it."""
    from stepcalc.problem.validate import load_problem

    problem = load_problem(path)
    advice = problem.loss_function.advice(problem.output_activation, len(problem.outputs))
    if advice is not None:
        sys.stderr.write(f"stepcalc: warning: {problem.source}: {advice}\n")
    return problem


def shown_rounding(problem: Problem, digits: int | None) -> Rounding:
    """The problem's rounding with `digits` shown decimals for every kind; refused in carry mode,
    where the decimals are part of the numbers."""
    from stepcalc.engine.numbers import Rounding

    rounding = problem.rounding
    if digits is None:
        return rounding
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= MAX_DIGITS:
        raise DigitsOutOfRange(problem.source, digits)
    if rounding.mode == "carry":
        raise DigitsRefused(problem.source)
    return Rounding(rounding.mode, digits, {}, rounding.rule)


def work(problem: ProblemLike, digits: int | None = None, sample: int = 0) -> Worked:
    """The problem loaded and worked: one step on `sample`, or for several samples or epochs a run
    (whose updates are worked when rendered, as only the format decides how many are needed)."""
    from stepcalc.engine.schedule import is_single_step

    p = as_problem(problem)
    rounding = shown_rounding(p, digits)
    if not is_single_step(p):
        return Worked(p, rounding, None)
    if not 0 <= sample < len(p.samples):
        raise IndexError(f"sample {sample} out of range: the problem has {len(p.samples)} samples")
    from stepcalc.engine.derive import derive

    return Worked(p, rounding, derive(p, sample, rounding))


def render(worked: Worked, options: SolveOptions, save_figure: FigureSaver | None = None) -> str:
    """The worked solution as text; `save_figure(kind, svg)` → name stores Markdown's figures as files
    (without it they are embedded)."""
    check_audience(options.audience)
    if worked.step is None:
        return _render_run(worked.problem, worked.rounding, options, save_figure)
    from stepcalc.render.solution import render_solution

    diagram_file = None
    if save_figure is not None and options.diagram:
        from stepcalc.figures.labels import network_svg

        diagram_file = save_figure("network", network_svg(worked.step))
    return render_solution(worked.step, options.format, fragment=options.fragment, template=options.template,
                           derivation=options.derivation, diagram=options.diagram, diagram_file=diagram_file,
                           audience=options.audience)


def check_audience(audience: object) -> None:
    """Refuses an audience other than "teacher" or "student" (one line, exit 2 on the command line)."""
    from stepcalc.render.notes import AUDIENCES

    if audience not in AUDIENCES:
        from stepcalc.errors import StepcalcError

        raise StepcalcError(f"audience: expected {' or '.join(AUDIENCES)}, not {audience!r}")


def solve(problem: ProblemLike, options: SolveOptions = SolveOptions(),
          save_figure: FigureSaver | None = None) -> str:
    """`stepcalc solve`: the worked solution of one step, or of a training run."""
    return render(work(problem, options.digits, options.sample), options, save_figure)


def _render_run(problem: Problem, rounding: Rounding, options: SolveOptions, save_figure: FigureSaver | None) -> str:
    """The first updates worked in full by the engine, then the loss (and weights) per epoch."""
    from stepcalc.engine.iterations import work_updates
    from stepcalc.render.train import default_report_every, reported_epochs
    from stepcalc.engine.schedule import total_updates

    total = total_updates(problem)
    passes = problem.epochs * len(problem.samples)
    if rounding.mode == "carry" and passes > MAX_CARRIED_PASSES:
        raise ProblemError(problem.source, "rounding.mode",
                           f"carry rounding is worked step by step by the engine, for at most {MAX_CARRIED_PASSES:,} "
                           f"sample passes (epochs × samples); this run has {passes:,}: use fewer epochs, "
                           'or mode = "exact" (computed in full precision)')
    full = options.full
    if full is None:
        full = total if total <= FULL_WHEN_AT_MOST else FULL_DEFAULT
    updates = work_updates(problem, min(full, total), rounding)
    every = options.report_every or default_report_every(problem.epochs)
    snapshots = set(reported_epochs(problem.epochs, every)) if options.epoch_weights else None
    if rounding.mode == "carry":
        # The numeric path cannot round as a book does: the table continues the carried numbers.
        from stepcalc.engine.iterations import engine_history

        history = engine_history(problem, rounding, snapshots)
        losses, weights = history.losses, history.snapshots
    else:
        # The per-epoch table comes from the numeric path, which tests hold equal to the engine.
        from stepcalc.train.numeric import train as train_numeric

        result = train_numeric(problem, snapshot_epochs=snapshots)
        losses, weights = result.losses, result.snapshots
    from stepcalc.engine.derive import derive
    from stepcalc.render.run import render_run

    # The header shows the run's first pass: the first update's, unless none is written out.
    first = updates[0].passes[0].derivation if updates else derive(problem, 0, rounding)
    fmt = options.format
    return render_run(first, updates, losses, weights, every, fmt, options.fragment, template=options.template,
                      derivation=options.derivation, loss_curve=_loss_curve(losses, fmt, save_figure),
                      save_figure=save_figure, audience=options.audience)


def train(problem: ProblemLike, options: TrainOptions | None = None,
          save_figure: FigureSaver | None = None) -> str:
    """`stepcalc train`: the numeric path's loss table, final weights and predictions (`options` None: the defaults)."""
    return "".join(train_pieces(problem, options, save_figure))


def train_pieces(problem: ProblemLike, options: TrainOptions | None = None,
                 save_figure: FigureSaver | None = None) -> Iterator[str]:
    """`train`'s text in pieces, for writing as they come: JSON of ten million epochs is never
    whole in memory. The training is done (and any error raised) before this returns."""
    from stepcalc.train.options import TrainOptions

    options = TrainOptions() if options is None else options
    p = as_problem(problem)
    if p.learning_rate is None:
        raise ProblemError(p.source, "learning_rate", "missing; stepcalc train updates the weights and needs one, "
                           "e.g. learning_rate = 0.5")
    if p.rounding.mode == "carry":
        raise ProblemError(p.source, "rounding.mode",
                           "stepcalc train computes in full precision and cannot round each step as a book does; "
                           'use stepcalc solve for a carried run, or mode = "exact"')
    from stepcalc.render.train import render_training, training_json
    from stepcalc.train.numeric import train as train_numeric

    show = sys.stderr.isatty() if options.progress is None else options.progress
    progress = terminal_progress() if show else None
    result = train_numeric(p, options.epochs, progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    if options.format == "json":
        return training_json(result, options.report_every)
    return iter([render_training(p, result, options.report_every, options.format, options.fragment,
                                 loss_curve=_loss_curve(result.losses, options.format, save_figure))])


def _loss_curve(losses: Sequence[float], fmt: str, save_figure: FigureSaver | None) -> str:
    if fmt not in ("md", "latex"):  # the formats with figures
        return ""
    from stepcalc.figures.labels import loss_curve_block, loss_history

    return loss_curve_block(loss_history(losses), fmt, save_figure)


def terminal_progress() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rtraining: epoch {done:,} of {total:,} ({100 * done // total}%)")
        sys.stderr.flush()

    return show


def check(problem: ProblemLike, claims: str | Path,
          options: CheckOptions | None = None) -> CheckResult:
    """`stepcalc check`: the claims file `claims` marked against `problem`: one training step, or the
    updates of a training run its (prefixed) claims name (`options` None: the defaults)."""
    from stepcalc.check.options import CheckOptions, CheckResult

    options = CheckOptions() if options is None else options
    p = as_problem(problem)
    from stepcalc.check.claims import load_claims

    claimed = load_claims(claims)
    from stepcalc.check.report import render_marked
    from stepcalc.check.runs import check_run

    # With the problem's own [rounding]: in carry mode the carried values are true.
    parts, notation = check_run(p, claimed, str(claims))
    text = render_marked(parts, options.format, notation, str(claims), options.width, options.ascii)
    return CheckResult(text, any(v.verdict == "wrong" for part in parts for v in part.verdicts))


def generate(options: GenerateOptions) -> list[str]:
    """`stepcalc generate`: writes the variants' files into `options.out`; returns their names."""
    from stepcalc.generate.exercises import Request, generate as write_variants, parse_formats
    from stepcalc.generate.variants import (Spec, parse_activations, parse_arch, parse_notation, parse_optimizer,
                                            parse_rounding, parse_steps, parse_updates)

    conv = None
    if options.kind == "convolutional":
        from stepcalc.generate.variants import parse_conv

        conv, layers = parse_conv(options.input, options.kernel, options.arch)
    else:
        for option, value in (("--input", options.input), ("--kernel", options.kernel)):
            if value is not None:
                from stepcalc.errors import StepcalcError

                raise StepcalcError(f"{option}: only used with --kind convolutional")
        layers = parse_arch(options.arch)
    spec = Spec(layers, parse_activations(options.activation, layers), options.loss, options.learning_rate,
                options.biases, options.decimals, tuple(options.weight_range or (-1.0, 1.0)),
                tuple(options.input_range or (0.0, 1.0)),
                tuple(options.target_range) if options.target_range else None, options.min_delta,
                None if options.notation is None else parse_notation(options.notation),
                () if options.rounding is None else parse_rounding(options.rounding),
                steps=parse_steps(options.kind, options.steps),
                optimizer=None if options.optimizer is None else parse_optimizer(options.optimizer),
                updates=parse_updates(options.updates), conv=conv)
    from stepcalc.generate.lms import parse_ask, parse_partial

    check_audience(options.audience)
    request = Request(spec, options.seed, options.count, parse_formats(options.formats), options.pdf,
                      None if options.ask is None else parse_ask(options.ask),
                      () if options.partial is None else parse_partial(options.partial), options.audience)
    return write_variants(request, Path(options.out))


_ELSEWHERE = {"TrainOptions": "stepcalc.train.options", "CheckOptions": "stepcalc.check.options",
              "CheckResult": "stepcalc.check.options", "GenerateOptions": "stepcalc.generate.options"}


def __getattr__(name: str) -> Any:
    """app.TrainOptions, app.CheckOptions, app.CheckResult and app.GenerateOptions, defined in their
    commands' packages and loaded on first use: a solve pays for no other command's records."""
    if name in _ELSEWHERE:
        import importlib

        value = getattr(importlib.import_module(_ELSEWHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
