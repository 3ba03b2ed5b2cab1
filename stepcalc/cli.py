"""Command line: parses arguments, calls app.py, writes the output and maps errors to exit statuses.

No logic of its own: the commands themselves are app.py's functions, shared with the Python API.
"""
from __future__ import annotations

import argparse
import os
import sys

from stepcalc.errors import StepcalcError

TYPE_CHECKING = False  # typing's own constant costs `stepcalc --help` the import of typing
if TYPE_CHECKING:
    from typing import Any, Callable, Collection, Iterable, Sequence

EXIT_OK, EXIT_WRONG, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70
MAX_COUNT = 10_000_000  # epochs, updates or table rows a command-line count may ask for (as in problem files)
DOCUMENT_FORMATS = ("text", "md", "latex", "json")
SOLVE_FORMATS = DOCUMENT_FORMATS + ("html",)
SUFFIX_FORMATS = {".txt": "text", ".md": "md", ".markdown": "md", ".tex": "latex", ".json": "json", ".html": "html",
                  ".htm": "html"}
FORMAT_HELP = ("text (default), md (Markdown with $…$ math), latex (a document for pdflatex) or json; "
               "with -o and no --format, the file's extension decides (.txt .md .tex .json)")
OUTPUT_HELP = "write to this file instead of standard output"
AUDIENCES = ("teacher", "student")  # as stepcalc.render.notes.AUDIENCES, without importing the renderer
AUDIENCE_HELP = ("who reads the solutions: teacher (default; names the problem file and its settings) or "
                 "student (says how numbers are rounded in plain words, naming no file, setting or tool)")


def _terminal_columns(fallback: int = 80) -> int:
    """shutil.get_terminal_size((fallback, 24)).columns, without importing shutil (and the compressors
    it loads): $COLUMNS when positive, else the terminal's width, else `fallback`."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # argparse asks shutil for the width, as here; a --help or a parse then needs no shutil.
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, like every other input error; `--help` has the usage.
        sys.stderr.write(f"{self.prog}: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _digits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of decimals, got {text!r}") from None
    if not 0 <= value <= 15:
        raise argparse.ArgumentTypeError(f"expected between 0 and 15 decimals, got {value}")
    return value


def build_parser(commands: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Only `commands` (None: all) get their arguments: the others keep their
    names and help, which is all the top-level usage, help and errors show, so a process pays for
    building the arguments of the command it runs and no other."""
    from stepcalc import __version__

    parser = _Parser(prog="stepcalc", description="Hand-worked backpropagation, step by step.")
    parser.add_argument("--version", action="version", version=f"stepcalc {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (help_text, add_arguments) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text)
        if commands is None or name in commands:
            add_arguments(sub)
    return parser


def _commands_in(argv: Sequence[str]) -> tuple[str, ...]:
    """The command `argv` runs (its first word that is no option), or none: then the top-level parser
    answers (help, version, a missing or unknown command) without any command's arguments."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return (first,) if first in COMMANDS else ()


def _add_solve(solve: argparse.ArgumentParser) -> None:
    solve.add_argument("problem", help="problem file (TOML or JSON)")
    solve.add_argument("--format", choices=SOLVE_FORMATS, help=FORMAT_HELP + "; html (an interactive page)")
    solve.add_argument("-o", "--output", help=OUTPUT_HELP)
    solve.add_argument("--digits", type=_digits, help="decimals shown for computed values (default 4)")
    solve.add_argument("--fragment", action="store_true", help="LaTeX: the body only, no preamble")
    solve.add_argument("--full", type=_count(0), metavar="N",
                       help="training runs: updates written out in full (default: all of a short run, else 2)")
    solve.add_argument("--report-every", type=_count(1), metavar="K", help="training runs: every K-th epoch in the table")
    solve.add_argument("--epoch-weights", action="store_true", help="training runs: the weights in the epoch table")
    solve.add_argument("--template", metavar="PATH", help="your own Jinja2 template instead of the built-in one")
    solve.add_argument("--derivation", action=argparse.BooleanOptionalAction, default=None,
                       help="show where the formulas come from (chain rule by sympy); default: on in LaTeX only")
    solve.add_argument("--audience", choices=AUDIENCES, default="teacher", help=AUDIENCE_HELP)
    solve.set_defaults(run=_solve)


def _add_train(train: argparse.ArgumentParser) -> None:
    train.add_argument("problem", help="problem file (TOML or JSON)")
    train.add_argument("--epochs", type=_count(1), metavar="N", help="epochs to train (default: the file's)")
    train.add_argument("--report-every", type=_count(1), metavar="K", help="every K-th epoch in the loss table")
    train.add_argument("--format", choices=DOCUMENT_FORMATS, help=FORMAT_HELP)
    train.add_argument("-o", "--output", help=OUTPUT_HELP)
    train.add_argument("--fragment", action="store_true", help="LaTeX: the body only, no preamble")
    train.set_defaults(run=_train)


def _add_check(check: argparse.ArgumentParser) -> None:
    check.add_argument("problem", help="problem file (TOML or JSON)")
    check.add_argument("claims", help="claims file (TOML or JSON) with a [claims] table: step = number")
    check.add_argument("--format", choices=("text", "json", "md"), default="text",
                       help="text (default, a table), md or json (one verdict per claim)")
    check.set_defaults(run=_check)


def _add_generate(generate: argparse.ArgumentParser) -> None:
    from stepcalc.concepts.activations import ACTIVATIONS, DEFAULT_ACTIVATION
    from stepcalc.concepts.losses import LOSSES

    generate.add_argument("--arch", help="units per layer, input first, e.g. 2-2-1 or 2-3-3-1; with --kind "
                          "convolutional the dense layers after the flattened cells, e.g. 1 or 2-2 (default 1)")
    generate.add_argument("--kind", default="feedforward", choices=("feedforward", "recurrent", "convolutional"),
                          help="recurrent: an Elman network (--arch IN-HIDDEN-OUT) worked by backpropagation through "
                               "time; convolutional: one ReLU filter over an image in front of the dense layers")
    generate.add_argument("--input", metavar="CxHxW", help="convolutional: the image's channels, height, width, e.g. 1x4x4")
    generate.add_argument("--kernel", metavar="KHxKW", help="convolutional: the kernel's size, e.g. 2x2")
    generate.add_argument("--count", type=int, default=1, help="number of variants (default 1)")
    generate.add_argument("--seed", type=int, default=1, help="the same seed gives the same variants (default 1)")
    generate.add_argument("--out", required=True, metavar="DIR", help="directory to write into (created if missing)")
    generate.add_argument("--format", default="md", help="md, latex: sheets, solutions, answer key; moodle, qti, gift: "
                                                         "quiz banks; joined by commas, e.g. md,moodle (default md)")
    generate.add_argument("--activation", default=DEFAULT_ACTIVATION,
                          help=f"one for every layer, or one per layer, e.g. relu,{DEFAULT_ACTIVATION} "
                               f"(from: {', '.join(ACTIVATIONS)})")
    generate.add_argument("--loss", choices=tuple(LOSSES), default="half_sse", help="the loss function (default half_sse)")
    generate.add_argument("--learning-rate", type=float, default=0.5, help="η (default 0.5)")
    generate.add_argument("--biases", action="store_true", help="give every non-input unit a bias")
    generate.add_argument("--decimals", type=int, choices=(1, 2), default=1,
                          help="decimals of the drawn weights, inputs and targets (default 1)")
    for name, default in (("weight", "-1 1"), ("input", "0 1")):
        generate.add_argument(f"--{name}-range", type=float, nargs=2, metavar=("LOW", "HIGH"),
                              help=f"range of the drawn {name}s (default {default}); 0 is never drawn")
    generate.add_argument("--target-range", type=float, nargs=2, metavar=("LOW", "HIGH"),
                          help="range of the targets (default: inside the output activation's range)")
    generate.add_argument("--min-delta", type=float, help="smallest |δ| a variant may have (default 0.001)")
    generate.add_argument("--notation", help="notation style of the sheets and solutions (default: default)")
    generate.add_argument("--rounding", metavar="MODE[:N][,KIND=N…]",
                          help="the problems' [rounding]: exact or carry, decimals, per kind, e.g. carry:3")
    generate.add_argument("--optimizer", metavar="NAME",
                          help="the problems' [optimizer]: sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw "
                               "(torch.optim's defaults; default: plain gradient descent)")
    generate.add_argument("--updates", type=int, default=1,
                          help="updates to work per exercise, 1 (default) or 2: the sample met twice")
    generate.add_argument("--pdf", action="store_true", help="compile the LaTeX files with pdflatex")
    generate.add_argument("--ask", metavar="PARTS", help="quizzes: the steps asked, from forward,deltas,updates,loss_after "
                                                          "(default: all)")
    generate.add_argument("--partial", metavar="PERCENT:FACTOR", help="quizzes: PERCENT of the mark within FACTOR "
                                                                       "times the tolerance, e.g. 50:2")
    generate.add_argument("--steps", type=int, help="time steps of a recurrent network's sequences (default 3)")
    generate.add_argument("--audience", choices=AUDIENCES, default="teacher", help=AUDIENCE_HELP)
    generate.set_defaults(run=_generate)


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "solve": ("write the worked solution of one training step", _add_solve),
    "train": ("train numerically and report the loss, weights and predictions", _add_train),
    "check": ("mark hand-worked numbers step by step (exit 1 if any is wrong)", _add_check),
    "generate": ("write exercise variants: problem files, sheets, solutions, answer key", _add_generate),
}


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number ≥ {minimum}, got {value}")
        if value > MAX_COUNT:
            raise argparse.ArgumentTypeError(f"expected at most {MAX_COUNT:,}, got {value:,}")
        return value

    return parse


def _figure_saver(fmt: str, output: str | None) -> Callable[[str, str], str] | None:
    """Markdown written to a file gets its figures as SVG files next to it, linked by name (GitHub
    shows no inline SVG); on standard output they are embedded as data URIs instead."""
    if fmt != "md" or output is None:
        return None
    from stepcalc.figures.labels import figure_path_for

    def save(kind: str, svg: str) -> str:
        path = figure_path_for(output, kind)
        _write(svg, str(path))
        return path.name

    return save


def output_format(fmt: str | None, output: str | None, formats: tuple[str, ...] = DOCUMENT_FORMATS) -> str:
    """The document format: --format, else the -o file's extension, else text. A file name that
    cannot be written (empty, or a directory's), a format its extension contradicts and an extension
    of a format the command does not write (`formats`) are refused."""
    from pathlib import Path

    if output is not None:
        if not output.strip():
            raise StepcalcError("-o: expected a file name, got an empty one")
        if output.endswith(("/", os.sep)) or Path(output).is_dir():
            raise StepcalcError(f"-o {output}: is a directory; expected a file name, e.g. {Path(output) / 'solution.md'}")
    by_suffix = SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output else None
    if fmt is None and by_suffix is not None and by_suffix not in formats:
        raise StepcalcError(f"-o {output}: this command does not write {by_suffix}; expected a file ending in "
                            + ", ".join(s for s, f in SUFFIX_FORMATS.items() if f in formats))
    if fmt is None:
        return by_suffix or "text"
    if by_suffix is not None and by_suffix != fmt:
        raise StepcalcError(f"-o {output}: the extension says {by_suffix}, but --format is {fmt}; "
                            f"leave out --format or change the file name")
    return fmt


def _train(args: argparse.Namespace) -> int:
    from stepcalc import app

    fmt = output_format(args.format, args.output)
    options = app.TrainOptions(fmt, args.epochs, args.report_every, args.fragment)
    _write_pieces(app.train_pieces(app.load(args.problem), options, _figure_saver(fmt, args.output)), args.output)
    return EXIT_OK


def _solve(args: argparse.Namespace) -> int:
    from stepcalc import app

    fmt = output_format(args.format, args.output, SOLVE_FORMATS)
    problem = app.load(args.problem)  # before the engine's imports: bad input is reported fast
    options = app.SolveOptions(fmt, args.digits, args.fragment, args.template, args.derivation, args.full,
                               args.report_every, args.epoch_weights, audience=args.audience)
    _write(app.solve(problem, options, _figure_saver(fmt, args.output)), args.output)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from stepcalc import app

    # The terminal's width ($COLUMNS first); 100 when writing to a file or pipe, so that is reproducible.
    width = _terminal_columns(fallback=100)
    result = app.check(app.load(args.problem), args.claims,
                       app.CheckOptions(args.format, max(width, 40), not _stdout_holds("δ−×∂′")))
    _write(result.text, None)
    return EXIT_WRONG if result.any_wrong else EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    from stepcalc import app

    names = app.generate(app.GenerateOptions(
        args.arch, args.out, args.count, args.seed, args.format, args.activation, args.loss, args.learning_rate,
        args.biases, args.decimals, _pair(args.weight_range), _pair(args.input_range), _pair(args.target_range),
        args.min_delta,
        args.notation, args.rounding, args.pdf, args.ask, args.partial, args.kind, args.steps, args.optimizer,
        args.updates, args.input, args.kernel, audience=args.audience))
    _write(generate_summary(names, args.out, args.count), None)
    return EXIT_OK


def generate_summary(names: Sequence[str], out: str, count: int) -> str:
    """What `generate` wrote and where: the files counted by kind, and the answer key's name."""
    kinds = (("problem files", (".toml",)), ("exercise sheets", ("-sheet.md", "-sheet.tex")),
             ("solutions", ("-solution.md", "-solution.tex")), ("PDFs", (".pdf",)),
             ("diagrams", (".svg",)))
    counted = [f"{sum(1 for n in names if n.endswith(ends))} {kind}" for kind, ends in kinds
               if any(n.endswith(ends) for n in names)]
    keys = [n for n in names if n.startswith("answer-key") and not n.endswith(".pdf")]
    lines = [f"wrote {len(names)} files for {count} variant{'s' if count != 1 else ''} to {out}:",
             f"  {', '.join(counted)}", f"  answer key: {', '.join(keys)}"]
    return "\n".join(lines) + "\n"


def _pair(values: list[float] | None) -> tuple[float, float] | None:
    return None if values is None else (values[0], values[1])


def _write(text: str, output: str | None) -> None:
    _write_pieces((text,), output)


def _write_pieces(pieces: Iterable[str], output: str | None) -> None:
    """Text that comes in pieces (a long training history), written as it comes."""
    if output is None:
        for piece in pieces:
            _write_stdout(piece)
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            for piece in pieces:
                handle.write(piece)
    except OSError as err:
        raise StepcalcError(f"{output}: cannot write output ({err.strerror or err})") from None


def _stdout_holds(text: str) -> bool:
    """Whether standard output's encoding can write `text` (a cp1252 console cannot write δ)."""
    encoding = getattr(sys.stdout, "encoding", None)
    try:
        text.encode(encoding or "utf-8")
    except UnicodeEncodeError:
        return False
    except LookupError:
        pass
    return True


def _write_stdout(text: str) -> None:
    """Standard output in its own encoding: one that cannot hold the symbols gets ASCII spellings."""
    if not _stdout_holds(text):
        from stepcalc.render.ascii import ascii_spelling

        text = ascii_spelling(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        _silence_stdout()
        raise StepcalcError(f"standard output: cannot write ({err.strerror or err})") from None


def _silence_stdout() -> None:
    """Point the standard output's file at /dev/null, so that the interpreter's final flush of what
    could not be written neither fails again nor prints a second message."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests capture it in memory)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(_commands_in(words)).parse_args(words)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except StepcalcError as err:
        sys.stderr.write(f"stepcalc: {err}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug, not bad input: still one line (STEPCALC_DEBUG=1 shows the traceback)
        if os.environ.get("STEPCALC_DEBUG") == "1":
            raise
        sys.stderr.write(f"stepcalc: internal error, please report it: {type(err).__name__}: {err}\n")
        return EXIT_INTERNAL
