"""The activations added as one definition each (leaky_relu, softplus, elu, gelu) work everywhere:
every format and notation style, check, train and generate, with gradients equal to a central finite
difference of a forward pass written here from the published definitions."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from stepcalc.check.marking import check
from stepcalc.check.claim_keys import resolve_claims
from stepcalc.check.claims import claims_from_toml
from stepcalc.cli import main
from stepcalc.engine.derive import derive
from stepcalc.errors import ProblemError
from stepcalc.notation import STYLES
from stepcalc.problem.validate import problem_from_mapping
from stepcalc.render.solution import problem_notation, render_solution
from stepcalc.train.numeric import train

from conftest import compile_latex, katex_errors, markdown_math
from test_train import engine_run, total_updates

NEW = ["leaky_relu", "softplus", "elu", "gelu"]

# Published definitions, written out here (not taken from the package).
DEFINITIONS = {
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
    "softplus": lambda z: math.log(1 + math.exp(z)),
    "elu": lambda z: z if z > 0 else math.exp(z) - 1,
    "gelu": lambda z: 0.5 * z * (1 + math.erf(z / math.sqrt(2))),
    "sigmoid": lambda z: 1 / (1 + math.exp(-z)),
}
# Names as a reader sees them in the text output.
SHOWN = {"leaky_relu": "LReLU", "softplus": "softplus", "elu": "ELU", "gelu": "GELU"}

WEIGHTS = [[[0.6, -0.4], [-0.9, 0.5]], [[0.7, -0.3], [0.2, 0.8]]]
BIASES = [[0.1, -0.2], [0.05, 0.0]]
X, T = [1.0, 0.5], [0.3, 0.6]


def problem_data(hidden: str, output: str, **extra: object) -> dict:
    return {"learning_rate": 0.5, "loss": "half_sse",
            "network": {"layers": [2, 2, 2], "activation": [hidden, output], "weights": WEIGHTS, "biases": BIASES},
            "samples": [{"x": X, "t": T}], **extra}


def loss_by_hand(hidden: str, output: str, weights: list, biases: list) -> float:
    values = X
    for l, name in enumerate((hidden, output)):
        nets = [sum(weights[l][i][j] * values[i] for i in range(2)) + biases[l][j] for j in range(2)]
        values = [DEFINITIONS[name](z) for z in nets]
    return 0.5 * sum((t - y) ** 2 for t, y in zip(T, values))


@pytest.mark.parametrize("output", ["sigmoid", "same"])
@pytest.mark.parametrize("name", NEW)
def test_gradients_equal_a_central_finite_difference(name: str, output: str) -> None:
    output = name if output == "same" else output
    d = derive(problem_from_mapping(problem_data(name, output)))
    units = d.problem.units
    h = 1e-6
    assert d.values["loss"] == pytest.approx(loss_by_hand(name, output, WEIGHTS, BIASES), rel=1e-13)
    for l in range(2):
        for i in range(2):
            for j in range(2):
                plus, minus = json.loads(json.dumps(WEIGHTS)), json.loads(json.dumps(WEIGHTS))
                plus[l][i][j] += h
                minus[l][i][j] -= h
                numeric = (loss_by_hand(name, output, plus, BIASES) - loss_by_hand(name, output, minus, BIASES)) / (2 * h)
                assert d.values[f"grad.{units[l][i]}.{units[l + 1][j]}"] == pytest.approx(numeric, rel=1e-6, abs=1e-9)
        for j in range(2):
            plus, minus = json.loads(json.dumps(BIASES)), json.loads(json.dumps(BIASES))
            plus[l][j] += h
            minus[l][j] -= h
            numeric = (loss_by_hand(name, output, WEIGHTS, plus) - loss_by_hand(name, output, WEIGHTS, minus)) / (2 * h)
            assert d.values[f"grad.b.{units[l + 1][j]}"] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_leaky_relu_below_zero_by_hand() -> None:
    # net_h1 = 0.6 × 1 + (−0.9) × 0.5 + 0.1 = 0.25 > 0; net_h2 = −0.4 + 0.25 − 0.2 = −0.35 < 0
    d = derive(problem_from_mapping(problem_data("leaky_relu", "identity")))
    assert d.values["net.h2"] == pytest.approx(-0.35, abs=1e-15)
    assert d.values["out.h2"] == pytest.approx(-0.0035, abs=1e-15)
    # δ_h2 = 0.01 × (w_h2,o1 δ_o1 + w_h2,o2 δ_o2)
    expected = 0.01 * (0.2 * d.values["delta.o1"] + 0.8 * d.values["delta.o2"])
    assert d.values["delta.h2"] == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("name", NEW)
def test_every_format_and_notation_style(name: str, tmp_path: Path) -> None:
    d = derive(problem_from_mapping(problem_data(name, name)))
    text = render_solution(d, "text")
    assert f"{SHOWN[name]}(" in text
    assert json.loads(render_solution(d, "json"))["steps"]
    spans = []
    for style in STYLES:
        styled = derive(problem_from_mapping(problem_data(name, name, notation=style)))
        assert render_solution(styled, "text")
        spans += markdown_math(render_solution(styled, "md", diagram=False))
    assert katex_errors(spans) == []
    compile_latex(render_solution(d, "latex", derivation=True), tmp_path)


def test_the_derivative_is_written_as_sympy_derived_it() -> None:
    lines = {name: render_solution(derive(problem_from_mapping(problem_data(name, "identity"))), "text")
             for name in NEW}
    assert "LReLU′(net_h1)" in lines["leaky_relu"]
    assert "σ(net_h1)" in lines["softplus"]  # softplus′ = σ
    assert "ELU′(net_h1)" in lines["elu"]
    assert "Φ(net_h1) + net_h1 φ(net_h1)" in lines["gelu"]  # GELU′ = Φ + net φ


@pytest.mark.parametrize("name", NEW)
def test_check_marks_claims(name: str) -> None:
    d = derive(problem_from_mapping(problem_data(name, "sigmoid")))
    right = round(float(d.values["delta.h1"]), 4)
    text = f'[claims]\n"out.h1" = {round(float(d.values["out.h1"]), 4)}\n"delta.h1" = {right}\n"delta.h2" = {right + 0.01}\n'
    claims = resolve_claims(d, claims_from_toml(text, "c.toml"), problem_notation(d), "c.toml")
    verdicts = {v.step.id: v.verdict for v in check(d, claims)}
    assert verdicts == {"out.h1": "correct", "delta.h1": "correct", "delta.h2": "wrong"}


@pytest.mark.parametrize("name", NEW)
def test_numeric_training_equals_the_engine(name: str) -> None:
    p = problem_from_mapping({**problem_data(name, name), "epochs": 3, "momentum": 0.2,
                              "samples": [{"x": X, "t": T}, {"x": [-0.5, 0.8], "t": [0.1, -0.2]}]})
    params, losses = engine_run(p, total_updates(p))
    result = train(p)
    for key, value in params.items():
        assert result.parameters[key] == pytest.approx(value, abs=1e-12), key
    assert list(result.losses) == pytest.approx(losses, abs=1e-12)


@pytest.mark.parametrize("name", NEW)
def test_generate_writes_workable_variants(name: str, tmp_path: Path) -> None:
    assert main(["generate", "--arch", "2-2-1", "--count", "2", "--seed", "3", "--activation", f"{name},sigmoid",
                 "--out", str(tmp_path)]) == 0
    key = json.loads((tmp_path / "answer-key.json").read_text(encoding="utf-8"))
    assert key["settings"]["activation"] == [name, "sigmoid"]
    assert len(key["variants"]) == 2


@pytest.mark.parametrize("loss", ["bce", "cross_entropy"])
@pytest.mark.parametrize("output", ["identity", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus"])
def test_logarithmic_losses_refuse_outputs_outside_the_unit_interval(loss: str, output: str) -> None:
    with pytest.raises(ProblemError, match=r"<dict>: loss: .*must lie in \(0, 1\)"):
        problem_from_mapping({**problem_data("sigmoid", output), "loss": loss})


def test_matrix_notation_with_a_softmax_output(tmp_path: Path) -> None:
    data = {**problem_data("tanh", "softmax", notation="matrix"), "loss": "cross_entropy",
            "samples": [{"x": X, "t": [0.0, 1.0]}]}
    d = derive(problem_from_mapping(data))
    text = render_solution(d, "text")
    assert "softmax(" in text
    assert katex_errors(markdown_math(render_solution(d, "md", diagram=False))) == []
    compile_latex(render_solution(d, "latex"), tmp_path)
