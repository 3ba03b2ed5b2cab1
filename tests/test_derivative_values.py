"""A δ line's numbers show a named activation derivative (ReLU′, LReLU′, ELU′) by its value, as a person
writes it on paper: `1 × (0.5 − 0.0840)`, never `ReLU′(0.0840) × (0.5 − 0.0840)`; in every notation style
and format. Expected numbers are worked by hand below from the weights, not taken from stepcalc."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from stepcalc.engine.derive import derive
from stepcalc.notation import STYLES
from stepcalc.problem.validate import problem_from_mapping
from stepcalc.render.solution import render_solution, solution_json

from conftest import CliRunner, compile_latex, katex_errors, markdown_math

# weights[0][i][j]: input i → hidden j. net_h1 = 0.2·0.35 + 0.3·0.7 = 0.28 > 0,
# net_h2 = −0.4·0.35 − 0.1·0.7 = −0.21 < 0.
WEIGHTS = [[[0.2, -0.4], [0.3, -0.1]], [[0.3], [0.9]]]
X, T = [0.35, 0.7], 0.5


def problem(activation: str, notation: str = "default") -> dict[str, Any]:
    return {"title": "ReLU derivatives", "learning_rate": 1, "loss": "half_sse", "notation": notation,
            "network": {"layers": [2, 2, 1], "activation": activation, "units": [["x1", "x2"], ["h1", "h2"], ["o"]],
                        "weights": WEIGHTS},
            "samples": [{"x": X, "t": [T]}]}


def delta_numbers(activation: str, notation: str) -> dict[str, tuple[str, str]]:
    """Each δ step's numbers as (text, latex) from the JSON output."""
    steps = json.loads(solution_json(derive(problem_from_mapping(problem(activation, notation)))))["steps"]
    return {s["id"]: (s["substituted"], s["latex"]["substituted"]) for s in steps if s["kind"] == "delta"}


# ReLU by hand: y_h1 = 0.28, y_h2 = 0, net_o = 0.3·0.28 + 0.9·0 = 0.084 > 0, y_o = 0.084;
# δ_o = 1·(0.5 − 0.084) = 0.416, δ_h1 = 1·(0.3·0.416), δ_h2 = 0·(0.9·0.416).
RELU = {"delta.o": ("1 × (0.5 − 0.0840)", r"1 \times (0.5 - 0.0840)"),
        "delta.h1": ("1 × (0.3 × 0.4160)", r"1 \times (0.3 \times 0.4160)"),
        "delta.h2": ("0 × (0.9 × 0.4160)", r"0 \times (0.9 \times 0.4160)")}


@pytest.mark.parametrize("notation", list(STYLES))
def test_relu_deltas_show_the_derivative_as_1_or_0(notation: str) -> None:
    assert delta_numbers("relu", notation) == RELU


def test_leaky_relu_and_elu_show_their_values() -> None:
    # LReLU′ is exactly 0.01 below zero; net_o = 0.084 + 0.9·(0.01·(−0.21)) > 0, so LReLU′(net_o) = 1.
    y_o = 0.3 * 0.28 + 0.9 * (0.01 * -0.21)
    leaky = delta_numbers("leaky_relu", "default")
    assert leaky["delta.h2"][0].startswith("0.01 × (0.9 × ")
    assert leaky["delta.o"][0] == f"1 × (0.5 − {y_o:.4f})"
    # ELU′ below zero is e^net: net_h2 = −0.21; net_o = 0.084 + 0.9·(e^−0.21 − 1) < 0.
    net_o = 0.3 * 0.28 + 0.9 * (math.exp(-0.21) - 1)
    y_o = math.exp(net_o) - 1
    elu = delta_numbers("elu", "default")
    assert elu["delta.h1"][0].startswith("1 × (0.3 × ")
    assert elu["delta.h2"][0].startswith(f"{math.exp(-0.21):.4f} × (0.9 × ")
    assert elu["delta.o"][0] == f"{math.exp(net_o):.4f} × (0.5 − ({'−' if y_o < 0 else ''}{abs(y_o):.4f}))"


# A derivative call with a number in it, standing in a product: `ReLU′(0.28) ×` or `× ReLU′(0.28)`.
CALL_IN_PRODUCT = re.compile(r"(′|\}')\(\s*[−-]?[\d.]+\s*\)\s*(×|\\times)|(×|\\times)\s*\\?[\w{}\\]*(′|')\([−-]?[\d.]")


@pytest.mark.parametrize("notation", list(STYLES))
@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "elu", "tanh", "sigmoid"])
def test_no_derivative_call_stands_in_the_numbers(activation: str, notation: str) -> None:
    d = derive(problem_from_mapping(problem(activation, notation)))
    for fmt in ("text", "md", "latex"):
        page = render_solution(d, fmt, diagram=False) if fmt != "latex" else render_solution(d, fmt)
        assert CALL_IN_PRODUCT.search(page) is None, (fmt, CALL_IN_PRODUCT.search(page))
    # σ′ and tanh′ are written out (y(1 − y), 1 − y²) in every style: their numbers hold no call at all
    for text, latex in delta_numbers(activation, notation).values():
        assert "′(" not in text and "'(" not in latex


@pytest.mark.parametrize("notation", list(STYLES))
def test_markdown_math_renders_in_katex(notation: str) -> None:
    d = derive(problem_from_mapping(problem("relu", notation)))
    assert katex_errors(markdown_math(render_solution(d, "md", diagram=False))) == []


def test_the_call_line_keeps_the_call_and_latex_compiles(tmp_path: Path, cli: CliRunner) -> None:
    # f′(net) on its own line still shows which side of zero net lies: ReLU′(−0.2100) = 0.0000
    path = tmp_path / "relu.json"
    path.write_text(json.dumps(problem("relu")), encoding="utf-8")
    text = cli("solve", str(path), check=True).stdout
    assert "f′(net_h2) = ReLU′(net_h2) = ReLU′(−0.2100) = 0.0000" in text
    assert "δ_h2 = ReLU′(net_h2)(w_h2,o δ_o) = 0 × (0.9 × 0.4160) = 0.0000" in text
    compile_latex(cli("solve", str(path), "--format", "latex", check=True).stdout, tmp_path)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_softplus_and_gelu_show_the_looked_up_values() -> None:
    # softplus′ = σ: δ_h1 = σ(0.28) × (0.3 × δ_o), worked here from the weights.
    softplus = delta_numbers("softplus", "default")
    y = [math.log1p(math.exp(0.28)), math.log1p(math.exp(-0.21))]
    net_o = 0.3 * y[0] + 0.9 * y[1]
    delta_o = _sigmoid(net_o) * (T - math.log1p(math.exp(net_o)))
    assert softplus["delta.o"][0].startswith(f"{_sigmoid(net_o):.4f} × (0.5 − ")
    assert softplus["delta.h1"][0] == f"{_sigmoid(0.28):.4f} × (0.3 × ({'−' if delta_o < 0 else ''}{abs(delta_o):.4f}))"
    assert "σ(" not in softplus["delta.h1"][0] and r"\sigma(" not in softplus["delta.h1"][1]
    # GELU′ = Φ(net) + net φ(net): Φ and φ are table values, net stays a number to multiply.
    cdf = 0.5 * (1 + math.erf(-0.21 / math.sqrt(2)))
    pdf = math.exp(-0.21 ** 2 / 2) / math.sqrt(2 * math.pi)
    gelu = delta_numbers("gelu", "default")
    assert gelu["delta.h2"][0].startswith(f"({cdf:.4f} + (−0.2100) × {pdf:.4f}) × (0.9 × ")
    assert gelu["delta.h2"][1].startswith(rf"({cdf:.4f} + (-0.2100) \times {pdf:.4f}) \times (0.9 \times ")


def test_the_l1_sign_is_written_by_its_value(cli: CliRunner, tmp_path: Path) -> None:
    # The L1 term λ₁ sgn(w) for w = −0.4 reads 0.1 × (−1), the sign as the number it is.
    spec = problem("sigmoid")
    spec["optimizer"] = {"name": "sgd", "l1": 0.1}
    path = tmp_path / "l1.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    steps = {s["id"]: s for s in json.loads(cli("solve", str(path), "--format", "json", check=True).stdout)["steps"]}
    assert steps["l1.x1.h2"]["substituted"] == "0.1 × (−1)"
    assert steps["l1.x1.h1"]["substituted"] == "0.1 × 1"
    assert steps["l1.x1.h2"]["value"] == -0.1


def test_carry_mode_keeps_an_inexact_look_up_as_its_call() -> None:
    # Carried, each line's numbers must give its result exactly; Φ(−0.21) written 0.4168 would not,
    # since the result uses Φ's unrounded value. An exact look-up (ReLU′ = 0 or 1) stays a number.
    spec = problem("gelu")
    spec["rounding"] = {"mode": "carry"}
    steps = json.loads(solution_json(derive(problem_from_mapping(spec))))["steps"]
    deltas = {s["id"]: s["substituted"] for s in steps if s["kind"] == "delta"}
    assert deltas["delta.h2"].startswith("(Φ(−0.2100) + (−0.2100) × φ(−0.2100)) × (0.9 × ")
    relu = problem("relu")
    relu["rounding"] = {"mode": "carry"}
    steps = json.loads(solution_json(derive(problem_from_mapping(relu))))["steps"]
    assert {s["id"]: s["substituted"] for s in steps if s["kind"] == "delta"}["delta.h2"] == "0 × (0.9 × 0.4160)"
