"""network.bias_input = -1: every bias is a threshold θ on a constant −1 input, net = Σ w y − θ.

Expected values come from plain-Python loops of the published formulas written here (net = Σ w x − θ,
∂E/∂θ = ∂E/∂net × ∂net/∂θ = −δ × (−1) with δ the error signal −∂E/∂net, θ_new = θ − η ∂E/∂θ),
from central finite differences of that loss, and from exact fractions; never from stepcalc.
"""
from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from stepcalc.engine.derive import derive
from stepcalc.engine.iterations import work_updates
from stepcalc.engine.schedule import total_updates
from stepcalc.problem.validate import problem_from_mapping
from stepcalc.train.numeric import train

from conftest import CliRunner, compile_latex, require_tool

ETA = 0.5
X = [1.0, 0.5]
T = 1.0
W1 = [[0.1, 0.2], [0.3, 0.4]]  # W1[i][j]: input i → hidden j
THETA1 = [0.3, -0.2]
W2 = [0.5, 0.6]  # hidden j → the output
THETA2 = 0.4

PROBLEM = f"""
title = "Thresholds"
learning_rate = {ETA}
{{extra}}
[network]
layers = [2, 2, 1]
activation = "sigmoid"
weights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]
biases = [[0.3, -0.2], [0.4]]
bias_input = -1
{{network}}
[[samples]]
x = [1, 0.5]
t = [1]
"""


def write(tmp_path: Path, extra: str = "", network: str = "", name: str = "p.toml", text: str = PROBLEM) -> Path:
    path = tmp_path / name
    path.write_text(text.replace("{extra}", extra).replace("{network}", network), encoding="utf-8")
    return path


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def forward(w1: list[list[float]], theta1: list[float], w2: list[float], theta2: float) -> tuple[list[float], list[float], float, float]:
    """net = Σ w x − θ at every unit: hidden nets and outputs, the output's net and output."""
    net_h = [sum(w1[i][j] * X[i] for i in range(2)) - theta1[j] for j in range(2)]
    y_h = [sigmoid(n) for n in net_h]
    net_o = sum(w2[j] * y_h[j] for j in range(2)) - theta2
    return net_h, y_h, net_o, sigmoid(net_o)


def loss(theta1: list[float] = THETA1, theta2: float = THETA2) -> float:
    y_o = forward(W1, theta1, W2, theta2)[3]
    return 0.5 * (T - y_o) ** 2


def by_hand() -> dict[str, float]:
    """Every value of one step, by the textbook formulas (delta rule, error convention)."""
    net_h, y_h, net_o, y_o = forward(W1, THETA1, W2, THETA2)
    v: dict[str, float] = {"net.h1": net_h[0], "net.h2": net_h[1], "out.h1": y_h[0], "out.h2": y_h[1],
                           "net.o1": net_o, "out.o1": y_o, "loss": 0.5 * (T - y_o) ** 2}
    delta_o = y_o * (1 - y_o) * (T - y_o)  # −∂E/∂net_o
    delta_h = [y_h[j] * (1 - y_h[j]) * W2[j] * delta_o for j in range(2)]
    v.update({"err.o1": T - y_o, "fprime.o1": y_o * (1 - y_o), "delta.o1": delta_o})
    new_w1 = [[0.0, 0.0], [0.0, 0.0]]
    new_theta1 = [0.0, 0.0]
    for j, h in enumerate(("h1", "h2")):
        v[f"err.{h}"] = W2[j] * delta_o
        v[f"fprime.{h}"] = y_h[j] * (1 - y_h[j])
        v[f"delta.{h}"] = delta_h[j]
        for i, x in enumerate(("x1", "x2")):
            grad = -delta_h[j] * X[i]
            v[f"grad.{x}.{h}"], v[f"dw.{x}.{h}"] = grad, -ETA * grad
            new_w1[i][j] = v[f"w.{x}.{h}"] = W1[i][j] - ETA * grad
        grad = -delta_h[j] * -1  # ∂E/∂θ = ∂E/∂net × ∂net/∂θ, ∂net/∂θ = −1
        v[f"grad.b.{h}"], v[f"db.{h}"] = grad, -ETA * grad
        new_theta1[j] = v[f"b.{h}"] = THETA1[j] - ETA * grad
    new_w2 = [0.0, 0.0]
    for j, h in enumerate(("h1", "h2")):
        grad = -delta_o * y_h[j]
        v[f"grad.{h}.o1"], v[f"dw.{h}.o1"] = grad, -ETA * grad
        new_w2[j] = v[f"w.{h}.o1"] = W2[j] - ETA * grad
    grad = -delta_o * -1
    v["grad.b.o1"], v["db.o1"] = grad, -ETA * grad
    new_theta2 = v["b.o1"] = THETA2 - ETA * grad
    net_h, y_h, net_o, y_o = forward(new_w1, new_theta1, new_w2, new_theta2)
    v.update({"after.net.h1": net_h[0], "after.net.h2": net_h[1], "after.out.h1": y_h[0], "after.out.h2": y_h[1],
              "after.net.o1": net_o, "after.out.o1": y_o, "loss_after": 0.5 * (T - y_o) ** 2})
    return v


def solve_json(cli: CliRunner, path: Path, *args: str) -> dict[str, dict]:
    result = cli("solve", str(path), "--format", "json", *args, check=True)
    return {s["id"]: s for s in json.loads(result.stdout)["steps"]}


def test_every_value_is_the_threshold_calculation_by_hand(cli: CliRunner, tmp_path: Path) -> None:
    steps = solve_json(cli, write(tmp_path))
    expected = by_hand()
    assert set(expected) == set(steps)
    for key, value in expected.items():
        assert steps[key]["value"] == pytest.approx(value, rel=1e-12, abs=1e-15), key
    # The net input is written with the threshold subtracted, the gradient with ∂net/∂θ = −1 as a factor.
    assert steps["net.h2"]["line"] == "net_h2 = w_x1,h2 x1 + w_x2,h2 x2 − θ_h2 = 0.2 × 1 + 0.4 × 0.5 − (−0.2) = 0.6000"
    assert steps["grad.b.o1"]["formula"] == "−δ_o1(−1)"
    assert steps["db.o1"]["substituted"] == "0.5 × 0.1092 × (−1)"
    assert steps["b.o1"]["symbol"] == "θ'_o1"
    assert steps["b.o1"]["latex"]["symbol"] == r"\theta^{\mathrm{new}}_{o1}"
    assert steps["loss_after"]["value"] < steps["loss"]["value"]


def test_the_gradient_convention_writes_the_same_factor(cli: CliRunner, tmp_path: Path) -> None:
    steps = solve_json(cli, write(tmp_path, extra='delta_convention = "gradient"'))
    expected = by_hand()
    assert steps["delta.o1"]["value"] == pytest.approx(-expected["delta.o1"], rel=1e-12)
    for key in ("grad.b.o1", "db.o1", "b.o1", "b.h2"):
        assert steps[key]["value"] == pytest.approx(expected[key], rel=1e-12), key
    assert steps["grad.b.o1"]["formula"] == "δ_o1(−1)"
    assert steps["db.o1"]["formula"] == "−η δ_o1(−1)"


def test_the_same_network_with_bias_input_1_and_negated_biases(cli: CliRunner, tmp_path: Path) -> None:
    threshold = solve_json(cli, write(tmp_path))
    plus = PROBLEM.replace("bias_input = -1", "").replace("biases = [[0.3, -0.2], [0.4]]", "biases = [[-0.3, 0.2], [-0.4]]")
    bias = solve_json(cli, write(tmp_path, name="plus.toml", text=plus))
    assert threshold.keys() == bias.keys()
    for key in threshold:
        negated = key.startswith(("b.", "grad.b.", "db."))
        expected = -bias[key]["value"] if negated else bias[key]["value"]
        assert threshold[key]["value"] == pytest.approx(expected, rel=1e-12, abs=1e-15), key
    assert bias["net.h1"]["formula"] == "w_x1,h1 x1 + w_x2,h1 x2 + b_h1"


def test_the_gradient_is_the_central_difference_of_the_loss(cli: CliRunner, tmp_path: Path) -> None:
    steps = solve_json(cli, write(tmp_path))
    h = 1e-6
    numeric = (loss(theta2=THETA2 + h) - loss(theta2=THETA2 - h)) / (2 * h)
    assert steps["grad.b.o1"]["value"] == pytest.approx(numeric, rel=1e-6)
    for j, unit in enumerate(("h1", "h2")):
        up, down = list(THETA1), list(THETA1)
        up[j] += h
        down[j] -= h
        assert steps[f"grad.b.{unit}"]["value"] == pytest.approx((loss(up) - loss(down)) / (2 * h), rel=1e-6), unit


def test_relu_and_linear_units_are_exact_fractions() -> None:
    # 2-1-1: relu hidden, linear output; net_h = 0.5·1 + 0.25·2 − 0.75 = 0.25; y_o = 2·0.25 − 0.5 = 0
    p = problem_from_mapping({
        "learning_rate": 0.1, "loss": "half_sse",
        "network": {"layers": [2, 1, 1], "activation": ["relu", "identity"], "units": [["x1", "x2"], ["h"], ["o"]],
                    "weights": [[[0.5], [0.25]], [[2]]], "biases": [[0.75], [0.5]], "bias_input": -1},
        "samples": [{"x": [1, 2], "t": [1]}]})
    v = derive(p).values
    F = Fraction
    net_h = F(1, 2) * 1 + F(1, 4) * 2 - F(3, 4)
    y_o = 2 * net_h - F(1, 2)
    delta_o = F(1) - y_o  # identity: −∂E/∂net = t − y
    delta_h = 1 * 2 * delta_o  # ReLU′(0.25) = 1
    grad_theta_o, grad_theta_h = -delta_o * -1, -delta_h * -1
    assert (v["net.h"], v["out.o"], v["delta.o"], v["delta.h"]) == (net_h, y_o, delta_o, delta_h)
    assert (v["grad.b.o"], v["grad.b.h"]) == (grad_theta_o, grad_theta_h) == (F(1), F(2))
    assert v["db.o"] == -F(1, 10) * grad_theta_o
    assert v["b.o"] == F(1, 2) - F(1, 10) * grad_theta_o == F(2, 5)
    assert v["b.h"] == F(3, 4) - F(1, 10) * grad_theta_h == F(11, 20)
    assert all(isinstance(v[k], Fraction) for k in ("net.h", "grad.b.h", "b.h", "after.net.h", "loss_after"))
    # the new pass: the weights moved by η δ x (0.7, 0.65), net_h = 0.7·1 + 0.65·2 − 0.55 = 1.45
    w1, w2 = F(1, 2) + F(1, 10) * delta_h * 1, F(1, 4) + F(1, 10) * delta_h * 2
    assert v["after.net.h"] == w1 * 1 + w2 * 2 - F(11, 20) == F(29, 20)


def test_bias_in_weights_rows_are_thresholds(cli: CliRunner, tmp_path: Path) -> None:
    folded = PROBLEM.replace("weights = [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]\nbiases = [[0.3, -0.2], [0.4]]",
                             "weights = [[[0.3, -0.2], [0.1, 0.2], [0.3, 0.4]], [[0.4], [0.5], [0.6]]]\n"
                             "bias_in_weights = true")
    steps = solve_json(cli, write(tmp_path, text=folded))
    expected = by_hand()
    for key in ("net.h2", "b.h1", "b.o1", "loss_after"):
        assert steps[key]["value"] == pytest.approx(expected[key], rel=1e-12), key


def test_claims_of_threshold_values(cli: CliRunner, tmp_path: Path) -> None:
    v = by_hand()
    wrong_change = 0.05  # Δθ_o1 with the wrong sign: η δ_o instead of η δ_o (−1)
    claims = tmp_path / "c.toml"
    claims.write_text("[claims]\n"
                      f'"b.h1" = {round(v["b.h1"], 4)}\n'  # right
                      f'"db.o1" = {wrong_change}\n'  # wrong
                      + f'"b.o1" = {round(THETA2 + wrong_change, 4)}\n'  # carried from the claimed Δθ
                      + f'"∂E/∂θ_h2" = {round(v["grad.b.h2"], 4)}\n', encoding="utf-8")
    result = cli("check", str(write(tmp_path)), str(claims), "--format", "json")
    assert result.returncode == 1
    verdicts = {x["id"]: x["verdict"] for x in json.loads(result.stdout)["verdicts"]}
    assert verdicts == {"b.h1": "correct", "db.o1": "wrong", "b.o1": "carried", "grad.b.h2": "correct"}
    text = cli("check", str(write(tmp_path)), str(claims), env={"COLUMNS": "1000"}).stdout
    assert "θ'_o1 = θ_o1 + Δθ_o1 = 0.4 + 0.05 = 0.45" in text


def test_numeric_training_agrees_with_the_engine() -> None:
    for extra in ({"update": "online"}, {"update": "batch", "momentum": 0.5}, {"shared_bias": True},
                  {"optimizer": {"name": "adam"}}, {"delta_convention": "gradient", "update": "minibatch", "batch_size": 1}):
        network = {"layers": [2, 2, 1], "activation": "sigmoid", "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]],
                   "biases": [[0.3, -0.2], [0.4]], "bias_input": -1}
        if extra.get("shared_bias"):
            network["biases"] = [0.3, 0.4]
        p = problem_from_mapping({"learning_rate": 0.5, "epochs": 3, "network": network, **extra,
                                  "samples": [{"x": [1, 0.5], "t": [1]}, {"x": [0, 1], "t": [0]}]})
        done = work_updates(p, total_updates(p))
        engine = {k.removeprefix("given."): float(x) for k, x in done[-1].result.new_parameters().items()}
        result = train(p)
        assert result.parameters.keys() == engine.keys()
        for key, value in engine.items():
            assert result.parameters[key] == pytest.approx(value, abs=1e-12), (extra, key)


def test_every_format_renders_and_latex_compiles(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path)
    text = cli("solve", str(path), check=True).stdout
    assert "Δθ_o1 = η δ_o1(−1)" in text.splitlines()[next(i for i, l in enumerate(text.splitlines()) if "Delta rule" in l)]
    md = cli("solve", str(path), "--format", "md", check=True).stdout
    assert r"- \theta_{h1}" in md and r"\theta^{\mathrm{new}}_{o1}" in md
    html = cli("solve", str(path), "--format", "html", check=True).stdout
    assert "\\theta_{h1}" in html or "θ" in html
    latex = cli("solve", str(path), "--format", "latex", check=True).stdout
    assert r"- \theta_{h1}" in latex
    pdf = compile_latex(latex, tmp_path)
    assert pdf.stat().st_size > 0


def test_the_diagram_labels_show_theta(cli: CliRunner, tmp_path: Path) -> None:
    md = cli("solve", str(write(tmp_path)), "--format", "md", "-o", str(tmp_path / "s.md"), check=True)
    svg = next(tmp_path.glob("*.svg")).read_text(encoding="utf-8")
    assert "θ" in svg and "b_h1" not in svg and md.returncode == 0


def test_matrix_and_chain_styles(cli: CliRunner, tmp_path: Path) -> None:
    v = by_hand()
    matrix = cli("solve", str(write(tmp_path, extra='notation = "matrix"')), check=True).stdout
    assert "n^1 = W^1(0) a^0 − θ^1(0) = [0.1 0.3; 0.2 0.4] [1; 0.5] − [0.3; −0.2] = [−0.0500; 0.6000]" in matrix
    assert "θ^2(1) = θ^2(0) − α s^2(−1) = [0.4] − 0.5 [−0.1092] (−1) = [0.3454]" in matrix
    assert f"{v['b.o1']:.4f}" == "0.3454"
    chain = cli("solve", str(write(tmp_path, extra='notation = "chain-rule"')), check=True).stdout
    assert ("∂E_total/∂θ3 = ∂E_total/∂out_o1 · ∂out_o1/∂net_o1 · (−1) = (−0.4425) × 0.2467 × (−1) = 0.1092"
            in chain)
    steps = solve_json(cli, write(tmp_path, extra='notation = "chain-rule"'))
    assert steps["grad.b.o1"]["value"] == pytest.approx(v["grad.b.o1"], rel=1e-12)


@pytest.mark.parametrize("value,message", [("2", "expected 1 or -1"), ('"-1"', "expected 1 or -1"),
                                           ("true", "expected 1 or -1")])
def test_bad_bias_input_is_one_line(cli: CliRunner, tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, text=PROBLEM.replace("bias_input = -1", f"bias_input = {value}"))
    result = cli("solve", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "network.bias_input" in result.stderr and message in result.stderr


def test_recurrent_networks_refuse_thresholds(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("""learning_rate = 0.1
[network]
kind = "recurrent"
layers = [1, 1, 1]
activation = ["tanh", "identity"]
weights = [[[0.5]], [[0.4]]]
recurrent = [[0.3]]
bias_input = -1
[[samples]]
x = [[1], [2]]
t = [[0.5], [0.2]]
""", encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 2 and "network.bias_input" in result.stderr and "dense" in result.stderr
    assert result.stderr.count("\n") == 1


# --- claimed f′ and back-propagated errors carry into δ -----------------------------------------------

def check_verdicts(cli: CliRunner, problem: Path, tmp_path: Path, claims: dict[str, float | str]) -> dict[str, str]:
    path = tmp_path / "claims.toml"
    path.write_text("[claims]\n" + "".join(f'"{k}" = {v}\n' for k, v in claims.items()), encoding="utf-8")
    result = cli("check", str(problem), str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return {x["id"]: x["verdict"] for x in json.loads(result.stdout)["verdicts"]}


def test_a_delta_from_a_wrong_fprime_is_carried(cli: CliRunner, tmp_path: Path) -> None:
    v = by_hand()
    # f′(net_h1) taken as y (0.4875) instead of y(1 − y); δ_h1 = 0.4875 × w δ_o consistent with it
    wrong_fprime = round(v["out.h1"], 4)
    delta = round(wrong_fprime * v["err.h1"], 4)
    assert abs(delta - v["delta.h1"]) > 0.001
    verdicts = check_verdicts(cli, write(tmp_path), tmp_path, {"fprime.h1": wrong_fprime, "delta.h1": delta})
    assert verdicts == {"fprime.h1": "wrong", "delta.h1": "carried"}
    # without the f′ claim the same δ is simply wrong
    assert check_verdicts(cli, write(tmp_path), tmp_path, {"delta.h1": delta}) == {"delta.h1": "wrong"}


def test_a_delta_from_a_wrong_error_is_carried(cli: CliRunner, tmp_path: Path) -> None:
    v = by_hand()
    wrong_error = round(W2[1] * v["delta.o1"] * 10, 4)  # Σ w δ with the decimal point slipped
    delta = round(v["fprime.h2"] * wrong_error, 4)
    verdicts = check_verdicts(cli, write(tmp_path), tmp_path, {"err.h2": wrong_error, "delta.h2": delta})
    assert verdicts == {"err.h2": "wrong", "delta.h2": "carried"}
    # an output's error too: −∂E/∂y_o1 written as y − t
    wrong_out = round(v["out.o1"] - T, 4)
    delta_o = round(v["fprime.o1"] * wrong_out, 4)
    verdicts = check_verdicts(cli, write(tmp_path), tmp_path, {"err.o1": wrong_out, "delta.o1": delta_o})
    assert verdicts == {"err.o1": "wrong", "delta.o1": "carried"}


def test_right_fprime_and_error_claims_change_nothing(cli: CliRunner, tmp_path: Path) -> None:
    v = by_hand()
    problem = write(tmp_path)
    deltas = {"delta.h1": round(v["delta.h1"], 4), "delta.h2": round(v["delta.h2"] + 0.01, 4)}
    alone = cli("check", str(problem), str(_claims(tmp_path, "a.toml", deltas)), env={"COLUMNS": "1000"}).stdout
    factors = {"fprime.h1": round(v["fprime.h1"], 4), "err.h2": round(v["err.h2"], 4)}
    both = cli("check", str(problem), str(_claims(tmp_path, "b.toml", {**factors, **deltas})),
               env={"COLUMNS": "1000"}).stdout
    row = {m.group(1): " ".join(line.split()) for line in both.splitlines()
           if (m := re.search(r"\(((?:fprime|err|delta)\.\w+)\)", line))}
    for line in alone.splitlines():  # the same verdict and working, whatever the table's column widths
        if "(delta." in line:
            assert " ".join(line.split()) in row.values()
    assert "correct" in row["fprime.h1"] and "correct" in row["err.h2"]
    assert "correct" in row["delta.h1"] and "wrong" in row["delta.h2"]


def _claims(tmp_path: Path, name: str, claims: dict[str, float]) -> Path:
    path = tmp_path / name
    path.write_text("[claims]\n" + "".join(f'"{k}" = {v}\n' for k, v in claims.items()), encoding="utf-8")
    return path


def test_a_wrong_fprime_in_a_run_carries_into_delta(cli: CliRunner, tmp_path: Path) -> None:
    # two samples online: the second pass starts from the first update's weights
    run = PROBLEM.replace("[[samples]]\nx = [1, 0.5]\nt = [1]\n",
                          "[[samples]]\nx = [1, 0.5]\nt = [1]\n[[samples]]\nx = [0, 1]\nt = [0]\n")
    problem = write(tmp_path, text=run)
    v = by_hand()
    new_w1 = [[v["w.x1.h1"], v["w.x1.h2"]], [v["w.x2.h1"], v["w.x2.h2"]]]
    new_theta1 = [v["b.h1"], v["b.h2"]]
    new_w2, new_theta2 = [v["w.h1.o1"], v["w.h2.o1"]], v["b.o1"]
    # the second sample's pass by hand: x = (0, 1), t = 0
    net_h = [sum(new_w1[i][j] * x for i, x in enumerate((0.0, 1.0))) - new_theta1[j] for j in range(2)]
    y_h = [sigmoid(n) for n in net_h]
    y_o = sigmoid(sum(new_w2[j] * y_h[j] for j in range(2)) - new_theta2)
    delta_o = y_o * (1 - y_o) * (0 - y_o)
    wrong_fprime = round(y_h[0], 4)  # y_h1 for y_h1(1 − y_h1)
    assert abs(wrong_fprime - y_h[0] * (1 - y_h[0])) > 0.1
    delta = round(wrong_fprime * new_w2[0] * delta_o, 5)
    assert abs(delta - y_h[0] * (1 - y_h[0]) * new_w2[0] * delta_o) > 0.001
    verdicts = check_verdicts(cli, problem, tmp_path, {"e1.s2.fprime.h1": wrong_fprime, "e1.s2.delta.h1": delta})
    assert verdicts == {"e1.s2.fprime.h1": "wrong", "e1.s2.delta.h1": "carried"}


def test_a_style_of_words_writes_the_minus_one_as_a_factor(cli: CliRunner, tmp_path: Path) -> None:
    # "Delta of Output(−1)" would read as a call; the words style writes × before the bracket.
    (tmp_path / "p.toml").write_text(
        'learning_rate = 0.1\nnotation = "seed002"\n[network]\nlayers = [2, 1]\nactivation = "identity"\n'
        'bias_input = -1\nweights = [[[0.5], [-0.2]]]\nbiases = [[0.1]]\n[[samples]]\nx = [1.0, 0.8]\nt = [0.6]\n',
        encoding="utf-8")
    text = cli("solve", "p.toml", cwd=tmp_path, check=True).stdout
    # δ = 0.6 − (0.5 − 0.16 − 0.1) = 0.36; Δθ = 0.1 × 0.36 × (−1) = −0.036
    assert "Bias adjustment of Output = Learning rate × Delta of Output × (−1) = 0.1 × 0.3600 × (−1) = −0.0360" in text
    assert "Output(−1)" not in text


def test_the_json_header_says_the_biases_are_thresholds(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(
        'learning_rate = 0.1\n[network]\nlayers = [1, 1]\nactivation = "identity"\nbias_input = -1\n'
        'weights = [[[0.5]]]\nbiases = [[0.1]]\n[[samples]]\nx = [1]\nt = [0.6]\n', encoding="utf-8")
    assert json.loads(cli("solve", "p.toml", "--format", "json", cwd=tmp_path, check=True).stdout)["bias_input"] == -1
    (tmp_path / "r.toml").write_text((tmp_path / "p.toml").read_text(encoding="utf-8").replace(
        "learning_rate = 0.1\n", "learning_rate = 0.1\nepochs = 2\n"), encoding="utf-8")
    run = json.loads(cli("solve", "r.toml", "--format", "json", cwd=tmp_path, check=True).stdout)
    assert run["bias_input"] == -1 and run["epochs"] == 2
