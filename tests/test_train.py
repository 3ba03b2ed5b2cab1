"""Training runs: schedule keys, batch and momentum updates against hand computations and finite
differences, the numeric path against the step-by-step engine, `stepcalc train`, and XOR."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from stepcalc.engine.derive import initial_parameters
from stepcalc.engine.iterations import work_updates
from stepcalc.engine.schedule import total_updates
from stepcalc.problem.validate import load_problem, problem_from_mapping, problem_from_toml
from stepcalc.train.numeric import train

from conftest import EXAMPLES, LINEAR, ROOT, CliRunner


def linear(extra: str) -> object:
    return problem_from_toml(LINEAR.format(extra=extra))


def test_batch_with_momentum_by_hand() -> None:
    # Epoch 1, w = 0.5, b = 0.1.  Sample 1: y = 0.5·1 + 0.1 = 0.6, E1 = ½(2 − 0.6)² = 0.98,
    # ∂E1/∂w = −(2 − 0.6)·1 = −1.4, ∂E1/∂b = −1.4.  Sample 2: y = 0.5·2 + 0.1 = 1.1,
    # E2 = ½(1 − 1.1)² = 0.005, ∂E2/∂w = −(1 − 1.1)·2 = 0.2, ∂E2/∂b = 0.1.
    # Batch: E = 0.985, ∂E/∂w = −1.2, ∂E/∂b = −1.3; Δw = 0.12, Δb = 0.13 (no previous change);
    # w = 0.62, b = 0.23.
    # Epoch 2.  Sample 1: y = 0.85, ∂E1/∂w = ∂E1/∂b = −1.15, E1 = 0.66125.  Sample 2: y = 1.47,
    # ∂E2/∂w = 0.94, ∂E2/∂b = 0.47, E2 = 0.11045.  Batch: ∂E/∂w = −0.21, ∂E/∂b = −0.68;
    # Δw = 0.021 + 0.5·0.12 = 0.081, Δb = 0.068 + 0.5·0.13 = 0.133; w = 0.701, b = 0.363.
    p = linear('update = "batch"\nmomentum = 0.5\nepochs = 2')
    first, second = work_updates(p, 2)
    v1, v2 = first.batch_step.values, second.batch_step.values
    expected1 = {"loss": 0.985, "grad.x.o": -1.2, "grad.b.o": -1.3, "dw.x.o": 0.12, "db.o": 0.13,
                 "w.x.o": 0.62, "b.o": 0.23}
    expected2 = {"loss": 0.7717, "grad.x.o": -0.21, "grad.b.o": -0.68, "dw.x.o": 0.081, "db.o": 0.133,
                 "w.x.o": 0.701, "b.o": 0.363}
    for key, value in expected1.items():
        assert v1[key] == pytest.approx(value, abs=1e-12), key
    for key, value in expected2.items():
        assert v2[key] == pytest.approx(value, abs=1e-12), key
    result = train(p)
    assert list(result.losses) == pytest.approx([0.985, 0.7717], abs=1e-12)
    assert result.parameters == pytest.approx({"w.x.o": 0.701, "b.o": 0.363}, abs=1e-12)


def test_online_by_hand() -> None:
    # Sample 1 at w = 0.5, b = 0.1: y = 0.6, ∂E/∂w = ∂E/∂b = −1.4 → w = 0.64, b = 0.24.
    # Sample 2 at the new weights: y = 0.64·2 + 0.24 = 1.52, E2 = ½·0.52² = 0.1352,
    # ∂E/∂w = 0.52·2 = 1.04, ∂E/∂b = 0.52 → w = 0.536, b = 0.188.  Epoch loss 0.98 + 0.1352.
    p = linear("")
    updates = work_updates(p, 2)
    assert updates[1].result.values["w.x.o"] == pytest.approx(0.536, abs=1e-12)
    assert updates[1].result.values["b.o"] == pytest.approx(0.188, abs=1e-12)
    result = train(p)
    assert result.losses[0] == pytest.approx(1.1152, abs=1e-12)
    assert result.parameters == pytest.approx({"w.x.o": 0.536, "b.o": 0.188}, abs=1e-12)


def test_mse_batch_is_the_mean_over_samples_by_hand() -> None:
    # Three samples at w = 0.5, b = 0.1: y = 0.6, 1.1, 0.1 for t = 2, 1, 1; E_s = (t − y)² (one output).
    # E = (1.96 + 0.01 + 0.81)/3; ∂E/∂w = (1/3)Σ 2(y − t)x = (1/3)(−2.8 + 0.4 + 0) = −0.8,
    # ∂E/∂b = (1/3)(−2.8 + 0.2 − 1.8) = −4.4/3; w = 0.5 + 0.08, b = 0.1 + 0.44/3.
    p = problem_from_toml(LINEAR.format(extra='update = "batch"\nloss = "mse"') + "[[samples]]\nx = [0]\nt = [1]\n")
    (update,) = work_updates(p, 1)
    v = update.batch_step.values
    assert v["loss"] == pytest.approx(2.78 / 3, abs=1e-12)
    assert v["grad.x.o"] == pytest.approx(-0.8, abs=1e-12)
    assert v["grad.b.o"] == pytest.approx(-4.4 / 3, abs=1e-12)
    result = train(p)
    assert result.losses[0] == pytest.approx(2.78 / 3, abs=1e-12)
    assert result.parameters == pytest.approx({"w.x.o": 0.58, "b.o": 0.1 + 0.44 / 3}, abs=1e-12)


# --- the engine's batch gradient against a central finite difference --------------------------

NET = {
    "learning_rate": 0.3,
    "network": {"layers": [2, 3, 2], "activation": ["tanh", "sigmoid"],
                "weights": [[[0.1, -0.4, 0.3], [0.2, 0.5, -0.6]], [[0.7, -0.1], [-0.3, 0.2], [0.4, 0.6]]],
                "biases": [[0.05, -0.02, 0.1], [0.0, -0.1]]},
    "samples": [{"x": [1.0, 0.5], "t": [1.0, 0.0]}, {"x": [-0.5, 0.3], "t": [0.0, 1.0]},
                {"x": [0.2, -1.0], "t": [0.5, 0.5]}],
}


def batch_loss(params: dict[str, float], loss: str) -> float:
    """Plain-Python forward pass of NET (no stepcalc): the batch loss at `params`."""
    total = 0.0
    for s in NET["samples"]:
        hidden = [math.tanh(params[f"given.w.x1.h{j}"] * s["x"][0] + params[f"given.w.x2.h{j}"] * s["x"][1]
                            + params[f"given.b.h{j}"]) for j in (1, 2, 3)]
        outs = [1 / (1 + math.exp(-(sum(params[f"given.w.h{i}.o{k}"] * hidden[i - 1] for i in (1, 2, 3))
                                     + params[f"given.b.o{k}"]))) for k in (1, 2)]
        errors = [(t - y) ** 2 for t, y in zip(s["t"], outs)]
        total += sum(errors) / 2 if loss == "half_sse" else sum(errors) / 2 / 3  # mse: mean over 2 outputs, 3 samples
    return total


@pytest.mark.parametrize("loss", ["half_sse", "mse"])
def test_batch_gradient_is_the_finite_difference_of_the_batch_loss(loss: str) -> None:
    p = problem_from_mapping({**NET, "loss": loss, "update": "batch"})
    (update,) = work_updates(p, 1)
    params = initial_parameters(p)
    assert update.batch_step.values["loss"] == pytest.approx(batch_loss(params, loss), abs=1e-14)
    h = 1e-6
    for key in params:
        up, down = dict(params), dict(params)
        up[key] += h
        down[key] -= h
        numeric = (batch_loss(up, loss) - batch_loss(down, loss)) / (2 * h)
        tail = key.removeprefix("given.")
        grad_id = "grad." + tail.removeprefix("w.") if tail.startswith("w.") else "grad." + tail
        assert update.batch_step.values[grad_id] == pytest.approx(numeric, abs=1e-8), key


# --- numeric path == step-by-step engine ------------------------------------------------------

def engine_run(p: object, updates: int) -> tuple[dict[str, float], list[float]]:
    """Parameters after `updates` updates, and each complete epoch's loss, from the engine alone."""
    done = work_updates(p, updates)
    per_epoch: dict[int, list[float]] = {}
    for u in done:
        per_epoch.setdefault(u.epoch, []).extend(ps.derivation.values["loss"] for ps in u.passes)
    mean = p.loss == "mse"
    losses = [sum(v) / len(v) if mean else sum(v) for v in per_epoch.values()]
    params = {k.removeprefix("given."): v for k, v in done[-1].result.new_parameters().items()}
    return params, losses


CONFIGS = [
    {"update": "online"},
    {"update": "online", "momentum": 0.9},
    {"update": "batch"},
    {"update": "batch", "momentum": 0.8},
    {"update": "minibatch", "batch_size": 2},
    {"update": "minibatch", "batch_size": 2, "momentum": 0.5, "loss": "mse"},
    {"update": "batch", "loss": "mse", "delta_convention": "gradient"},
]


# Bias conventions (issue 3) the numeric path follows like the engine: per unit, none, kept fixed,
# one per layer (its gradient summed over the layer's units), one per layer kept fixed.
BIAS_OPTIONS = {
    "per-unit": {},
    "none": None,
    "fixed": {"update_biases": False},
    "shared": {"shared_bias": True},
    "shared-fixed": {"shared_bias": True, "update_biases": False},
}


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
@pytest.mark.parametrize("biases", list(BIAS_OPTIONS))
def test_numeric_path_equals_the_engine(config: dict, biases: str) -> None:
    network = dict(NET["network"])
    options = BIAS_OPTIONS[biases]
    if options is None:
        del network["biases"]
    elif options.get("shared_bias"):
        network["biases"] = [0.05, -0.1]
    p = problem_from_mapping({**NET, "network": network, "epochs": 3, **config, **(options or {})})
    params, losses = engine_run(p, total_updates(p))
    result = train(p)
    assert result.parameters.keys() == params.keys()
    for key, value in params.items():
        assert result.parameters[key] == pytest.approx(value, abs=1e-12), key
    assert list(result.losses) == pytest.approx(losses, abs=1e-12)


@pytest.mark.parametrize("activations,loss", [(["relu", "softmax"], "cross_entropy"), (["sigmoid", "sigmoid"], "bce"),
                                              (["tanh", "identity"], "sse")])
@pytest.mark.parametrize("biases", ["per-unit", "fixed", "shared"])
def test_numeric_path_equals_the_engine_for_other_functions(activations: list[str], loss: str, biases: str) -> None:
    samples = [{"x": s["x"], "t": [1.0, 0.0] if k % 2 == 0 else [0.0, 1.0]} for k, s in enumerate(NET["samples"])]
    network = {**NET["network"], "activation": activations}
    if biases == "shared":
        network["biases"] = [0.05, -0.1]
    p = problem_from_mapping({**NET, "samples": samples, "loss": loss, "epochs": 2, "update": "minibatch",
                              "batch_size": 2, "momentum": 0.3, "network": network, **BIAS_OPTIONS[biases]})
    params, losses = engine_run(p, total_updates(p))
    result = train(p)
    for key, value in params.items():
        assert result.parameters[key] == pytest.approx(value, abs=1e-12), key
    assert list(result.losses) == pytest.approx(losses, abs=1e-12)


# --- XOR (seed 001) --------------------------------------------------------------------------

def seed_loop(p: object, epochs: int) -> tuple[np.ndarray, ...]:
    """Seed 001's update rule, written as the seed writes it, from the example's initial weights."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    w1, w2 = np.array(p.weights[0]), np.array(p.weights[1])
    b1, b2 = np.zeros((1, 4)), np.zeros((1, 1))
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    for _ in range(epochs):
        hidden = sig(x @ w1 + b1)
        out = sig(hidden @ w2 + b2)
        out_delta = (y - out) * out * (1 - out)
        hidden_delta = out_delta @ w2.T * hidden * (1 - hidden)
        w2 += hidden.T @ out_delta * 0.1
        b2 += out_delta.sum(axis=0, keepdims=True) * 0.1
        w1 += x.T @ hidden_delta * 0.1
        b1 += hidden_delta.sum(axis=0, keepdims=True) * 0.1
    return w1, w2, b1, b2


def test_xor_reproduces_the_seed_update_rule() -> None:
    p = load_problem(EXAMPLES / "xor.toml")
    assert (p.layers, p.learning_rate, p.update, p.epochs, p.loss) == ((2, 4, 1), 0.1, "batch", 10_000, "half_sse")
    w1, w2, b1, b2 = seed_loop(p, 300)
    params = train(p, epochs=300).parameters
    for i, a in enumerate(("x1", "x2")):
        for j, h in enumerate(("h1", "h2", "h3", "h4")):
            assert params[f"w.{a}.{h}"] == pytest.approx(w1[i, j], abs=1e-12)
    for j, h in enumerate(("h1", "h2", "h3", "h4")):
        assert params[f"w.{h}.o"] == pytest.approx(w2[j, 0], abs=1e-12)
        assert params[f"b.{h}"] == pytest.approx(b1[0, j], abs=1e-12)
    assert params["b.o"] == pytest.approx(b2[0, 0], abs=1e-12)


def test_xor_is_learned_and_the_loss_falls() -> None:
    p = load_problem(EXAMPLES / "xor.toml")
    result = train(p)
    assert [round(y) for (y,) in result.predictions] == [0, 1, 1, 0]
    losses = result.losses
    # The seed's printed loss is the mean of (t − y)² over the four samples; ours is ½Σ(t − y)², twice it.
    assert losses[0] / 2 > 0.2  # the seed starts near 0.27
    assert losses[7999] / 2 < 0.01  # and is below 0.01 by epoch 8,000 (the seed: 0.0066)
    assert all(losses[k] > losses[k + 1000] for k in range(0, 9000, 1000))


# --- the command ------------------------------------------------------------------------------

def test_train_json_has_exactly_the_documented_fields(cli: CliRunner) -> None:
    result = cli("train", str(EXAMPLES / "xor.toml"), "--epochs", "50", "--format", "json", check=True)
    document = json.loads(result.stdout)
    assert list(document) == ["history", "weights", "predictions"]
    assert [h["epoch"] for h in document["history"]] == list(range(1, 51))
    assert all(list(h) == ["epoch", "loss"] for h in document["history"])
    assert set(document["weights"]) == {f"w.{a}.{h}" for a in ("x1", "x2") for h in ("h1", "h2", "h3", "h4")} | {
        f"w.{h}.o" for h in ("h1", "h2", "h3", "h4")} | {"b.h1", "b.h2", "b.h3", "b.h4", "b.o"}
    assert len(document["predictions"]) == 4 and all(len(row) == 1 for row in document["predictions"])
    expected = train(load_problem(EXAMPLES / "xor.toml"), epochs=50)
    assert document["history"][-1]["loss"] == expected.losses[-1]
    assert result.stderr == ""  # no progress indicator when stderr is not a terminal
    every = json.loads(cli("train", str(EXAMPLES / "xor.toml"), "--epochs", "50", "--report-every", "20",
                               "--format", "json", check=True).stdout)
    assert [h["epoch"] for h in every["history"]] == [1, 20, 40, 50]


def test_train_imports_no_sympy() -> None:
    # A fresh process: this one has long since imported sympy and the engine.
    code = ("import sys; from stepcalc.cli import main; code = main(['train', 'examples/xor.toml', '--epochs', '20']); "
            "assert 'sympy' not in sys.modules, 'sympy imported'; "
            "assert 'stepcalc.engine.derive' not in sys.modules, 'the engine imported'; sys.exit(code)")
    env = dict(os.environ, PYTHONPATH=str(ROOT), STEPCALC_NO_CACHE="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_progress_indicator_on_a_terminal_only() -> None:
    # A process of its own, its stderr a real terminal (a pty): the indicator is only for those.
    import pty

    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "stepcalc", "train", "examples/xor.toml", "--epochs", "200"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=follower, timeout=60)
    os.close(follower)
    shown = os.read(leader, 100_000).decode()
    os.close(leader)
    assert result.returncode == 0
    assert "epoch 200 of 200" in shown
    assert "training: epoch" not in result.stdout.decode()  # progress goes to stderr only


def test_train_text_shows_table_weights_and_predictions(cli: CliRunner) -> None:
    out = cli("train", str(EXAMPLES / "xor.toml"), "--epochs", "100", "--report-every", "25", check=True).stdout
    assert "Loss per epoch" in out and "Predictions" in out
    assert [line.split()[0] for line in out.split("Loss per epoch")[1].splitlines()[3:8]] == ["1", "25", "50", "75", "100"]
    assert "w_x1,h1 = " in out and "b_o = " in out
    assert "seed 1" in out and "N(0, 1²)" in out  # the draw is shown
    assert "sum of its samples' losses" in out  # the batch convention is stated



@pytest.mark.parametrize("fmt, rate, momentum", [
    ("text", "Learning rate: α = 0.1; momentum: γ = 0.5", "plus momentum γ Δw(prev) with γ = 0.5"),
    ("md", r"Learning rate: $\alpha = 0.1$; momentum: $\gamma = 0.5$", r"\text{plus momentum } \gamma\,"),
    ("latex", r"Learning rate: $\alpha = 0.1$; momentum: $\gamma = 0.5$", r"\text{plus momentum } \gamma\,"),
])
def test_train_names_rate_and_momentum_as_solve_does(fmt: str, rate: str, momentum: str) -> None:
    """The matrix style calls the learning rate α and the momentum γ, in `train` as in `solve`."""
    from stepcalc.render.solution import render_solution
    from stepcalc.render.train import render_training
    from stepcalc.engine.derive import derive

    p = linear('notation = "matrix"\nmomentum = 0.5\nepochs = 2')
    solved = render_solution(derive(p), fmt, diagram=False)
    assert rate.split(";")[0] in solved and momentum in solved
    trained = render_training(p, train(p), None, fmt)
    assert rate in trained and "\\eta" not in trained and "η" not in trained


# --- problem-file keys ------------------------------------------------------------------------

BAD = [
    ("epochs = 0", "epochs", "≥ 1"),
    ("epochs = 2.5", "epochs", "whole number"),
    ('update = "stochastic"', "update", "online, batch, minibatch"),
    ('update = "minibatch"', "batch_size", "missing"),
    ('update = "minibatch"\nbatch_size = 3', "batch_size", "at most the number of samples (2)"),
    ("batch_size = 1", "batch_size", "minibatch"),
    ("momentum = 1.5", "momentum", "[0, 1)"),
    ('momentum = "high"', "momentum", "expected a number"),
]


@pytest.mark.parametrize("line,key,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_schedule_keys(cli: CliRunner, tmp_path: object, line: str, key: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(LINEAR.format(extra=line), encoding="utf-8")
    result = cli("train", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and f": {key}: " in result.stderr and expected in result.stderr


INIT_BAD = [
    ("[init]\ndistribution = 'normal'", "init.seed", "missing"),
    ("[init]\nseed = -1", "init.seed", "≥ 0"),
    ("[init]\nseed = 1\ndistribution = 'cauchy'", "init.distribution", "normal, uniform"),
    ("[init]\nseed = 1\nscale = 0", "init.scale", "positive"),
    ("[init]\nseed = 1\nspread = 2", "init.spread", "unknown key"),
    ("init = 3", "init", "expected a table"),
]


@pytest.mark.parametrize("table,key,expected", INIT_BAD, ids=[b[1] + "-" + b[2] for b in INIT_BAD])
def test_bad_init(table: str, key: str, expected: str) -> None:
    text = LINEAR.format(extra="").replace("weights = [[[0.5]]]\n", "")
    head, tail = text.split("[network]")
    source = head + (table + "\n" if table.startswith("init =") else "") + "[network]" + tail
    if not table.startswith("init ="):
        source += table + "\n"
    with pytest.raises(Exception) as error:
        problem_from_toml(source, "p.toml")
    assert str(error.value).startswith(f"p.toml: {key}: ") and expected in str(error.value)


def test_init_and_weights_together_are_refused() -> None:
    with pytest.raises(Exception, match=r"p.toml: init: .*network.weights"):
        problem_from_toml(LINEAR.format(extra="") + "[init]\nseed = 1\n", "p.toml")


def test_missing_weights_names_init() -> None:
    with pytest.raises(Exception, match=r"network.weights: missing.*\[init\]"):
        problem_from_toml(LINEAR.format(extra="").replace("weights = [[[0.5]]]\n", ""), "p.toml")


def draw(seed: int, distribution: str, scale: float) -> list[float]:
    source = ("learning_rate = 1\n[network]\nlayers = [8, 16, 8]\n[init]\n"
              f"seed = {seed}\ndistribution = '{distribution}'\nscale = {scale}\n"
              "[[samples]]\nx = [0, 0, 0, 0, 0, 0, 0, 0]\nt = [0, 0, 0, 0, 0, 0, 0, 0]\n")
    p = problem_from_toml(source)
    return [w for matrix in p.weights for row in matrix for w in row]


def test_init_draws_are_seeded_and_follow_the_distribution() -> None:
    normal = draw(3, "normal", 2.0)
    assert len(normal) == 256
    assert normal == draw(3, "normal", 2.0)
    assert normal != draw(4, "normal", 2.0)
    mean = sum(normal) / len(normal)
    sd = math.sqrt(sum((w - mean) ** 2 for w in normal) / (len(normal) - 1))
    assert abs(mean) < 0.3 and 1.7 < sd < 2.3  # N(0, 2²): 256 draws
    uniform = draw(3, "uniform", 0.5)
    assert all(-0.5 <= w <= 0.5 for w in uniform)
    assert max(uniform) > 0.45 and min(uniform) < -0.45


def test_losses_do_not_depend_on_how_epochs_are_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    import stepcalc.train.numeric as train_module

    p = problem_from_mapping({**NET, "epochs": 10, "update": "minibatch", "batch_size": 2, "loss": "mse"})
    whole = train(p).losses
    monkeypatch.setattr(train_module, "CHUNK", 3)
    assert list(train(p).losses) == list(whole)


def test_divergence_is_reported(cli: CliRunner, tmp_path: object) -> None:
    path = tmp_path / "wild.toml"
    path.write_text(LINEAR.format(extra="epochs = 3000").replace("learning_rate = 0.1", "learning_rate = 5"),
                    encoding="utf-8")
    result = cli("train", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "training diverged: the loss is not finite in epoch" in result.stderr and str(path) in result.stderr


def test_reported_epochs_are_the_first_every_kth_and_the_last() -> None:
    from stepcalc.render.train import reported_epochs

    for epochs in range(1, 60):
        for every in range(1, 70):
            expected = [e for e in range(1, epochs + 1) if e == 1 or e % every == 0 or e == epochs]
            assert list(reported_epochs(epochs, every)) == expected
    assert list(reported_epochs(10_000_000, 2_500_000)) == [1, 2_500_000, 5_000_000, 7_500_000, 10_000_000]
