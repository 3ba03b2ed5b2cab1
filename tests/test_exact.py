"""Exact arithmetic where the arithmetic is exact, rounding rules, and numbers as people write them.

Every expected value here is an exact fraction worked by hand in the comments; none comes from stepcalc.
"""
from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from stepcalc.check.claims import claims_from_toml
from stepcalc.engine.derive import derive
from stepcalc.engine.numbers import fixed, plain, rounded
from stepcalc.problem.validate import problem_from_toml
from stepcalc.render.solution import render_solution

from conftest import CliRunner

# A ReLU unit whose net input is exactly 0 on paper: 0.1 × 1 + 0.2 × 1 + (−0.3) = 0 (as binary floats,
# 0.1 + 0.2 − 0.3 is 2.8e-17, which made ReLU′ = 1 and every later number wrong).
RELU_AT_ZERO = """
learning_rate = 0.5
[network]
layers = [2, 1, 1]
activation = ["relu", "identity"]
units = [["x1", "x2"], ["h"], ["o"]]
weights = [[[0.1], [0.2]], [[0.5]]]
biases = [[-0.3], [0.1]]
[[samples]]
x = [1, 1]
t = [1]
"""

F = Fraction


def test_relu_at_an_exact_zero_net_input_has_derivative_zero() -> None:
    d = derive(problem_from_toml(RELU_AT_ZERO))
    # By hand (error convention, half_sse): net_h = 1/10 + 2/10 − 3/10 = 0, y_h = ReLU(0) = 0;
    # net_o = 1/2 × 0 + 1/10 = 1/10 = y_o; E = ½ (1 − 1/10)² = 81/200; err_o = δ_o = 1 − 1/10 = 9/10;
    # δ_h = ReLU′(0) × 1/2 × 9/10 = 0 (f′(0) = 0); Δw = η δ × input: 0 for every weight (δ_h = 0, y_h = 0);
    # Δb_o = 1/2 × 9/10 = 9/20, b_o' = 1/10 + 9/20 = 11/20; after: y_o' = 11/20, E' = ½ (9/20)² = 81/800.
    expected = {
        "net.h": F(0), "out.h": F(0), "net.o": F(1, 10), "out.o": F(1, 10), "loss": F(81, 200),
        "err.o": F(9, 10), "delta.o": F(9, 10), "delta.h": F(0),
        "grad.x1.h": F(0), "dw.x1.h": F(0), "w.x1.h": F(1, 10), "w.x2.h": F(2, 10), "dw.h.o": F(0),
        "w.h.o": F(1, 2), "grad.b.h": F(0), "b.h": F(-3, 10), "grad.b.o": F(-9, 10), "db.o": F(9, 20),
        "b.o": F(11, 20), "after.net.h": F(0), "after.out.o": F(11, 20), "loss_after": F(81, 800),
    }
    for key, value in expected.items():
        assert d.values[key] == value, key
        assert isinstance(d.values[key], Fraction), key  # no binary leftovers anywhere on the way


@pytest.mark.parametrize("fmt", ["text", "md", "latex", "json"])
def test_no_negative_zero_is_shown(fmt: str) -> None:
    out = render_solution(derive(problem_from_toml(RELU_AT_ZERO)), fmt)
    # a minus sign (ASCII or Unicode) directly before a zero value: −0, −0.0000, -0.0
    assert not re.search(r"(?<![\w.])[-−]0(?:\.0+)?(?![\d.])", out), out
    assert "ReLU(0.0000) = 0.0000" in out or fmt != "text"
    if fmt == "json":
        steps = {s["id"]: s for s in json.loads(out)["steps"]}
        assert steps["delta.h"]["value"] == 0 and steps["db.o"]["value"] == 0.45


# The tie: −1.13 × (−0.9) + (−0.48) × 0.9 + (−0.24) = 1.017 − 0.432 − 0.24 = 0.345 exactly (as binary
# floats 0.34499999999999997, which rounded half-up to 0.34).
TIE = """
learning_rate = 1
[rounding]
mode = "carry"
decimals = 2
{rule}
[network]
layers = [2, 1]
activation = "identity"
units = [["x1", "x2"], ["o"]]
weights = [[[-1.13], [-0.48]]]
biases = [[-0.24]]
[[samples]]
x = [-0.9, 0.9]
t = [1]
"""


@pytest.mark.parametrize("rule,net", [("", F(35, 100)), ('rule = "half_up"', F(35, 100)),
                                      ('rule = "half_even"', F(34, 100)), ('rule = "truncate"', F(34, 100))])
def test_carry_mode_rounds_the_exact_tie(rule: str, net: Fraction) -> None:
    d = derive(problem_from_toml(TIE.format(rule=rule)))
    assert d.values["net.o"] == net
    # everything after is worked from the carried value: δ_o = 1 − net_o (t − y, identity output)
    assert d.values["delta.o"] == 1 - net
    text = render_solution(d, "text")
    assert f"= {fixed(net, 2)}" in text


def test_the_tie_is_shown_half_up_in_exact_mode() -> None:
    text = render_solution(derive(problem_from_toml(TIE.format(rule="").replace('"carry"', '"exact"'))), "text")
    assert "(−1.13) × (−0.9) + (−0.48) × 0.9 + (−0.24) = 0.35" in text


@pytest.mark.parametrize("value,places,rule,expected", [
    (F(345, 1000), 2, "half_up", "0.35"), (F(-345, 1000), 2, "half_up", "-0.35"),
    (F(345, 1000), 2, "half_even", "0.34"), (F(355, 1000), 2, "half_even", "0.36"),
    (F(-355, 1000), 2, "half_even", "-0.36"), (F(349, 1000), 2, "truncate", "0.34"),
    (F(-349, 1000), 2, "truncate", "-0.34"), (F(-4, 1000), 2, "truncate", "0.00"),
    (F(-4, 1000), 2, "half_up", "0.00"), (F(1, 3), 4, "half_up", "0.3333"), (F(2, 3), 0, "half_up", "1"),
    (F(5, 2), 0, "half_even", "2"), (-0.0, 3, "half_up", "0.000"), (2.675, 2, "half_up", "2.68"),
])
def test_fixed_rounds_the_value_itself(value: Fraction | float, places: int, rule: str, expected: str) -> None:
    assert fixed(value, places, rule) == expected
    assert rounded(value, places, rule) == Fraction(expected)


def test_plain_writes_exact_decimals_and_no_negative_zero() -> None:
    assert plain(F(-3, 10)) == "-0.3" and plain(F(0)) == "0" and plain(-0.0) == "0" and plain(F(1, 8)) == "0.125"
    assert plain(F(11, 20)) == "0.55" and plain(F(7)) == "7"


WRITTEN = [("0.", F(0), 0.5), ("-.4", F(-4, 10), 0.05), ("1,234.5", F(12345, 10), 0.05),
           ("\u22120.0819", F(-819, 10000), 0.00005), (" +2 ", F(2), 0.5), ("-0.00", F(0), 0.005),
           ("12,345,678", F(12345678), 0.5)]


@pytest.mark.parametrize("text,value,tolerance", WRITTEN, ids=[w[0] for w in WRITTEN])
def test_claims_written_as_people_write_them(text: str, value: Fraction, tolerance: float) -> None:
    (claim,) = claims_from_toml(f'[claims]\n"out.h1" = "{text}"\n')
    assert claim.value == value and claim.tolerance == pytest.approx(tolerance, rel=1e-12)
    assert not claim.text.startswith("-0") or value != 0


# 1 × (−1)(−1.13)… : net_o = (−1.13)(−1) + (−0.48)(0.25) + (−0.24) = 1.13 − 0.12 − 0.24 = 0.77 exactly.
CHOP = TIE.replace('mode = "carry"\ndecimals = 2\n{rule}\n', "").replace("x = [-0.9, 0.9]", "x = [-1, 0.25]")


def test_check_names_a_truncated_value(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problem, claims = tmp_path / "chop.toml", tmp_path / "chop.claims"
    problem.write_text(CHOP, encoding="utf-8")
    # 0.7 is 0.77 chopped (rounded it is 0.8); δ_o = 1 − 0.77 = 0.23, written "0.2" is within ±0.05.
    claims.write_text('[claims]\n"net.o" = "0.7"\n"delta.o" = "0.2"\n', encoding="utf-8")
    result = cli("check", str(problem), str(claims), "--format", "json")
    assert result.returncode == 1, result.stderr
    verdicts = {v["id"]: v for v in json.loads(result.stdout)["verdicts"]}
    assert (verdicts["net.o"]["verdict"], verdicts["net.o"]["diagnosis"]) == ("wrong", "truncated")
    assert verdicts["net.o"]["correct"] == 0.77 and verdicts["delta.o"]["verdict"] == "correct"
    text = cli("check", str(problem), str(claims), env={"COLUMNS": "300"}).stdout  # a terminal wide enough for one line
    assert "truncated instead of rounded: the correct value is 0.7700, rounded to 1 decimal it is 0.8" in text


def test_an_unknown_rounding_rule_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.toml"
    path.write_text(TIE.format(rule='rule = "bankers"'), encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "rounding.rule" in result.stderr and "half_up, half_even, truncate" in result.stderr


# One 2-2-1 network written four ways. From x1: w_x1,h1 = 0.1, w_x1,h2 = 0.2; from x2: w_x2,h1 = 0.3,
# w_x2,h2 = 0.4; h1 → o 0.5, h2 → o 0.6; biases b_h1 = 0.7, b_h2 = 0.8, b_o = 0.9.
LAYOUTS = {
    "from_to": 'weights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]\nbiases = [[0.7, 0.8], [0.9]]',
    "to_from": 'weights_layout = "to_from"\nweights = [[[0.1, 0.3], [0.2, 0.4]], [[0.5, 0.6]]]\n'
               'biases = [[0.7, 0.8], [0.9]]',
    "from_to_row0": 'bias_in_weights = true\nweights = [[[0.7, 0.8], [0.1, 0.2], [0.3, 0.4]], [[0.9], [0.5], [0.6]]]',
    "to_from_column0": 'weights_layout = "to_from"\nbias_in_weights = true\n'
                       'weights = [[[0.7, 0.1, 0.3], [0.8, 0.2, 0.4]], [[0.9, 0.5, 0.6]]]',
}
NETWORK = """
learning_rate = 0.5
[network]
layers = [2, 2, 1]
activation = "identity"
{weights}
[[samples]]
x = [1, 2]
t = [1]
"""


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_weights_layouts_give_the_same_problem(layout: str) -> None:
    d = derive(problem_from_toml(NETWORK.format(weights=LAYOUTS[layout])))
    # net_h1 = 0.1 × 1 + 0.3 × 2 + 0.7 = 1.4; net_h2 = 0.2 × 1 + 0.4 × 2 + 0.8 = 1.8;
    # net_o = 0.5 × 1.4 + 0.6 × 1.8 + 0.9 = 0.7 + 1.08 + 0.9 = 2.68
    assert (d.values["net.h1"], d.values["net.h2"], d.values["net.o1"]) == (F(14, 10), F(18, 10), F(268, 100))
    assert d.values["given.w.x2.h1"] == F(3, 10) and d.values["given.b.h2"] == F(8, 10)
    reference = derive(problem_from_toml(NETWORK.format(weights=LAYOUTS["from_to"])))
    assert render_solution(d, "text") == render_solution(reference, "text")


LAYOUT_ERRORS = [
    ('weights_layout = "rows"\nweights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]', "network.weights_layout",
     "from_to, to_from"),
    ('weights_layout = "to_from"\nweights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]', "network.weights[1]",
     "list of 1"),
    ('bias_in_weights = true\nweights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]', "network.weights[0]", "list of 3"),
    ('bias_in_weights = true\nweights = [[[0.7, 0.8], [0.1, 0.2], [0.3, 0.4]], [[0.9], [0.5], [0.6]]]\n'
     'biases = [[0.7, 0.8], [0.9]]', "network.biases", "one place"),
]


@pytest.mark.parametrize("weights,key,phrase", LAYOUT_ERRORS)
def test_bad_weight_layouts_are_one_line(cli, tmp_path: Path, weights: str, key: str,  # type: ignore[no-untyped-def]
                                         phrase: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(NETWORK.format(weights=weights), encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert key in result.stderr and phrase in result.stderr and "p.toml" in result.stderr


# 1-1-2: x = 1 → ReLU h → identity outputs o1, o2 (half_sse, error convention).
TWO_OUTPUTS = """
learning_rate = 0.5
[network]
layers = [1, 1, 2]
activation = ["relu", "identity"]
units = [["x"], ["h"], ["o1", "o2"]]
weights = [[[0.5]], [[0.4, -0.2]]]
[[samples]]
x = [1]
t = [1, 0]
"""


def test_every_printed_line_is_a_step() -> None:
    d = derive(problem_from_toml(TWO_OUTPUTS))
    # By hand: net_h = 0.5 = y_h, f′(net_h) = ReLU′(0.5) = 1; y_o1 = 0.4 × 0.5 = 0.2, y_o2 = −0.2 × 0.5 = −0.1;
    # E_o1 = ½ (1 − 0.2)² = 8/25, E_o2 = ½ (0 + 0.1)² = 1/200, E = 13/40; err_o1 = 1 − 0.2 = 0.8 = δ_o1,
    # err_o2 = 0 − (−0.1) = 0.1 = δ_o2; the hidden error Σ w δ = 0.4 × 0.8 + (−0.2) × 0.1 = 0.3, δ_h = 1 × 0.3.
    expected = {"loss.o1": F(8, 25), "loss.o2": F(1, 200), "loss": F(13, 40), "err.o1": F(4, 5), "err.o2": F(1, 10),
                "err.h": F(3, 10), "fprime.h": F(1), "delta.h": F(3, 10)}
    for key, value in expected.items():
        assert d.values[key] == value, key
    order = [s.id for s in d.steps]
    assert order.index("loss.o2") < order.index("loss") and order.index("err.h") < order.index("fprime.h") \
        < order.index("delta.h")
    assert "fprime.o1" not in order  # an identity output has no derivative line (f′ = 1)
    assert "loss_after.o1" not in order and "after.loss.o1" not in order
    text = render_solution(d, "text")
    assert "E_o1 = (1/2)(t_o1 − y_o1)² = (1/2) × (1 − 0.2000)² = 0.3200" in text
    assert "−∂E/∂y_h = w_h,o1 δ_o1 + w_h,o2 δ_o2 = 0.4 × 0.8000 + (−0.2) × 0.1000 = 0.3000" in text
    assert "f′(net_h) = ReLU′(net_h) = ReLU′(0.5000) = 1.0000" in text
    steps = {s["id"]: s for s in json.loads(render_solution(d, "json"))["steps"]}
    assert steps["fprime.h"]["value"] == 1 and steps["loss.o2"]["value"] == 0.005 and steps["err.h"]["value"] == 0.3


def test_a_sigmoid_derivative_line() -> None:
    import math

    d = derive(problem_from_toml(TWO_OUTPUTS.replace('["relu", "identity"]', '["sigmoid", "identity"]')))
    y = 1 / (1 + math.exp(-0.5))  # σ(0.5) by the formula
    assert float(d.values["fprime.h"]) == pytest.approx(y * (1 - y), rel=1e-15)


def test_check_marks_the_new_steps_with_error_carried_forward(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problem, claims = tmp_path / "two.toml", tmp_path / "two.claims"
    problem.write_text(TWO_OUTPUTS, encoding="utf-8")
    # A wrong y_o1 = 0.3 carried: E_o1 = ½ (1 − 0.3)² = 0.245; a wrong net_h = −0.5 carried: ReLU′(−0.5) = 0;
    # the hidden error and E_o2 right as they are.
    claims.write_text('[claims]\n"out.o1" = 0.3\n"loss.o1" = 0.245\n"net.h" = -0.5\n"fprime.h" = 0\n'
                      '"err.h" = 0.3\n"E_o2" = 0.005\n', encoding="utf-8")
    result = cli("check", str(problem), str(claims), "--format", "json")
    verdicts = {v["id"]: v["verdict"] for v in json.loads(result.stdout)["verdicts"]}
    assert verdicts == {"net.h": "wrong", "out.o1": "wrong", "loss.o1": "carried", "loss.o2": "correct",
                        "err.h": "correct", "fprime.h": "carried"}


def test_long_claims_are_judged_exactly_and_floats_show_no_leftover_digits(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    claims = tmp_path / "long.claims"
    # net_h1 = 0.2 × 0.35 + 0.2 × 0.7 = 0.21 exactly: 0.21 + 10⁻²⁵ is outside ±5 × 10⁻²⁶.
    # y_h1 = σ(0.21) is irrational: shown with the 16 significant digits a double carries, no padding.
    claims.write_text('[claims]\n"net.h1" = 0.2100000000000000000000001\n"out.h1" = 0.5523079095743253000000000000\n',
                      encoding="utf-8")
    result = cli("check", "examples/seed001.toml", str(claims), env={"COLUMNS": "300"})  # rows unwrapped
    rows = {line.split()[1]: line for line in result.stdout.splitlines() if line.startswith(("net_h1", "y_h1"))}
    assert "wrong" in rows["(net.h1)"] and "0.2100000000000000000000000" in rows["(net.h1)"]
    assert "correct" in rows["(out.h1)"] and "of 0.5523079095743253" in rows["(out.h1)"]
    assert rows["(out.h1)"].split()[3] == "0.5523079095743253"  # the Correct column, not padded with zeros


def test_a_float_is_not_written_past_its_precision() -> None:
    assert fixed(0.1 + 0.2, 20) == "0.3000000000000000"  # 16 significant digits of 0.30000000000000004
    assert fixed(F(3, 10), 20) == "0.30000000000000000000"  # exact: as many decimals as asked
    assert fixed(0.5, 4) == "0.5000"


def test_matrix_layout_writes_each_layers_equation_once() -> None:
    p = problem_from_toml(NETWORK.format(weights=LAYOUTS["from_to"]).replace("[network]", 'notation = "matrix"\n[network]')
                          .replace('"identity"', '"sigmoid"'))
    text = render_solution(derive(p), "text")
    backward = text.split("Backward pass")[1].split("Weight updates")[0]
    lines = [line.strip() for line in backward.splitlines()]
    assert sum(line.startswith("s^1 = ") for line in lines) == 1 and sum(line.startswith("s^2 = ") for line in lines) == 1
    # after the unit lines of its layer: the hidden layer's deltas, not its activation derivatives
    assert backward.index("s^1 = ") > backward.index("δ^1_2 = ")


@pytest.mark.parametrize("rule,words", [("half_even", "rounded half to even"), ("truncate", "truncated (cut off)")])
def test_the_solution_says_which_rule_it_uses(rule: str, words: str) -> None:
    carry = render_solution(derive(problem_from_toml(TIE.format(rule=f'rule = "{rule}"'))), "text")
    assert f"Each value is {words} to 2 decimals" in carry
    exact = TIE.format(rule=f'rule = "{rule}"').replace('"carry"', '"exact"')
    assert f"shown to 2 decimals ({words})" in render_solution(derive(problem_from_toml(exact)), "md")


GRADIENTS_ONLY = TWO_OUTPUTS.replace("learning_rate = 0.5\n", "")


@pytest.mark.parametrize("style", ["default", "matrix", "chain-rule", "seed001", "seed003"])
@pytest.mark.parametrize("fmt", ["text", "md", "latex", "json"])
def test_a_problem_without_a_learning_rate_stops_at_the_gradients(style: str, fmt: str) -> None:
    d = derive(problem_from_toml(GRADIENTS_ONLY.replace("[network]", f'notation = "{style}"\n[network]')))
    # By hand (δ_h = 0.3, δ_o1 = 0.8, δ_o2 = 0.1, y_h = 0.5, x = 1; error convention ∂E/∂w = −δ × input):
    assert (d.values["grad.x.h"], d.values["grad.h.o1"], d.values["grad.h.o2"]) == (F(-3, 10), F(-2, 5), F(-1, 20))
    assert not any(s.kind in ("dw", "weight") or s.section == "after" for s in d.steps)
    out = render_solution(d, fmt)
    if fmt == "json":
        document = json.loads(out)
        assert document["learning_rate"] is None and document["steps"][-1]["id"] == "grad.h.o2"
    else:
        assert "stops at the gradients" in out and "before and after" not in out
        assert "Learning rate" not in out and "→" not in out and r"\to \mathbf" not in out


@pytest.mark.parametrize("extra,samples", [("epochs = 2", 1), ("", 2), ("momentum = 0.5", 1)])
def test_a_training_run_needs_a_learning_rate(cli, tmp_path: Path, extra: str, samples: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "run.toml"
    text = extra + "\n" + GRADIENTS_ONLY + ("[[samples]]\nx = [2]\nt = [0, 1]\n" if samples == 2 else "")
    path.write_text(text, encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "learning_rate" in result.stderr and "missing" in result.stderr


def test_train_and_check_on_a_gradient_only_problem(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problem, claims = tmp_path / "g.toml", tmp_path / "g.claims"
    problem.write_text(GRADIENTS_ONLY, encoding="utf-8")
    result = cli("train", str(problem))
    assert result.returncode == 2 and "learning_rate" in result.stderr and result.stderr.count("\n") == 1
    # δ_o1 claimed 0.9 (wrong): ∂E/∂w_h,o1 from it is −0.9 × 0.5 = −0.45, carried.
    claims.write_text('[claims]\n"delta.o1" = 0.9\n"grad.h.o1" = -0.45\n"grad.x.h" = -0.3\n', encoding="utf-8")
    verdicts = {v["id"]: v["verdict"] for v in json.loads(cli("check", str(problem), str(claims), "--format",
                                                               "json").stdout)["verdicts"]}
    assert verdicts == {"delta.o1": "wrong", "grad.h.o1": "carried", "grad.x.h": "correct"}


CARRIED_RUN = """
learning_rate = 0.1
epochs = 5
[network]
layers = [1, 1]
activation = "identity"
units = [["x"], ["o"]]
weights = [[[0.3]]]
[[samples]]
x = [1]
t = [0.1]
[rounding]
mode = "carry"
decimals = 4
"""


def test_a_carried_epoch_table_shows_the_carried_decimals_only(cli: CliRunner, tmp_path: Path) -> None:
    # By hand, every value carried at 4 decimals (y = w, E = ½(t − y)², w += 0.1 (t − y)):
    # w 0.3 → E 0.02; w 0.28 → 0.0162; w 0.262 → 0.013122 ≈ 0.0131; w 0.2458 → 0.01062882 ≈ 0.0106;
    # w 0.2458 − 0.01458 ≈ 0.2312 → ½ 0.1312² = 0.00860672 ≈ 0.0086, written 0.0086 (never 0.00860).
    (tmp_path / "run.toml").write_text(CARRIED_RUN, encoding="utf-8")
    text = cli("solve", "run.toml", "--report-every", "1", "--epoch-weights", cwd=tmp_path, check=True).stdout
    rows = re.findall(r"^\s+(\d)\s+(\S+)\s+(\S+)$", text, re.M)
    assert rows == [("1", "0.0200", "0.2800"), ("2", "0.0162", "0.2620"), ("3", "0.0131", "0.2458"),
                    ("4", "0.0106", "0.2312"), ("5", "0.0086", "0.2181")]
