"""Optimizers: the engine's worked updates and the numeric training path against an independent
plain-Python loop of torch.optim's published update formulas, after every update, weights and biases."""
from __future__ import annotations

import math

import pytest

from stepcalc.engine.iterations import work_updates
from stepcalc.problem.validate import problem_from_toml
from stepcalc.train.numeric import train

# 2-2-1 sigmoid network with biases, half the summed squared error, two samples.
NETWORK = """
learning_rate = {lr}
loss = "half_sse"
update = "{update}"
epochs = {epochs}
{optimizer}
[network]
layers = [2, 2, 1]
activation = "sigmoid"
units = [["x1", "x2"], ["h1", "h2"], ["o"]]
weights = [[[0.15, -0.25], [0.2, 0.3]], [[0.4], [-0.45]]]
biases = [[0.35, 0.0], [0.6]]
[[samples]]
x = [0.5, 1.0]
t = [0.1]
[[samples]]
x = [-1.0, 0.3]
t = [0.9]
"""


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def gradients(p: dict[str, float], samples: list[tuple[list[float], float]]) -> dict[str, float]:
    """∂E/∂p of E = Σ_samples ½ (t − y)², by hand: δ = ∂E/∂net."""
    g = dict.fromkeys(p, 0.0)
    for x, t in samples:
        h = [sigmoid(p[f"w{0}{j}"] * x[0] + p[f"w{1}{j}"] * x[1] + p[f"b{j}"]) for j in range(2)]
        y = sigmoid(p["v0"] * h[0] + p["v1"] * h[1] + p["c"])
        d_out = (y - t) * y * (1 - y)
        g["c"] += d_out
        for j in range(2):
            g[f"v{j}"] += d_out * h[j]
            d_h = d_out * p[f"v{j}"] * h[j] * (1 - h[j])
            g[f"b{j}"] += d_h
            for i in range(2):
                g[f"w{i}{j}"] += d_h * x[i]
    return g


def sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


class TorchRule:
    """torch.optim's algorithms as its documentation writes them, one parameter at a time."""

    def __init__(self, name: str, lr: float, **h: float) -> None:
        self.name, self.lr, self.h = name, lr, h
        self.state: dict[str, dict[str, float]] = {}
        self.t = 0

    def step(self, p: dict[str, float], grads: dict[str, float]) -> None:
        self.t += 1
        h, lr, t = self.h, self.lr, self.t
        wd, l1 = h.get("weight_decay", 0.0), h.get("l1", 0.0)
        for k in p:
            s = self.state.setdefault(k, {})
            g = grads[k] + l1 * sign(p[k])
            if self.name != "adamw":
                g += wd * p[k]
            if self.name in ("momentum", "nesterov", "sgd"):
                mu = h.get("momentum", 0.0)
                if mu:
                    s["buf"] = g if t == 1 else mu * s["buf"] + g
                    g = g + mu * s["buf"] if self.name == "nesterov" else s["buf"]
                p[k] -= lr * g
            elif self.name == "adagrad":
                s["sum"] = s.get("sum", 0.0) + g * g
                p[k] -= lr * g / (math.sqrt(s["sum"]) + h.get("eps", 1e-10))
            elif self.name == "rmsprop":
                alpha = h.get("alpha", 0.99)
                s["sq"] = alpha * s.get("sq", 0.0) + (1 - alpha) * g * g
                p[k] -= lr * g / (math.sqrt(s["sq"]) + h.get("eps", 1e-8))
            else:  # adam, adamw
                b1, b2, eps = h.get("beta1", 0.9), h.get("beta2", 0.999), h.get("eps", 1e-8)
                if self.name == "adamw":
                    p[k] *= 1 - lr * h.get("weight_decay", 0.01)
                s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
                s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
                step_size = lr / (1 - b1 ** t)
                denom = math.sqrt(s["v"]) / math.sqrt(1 - b2 ** t) + eps
                p[k] -= step_size * s["m"] / denom


START = {"w00": 0.15, "w01": -0.25, "w10": 0.2, "w11": 0.3, "b0": 0.35, "b1": 0.0, "v0": 0.4, "v1": -0.45, "c": 0.6}
SAMPLES = [([0.5, 1.0], 0.1), ([-1.0, 0.3], 0.9)]
# The engine's given keys of the parameters above.
KEYS = {"w00": "given.w.x1.h1", "w01": "given.w.x1.h2", "w10": "given.w.x2.h1", "w11": "given.w.x2.h2",
        "b0": "given.b.h1", "b1": "given.b.h2", "v0": "given.w.h1.o", "v1": "given.w.h2.o", "c": "given.b.o"}
TRAINED = {k: v.replace("given.", "") for k, v in KEYS.items()}

CASES = [
    ("momentum", {"momentum": 0.9}),
    ("momentum", {"momentum": 0.5, "weight_decay": 0.1}),
    ("nesterov", {"momentum": 0.9}),
    ("nesterov", {"momentum": 0.8, "weight_decay": 0.05, "l1": 0.02}),
    ("sgd", {"weight_decay": 0.1, "l1": 0.05}),
    ("sgd", {"momentum": 0.7, "weight_decay": 0.1}),
    ("adagrad", {}),
    ("adagrad", {"eps": 1e-6, "weight_decay": 0.2}),
    ("rmsprop", {}),
    ("rmsprop", {"alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01, "l1": 0.01}),
    ("adam", {}),
    ("adam", {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1}),
    ("adam", {"l1": 0.05}),
    ("adamw", {}),
    ("adamw", {"weight_decay": 0.2, "l1": 0.03, "beta2": 0.95}),
]


def problem(name: str, settings: dict[str, float], update: str, epochs: int, lr: float = 0.05) -> object:
    lines = ["[optimizer]", f'name = "{name}"'] + [f"{k} = {v!r}" for k, v in settings.items()]
    # the [optimizer] table goes last: every top-level key must come before it
    text = NETWORK.format(lr=lr, update=update, epochs=epochs, optimizer="")
    return problem_from_toml(text + "\n" + "\n".join(lines) + "\n")


def reference(name: str, settings: dict[str, float], update: str, updates: int, lr: float = 0.05
              ) -> list[dict[str, float]]:
    """The parameters after each update."""
    rule = TorchRule(name, lr, **settings)
    p = dict(START)
    after = []
    batches = [SAMPLES] if update == "batch" else [[s] for s in SAMPLES]
    while len(after) < updates:
        for batch in batches:
            rule.step(p, gradients(p, batch))
            after.append(dict(p))
    return after[:updates]


@pytest.mark.parametrize("update", ["online", "batch"])
@pytest.mark.parametrize("name,settings", CASES, ids=lambda c: c if isinstance(c, str) else ",".join(c) or "defaults")
def test_engine_equals_the_published_formulas_after_every_update(name: str, settings: dict, update: str) -> None:
    count = 6
    p = problem(name, settings, update, epochs=count)
    expected = reference(name, settings, update, count)
    for n, (u, want) in enumerate(zip(work_updates(p, count), expected), start=1):
        got = u.result.new_parameters()
        for k, key in KEYS.items():
            assert got[key] == pytest.approx(want[k], abs=1e-9), f"update {n}, {key}"


@pytest.mark.parametrize("update", ["online", "batch"])
@pytest.mark.parametrize("name,settings", CASES, ids=lambda c: c if isinstance(c, str) else ",".join(c) or "defaults")
def test_numeric_training_equals_the_published_formulas(name: str, settings: dict, update: str) -> None:
    epochs = 40
    p = problem(name, settings, update, epochs=epochs)
    per_epoch = 1 if update == "batch" else 2
    expected = reference(name, settings, update, epochs * per_epoch)
    result = train(p, snapshot_epochs={1, 7, epochs})
    for epoch in (1, 7, epochs):
        want = expected[epoch * per_epoch - 1]
        for k, key in TRAINED.items():
            assert result.snapshots[epoch][key] == pytest.approx(want[k], abs=1e-9), f"epoch {epoch}, {key}"


# --- rendering -----------------------------------------------------------------------------------
from pathlib import Path  # noqa: E402

from conftest import EXAMPLES, CliRunner, compile_latex, katex_errors, markdown_math  # noqa: E402

OPTIMIZER_EXAMPLES = ["adam", "rmsprop"]


@pytest.mark.parametrize("name", OPTIMIZER_EXAMPLES)
def test_committed_optimizer_renderings_are_fresh(cli: CliRunner, tmp_path: Path, name: str) -> None:
    """examples/NAME.md and its figures are what `stepcalc solve examples/NAME.toml --format md -o …` writes.

    Regenerate with: stepcalc solve examples/NAME.toml --format md -o examples/NAME.md
    """
    cli("solve", str(EXAMPLES / f"{name}.toml"), "--format", "md", "-o", str(tmp_path / f"{name}.md"), check=True)
    for written in tmp_path.iterdir():
        committed = EXAMPLES / written.name
        assert committed.exists(), f"{committed} missing"
        assert committed.read_bytes() == written.read_bytes(), f"{committed} is stale"


@pytest.mark.parametrize("name", OPTIMIZER_EXAMPLES)
def test_optimizer_examples_compile_and_render_in_katex(cli: CliRunner, tmp_path: Path, name: str) -> None:
    latex = cli("solve", str(EXAMPLES / f"{name}.toml"), "--format", "latex", "--derivation", check=True).stdout
    assert compile_latex(latex, tmp_path).stat().st_size > 1000
    assert "[U+" not in latex  # no character pdflatex cannot set
    spans = markdown_math((EXAMPLES / f"{name}.md").read_text(encoding="utf-8"))
    assert katex_errors(spans) == []


# --- check -----------------------------------------------------------------------------------------
ONE_UNIT = """
learning_rate = 0.1
loss = "half_sse"
[network]
layers = [2, 1]
activation = "sigmoid"
units = [["x1", "x2"], ["o"]]
weights = [[[0.4], [-0.6]]]
biases = [[0.2]]
[[samples]]
x = [1.0, 2.0]
t = [1.0]
[optimizer]
name = "adam"
"""


def test_check_carries_a_wrong_moment_into_mhat_and_the_change(cli: CliRunner, tmp_path: Path) -> None:
    import json

    y = sigmoid(0.4 * 1.0 - 0.6 * 2.0 + 0.2)
    g = (y - 1.0) * y * (1 - y) * 1.0  # ∂E/∂w_x1,o
    m_wrong = round(0.1 * g, 4) + 0.005  # a slip in m
    vhat = (0.001 * g * g) / (1 - 0.999)
    mhat_carried = m_wrong / (1 - 0.9)
    # from the claimant's own m̂ and v̂, as written (4 decimals)
    dw_carried = -0.1 * round(mhat_carried, 4) / (math.sqrt(round(vhat, 4)) + 1e-8)
    (tmp_path / "p.toml").write_text(ONE_UNIT, encoding="utf-8")
    (tmp_path / "c.claims").write_text(
        "[claims]\n"
        f'"m.x1.o" = {m_wrong:.4f}\n'
        f'"mhat.x1.o" = {mhat_carried:.4f}\n'
        f'"v.x1.o" = {0.001 * g * g:.8f}\n'
        f'"vhat.x1.o" = {vhat:.4f}\n'
        f'"dw.x1.o" = {dw_carried:.4f}\n', encoding="utf-8")
    result = cli("check", str(tmp_path / "p.toml"), str(tmp_path / "c.claims"), "--format", "json")
    verdicts = {v["id"]: v for v in json.loads(result.stdout)["verdicts"]}
    assert verdicts["m.x1.o"]["verdict"] == "wrong"
    assert verdicts["m.x1.o"]["correct"] == pytest.approx(0.1 * g, abs=1e-12)
    assert verdicts["mhat.x1.o"]["verdict"] == "carried"
    assert verdicts["v.x1.o"]["verdict"] == "correct"
    assert verdicts["vhat.x1.o"]["verdict"] == "correct"
    assert verdicts["dw.x1.o"]["verdict"] == "carried"
    assert verdicts["dw.x1.o"]["correct"] == pytest.approx(-0.1 * g / (abs(g) + 1e-8), abs=1e-12)
    assert result.returncode == 1


@pytest.mark.parametrize("table,message", [
    ('[optimizer]\nname = "adamax"', "optimizer.name: expected one of sgd, momentum, nesterov"),
    ('[optimizer]\nname = "adam"\nalpha = 0.9', "optimizer.alpha: unknown key"),
    ('[optimizer]\nname = "adam"\nbeta2 = 1', "optimizer.beta2: expected a number in [0, 1)"),
    ('[optimizer]\nname = "rmsprop"\neps = 0', "optimizer.eps: expected a number in (0, 1]"),
    ('[optimizer]\nname = "nesterov"', "optimizer.momentum: missing"),
    ('[optimizer]\nname = "adamw"\nweight_decay = -1', "optimizer.weight_decay: expected a number in [0, ∞)"),
    ('momentum = 0.5\n[optimizer]\nname = "adam"', "momentum: give the momentum once"),
])
def test_bad_optimizer_tables_are_one_line_errors(cli: CliRunner, tmp_path: Path, table: str, message: str) -> None:
    text = ONE_UNIT.replace('[optimizer]\nname = "adam"\n', "")
    if table.startswith("momentum"):
        text = "momentum = 0.5\n" + text + table.split("\n", 1)[1] + "\n"
    else:
        text += table + "\n"
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    result = cli("solve", str(tmp_path / "p.toml"))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_rounding_kinds_moment_and_state_default_to_the_weights_decimals() -> None:
    p = problem_from_toml(ONE_UNIT + '[rounding]\nmode = "carry"\nweight = 3\nstate = 9\n')
    d = work_updates(p, 1)[0].result
    assert d.values["m.x1.o"] == round(d.values["m.x1.o"], 3)
    assert d.values["v.x1.o"] == round(d.values["v.x1.o"], 9) and d.values["v.x1.o"] != round(d.values["v.x1.o"], 3)


# --- generate --------------------------------------------------------------------------------------
def test_generate_adam_writes_workable_variants_with_the_eps_convention(cli: CliRunner, tmp_path: Path) -> None:
    import json

    cli("generate", "--arch", "2-2-1", "--count", "2", "--optimizer", "adam", "--biases", "--out", str(tmp_path),
        check=True)
    key = json.loads((tmp_path / "answer-key.json").read_text(encoding="utf-8"))
    assert key["settings"]["optimizer"] == "adam"
    for entry in key["variants"]:
        answers, display = entry["answers"], entry["display"]
        grads = [k for k in answers if k.startswith("grad.")]
        assert len(grads) == 9
        for grad in grads:
            rest = grad.removeprefix("grad.")
            g = answers[grad]
            # the first Adam update: m̂ = g, v̂ = g², Δ = −η g/(|g| + ε)
            assert answers[f"mhat.{rest}"] == pytest.approx(g, rel=1e-12)
            assert answers[f"vhat.{rest}"] == pytest.approx(g * g, rel=1e-9)
            change = f"dw.{rest}" if f"dw.{rest}" in answers else f"db.{rest.removeprefix('b.')}"
            assert answers[change] == pytest.approx(-0.5 * g / (abs(g) + 1e-8), abs=1e-12)
            for role in ("m", "v", "mhat", "vhat"):  # two significant digits shown: no underflow to 0
                assert display[f"{role}.{rest}"].lstrip("−0.")[1:2].isdigit()
        name = Path(entry["problem"]).stem
        toml = (tmp_path / entry["problem"]).read_text(encoding="utf-8")
        assert '[optimizer]\nname = "adam"' in toml
        sheet = (tmp_path / f"{name}-sheet.md").read_text(encoding="utf-8")
        assert "ε is added to the square root" in sheet and r"\epsilon = 10^{-8}" in sheet


def test_train_with_an_optimizer_imports_no_sympy(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    problem = tmp_path / "xor_adam.toml"
    problem.write_text((EXAMPLES / "xor.toml").read_text(encoding="utf-8") + '\n[optimizer]\nname = "adam"\n',
                       encoding="utf-8")
    code = (f"import sys; from stepcalc.cli import main; code = main(['train', {str(problem)!r}, '--epochs', '20']); "
            "assert 'sympy' not in sys.modules, 'sympy imported'; sys.exit(code)")
    env = dict(os.environ, PYTHONPATH=str(ROOT), STEPCALC_NO_CACHE="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- torch itself, where it is installed (not in CI) -----------------------------------------------
TORCH_CLASSES = {"sgd": "SGD", "momentum": "SGD", "nesterov": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop",
                 "adam": "Adam", "adamw": "AdamW"}


@pytest.mark.parametrize("update", ["online", "batch"])
@pytest.mark.parametrize("name,settings", CASES, ids=lambda c: c if isinstance(c, str) else ",".join(c) or "defaults")
def test_torch_optim_gives_the_same_weights(name: str, settings: dict, update: str) -> None:
    torch = pytest.importorskip("torch")
    lr, count = 0.05, 6
    f64 = torch.float64
    options = {k: v for k, v in settings.items() if k != "l1"}
    if name == "nesterov":
        options["nesterov"] = True
    if "beta1" in options or "beta2" in options:
        options["betas"] = (options.pop("beta1", 0.9), options.pop("beta2", 0.999))
    w1 = torch.tensor([[0.15, -0.25], [0.2, 0.3]], dtype=f64, requires_grad=True)  # w1[i][j]: input i → hidden j
    b1 = torch.tensor([0.35, 0.0], dtype=f64, requires_grad=True)
    w2 = torch.tensor([[0.4], [-0.45]], dtype=f64, requires_grad=True)
    b2 = torch.tensor([0.6], dtype=f64, requires_grad=True)
    params = [w1, b1, w2, b2]
    optimizer = getattr(torch.optim, TORCH_CLASSES[name])(params, lr=lr, **options)
    x = torch.tensor([s[0] for s in SAMPLES], dtype=f64)
    t = torch.tensor([[s[1]] for s in SAMPLES], dtype=f64)
    batches = [slice(0, 2)] if update == "batch" else [slice(0, 1), slice(1, 2)]
    stepcalc = work_updates(problem(name, settings, update, epochs=count), count)
    n = 0
    while n < count:
        for rows in batches:
            optimizer.zero_grad()
            y = torch.sigmoid(torch.sigmoid(x[rows] @ w1 + b1) @ w2 + b2)
            loss = 0.5 * ((t[rows] - y) ** 2).sum()
            if settings.get("l1"):
                loss = loss + settings["l1"] * sum(p.abs().sum() for p in params)
            loss.backward()
            optimizer.step()
            got = stepcalc[n].result.new_parameters()
            torch_values = {"w00": w1[0, 0], "w01": w1[0, 1], "w10": w1[1, 0], "w11": w1[1, 1], "b0": b1[0],
                            "b1": b1[1], "v0": w2[0, 0], "v1": w2[1, 0], "c": b2[0]}
            for k, key in KEYS.items():
                assert got[key] == pytest.approx(torch_values[k].item(), abs=1e-9), f"update {n + 1}, {key}"
            n += 1
            if n == count:
                break


def test_generate_two_adam_updates_carries_the_moments(cli: CliRunner, tmp_path: Path) -> None:
    import json

    cli("generate", "--arch", "2-1", "--optimizer", "adam", "--updates", "2", "--out", str(tmp_path),
        "--format", "md", check=True)
    key = json.loads((tmp_path / "answer-key.json").read_text(encoding="utf-8"))
    answers = key["variants"][0]["answers"]
    for weight in ("x1.o1", "x2.o1"):
        g1, g2 = answers[f"grad.{weight}"], answers[f"e2.s1.grad.{weight}"]
        m = 0.9 * (0.1 * g1) + 0.1 * g2
        v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2
        assert answers[f"e2.s1.m.{weight}"] == pytest.approx(m, rel=1e-12)
        assert answers[f"e2.s1.vhat.{weight}"] == pytest.approx(v / (1 - 0.999 ** 2), rel=1e-9)
        change = -0.5 * (m / (1 - 0.9 ** 2)) / (math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
        assert answers[f"e2.s1.dw.{weight}"] == pytest.approx(change, abs=1e-12)
        assert answers[f"e2.s1.w.{weight}"] == pytest.approx(answers[f"w.{weight}"] + change, abs=1e-12)
    sheet = (tmp_path / "variant-01-sheet.md").read_text(encoding="utf-8")
    assert "do 2 updates" in sheet and "Update 2: compute the gradient, the optimizer's state" in sheet
    table = (tmp_path / "answer-key.md").read_text(encoding="utf-8")
    assert "| `e2.s1.mhat.x1.o1` |" in table
    solution = (tmp_path / "variant-01-solution.md").read_text(encoding="utf-8")
    assert solution.count("State after this update") == 2


@pytest.mark.parametrize("style", ["default", "delta-rule", "chain-rule", "matrix", "seed001", "seed002", "seed003"])
def test_every_notation_style_names_the_state_from_its_own_parameter_symbol(style: str) -> None:
    from stepcalc.engine.expr import Sym
    from stepcalc.notation import STYLES
    from stepcalc.render.solution import render_solution

    p = problem_from_toml(f'notation = "{style}"\n' + ONE_UNIT)
    d = work_updates(p, 1)[0].result
    text = render_solution(d, "text")
    weight = STYLES[style].for_problem(p.units, p.delta_convention).symbol(Sym("given.w.x1.o", "w", ("x1", "o")), "text")
    for role in ("m", "v", "m̂", "v̂"):
        assert f"{role}[{weight}] = " in text
    assert "[State after this update]" in text
    if style == "matrix":  # an adaptive step per entry: no matrix update is written
        assert "W^1(1) =" not in text


@pytest.mark.parametrize("name", ["adam", "rmsprop", "adagrad", "nesterov", "adamw"])
@pytest.mark.parametrize("extra", ["shared_bias = true", "update_biases = false", 'update = "minibatch"\nbatch_size = 1'])
def test_numeric_path_equals_the_engine_with_bias_options(name: str, extra: str) -> None:
    text = extra + "\n" + NETWORK.format(lr=0.05, update="batch", epochs=5, optimizer="")
    if "minibatch" in extra:
        text = text.replace('update = "batch"\n', "")
    if "shared_bias" in extra:
        text = text.replace("biases = [[0.35, 0.0], [0.6]]", "biases = [0.35, 0.6]")
    text += f'\n[optimizer]\nname = "{name}"\n' + ("momentum = 0.9\n" if name == "nesterov" else "")
    p = problem_from_toml(text)
    updates = work_updates(p, 10 if "minibatch" in extra else 5)
    engine = {key.replace("given.", ""): v for key, v in updates[-1].result.new_parameters().items()}
    numeric = train(p).parameters
    assert set(numeric) == set(engine)
    for key, value in numeric.items():
        assert value == pytest.approx(engine[key], abs=1e-12), key
