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
    solve.set_defaults(run=_solve)

    check = commands.add_parser("check", help="mark hand-worked numbers step by step (exit 1 if any is wrong)")
    check.add_argument("problem", help="problem file (TOML or JSON)")
    check.add_argument("claims", help="claims file (TOML or JSON) with a [claims] table: step = number")
    check.add_argument("--format", choices=("text", "json", "md"), default="text")
    check.set_defaults(run=_check)
    return parser


def _solve(args: argparse.Namespace) -> int:
    from .problem import load_problem

    problem = load_problem(args.problem)  # before the engine's imports: bad input is reported fast
    from .derive import derive
    from .numbers import Rounding
    from .render import render_solution

    rounding = Rounding(decimals=args.digits) if args.digits is not None else Rounding()
    text = render_solution(derive(problem, rounding=rounding), args.format, fragment=args.fragment)
    _write(text, args.output)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .claims import load_claims
    from .problem import load_problem

    problem = load_problem(args.problem)
    claims = load_claims(args.claims)
    from .check import check
    from .check_report import render_check
    from .claim_keys import resolve_claims
    from .derive import derive
    from .notation import DEFAULT

    derivation = derive(problem)  # with the problem's own rounding (carry mode carries claims too)
    by_step = resolve_claims(derivation, claims, DEFAULT, args.claims)
    verdicts = check(derivation, by_step)
    _write(render_check(derivation, by_step, verdicts, args.format, DEFAULT, args.claims), None)
    return EXIT_WRONG if any(v.verdict == "wrong" for v in verdicts) else EXIT_OK


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
