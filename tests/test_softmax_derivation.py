"""The derivation of a softmax output's δ under cross-entropy, written out step by step: the Jacobian
entries ∂y_j/∂net_k, the sum Σ_j ∂E/∂y_j · ∂y_j/∂net_k, and its collapse to y_k − t_k."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from stepcalc.engine import expr as ex
from stepcalc.engine.chain import gradient_chains
from stepcalc.engine.derivation import derivation_parts, derivation_values
from stepcalc.engine.derive import derive
from stepcalc.problem.validate import load_problem

from conftest import EXAMPLES, CliRunner, compile_latex, katex_errors, markdown_math

EXAMPLE = EXAMPLES / "softmax_classifier.toml"


def _by_hand() -> tuple[list[float], list[float]]:
    """The example's output net inputs and softmax outputs, from its numbers (tanh hidden layer)."""
    x = [0.6, -0.4]
    w1, b1 = [[0.3, -0.2], [0.4, 0.3]], [0.1, -0.1]  # w1[i][j]: input i → hidden j
    w2, b2 = [[0.5, -0.6], [0.2, 0.7]], [0.0, 0.05]
    h = [math.tanh(sum(x[i] * w1[i][j] for i in range(2)) + b1[j]) for j in range(2)]
    net = [sum(h[i] * w2[i][k] for i in range(2)) + b2[k] for k in range(2)]
    return net, _softmax(net)


def _softmax(net: list[float]) -> list[float]:
    exps = [math.exp(n) for n in net]
    return [e / sum(exps) for e in exps]


def _output_part():
    d = derive(load_problem(EXAMPLE))
    values = derivation_values(d, gradient_chains(d)[1])
    return d, values, derivation_parts(d)[1]


def test_the_jacobian_and_the_sum_are_written_on_the_units(cli: CliRunner) -> None:
    out = cli("solve", str(EXAMPLE), "--derivation", check=True).stdout
    assert "∂y_c1/∂net_c1 = y_c1(1 − y_c1)" in out
    assert "∂y_c2/∂net_c1 = −y_c2 y_c1" in out
    assert ("∂E/∂net_c1 = ∂E/∂y_c1 · ∂y_c1/∂net_c1 + ∂E/∂y_c2 · ∂y_c2/∂net_c1"
            " = (−t_c1/y_c1) y_c1(1 − y_c1) + (−t_c2/y_c2)(−y_c2 y_c1)"
            " = −(t_c1 − y_c1(t_c1 + t_c2)) = y_c1 − t_c1 = −δ_c1") in out
    assert "the targets are one-hot, so they sum to 1" in out


def test_every_side_agrees_and_the_factors_match_finite_differences() -> None:
    d, values, part = _output_part()
    for eq in part.equations:
        expected = ex.evaluate(eq.lhs, values)
        for side in eq.sides:
            assert ex.evaluate(side, values) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    net, y = _by_hand()
    h = 1e-6
    # ∂y_j/∂net_1 by central differences of softmax
    for j, unit in enumerate(("c1", "c2")):
        numeric = (_softmax([net[0] + h, net[1]])[j] - _softmax([net[0] - h, net[1]])[j]) / (2 * h)
        assert values[f"chain.doutdnet.{unit}.c1"] == pytest.approx(numeric, rel=1e-7)
    # ∂E/∂net_1 of E = −ln y_1 (t = (1, 0)) by central differences: y_1 − 1
    loss = lambda n: -math.log(_softmax(n)[0])  # noqa: E731
    numeric = (loss([net[0] + h, net[1]]) - loss([net[0] - h, net[1]])) / (2 * h)
    dE_dnet = next(eq for eq in part.equations if eq.lhs.kind == "dE_dnet")
    assert ex.evaluate(dE_dnet.lhs, values) == pytest.approx(numeric, rel=1e-7)
    assert numeric == pytest.approx(y[0] - 1, rel=1e-7)
    assert [eq.lhs.kind for eq in part.equations] == ["dout_dnet_k", "dout_dnet_k", "dE_dnet", "grad", "delta"]


def test_targets_that_are_not_one_hot_keep_the_general_form(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("t = [1, 0]", "t = [0.7, 0.3]")
    source = tmp_path / "soft.toml"
    source.write_text(text, encoding="utf-8")
    d = derive(load_problem(source))
    values = derivation_values(d, gradient_chains(d)[1])
    dE_dnet = next(eq for eq in derivation_parts(d)[1].equations if eq.lhs.kind == "dE_dnet")
    assert not dE_dnet.note.endswith("sum to 1")
    assert len(dE_dnet.sides) == 4  # named factors, written out, δ's formula, −δ: no y − t
    for side in dE_dnet.sides:
        assert ex.evaluate(side, values) == pytest.approx(ex.evaluate(dE_dnet.lhs, values), rel=1e-12)


def test_latex_compiles_and_markdown_renders_in_katex(cli: CliRunner, tmp_path: Path) -> None:
    latex = cli("solve", str(EXAMPLE), "--format", "latex", check=True).stdout
    assert r"\frac{\partial y_{c2}}{\partial \mathrm{net}_{c1}}" in latex
    compile_latex(latex, tmp_path)
    markdown = cli("solve", str(EXAMPLE), "--format", "md", "--derivation", check=True).stdout
    assert r"\frac{\partial y_{c2}}{\partial \mathrm{net}_{c1}}" in markdown
    assert katex_errors(markdown_math(markdown)) == []
