"""Recurrent networks: backpropagation through time against an independent unrolled loss.

Expected values come from this file only: a plain-Python forward pass through time (its central
finite differences for every gradient, and per-time-step copies of the weights for each step's
contribution) and a plain-Python BPTT training loop.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from conftest import EXAMPLES, compile_latex, katex_errors, markdown_math
from stepcalc import ids as sid
from stepcalc.engine.derive import Derivation, initial_parameters
from stepcalc.engine.expr import symbols
from stepcalc.engine.recurrent import derive_recurrent
from stepcalc.problem.validate import problem_from_toml

BASE = """
learning_rate = {eta}
loss = "{loss}"
delta_convention = "{convention}"
{extra}
[network]
kind = "recurrent"
layers = {layers}
activation = {activation}
weights = {weights}
recurrent = {recurrent}
{biases}
h0 = {h0}
[[samples]]
x = {x}
{targets}
"""

ONE_TWO_ONE = dict(eta=0.1, loss="half_sse", convention="error", extra="", layers="[1, 2, 1]",
                   activation='["tanh", "identity"]', weights="[[[0.5, -0.3]], [[0.8], [0.2]]]",
                   recurrent="[[0.1, 0.4], [-0.2, 0.3]]", biases="biases = [[0.1, -0.2], [0.05]]",
                   h0="[0.2, -0.1]", x="[[1.0], [0.5], [-1.0]]", targets="t = [[0.5], [0.2], [-0.1]]")

VARIANTS = {
    "tanh-identity": {},
    "sigmoid-gradient-convention": dict(activation='["sigmoid", "sigmoid"]', convention="gradient",
                                         targets="t = [[0.7], [0.2], [0.9]]", loss="sse"),
    "last-step-only": dict(targets="t_last = [0.3]", biases=""),
    "two-inputs-softmax": dict(layers="[2, 2, 2]", activation='["tanh", "softmax"]', loss="cross_entropy",
                               weights="[[[0.5, -0.3], [0.2, 0.7]], [[0.8, -0.4], [0.2, 0.6]]]",
                               biases="biases = [[0.1, -0.2], [0.05, 0.0]]", x="[[1.0, 0.0], [0.5, -0.5], [-1.0, 1.0], [0.2, 0.3]]",
                               targets="t = [[1, 0], [0, 1], [0, 1], [1, 0]]"),
    "mse-two-steps": dict(loss="mse", x="[[0.3], [-0.6]]", targets="t = [[0.1], [0.4]]", h0="[0.0, 0.0]"),
}


def problem_text(**changes: str) -> str:
    return BASE.format(**{**ONE_TWO_ONE, **changes})


# --- the independent reference: the unrolled network in plain Python ------------------------------
ACT = {"tanh": math.tanh, "identity": lambda v: v, "sigmoid": lambda v: 1 / (1 + math.exp(-v))}


def _activate(name: str, nets: list[float]) -> list[float]:
    if name == "softmax":
        exps = [math.exp(n) for n in nets]
        return [e / sum(exps) for e in exps]
    return [ACT[name](n) for n in nets]


def _step_loss(loss: str, t: list[float], y: list[float]) -> float:
    if loss == "half_sse":
        return 0.5 * sum((a - b) ** 2 for a, b in zip(t, y))
    if loss == "sse":
        return sum((a - b) ** 2 for a, b in zip(t, y))
    if loss == "mse":
        return sum((a - b) ** 2 for a, b in zip(t, y)) / len(t)
    if loss == "cross_entropy":
        return -sum(a * math.log(b) for a, b in zip(t, y))
    raise AssertionError(loss)


def unrolled_loss(spec: dict, per_time: dict[tuple[str, int, int, int], float] | None = None,
                  start: int = 1, state: list[float] | None = None,
                  shift: dict[tuple[str, int, int], float] | None = None) -> float:
    """E = Σ_t E(t) of the unrolled network. `per_time[(name, t, i, j)]` replaces parameter `name`
    (W, U, V, bh, bo) at time step t only; `start`/`state` begin the sequence at step `start` from a fixed state;
    `shift[("h" or "o", t, j)]` is added to that unit's net input at time step t."""
    per_time, shift = per_time or {}, shift or {}
    W, U, V = spec["W"], spec["U"], spec["V"]
    bh, bo = spec["bh"], spec["bo"]
    h = list(spec["h0"] if state is None else state)
    total = 0.0
    for t in range(start, len(spec["x"]) + 1):
        x = spec["x"][t - 1]

        def p(name: str, matrix: list, i: int, j: int) -> float:
            return per_time.get((name, t, i, j), matrix[i][j])

        H, O = len(U), len(V[0])
        net_h = [sum(p("W", W, i, j) * x[i] for i in range(len(x))) + sum(p("U", U, k, j) * h[k] for k in range(H))
                 + per_time.get(("bh", t, 0, j), bh[j]) + shift.get(("h", t, j), 0.0) for j in range(H)]
        h = _activate(spec["act"][0], net_h)
        net_o = [sum(p("V", V, k, j) * h[k] for k in range(H)) + per_time.get(("bo", t, 0, j), bo[j])
                 + shift.get(("o", t, j), 0.0) for j in range(O)]
        y = _activate(spec["act"][1], net_o)
        if spec["t"][t - 1] is not None:
            total += _step_loss(spec["loss"], spec["t"][t - 1], y)
    return total


def forward_states(spec: dict) -> list[list[float]]:
    """h(0) … h(T) of the plain-Python forward pass."""
    W, U, bh = spec["W"], spec["U"], spec["bh"]
    states = [list(spec["h0"])]
    for x in spec["x"]:
        h = states[-1]
        net = [sum(W[i][j] * x[i] for i in range(len(x))) + sum(U[k][j] * h[k] for k in range(len(U))) + bh[j]
               for j in range(len(U))]
        states.append(_activate(spec["act"][0], net))
    return states


def spec_of(text: str, index: int = 0) -> dict:
    """The reference's own reading of a problem text (TOML parsed here, not by stepcalc), for sample `index`."""
    import tomllib

    data = tomllib.loads(text)
    net, sample = data["network"], data["samples"][index]
    hidden, outputs = net["layers"][1], net["layers"][2]
    biases = net.get("biases", [[0.0] * hidden, [0.0] * outputs])
    steps = len(sample["x"])
    targets = sample["t"] if "t" in sample else [None] * (steps - 1) + [sample["t_last"]]
    return {"W": net["weights"][0], "U": net["recurrent"], "V": net["weights"][1], "bh": biases[0], "bo": biases[1],
            "h0": net.get("h0", [0.0] * hidden), "x": sample["x"], "t": targets, "loss": data.get("loss", "half_sse"),
            "act": net["activation"], "eta": data["learning_rate"]}


def with_param(spec: dict, name: str, i: int, j: int, value: float) -> dict:
    copy = {k: [list(r) for r in v] if k in ("W", "U", "V") else v for k, v in spec.items()}
    if name in ("bh", "bo"):
        copy[name] = list(spec[name])
        copy[name][j] = value
    else:
        copy[name][i][j] = value
    return copy


def parameter_table(p) -> list[tuple[str, str, int, int]]:
    """Every parameter's gradient id and where the reference keeps it."""
    inputs, hidden, outputs = p.units
    rows = [(sid.grad_weight(a, b), "W", i, j) for i, a in enumerate(inputs) for j, b in enumerate(hidden)]
    rows += [(sid.grad_recurrent(a, b), "U", i, j) for i, a in enumerate(hidden) for j, b in enumerate(hidden)]
    rows += [(sid.grad_weight(a, b), "V", i, j) for i, a in enumerate(hidden) for j, b in enumerate(outputs)]
    if p.biases is not None:
        rows += [(sid.grad_bias(b), "bh", 0, j) for j, b in enumerate(hidden)]
        rows += [(sid.grad_bias(b), "bo", 0, j) for j, b in enumerate(outputs)]
    return rows


def central(f, value: float, h: float = 1e-6) -> float:
    return (f(value + h) - f(value - h)) / (2 * h)


def current(spec: dict, name: str, i: int, j: int) -> float:
    return spec[name][j] if name in ("bh", "bo") else spec[name][i][j]


# --- gradients ------------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_gradient_is_the_finite_difference_of_the_unrolled_loss(variant: str) -> None:
    text = problem_text(**VARIANTS[variant])
    p = problem_from_toml(text)
    d = derive_recurrent(p)
    spec = spec_of(text)
    assert d.values["loss"] == pytest.approx(unrolled_loss(spec), abs=1e-12)
    for grad_id, name, i, j in parameter_table(p):
        expected = central(lambda v: unrolled_loss(with_param(spec, name, i, j, v)), current(spec, name, i, j))
        assert d.values[grad_id] == pytest.approx(expected, abs=1e-8), grad_id


@pytest.mark.parametrize("variant", ["tanh-identity", "two-inputs-softmax"])
def test_each_time_steps_contribution_is_the_derivative_through_that_steps_copy(variant: str) -> None:
    """t2.grad.A.B is ∂E/∂(the weight as used at time step 2 only)."""
    text = problem_text(**VARIANTS[variant])
    p = problem_from_toml(text)
    d = derive_recurrent(p)
    spec = spec_of(text)
    steps = len(spec["x"])
    checked = 0
    for grad_id, name, i, j in parameter_table(p):
        for t in range(1, steps + 1):
            base = current(spec, name, i, j)
            expected = central(lambda v: unrolled_loss(spec, {(name, t, i, j): v}), base)
            assert d.values[sid.at_time(t, grad_id)] == pytest.approx(expected, abs=1e-8), (grad_id, t)
            checked += 1
    assert checked == len(parameter_table(p)) * steps


@pytest.mark.parametrize("k", [1, 2])
def test_truncated_bptt_is_the_derivative_with_earlier_states_held_fixed(k: int) -> None:
    text = problem_text(extra=f"truncate = {k}")
    p = problem_from_toml(text)
    d = derive_recurrent(p)
    spec = spec_of(text)
    steps = len(spec["x"])
    start = steps - k + 1
    fixed = forward_states(spec)[start - 1]  # h(T − k): a constant of the truncated pass
    for grad_id, name, i, j in parameter_table(p):
        expected = central(lambda v: unrolled_loss(with_param(spec, name, i, j, v), start=start, state=fixed),
                           current(spec, name, i, j))
        assert d.values[grad_id] == pytest.approx(expected, abs=1e-8), grad_id
    assert not any(sid.parse(s.id).time is not None and sid.parse(s.id).time < start
                   for s in d.steps if s.section == "backward")


def test_the_update_and_the_forward_pass_after_it() -> None:
    text = problem_text()
    p = problem_from_toml(text)
    d = derive_recurrent(p)
    spec = spec_of(text)
    eta = spec["eta"]
    new = dict(spec)
    for grad_id, name, i, j in parameter_table(p):
        grad = central(lambda v: unrolled_loss(with_param(spec, name, i, j, v)), current(spec, name, i, j))
        new = with_param(new, name, i, j, current(spec, name, i, j) - eta * grad)
    assert d.values["loss_after"] == pytest.approx(unrolled_loss(new), abs=1e-8)
    assert d.values["u.h1.h2"] == pytest.approx(new["U"][0][1], abs=1e-9)
    assert d.values["du.h1.h2"] == pytest.approx(new["U"][0][1] - spec["U"][0][1], abs=1e-9)


def test_step_ids_carry_the_time_prefix() -> None:
    d = derive_recurrent(problem_from_toml(problem_text()))
    ids = [s.id for s in d.steps]
    for expected in ("t2.net.h1", "t2.out.h1", "t2.loss", "t2.delta.h1", "t2.delta.o1", "t2.grad.x1.h1",
                     "grad.x1.h1", "dw.x1.h1", "w.x1.h1", "t2.grad.u.h1.h2", "grad.u.h1.h2", "du.h1.h2", "u.h1.h2",
                     "after.t3.out.o1", "loss", "loss_after"):
        assert expected in ids
    # the backward pass runs from the last step to the first; the hidden δ at t waits for the output's
    backward = [sid.parse(i) for i in ids if i.startswith("t") and ".delta." in i]
    assert [b.time for b in backward] == sorted((b.time for b in backward), reverse=True)
    # a hidden δ at 2 gathers the output δ at 2 and the hidden δs at 3
    inputs = {s.key for s in symbols(d.step("t2.delta.h1").formula)}
    assert {"t2.delta.o1", "t3.delta.h1", "t3.delta.h2", "given.u.h1.h1", "given.u.h1.h2"} <= inputs
    assert all(sid.parse(i) == sid.parse(str(sid.parse(i))) for i in ids)


def test_carry_rounding_holds_every_line_to_its_shown_numbers() -> None:
    p = problem_from_toml(problem_text(extra='[rounding]\nmode = "carry"\ndecimals = 3'))
    d = derive_recurrent(p)
    for s in d.steps:
        assert s.value == round(s.value, 3) or abs(s.value * 1000 - round(s.value * 1000)) < 1e-9, s.id


# --- training -------------------------------------------------------------------------------------
def plain_bptt_training(spec: dict, epochs: int, adam: bool = False) -> tuple[list[float], dict]:
    """Online BPTT (tanh hidden, identity output, half_sse), one update per sequence, in plain Python;
    `adam`: the update is torch.optim.Adam's with its defaults (β1 0.9, β2 0.999, ε 1e-8)."""
    moments: dict[tuple[int, int, int], tuple[float, float]] = {}
    W, U, V = [list(r) for r in spec["W"]], [list(r) for r in spec["U"]], [list(r) for r in spec["V"]]
    bh, bo = list(spec["bh"]), list(spec["bo"])
    H, O, n = len(U), len(V[0]), len(W)
    losses = []
    for _ in range(epochs):
        xs, ts = spec["x"], spec["t"]
        hs, ys = [list(spec["h0"])], []
        for x in xs:
            h = [math.tanh(sum(W[i][j] * x[i] for i in range(n)) + sum(U[k][j] * hs[-1][k] for k in range(H)) + bh[j])
                 for j in range(H)]
            hs.append(h)
            ys.append([sum(V[k][j] * h[k] for k in range(H)) + bo[j] for j in range(O)])
        losses.append(sum(0.5 * (t[j] - y[j]) ** 2 for t, y in zip(ts, ys) for j in range(O)))
        gW = [[0.0] * H for _ in range(n)]
        gU = [[0.0] * H for _ in range(H)]
        gV = [[0.0] * O for _ in range(H)]
        gbh, gbo = [0.0] * H, [0.0] * O
        later = [0.0] * H
        for t in range(len(xs), 0, -1):
            do = [ys[t - 1][j] - ts[t - 1][j] for j in range(O)]  # ∂E/∂net_o(t)
            dh = [(1 - hs[t][k] ** 2) * (sum(V[k][j] * do[j] for j in range(O)) + sum(U[k][m] * later[m] for m in range(H)))
                  for k in range(H)]
            for j in range(H):
                for i in range(n):
                    gW[i][j] += dh[j] * xs[t - 1][i]
                for k in range(H):
                    gU[k][j] += dh[j] * hs[t - 1][k]
                gbh[j] += dh[j]
                for o in range(O):
                    gV[j][o] += do[o] * hs[t][j]
            for o in range(O):
                gbo[o] += do[o]
            later = dh
        eta = spec["eta"]
        step = len(losses)

        def change(key: tuple[int, int, int], g: float) -> float:
            if not adam:
                return -eta * g
            m, v = moments.get(key, (0.0, 0.0))
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            moments[key] = (m, v)
            return -eta * (m / (1 - 0.9 ** step)) / (math.sqrt(v / (1 - 0.999 ** step)) + 1e-8)

        for k, (M, G) in enumerate(((W, gW), (U, gU), (V, gV))):
            for i in range(len(M)):
                for j in range(len(M[0])):
                    M[i][j] += change((k, i, j), G[i][j])
        for k, (b, g) in enumerate(((bh, gbh), (bo, gbo)), start=3):
            for j in range(len(b)):
                b[j] += change((k, 0, j), g[j])
    return losses, {"W": W, "U": U, "V": V, "bh": bh, "bo": bo}


def test_train_is_the_plain_python_bptt_loop_and_the_engine() -> None:
    from stepcalc.train.numeric import train

    text = problem_text()
    p = problem_from_toml(text)
    epochs = 4
    result = train(p, epochs)
    losses, final = plain_bptt_training(spec_of(text), epochs)
    assert list(result.losses) == pytest.approx(losses, abs=1e-12)
    assert result.parameters["u.h2.h1"] == pytest.approx(final["U"][1][0], abs=1e-12)
    assert result.parameters["w.x1.h2"] == pytest.approx(final["W"][0][1], abs=1e-12)
    assert result.parameters["w.h2.o1"] == pytest.approx(final["V"][1][0], abs=1e-12)
    assert result.parameters["b.o1"] == pytest.approx(final["bo"][0], abs=1e-12)
    # the engine, chained over the same epochs, reaches the same weights and losses
    params = initial_parameters(p)
    for epoch in range(epochs):
        d: Derivation = derive_recurrent(p, 0, params=params)
        assert d.values["loss"] == pytest.approx(result.losses[epoch], abs=1e-12)
        params = d.new_parameters()
    for key, value in result.parameters.items():
        assert params["given." + key] == pytest.approx(value, abs=1e-12), key


def test_adam_on_a_recurrent_network_is_the_plain_python_loop_and_the_engine() -> None:
    from stepcalc.engine.iterations import work_updates
    from stepcalc.train.numeric import train

    epochs = 3
    text = problem_text(extra=f"epochs = {epochs}") + '\n[optimizer]\nname = "adam"\n'
    p = problem_from_toml(text)
    result = train(p, epochs)
    losses, final = plain_bptt_training(spec_of(text), epochs, adam=True)
    assert list(result.losses) == pytest.approx(losses, abs=1e-12)
    for key, (name, i, j) in {"u.h2.h1": ("U", 1, 0), "w.x1.h2": ("W", 0, 1), "w.h2.o1": ("V", 1, 0)}.items():
        assert result.parameters[key] == pytest.approx(final[name][i][j], abs=1e-12)
    assert result.parameters["b.o1"] == pytest.approx(final["bo"][0], abs=1e-12)
    # the engine's worked updates, carrying m and v from one update to the next, reach the same weights
    done = work_updates(p, epochs)
    engine = {k.removeprefix("given."): v for k, v in done[-1].result.new_parameters().items()}
    for key, value in result.parameters.items():
        assert float(engine[key]) == pytest.approx(value, abs=1e-12), key
    assert "m.u.h2.h1" in done[0].result.values and "vhat.u.h2.h1" in done[0].result.values


def test_train_with_momentum_and_truncation_equals_the_engine() -> None:
    from stepcalc.train.numeric import train

    p = problem_from_toml(problem_text(extra="momentum = 0.5\ntruncate = 2"))
    result = train(p, 3)
    params, changes = initial_parameters(p), None
    for epoch in range(3):
        d = derive_recurrent(p, 0, params={**params, **(changes or {})})
        assert d.values["loss"] == pytest.approx(result.losses[epoch], abs=1e-12)
        params, changes = d.new_parameters(), d.parameter_changes()
    for key, value in result.parameters.items():
        assert params["given." + key] == pytest.approx(value, abs=1e-12), key


def test_train_command(cli) -> None:
    result = cli("train", str(EXAMPLES / "rnn_bptt.toml"), "--epochs", "3", "--format", "json", check=True)
    document = json.loads(result.stdout)
    assert set(document["weights"]) >= {"u.h1.h2", "w.x1.h1", "b.o1"}
    assert len(document["predictions"]) == 3  # one row per time step of the one sequence


# --- check: error carried forward through time ----------------------------------------------------
def test_a_wrong_delta_at_step_3_carried_into_step_2_is_carried(cli, tmp_path: Path) -> None:
    text = problem_text()
    spec = spec_of(text)
    h = forward_states(spec)
    V, U = spec["V"], spec["U"]
    y = [sum(V[k][0] * h[t][k] for k in range(2)) + spec["bo"][0] for t in range(4)]
    delta_o = {t: spec["t"][t - 1][0] - y[t] for t in (2, 3)}  # identity output, δ = t − y
    delta_h2_3 = (1 - h[3][1] ** 2) * V[1][0] * delta_o[3]
    wrong = 0.25  # the claimant's δ_h1(3)
    # the claimant works on from the numbers they wrote (4 decimals)
    carried = (1 - h[2][0] ** 2) * (V[0][0] * round(delta_o[2], 4) + U[0][0] * wrong + U[0][1] * round(delta_h2_3, 4))
    problem = tmp_path / "rnn.toml"
    problem.write_text(text)
    claims = tmp_path / "rnn.claims"
    claims.write_text(f'[claims]\n"t3.delta.o1" = {delta_o[3]:.4f}\n"t3.delta.h1" = {wrong}\n'
                      f'"t3.delta.h2" = {delta_h2_3:.4f}\n"t2.delta.o1" = {delta_o[2]:.4f}\n'
                      f'"t2.delta.h1" = {carried:.4f}\n')
    result = cli("check", str(problem), str(claims), "--format", "json")
    assert result.returncode == 1  # a wrong claim
    verdicts = {v["id"]: v["verdict"] for v in json.loads(result.stdout)["verdicts"]}
    assert verdicts == {"t3.delta.o1": "correct", "t3.delta.h1": "wrong", "t3.delta.h2": "correct",
                        "t2.delta.o1": "correct", "t2.delta.h1": "carried"}


# --- problem files --------------------------------------------------------------------------------
@pytest.mark.parametrize("changes, key", [
    (dict(recurrent="[[0.1, 0.4]]"), "network.recurrent"),
    (dict(recurrent="[[0.1, 0.4], [0.2]]"), "network.recurrent[1]"),
    (dict(h0="[0.0]"), "network.h0"),
    (dict(x="[[1.0, 2.0], [0.5]]"), "samples[0].x[0]"),
    (dict(targets="t = [[0.5], [0.2]]"), "samples[0].t"),
    (dict(targets="t = [[0.5], [0.2], [0.1]]\nt_last = [0.3]"), "samples[0].t"),
    (dict(targets=""), "samples[0].t"),
    (dict(layers="[1, 2, 2, 1]", weights="[[[0.5, -0.3]], [[0.8, 0.1], [0.2, 0.1]], [[0.8], [0.2]]]",
          activation='"tanh"', biases=""), "network.layers"),
    (dict(extra="truncate = 4"), "truncate"),
    (dict(extra="truncate = 0"), "truncate"),
    (dict(extra='update = "batch"'), "update"),
    (dict(extra="shared_bias = true", biases="biases = [0.1, 0.2]"), "shared_bias"),
])
def test_bad_recurrent_input_is_one_line_naming_the_key(cli, tmp_path: Path, changes: dict, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(problem_text(**changes))
    result = cli("solve", str(path))
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert str(path) in lines[0] and key in lines[0], lines[0]


def test_recurrent_keys_are_refused_on_a_feedforward_network(cli, tmp_path: Path) -> None:
    path = tmp_path / "ff.toml"
    path.write_text(problem_text().replace('kind = "recurrent"', 'kind = "feedforward"'))
    result = cli("solve", str(path))
    assert result.returncode == 2 and "network.recurrent" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- rendering ------------------------------------------------------------------------------------
def test_markdown_renders_in_katex_and_shows_the_sums_over_time(cli) -> None:
    result = cli("solve", str(EXAMPLES / "rnn_bptt.toml"), "--format", "md", check=True)
    spans = markdown_math(result.stdout)
    assert len(spans) > 50
    assert katex_errors(spans) == []
    # ∂E/∂u_h1,h2 written as the sum of its three per-step products, last step first
    # (a long sum of numbers is set on `aligned` lines: the symbolic side stays on the first)
    line = next(tex.removeprefix(r"\begin{aligned}").replace("&=", "=") for tex, _ in spans
                if tex.removeprefix(r"\begin{aligned}").startswith(r"\frac{\partial E}{\partial u_{h1,h2}} "))
    assert (r"= -{\delta_{h2}}(3)\,{y_{h1}}(2) - {\delta_{h2}}(2)\,{y_{h1}}(1) - {\delta_{h2}}(1)\,{y_{h1}}(0)"
            in line), line


def test_latex_compiles(cli, tmp_path: Path) -> None:
    result = cli("solve", str(EXAMPLES / "rnn_bptt.toml"), "--format", "latex", check=True)
    assert compile_latex(result.stdout, tmp_path).stat().st_size > 1000


@pytest.mark.parametrize("style", ["delta-rule", "seed002", "matrix", "chain-rule"])
def test_every_notation_style_renders_and_compiles(style: str, tmp_path: Path) -> None:
    from stepcalc.render.solution import render_solution

    d = derive_recurrent(problem_from_toml(problem_text(extra=f'notation = "{style}"\ntruncate = 2')))
    md = render_solution(d, "md")
    assert katex_errors(markdown_math(md)) == []
    assert "last 2 of the 3 time steps" in md
    assert compile_latex(render_solution(d, "latex"), tmp_path).stat().st_size > 1000


def test_json_lists_every_step_with_its_time_prefixed_id(cli) -> None:
    result = cli("solve", str(EXAMPLES / "rnn_bptt.toml"), "--format", "json", check=True)
    steps = {s["id"]: s for s in json.loads(result.stdout)["steps"]}
    assert steps["t2.delta.h1"]["section"] == "backward"
    assert steps["grad.u.h1.h2"]["line"].startswith("∂E/∂u_h1,h2 = −δ_h2(3) y_h1(2) − δ_h2(2) y_h1(1) − δ_h2(1) y_h1(0) = ")
    assert steps["u.h1.h2"]["value"] == pytest.approx(0.4 - 0.1 * steps["grad.u.h1.h2"]["value"], abs=1e-15)


# --- the unrolled diagram -------------------------------------------------------------------------
def test_unrolled_diagram_has_every_time_steps_units_and_each_weight_on_its_edges() -> None:
    import xml.etree.ElementTree as ET

    from stepcalc.figures.labels import network_svg
    from stepcalc.figures.unrolled import layout_unrolled, unrolled_content
    from stepcalc.figures import svg

    d = derive_recurrent(problem_from_toml(problem_text()))
    root = ET.fromstring(network_svg(d))
    ns = "{http://www.w3.org/2000/svg}"
    units = root.findall(f".//{ns}g[@class='unit']")
    assert len(units) == 2 + 3 * (1 + 2 + 1)  # h(0), then x, h1, h2, o per time step
    weights = [g.get("data-weight") for g in root.findall(f".//{ns}g[@class='weight']")]
    # each weight once per time step: x→h and h→o at t = 1..3, u from t − 1 to t for t = 1..3
    for key in ("w.x1.h1", "w.h2.o1", "u.h1.h2", "u.h2.h2"):
        assert weights.count(key) == 3, key
    layout = layout_unrolled(unrolled_content(d, "text"), 1, svg.METRICS)
    labels = layout.labels()
    boxes = [place.box for layer in layout.units for place in layer]
    for k, a in enumerate(labels):
        assert not any(a.overlaps(b) for b in labels[k + 1:] + boxes)


# --- generate -------------------------------------------------------------------------------------
def test_generate_recurrent_variants(cli, tmp_path: Path) -> None:
    args = ("generate", "--kind", "recurrent", "--steps", "3", "--arch", "1-2-1", "--activation", "tanh,identity",
            "--count", "2", "--format", "md,latex")
    cli(*args, "--out", str(tmp_path / "a"), check=True)
    cli(*args, "--out", str(tmp_path / "b"), check=True)
    for name in ("variant-01.toml", "variant-02.toml", "answer-key.json", "variant-01-sheet.md"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()  # the same seed, the same files
    key = json.loads((tmp_path / "a" / "answer-key.json").read_text())
    assert key["settings"]["kind"] == "recurrent" and key["settings"]["steps"] == 3
    for number in (1, 2):
        text = (tmp_path / "a" / f"variant-0{number}.toml").read_text()
        spec = spec_of(text)
        assert len(spec["x"]) == 3 and len(spec["U"]) == 2
        answers = key["variants"][number - 1]["answers"]
        assert answers["loss"] == pytest.approx(unrolled_loss(spec), abs=1e-12)
        for grad_id, name, i, j in parameter_table(problem_from_toml(text)):
            expected = central(lambda v: unrolled_loss(with_param(spec, name, i, j, v)), current(spec, name, i, j))
            assert answers[grad_id] == pytest.approx(expected, abs=1e-8), grad_id
    assert katex_errors(markdown_math((tmp_path / "a" / "variant-01-sheet.md").read_text())) == []
    compile_latex((tmp_path / "a" / "variant-01-sheet.tex").read_text(), tmp_path)


@pytest.mark.parametrize("args, option", [(("--kind", "recurrent", "--arch", "2-2-2-1"), "--arch"),
                                          (("--steps", "3", "--arch", "1-2-1"), "--steps"),
                                          (("--kind", "recurrent", "--steps", "13", "--arch", "1-2-1"), "--steps")])
def test_generate_refuses_in_one_line(cli, tmp_path: Path, args: tuple[str, ...], option: str) -> None:
    result = cli("generate", *args, "--out", str(tmp_path))
    assert result.returncode == 2 and option in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_python_api_solves_a_recurrent_problem() -> None:
    import stepcalc

    solution = stepcalc.solve(str(EXAMPLES / "rnn_bptt.toml"))
    spec = spec_of((EXAMPLES / "rnn_bptt.toml").read_text())
    assert solution.values["loss"] == pytest.approx(unrolled_loss(spec), abs=1e-12)
    assert "<svg" in solution.network_svg() and r"\begin{tikzpicture}" in solution.network_tikz()
    assert "Time step 3" in solution.markdown()


@pytest.mark.parametrize("variant", ["tanh-identity", "sigmoid-gradient-convention"])
def test_the_derivation_holds_with_the_finite_differences_of_the_net_inputs(variant: str) -> None:
    """Each equation of --derivation evaluated with ∂E/∂net_U(t) from a finite difference of the
    unrolled loss in the net input of U at t: its sides agree with each other and with the gradient."""
    from stepcalc.engine.expr import evaluate
    from stepcalc.engine.recurrent import recurrent_derivation_parts

    text = problem_text(**VARIANTS[variant])
    p = problem_from_toml(text)
    d = derive_recurrent(p)
    spec = spec_of(text)
    values = dict(d.values)
    for t in range(1, len(spec["x"]) + 1):
        for layer, units in (("h", p.units[1]), ("o", p.units[2])):
            for j, unit in enumerate(units):
                key = sid.at_time(t, sid.chain_dE_dnet(unit))
                values[key] = central(lambda v: unrolled_loss(spec, shift={(layer, t, j): v}), 0.0)
    parts = dict(recurrent_derivation_parts(d))
    assert set(parts) >= {"A weight into the output layer", "A recurrent weight"}
    for title in ("A weight into the output layer", "A recurrent weight"):
        (eq,) = parts[title]
        grad = d.values[eq.lhs.key]
        for side in eq.sides[1:]:  # sympy's ∂net/∂w placed, then the δ form
            assert evaluate(side, values) == pytest.approx(grad, abs=1e-8), title
    (recursion,) = [eqs for title, eqs in parts.items() if title.startswith("The recursion")]
    dE_dy, dE_dnet, delta = recursion
    assert evaluate(dE_dy.sides[0], values) == pytest.approx(evaluate(dE_dy.sides[1], values), abs=1e-8)
    assert evaluate(dE_dnet.sides[1], values) == pytest.approx(values[dE_dnet.lhs.key], abs=1e-8)
    assert evaluate(delta.sides[0], values) == pytest.approx(d.values[delta.lhs.key], abs=1e-8)


def test_derivation_renders_in_every_format(cli, tmp_path: Path) -> None:
    md = cli("solve", str(EXAMPLES / "rnn_bptt.toml"), "--format", "md", "--derivation", check=True).stdout
    assert "## Where the formulas come from" in md and "The recursion of a hidden delta (time step 2)" in md
    assert katex_errors(markdown_math(md)) == []
    latex = cli("solve", str(EXAMPLES / "rnn_bptt.toml"), "--format", "latex", check=True).stdout  # on by default
    assert "The recursion of a hidden delta" in latex
    compile_latex(latex, tmp_path)


def test_train_report_renders(cli, tmp_path: Path) -> None:
    md = cli("train", str(EXAMPLES / "rnn_bptt.toml"), "--epochs", "3", "--format", "md", check=True).stdout
    assert r"E = \sum_{t=1}^{T} E(t)" in md and "u_{h1,h2}" in md
    assert katex_errors(markdown_math(md)) == []
    latex = cli("train", str(EXAMPLES / "rnn_bptt.toml"), "--epochs", "3", "--format", "latex", check=True).stdout
    compile_latex(latex, tmp_path)


# --- solve on a training run of several sequences -------------------------------------------------
RUN = problem_text(extra="epochs = 3", biases="") + """
[[samples]]
x = [[0.2], [-0.4]]
t_last = [0.3]
"""


def test_solve_on_a_run_writes_the_first_updates_with_prefixed_ids(cli, tmp_path: Path) -> None:
    path = tmp_path / "run.toml"
    path.write_text(RUN)
    document = json.loads(cli("solve", str(path), "--format", "json", check=True).stdout)
    first, second = document["updates"][0], document["updates"][1]
    assert first["steps"][0]["id"] == "t1.net.h1" and second["steps"][0]["id"] == "e1.s2.t1.net.h1"
    assert any(s["id"] == "e1.s2.t2.delta.h1" for s in second["steps"])
    # the run's epoch losses: the plain-Python unrolled loss of each sequence at the weights it meets
    p = problem_from_toml(RUN)
    params = initial_parameters(p)
    for epoch in range(3):
        total = 0.0
        for sample in range(2):
            d = derive_recurrent(p, sample, params=params)
            spec = spec_of(RUN, sample)
            spec.update(W=[[params["given.w.x1.h1"], params["given.w.x1.h2"]]],
                        U=[[params["given.u.h1.h1"], params["given.u.h1.h2"]], [params["given.u.h2.h1"], params["given.u.h2.h2"]]],
                        V=[[params["given.w.h1.o1"]], [params["given.w.h2.o1"]]])
            total += unrolled_loss(spec)
            params = d.new_parameters()
        assert document["history"][epoch]["loss"] == pytest.approx(total, abs=1e-12)
    md = cli("solve", str(path), "--format", "md", check=True).stdout
    assert "| 2 | (0.2, -0.4) | (–, 0.3) |" in md
    assert katex_errors(markdown_math(md)) == []
    compile_latex(cli("solve", str(path), "--format", "latex", check=True).stdout, tmp_path)
