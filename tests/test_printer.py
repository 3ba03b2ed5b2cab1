"""Hand-written lines: factor order kept, explicit ×, negatives in parentheses."""
from __future__ import annotations

from fractions import Fraction

from stepcalc.engine.derive import derive
from stepcalc.engine.expr import Add, Mul, Neg, Num, Pow, Sym
from stepcalc.notation import DEFAULT
from stepcalc.engine.numbers import fixed, plain, round_half_up
from stepcalc.render.printer import Printer
from stepcalc.problem.validate import load_problem
from stepcalc.render.solution import Writer

from conftest import EXAMPLES

Y = Sym("y", "out", ("o",))
T = Sym("t", "t", ("o",))
W = Sym("w", "w", ("h1", "o"))
D = Sym("d", "delta", ("o",))


def numeric(values: dict, fmt: str = "text") -> Printer:
    return Printer(DEFAULT, fmt, values, lambda sym, v: fixed(v, 4) if sym.kind != "t" else plain(v))


def test_delta_line_reads_as_written_by_hand() -> None:
    delta = Mul((Y, Add((Num(Fraction(1)), Neg(Y))), Add((T, Neg(Y)))))
    assert Printer(DEFAULT, "text").doprint(delta) == "y_o(1 − y_o)(t_o − y_o)"
    line = numeric({"y": 0.6650736, "t": 0.5}).doprint(delta)
    assert line == "0.6651 × (1 − 0.6651) × (0.5 − 0.6651)"


def test_negative_numbers_are_bracketed_and_order_is_kept() -> None:
    total = Add((Mul((W, D)), Neg(Y)))
    assert numeric({"w": -0.2, "d": -0.0368, "y": -0.5}).doprint(total) == "(−0.2000) × (−0.0368) − (−0.5000)"
    # A negative first term of a sum is bracketed too, never moved: (−0.2) + 0.03, not 0.03 − 0.2.
    assert numeric({"w": -0.2, "y": 0.03}).doprint(Add((W, Y))) == "(−0.2000) + 0.0300"
    assert numeric({"y": -0.5}).doprint(Pow(Y, Num(Fraction(2)))) == "(−0.5000)²"


def test_latex_uses_times_between_numbers() -> None:
    line = numeric({"w": 0.3, "d": -0.0368}, "latex").doprint(Mul((W, D)))
    assert line == r"0.3000 \times (-0.0368)"
    assert Printer(DEFAULT, "latex").doprint(Mul((W, D))) == r"w_{h1,o}\,\delta_{o}"


def test_half_up_rounding_on_the_printed_decimal() -> None:
    assert round_half_up(0.125, 2) == 0.13  # binary round() gives 0.12
    assert fixed(0.5, 2) == "0.50"
    assert fixed(-0.00001, 3) == "0.000"
    assert fixed(2.675, 2) == "2.68"
    assert plain(0.35) == "0.35" and plain(1.0) == "1" and plain(-0.2) == "-0.2" and plain(1e-05) == "0.00001"


def test_seed001_output_delta_line_matches_the_issue() -> None:
    d = derive(load_problem(EXAMPLES / "seed001.toml"))
    line = Writer(d, "text").step(d.step("delta.o"))["line"]
    assert line == "δ_o = y_o(1 − y_o)(t_o − y_o) = 0.6651 × (1 − 0.6651) × (0.5 − 0.6651) = −0.0368"
    hidden = Writer(d, "text").step(d.step("delta.h1"))["line"]
    assert hidden == "δ_h1 = y_h1(1 − y_h1)(w_h1,o δ_o) = 0.5523 × (1 − 0.5523) × (0.3 × (−0.0368)) = −0.0027"
