"""Command line: parses arguments, calls the pieces, maps errors to exit statuses. No logic of its own."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from .errors import StepcalcError

EXIT_OK, EXIT_WRONG, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _digits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of decimals, got {text!r}") from None
    if not 0 <= value <= 15:
        raise argparse.ArgumentTypeError(f"expected between 0 and 15 decimals, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(prog="stepcalc", description="Hand-worked backpropagation, step by step.")
    parser.add_argument("--version", action="version", version=f"stepcalc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    solve = commands.add_parser("solve", help="write the worked solution of one training step")
    solve.add_argument("problem", help="problem file (TOML or JSON)")
    solve.add_argument("--format", choices=("text", "md", "latex", "json"), default="text")
    solve.add_argument("-o", "--output", help="write to this file instead of standard output")
    solve.add_argument("--digits", type=_digits, help="decimals shown for computed values (default 4)")
    solve.add_argument("--fragment", action="store_true", help="LaTeX: the body only, no preamble")
    solve.add_argument("--full", type=_count(0), metavar="N",
                       help="training runs: updates written out in full (default: all of a short run, else 2)")
    solve.add_argument("--report-every", type=_count(1), metavar="K", help="training runs: every K-th epoch in the table")
    solve.add_argument("--epoch-weights", action="store_true", help="training runs: the weights in the epoch table")
    solve.add_argument("--template", metavar="PATH", help="your own Jinja2 template instead of the built-in one")
    solve.add_argument("--derivation", action=argparse.BooleanOptionalAction, default=None,
                       help="show where the formulas come from (chain rule by sympy); default: on in LaTeX only")
    solve.set_defaults(run=_solve)

    train = commands.add_parser("train", help="train numerically and report the loss, weights and predictions")
    train.add_argument("problem", help="problem file (TOML or JSON)")
    train.add_argument("--epochs", type=_count(1), metavar="N", help="epochs to train (default: the file's)")
    train.add_argument("--report-every", type=_count(1), metavar="K", help="every K-th epoch in the loss table")
    train.add_argument("--format", choices=("text", "md", "latex", "json"), default="text")
    train.add_argument("-o", "--output", help="write to this file instead of standard output")
    train.add_argument("--fragment", action="store_true", help="LaTeX: the body only, no preamble")
    train.set_defaults(run=_train)
    return parser


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number ≥ {minimum}, got {value}")
        return value

    return parse


def _train(args: argparse.Namespace) -> int:
    from .problem import load_problem
    from .runs import train_report

    problem = load_problem(args.problem)
    _write(train_report(problem, args.format, args.epochs, args.report_every, args.fragment), args.output)
    return EXIT_OK


def _solve(args: argparse.Namespace) -> int:
    from .problem import load_problem

    problem = load_problem(args.problem)  # before the engine's imports: bad input is reported fast
    from .schedule import is_single_step
    from .numbers import Rounding

    rounding = problem.rounding
    if args.digits is not None:
        if rounding.mode == "carry":
            raise StepcalcError(f"{args.problem}: --digits: the problem's [rounding] mode is carry, so its decimals "
                                "are part of the numbers; change rounding.decimals in the file instead")
        rounding = Rounding(rounding.mode, args.digits, {})  # --digits sets the shown decimals of every kind
    if not is_single_step(problem):
        from .runs import solve_run

        text = solve_run(problem, args.format, rounding, args.full, args.report_every, args.epoch_weights,
                         args.fragment, args.template, args.derivation)
        _write(text, args.output)
        return EXIT_OK
    from .derive import derive
    from .render import render_solution

    text = render_solution(derive(problem, rounding=rounding), args.format, fragment=args.fragment,
                           template=args.template, derivation=args.derivation)
    _write(text, args.output)
    return EXIT_OK


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise StepcalcError(f"{output}: cannot write output ({err.strerror or err})") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except StepcalcError as err:
        sys.stderr.write(f"stepcalc: {err}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
