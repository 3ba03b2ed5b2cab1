"""The engine's numbers against independent computations: by hand, and by finite differences."""
from __future__ import annotations

import math
from fractions import Fraction
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stepcalc.engine.derive import derive
from stepcalc.problem.validate import load_problem, problem_from_mapping

from conftest import EXAMPLES


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_seed001_every_value_by_hand() -> None:
    d = derive(load_problem(EXAMPLES / "seed001.toml"))
    v = d.values
    eta, x1, x2, t = 1.0, 0.35, 0.7, 0.5
    # Forward pass, written out as on paper.
    net_h1 = 0.2 * x1 + 0.2 * x2  # 0.21 (the seed's a_1)
    net_h2 = 0.3 * x1 + 0.3 * x2  # 0.315
    y_h1, y_h2 = sigmoid(net_h1), sigmoid(net_h2)  # the seed writes y_3 = 0.56: it is 0.5523
    net_o = 0.3 * y_h1 + 0.9 * y_h2
    y_o = sigmoid(net_o)
    assert v["net.h1"] == pytest.approx(0.21, abs=1e-15)
    assert v["net.h2"] == pytest.approx(0.315, abs=1e-15)
    assert v["out.h1"] == pytest.approx(y_h1, abs=1e-15)
    assert v["out.h2"] == pytest.approx(y_h2, abs=1e-15)
    assert v["net.o"] == pytest.approx(net_o, abs=1e-15)
    assert v["out.o"] == pytest.approx(y_o, abs=1e-15)
    # The reference values of the issue, to 6 decimals.
    assert round(v["out.h1"], 6) == 0.552308
    assert round(v["out.h2"], 6) == 0.578105
    assert round(v["out.o"], 6) == 0.665074
    assert round(v["w.h2.o"], 6) == 0.878743
    # Loss and deltas (error convention: δ = −∂E/∂net).
    assert v["loss"] == pytest.approx(0.5 * (t - y_o) ** 2, abs=1e-15)
    delta_o = y_o * (1 - y_o) * (t - y_o)
    delta_h1 = y_h1 * (1 - y_h1) * (0.3 * delta_o)
    delta_h2 = y_h2 * (1 - y_h2) * (0.9 * delta_o)
    assert v["err.o"] == pytest.approx(t - y_o, abs=1e-15)
    assert v["delta.o"] == pytest.approx(delta_o, abs=1e-15)
    assert v["delta.h1"] == pytest.approx(delta_h1, abs=1e-15)
    assert v["delta.h2"] == pytest.approx(delta_h2, abs=1e-15)
    # The seed's δ_4 = −0.0819 is a slip: the true value is about −0.0081.
    assert round(v["delta.h2"], 4) == -0.0081
    # Updates: Δw = η δ_B y_A, w_new = w + Δw, ∂E/∂w = −δ_B y_A.
    expected = {
        ("x1", "h1"): (0.2, delta_h1, x1), ("x2", "h1"): (0.2, delta_h1, x2),
        ("x1", "h2"): (0.3, delta_h2, x1), ("x2", "h2"): (0.3, delta_h2, x2),
        ("h1", "o"): (0.3, delta_o, y_h1), ("h2", "o"): (0.9, delta_o, y_h2),
    }
    for (a, b), (w, delta, signal) in expected.items():
        assert v[f"grad.{a}.{b}"] == pytest.approx(-delta * signal, abs=1e-15)
        assert v[f"dw.{a}.{b}"] == pytest.approx(eta * delta * signal, abs=1e-15)
        assert v[f"w.{a}.{b}"] == pytest.approx(w + eta * delta * signal, abs=1e-15)
    # The forward pass again, with the new weights, and the loss fell.
    w = {k: v[f"w.{k[0]}.{k[1]}"] for k in expected}
    y_h1_new = sigmoid(w["x1", "h1"] * x1 + w["x2", "h1"] * x2)
    y_h2_new = sigmoid(w["x1", "h2"] * x1 + w["x2", "h2"] * x2)
    y_o_new = sigmoid(w["h1", "o"] * y_h1_new + w["h2", "o"] * y_h2_new)
    assert v["after.out.o"] == pytest.approx(y_o_new, abs=1e-15)
    assert v["loss_after"] == pytest.approx(0.5 * (t - y_o_new) ** 2, abs=1e-15)
    assert v["loss_after"] < v["loss"]


def test_step_ids_are_the_documented_contract() -> None:
    d = derive(load_problem(EXAMPLES / "seed004.toml"))
    ids = [s.id for s in d.steps]
    for required in ("net.h", "out.h", "net.o", "out.o", "loss", "err.o", "delta.o", "delta.h", "grad.x1.h",
                     "dw.x1.h", "w.x1.h", "grad.b.h", "db.h", "b.h", "grad.h.o", "dw.h.o", "w.h.o",
                     "grad.b.o", "db.o", "b.o", "after.net.o", "after.out.o", "loss_after"):
        assert required in ids
    assert len(ids) == len(set(ids))
    # Sections come in the order of the hand-worked examples.
    order = [s.section for s in d.steps]
    assert order == sorted(order, key=["forward", "loss", "backward", "update", "after"].index)


def test_seed002_linear_exercise_by_hand() -> None:
    v = derive(load_problem(EXAMPLES / "seed002.toml")).values
    output = 1.0 * 0.5 + 0.8 * -0.2  # 0.34
    error = 0.6 - output  # 0.26
    assert v["out.o"] == pytest.approx(0.34, abs=1e-15)
    assert v["dw.x1.o"] == pytest.approx(0.1 * error * 1.0, abs=1e-15)  # 0.026
    assert v["dw.x2.o"] == pytest.approx(0.1 * error * 0.8, abs=1e-15)  # 0.0208, the seed rounds to 0.021
    assert v["w.x2.o"] == pytest.approx(-0.2 + 0.0208, abs=1e-15)


def test_seed003_linear_output_is_not_the_published_032() -> None:
    v = derive(load_problem(EXAMPLES / "seed003.toml")).values
    hidden = (1 * 0.5 + 2 * 0.1, 1 * 0.6 + 2 * 0.2)  # (0.7, 1.0)
    assert v["out.o"] == pytest.approx(hidden[0] * 0.3 + hidden[1] * 0.4, abs=1e-15)  # 0.61, not 0.32


def test_gradient_convention_gives_the_same_update() -> None:
    base = load_problem(EXAMPLES / "seed004.toml")
    from dataclasses import replace

    error = derive(base).values
    gradient = derive(replace(base, delta_convention="gradient")).values
    for key, value in error.items():
        if key.startswith(("w.", "b.", "grad.", "loss")):
            assert gradient[key] == pytest.approx(value, abs=1e-15)
        if key.startswith("delta."):
            assert gradient[key] == pytest.approx(-value, abs=1e-15)


def test_carry_mode_rounds_what_later_steps_use() -> None:
    from stepcalc.engine.numbers import Rounding

    d = derive(load_problem(EXAMPLES / "seed001.toml"), rounding=Rounding("carry", 4))
    v = d.values
    # By hand with 4-decimal carried values: y_h1 = 0.5523, y_h2 = 0.5781,
    # net_o = 0.3 × 0.5523 + 0.9 × 0.5781 = 0.16569 + 0.52029 = 0.68598 → 0.6860.
    assert v["out.h1"] == Fraction("0.5523") and v["out.h2"] == Fraction("0.5781")
    assert v["net.o"] == Fraction("0.686")
    # y_o = σ(0.6860) = 0.66507... → 0.6651; δ_o = 0.6651 × 0.3349 × (−0.1651) = −0.036774... → −0.0368
    assert v["out.o"] == Fraction("0.6651")
    assert v["delta.o"] == Fraction("-0.0368")


# --- gradients against a central finite difference of the loss, on random networks -------------

def independent_loss(problem_data: dict, weights: list, biases: list | None) -> float:
    """Forward pass and loss written separately from the engine, straight from the definitions."""
    net_cfg = problem_data["network"]
    layers, activations = net_cfg["layers"], net_cfg["activation"]
    sample = problem_data["samples"][0]
    values = list(sample["x"])
    for l in range(1, len(layers)):
        nets = []
        for j in range(layers[l]):
            total = sum(weights[l - 1][i][j] * values[i] for i in range(layers[l - 1]))
            if biases is not None:
                total += biases[l - 1][j]
            nets.append(total)
        name = activations[l - 1]
        if name == "sigmoid":
            values = [1 / (1 + math.exp(-z)) for z in nets]
        elif name == "tanh":
            values = [math.tanh(z) for z in nets]
        elif name == "relu":
            values = [max(0.0, z) for z in nets]
        elif name == "identity":
            values = nets
        elif name == "leaky_relu":
            values = [z if z > 0 else 0.01 * z for z in nets]
        elif name == "softplus":
            values = [math.log(1 + math.exp(z)) for z in nets]
        elif name == "elu":
            values = [z if z > 0 else math.exp(z) - 1 for z in nets]
        elif name == "gelu":
            values = [0.5 * z * (1 + math.erf(z / math.sqrt(2))) for z in nets]
        elif name == "softmax":
            top = max(nets)
            exps = [math.exp(z - top) for z in nets]
            values = [e / sum(exps) for e in exps]
    t, y, k = sample["t"], values, len(values)
    loss = problem_data["loss"]
    if loss == "half_sse":
        return 0.5 * sum((a - b) ** 2 for a, b in zip(t, y))
    if loss == "sse":
        return sum((a - b) ** 2 for a, b in zip(t, y))
    if loss == "mse":
        return sum((a - b) ** 2 for a, b in zip(t, y)) / k
    if loss == "bce":
        return -sum(a * math.log(b) + (1 - a) * math.log(1 - b) for a, b in zip(t, y))
    return -sum(a * math.log(b) for a, b in zip(t, y))


def nets_of(problem_data: dict) -> list[float]:
    """Every net input of the forward pass (to keep ReLU examples away from the kink)."""
    from stepcalc.engine.derive import derive as engine

    d = engine(problem_from_mapping(problem_data))
    return [s.value for s in d.steps if s.kind == "net" and s.section == "forward"]


@st.composite
def random_problem(draw: st.DrawFn) -> dict:
    hidden = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    layers = [draw(st.integers(1, 3))] + hidden + [draw(st.integers(1, 3))]
    loss = draw(st.sampled_from(["half_sse", "sse", "mse", "bce", "cross_entropy"]))
    elementwise = ["sigmoid", "tanh", "relu", "identity", "leaky_relu", "softplus", "elu", "gelu"]
    hidden_acts = [draw(st.sampled_from(elementwise)) for _ in hidden]
    softmax = ["softmax"] if layers[-1] > 1 else []  # softmax of one unit is constant: refused on load
    if loss == "bce":
        out_act = "sigmoid"  # ln(1 − y) needs every output inside (0, 1) on its own
    elif loss == "cross_entropy":
        out_act = draw(st.sampled_from(["sigmoid"] + softmax))
    else:
        out_act = draw(st.sampled_from(elementwise + softmax))
    rng = random.Random(draw(st.integers(0, 2**32)))
    weights = [[[round(rng.uniform(-1, 1), 3) for _ in range(b)] for _ in range(a)] for a, b in zip(layers, layers[1:])]
    with_bias = draw(st.booleans())
    data = {
        "learning_rate": draw(st.sampled_from([0.1, 0.5, 1.0])),
        "loss": loss,
        "delta_convention": draw(st.sampled_from(["error", "gradient"])),
        "network": {"layers": layers, "activation": hidden_acts + [out_act], "weights": weights},
        "samples": [{"x": [round(rng.uniform(-1, 1), 2) for _ in range(layers[0])],
                     "t": [round(rng.uniform(0.05, 0.95), 2) for _ in range(layers[-1])]}],
    }
    if with_bias:
        data["network"]["biases"] = [[round(rng.uniform(-0.5, 0.5), 2) for _ in range(n)] for n in layers[1:]]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problem())
def test_every_gradient_matches_a_central_finite_difference(data: dict) -> None:
    if {"relu", "leaky_relu"} & set(data["network"]["activation"]):  # kinked at 0
        assume(all(abs(z) > 1e-3 for z in nets_of(data)))
    d = derive(problem_from_mapping(data))
    layers = data["network"]["layers"]
    units = d.problem.units
    weights = data["network"]["weights"]
    biases = data["network"].get("biases")
    h = 1e-6
    eta = data["learning_rate"]
    assert d.values["loss"] == pytest.approx(independent_loss(data, weights, biases), rel=1e-12, abs=1e-14)
    for l in range(len(layers) - 1):
        for i in range(layers[l]):
            for j in range(layers[l + 1]):
                plus = [[row[:] for row in m] for m in weights]
                minus = [[row[:] for row in m] for m in weights]
                plus[l][i][j] += h
                minus[l][i][j] -= h
                numeric = (independent_loss(data, plus, biases) - independent_loss(data, minus, biases)) / (2 * h)
                tail = f"{units[l][i]}.{units[l + 1][j]}"
                assert d.values[f"grad.{tail}"] == pytest.approx(numeric, rel=1e-5, abs=1e-7), tail
                assert d.values[f"dw.{tail}"] == pytest.approx(-eta * d.values[f"grad.{tail}"], rel=1e-12, abs=1e-15)
        if biases is not None:
            for j in range(layers[l + 1]):
                plus = [row[:] for row in biases]
                minus = [row[:] for row in biases]
                plus[l][j] += h
                minus[l][j] -= h
                numeric = (independent_loss(data, weights, plus) - independent_loss(data, weights, minus)) / (2 * h)
                unit = units[l + 1][j]
                assert d.values[f"grad.b.{unit}"] == pytest.approx(numeric, rel=1e-5, abs=1e-7), unit
