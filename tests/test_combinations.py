"""Issue 3's options (rounding, notation, bias conventions, delta convention) together with issue 5's
(epochs, online/batch/minibatch, momentum, [init]) in `solve` and `train`: every combination runs in
every format; LaTeX compiles and Markdown renders; fixed biases stay fixed, a shared bias gets the
summed gradient, and carried runs continue the carried numbers — checked against a plain-Python
trainer and hand computations written out below, never against stepcalc's own output."""
from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import re
from pathlib import Path

import pytest

from stepcalc.cli import main
from stepcalc.notation import STYLES

from conftest import compile_latex, katex_errors, markdown_math

FORMATS = ("text", "md", "latex", "json")
SUFFIX = {"text": "txt", "md": "md", "latex": "tex", "json": "json"}

NETWORK = {"layers": [2, 2, 1], "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5], [0.6]]]}
SAMPLES = [{"x": [1, 0], "t": [1]}, {"x": [0, 1], "t": [0]}, {"x": [1, 1], "t": [0]}]
PER_UNIT_BIASES = [[0.1, 0.2], [0.3]]
SHARED_BIASES = [0.35, 0.6]


def problem(*, style: str = "default", mode: str = "exact", update_biases: bool = True, shared: bool = False,
            convention: str = "error", update: str = "online", momentum: float | None = None,
            init: bool = False, epochs: int = 2) -> dict:
    """A problem file's contents with the options asked for (TOML is JSON's superset here: written as JSON)."""
    network = {**NETWORK, "biases": SHARED_BIASES if shared else PER_UNIT_BIASES}
    data: dict = {"title": f"{style} {mode} & co_1", "learning_rate": 0.5, "notation": style,
                  "rounding": {"mode": mode, "decimals": 3, "delta": 4}, "update_biases": update_biases,
                  "shared_bias": shared, "delta_convention": convention, "update": update, "epochs": epochs,
                  "network": network, "samples": SAMPLES}
    if update == "minibatch":
        data["batch_size"] = 2
    if momentum is not None:
        data["momentum"] = momentum
    if init:
        del network["weights"]
        data["init"] = {"seed": 7, "distribution": "uniform", "scale": 0.5}
    return data


def run(tmp_path: Path, data: dict, *args: str) -> tuple[int, str, str]:
    """`stepcalc ARGS FILE` in this process (fast): exit status, output, stderr."""
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([args[0], str(path), *args[1:]])
    return status, out.getvalue(), err.getvalue()


# --- the grid ---------------------------------------------------------------------------------

TEXTBOOK = list(itertools.product(["exact", "carry"], [True, False], [False, True], ["error", "gradient"]))
TRAINING = list(itertools.product(["online", "batch", "minibatch"], [None, 0.9], [False, True]))
STYLE_NAMES = list(STYLES)


def grid() -> list[tuple[int, dict]]:
    """Every textbook option set × every training option set (192 problems); the notation style
    cycles through them (7 is prime to 2 and 3: each style meets every value of every option)."""
    combos = []
    for i, ((mode, ub, shared, convention), (update, momentum, init)) in enumerate(itertools.product(TEXTBOOK, TRAINING)):
        data = problem(style=STYLE_NAMES[i % len(STYLE_NAMES)], mode=mode, update_biases=ub, shared=shared,
                       convention=convention, update=update, momentum=momentum, init=init)
        combos.append((i, data))
    return combos


@pytest.fixture(scope="module")
def grid_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Solve each grid problem in one format (the formula makes each format meet every value of every
    option and every style), and train it."""
    tmp = tmp_path_factory.mktemp("grid")
    outputs: dict[str, list[str]] = {fmt: [] for fmt in FORMATS}
    for i, data in grid():
        fmt = FORMATS[(i + i // 4 + i // 16) % 4]
        args = ["solve", "--format", fmt] + (["--epoch-weights"] if i % 3 == 0 else [])
        status, out, err = run(tmp, data, *args)
        assert status == 0 and not err, (data, fmt, err)
        if fmt == "json":
            json.loads(out)
        outputs[fmt].append(out)
        status, out, err = run(tmp, data, "train", "--format", FORMATS[i % 4])
        if data["rounding"]["mode"] == "carry":
            assert status == 2 and not out and err.count("\n") == 1 and "rounding.mode" in err, err
        else:
            assert status == 0 and not err, (data, err)
            outputs[FORMATS[i % 4]].append(out)
    return outputs


def test_every_combination_solves_and_trains_in_every_format(grid_outputs: dict[str, list[str]]) -> None:
    assert all(len(texts) >= 48 for texts in grid_outputs.values())
    for texts in grid_outputs.values():
        for text in texts:
            assert "Traceback" not in text and "{{" not in text and "None" not in text


def test_markdown_of_the_grid_renders_in_katex(grid_outputs: dict[str, list[str]]) -> None:
    # Numbers do not change whether TeX renders: spans alike but for their digits are checked once.
    spans = sorted({(re.sub(r"[0-9]+", "0", tex), display) for text in grid_outputs["md"]
                    for tex, display in markdown_math(text)})
    assert len(spans) > 100
    errors = katex_errors(spans)
    assert not [e for e in errors if e], [e for e in errors if e][:5]


REPRESENTATIVE = [
    dict(style="matrix", shared=True, update="batch", momentum=0.9),
    dict(style="delta-rule", mode="carry", update_biases=False, update="minibatch", convention="gradient"),
    dict(style="chain-rule", shared=True, update="online", momentum=0.9, init=True),
    dict(style="seed002", mode="carry", update="batch", update_biases=False),
    dict(style="seed001", update="minibatch", shared=True, update_biases=False, momentum=0.9),
]


def test_latex_of_representative_combinations_compiles(tmp_path: Path) -> None:
    """One document: the first run in full, the others (and train reports) as fragments inside it."""
    status, document, _ = run(tmp_path, problem(**REPRESENTATIVE[0]), "solve", "--format", "latex", "--epoch-weights")
    assert status == 0
    fragments = []
    for options in REPRESENTATIVE[1:]:
        status, body, _ = run(tmp_path, problem(**options), "solve", "--format", "latex", "--fragment")
        assert status == 0
        fragments.append(body)
    for options in (REPRESENTATIVE[0], REPRESENTATIVE[2], REPRESENTATIVE[4]):
        status, body, _ = run(tmp_path, problem(**options), "train", "--format", "latex", "--fragment")
        assert status == 0
        fragments.append(body)
    end = document.rindex(r"\end{document}")
    compile_latex(document[:end] + "\n\\clearpage\n".join(fragments) + document[end:], tmp_path)


def test_json_values_do_not_depend_on_the_style(tmp_path: Path) -> None:
    documents = []
    for style in STYLE_NAMES:
        options = dict(style=style, shared=True, update="minibatch", momentum=0.9, mode="carry")
        status, out, _ = run(tmp_path, problem(**options), "solve", "--format", "json")
        assert status == 0
        document = json.loads(out)
        # a chain-layout style adds its chain-rule factors (kind "chain"); every other step is the same
        documents.append(([(s["id"], s["value"]) for u in document["updates"] for s in u["steps"] if s["kind"] != "chain"],
                          document["history"]))
    assert all(d == documents[0] for d in documents[1:])


# --- the numbers, from an independent plain-Python trainer ------------------------------------

def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def forward(w1: list[list[float]], w2: list[float], b1: list[float], b2: float, x: list[float]) -> tuple[list[float], float]:
    hidden = [sigmoid(w1[0][j] * x[0] + w1[1][j] * x[1] + b1[j]) for j in range(2)]
    return hidden, sigmoid(w2[0] * hidden[0] + w2[1] * hidden[1] + b2)


def reference_run(data: dict) -> tuple[dict[str, float], list[float]]:
    """The 2-2-1 sigmoid, half-SSE problem trained by hand-written loops: per update the summed
    per-sample gradient, Δ = −η g + μ Δ(prev); a shared bias moves by the sum over its layer's
    units, a fixed bias not at all. Returns the final parameters (stepcalc's keys) and epoch losses."""
    w1 = [list(row) for row in data["network"]["weights"][0]]
    w2 = [row[0] for row in data["network"]["weights"][1]]
    shared, fixed = data["shared_bias"], not data["update_biases"]
    raw = data["network"]["biases"]
    b1, b2 = ([raw[0], raw[0]], raw[1]) if shared else (list(raw[0]), raw[1][0])
    eta, mu = data["learning_rate"], data.get("momentum", 0.0)
    size = {"online": 1, "batch": len(data["samples"]), "minibatch": data.get("batch_size", 1)}[data["update"]]
    velocity = [0.0] * 10  # w1 (4), b1 (2, or 1 shared), w2 (2), b2
    losses = []
    for _ in range(data["epochs"]):
        epoch_loss = 0.0
        for start in range(0, len(data["samples"]), size):
            g = [0.0] * 10
            for s in data["samples"][start:start + size]:
                x, t = s["x"], s["t"][0]
                hidden, y = forward(w1, w2, b1, b2, x)
                epoch_loss += 0.5 * (t - y) ** 2
                d_out = (y - t) * y * (1 - y)  # ∂E/∂net_o
                d_hidden = [d_out * w2[j] * hidden[j] * (1 - hidden[j]) for j in range(2)]
                for i in range(2):
                    for j in range(2):
                        g[2 * i + j] += d_hidden[j] * x[i]
                g[4] += d_hidden[0] + (d_hidden[1] if shared else 0.0)
                g[5] += 0.0 if shared else d_hidden[1]
                g[6] += d_out * hidden[0]
                g[7] += d_out * hidden[1]
                g[8] += d_out
            velocity = [mu * v - eta * gk for v, gk in zip(velocity, g)]
            for i in range(2):
                for j in range(2):
                    w1[i][j] += velocity[2 * i + j]
            w2 = [w2[0] + velocity[6], w2[1] + velocity[7]]
            if not fixed:
                b1 = [b1[0] + velocity[4]] * 2 if shared else [b1[0] + velocity[4], b1[1] + velocity[5]]
                b2 += velocity[8]
        losses.append(epoch_loss)
    params = {f"w.x{i + 1}.h{j + 1}": w1[i][j] for i in range(2) for j in range(2)}
    params.update({"w.h1.o1": w2[0], "w.h2.o1": w2[1]})
    if shared:
        params.update({"b.L1": b1[0], "b.L2": b2})
    else:
        params.update({"b.h1": b1[0], "b.h2": b1[1], "b.o1": b2})
    return params, losses


BIAS_CASES = [dict(update_biases=False), dict(shared=True), dict(shared=True, update_biases=False)]


@pytest.mark.parametrize("update", ["online", "batch", "minibatch"])
@pytest.mark.parametrize("momentum", [None, 0.9])
@pytest.mark.parametrize("bias", BIAS_CASES, ids=["fixed", "shared", "shared-fixed"])
def test_solve_and_train_follow_the_reference_trainer(tmp_path: Path, update: str, momentum: float | None,
                                                      bias: dict) -> None:
    data = problem(update=update, momentum=momentum, epochs=3, **bias)
    expected, losses = reference_run(data)
    if not data["update_biases"]:  # independently of the trainer: the biases as given
        given = {"b.L1": SHARED_BIASES[0], "b.L2": SHARED_BIASES[1]} if data["shared_bias"] else \
            {"b.h1": 0.1, "b.h2": 0.2, "b.o1": 0.3}
        assert {k: v for k, v in expected.items() if k.startswith("b.")} == given
    status, out, _ = run(tmp_path, data, "train", "--format", "json")
    assert status == 0
    trained = json.loads(out)
    assert trained["weights"].keys() == expected.keys()
    for key, value in expected.items():
        assert trained["weights"][key] == pytest.approx(value, abs=1e-12), key
    assert [h["loss"] for h in trained["history"]] == pytest.approx(losses, abs=1e-12)
    # The engine, every update worked in full: its last update ends at the same parameters.
    status, out, _ = run(tmp_path, data, "solve", "--format", "json", "--full", "99")
    assert status == 0
    document = json.loads(out)
    values = {s["id"]: s["value"] for u in document["updates"] for s in u["steps"]}
    last = document["updates"][-1]
    prefix = f"e3.b{last['update']}." if len(last["samples"]) > 1 else f"e3.s{last['samples'][0]}."
    for key, value in expected.items():
        if key.startswith("b.") and not data["update_biases"]:  # no step changes a fixed bias
            name = key[2:]
            assert not [i for i in values if i.split(".")[-2:] in (["db", name], ["b", name])]
        else:
            assert values[prefix + key] == pytest.approx(value, abs=1e-12), key


def batch_loss(data: dict, b1: float, b2: float) -> float:
    """The batch's summed half-SSE at the given weights with shared biases b1 (hidden) and b2 (output)."""
    w1, w2 = data["network"]["weights"][0], [row[0] for row in data["network"]["weights"][1]]
    return sum(0.5 * (s["t"][0] - forward(w1, w2, [b1, b1], b2, s["x"])[1]) ** 2 for s in data["samples"])


@pytest.mark.parametrize("style", ["default", "delta-rule", "matrix"])
def test_a_shared_bias_gets_the_summed_gradient_of_the_batch_loss(tmp_path: Path, style: str) -> None:
    data = problem(style=style, shared=True, update="batch", epochs=1)
    status, out, _ = run(tmp_path, data, "solve", "--format", "json")
    assert status == 0
    values = {s["id"]: s["value"] for u in json.loads(out)["updates"] for s in u["steps"]}
    h = 1e-6
    b1, b2 = SHARED_BIASES
    numeric = {"L1": (batch_loss(data, b1 + h, b2) - batch_loss(data, b1 - h, b2)) / (2 * h),
               "L2": (batch_loss(data, b1, b2 + h) - batch_loss(data, b1, b2 - h)) / (2 * h)}
    for layer, gradient in numeric.items():
        assert values[f"e1.b1.grad.b.{layer}"] == pytest.approx(gradient, abs=1e-8)
        assert values[f"e1.b1.b.{layer}"] == pytest.approx(data["network"]["biases"][int(layer[1]) - 1]
                                                           - 0.5 * gradient, abs=1e-8)


# --- carried rounding in a run, by hand -------------------------------------------------------

LINEAR = {
    "learning_rate": 0.1, "update": "batch", "epochs": 2, "update_biases": False, "notation": "delta-rule",
    "rounding": {"mode": "carry", "decimals": 2},
    "network": {"layers": [1, 1], "activation": "identity", "units": [["x"], ["o"]], "weights": [[[0.5]]],
                "biases": [[0.1]]},
    "samples": [{"x": [1], "t": [2]}, {"x": [2], "t": [1]}],
}


def test_a_carried_batch_run_by_hand(tmp_path: Path) -> None:
    # Epoch 1, w = 0.5, b = 0.1 (fixed).  Sample 1: y = 0.6, E1 = ½·1.4² = 0.98, ∂E1/∂w = −1.4.
    # Sample 2: y = 1.1, E2 = ½·0.1² = 0.005 → carried 0.01 (half up), ∂E2/∂w = 0.1·2 = 0.2.
    # Batch: E = 0.99 (exact: 0.985), ∂E/∂w = −1.2, Δw = 0.12, w = 0.62.
    # Epoch 2.  Sample 1: y = 0.72, E1 = ½·1.28² = 0.8192 → 0.82, ∂E1/∂w = −1.28.
    # Sample 2: y = 1.34, E2 = ½·0.34² = 0.0578 → 0.06, ∂E2/∂w = 0.68.
    # Batch: E = 0.88 (exact: 0.877), ∂E/∂w = −0.6, Δw = 0.06, w = 0.68; b stays 0.1.
    status, out, _ = run(tmp_path, LINEAR, "solve", "--format", "json")
    assert status == 0
    document = json.loads(out)
    values = {s["id"]: s["value"] for u in document["updates"] for s in u["steps"]}
    assert values["e1.s2.loss"] == 0.01 and values["e1.b1.loss"] == 0.99
    assert values["e2.b1.loss"] == 0.88 and values["e2.b1.w.x.o"] == 0.68
    assert not any(".b.o" in key or "db." in key for key in values)
    assert [h["loss"] for h in document["history"]] == [0.99, 0.88]
    status, text, _ = run(tmp_path, LINEAR, "solve", "--epoch-weights")
    table = text[text.index("Loss per epoch"):]
    assert "0.99" in table and "0.88" in table and "0.68" in table and "0.985" not in table
    assert "θ_2 = 0.1" in text  # the delta-rule style's name for the fixed bias
    assert "The biases are kept as given" in text
    assert "Err_2" in text and "δ_o" not in text


def test_a_long_carried_run_is_refused_in_one_line(tmp_path: Path) -> None:
    status, out, err = run(tmp_path, {**LINEAR, "epochs": 3000}, "solve")
    assert status == 2 and not out and err.count("\n") == 1 and "rounding.mode" in err and "6,000" in err


def test_train_writes_the_problem_style(tmp_path: Path) -> None:
    status, out, _ = run(tmp_path, problem(style="chain-rule", shared=True, update="batch"), "train")
    assert status == 0
    assert "w5 = " in out and "b1 = " in out and "b2 = " in out and "out_o1" in out
    assert "shared by its units" in out


def test_runs_take_a_template_and_a_derivation(tmp_path: Path) -> None:
    template = tmp_path / "mine.j2"
    template.write_text("{{ style }}|{{ updates | length }}|{% for r in rows %}{{ r.loss }} {% endfor %}\n", encoding="utf-8")
    data = problem(style="delta-rule", mode="carry", update="batch", shared=True)
    status, out, _ = run(tmp_path, data, "solve", "--template", str(template))
    assert status == 0 and out.startswith("delta-rule|2|")
    status, out, err = run(tmp_path, data, "solve", "--template", str(template), "--format", "json")
    assert status == 2 and not out and err.count("\n") == 1 and "--template" in err
    status, out, _ = run(tmp_path, data, "solve", "--format", "md", "--derivation")
    assert status == 0 and "## Where the formulas come from" in out and r"\mathrm{Err}_{5}" in out
    assert not [e for e in katex_errors(markdown_math(out)) if e]
    status, out, _ = run(tmp_path, data, "solve", "--format", "latex", "--no-derivation")
    assert status == 0 and "Where the formulas come from" not in out


def matrix(text: str) -> list[list[float]]:
    return [[float(v.replace("−", "-")) for v in row.split()] for row in text.strip("[]").split("; ")]


def test_matrix_updates_with_momentum_add_up_in_later_updates(tmp_path: Path) -> None:
    """W^m(1) = W^m(0) − α s^m (a^{m−1})ᵀ + γ ΔW^m(prev), redone from the numbers the page shows."""
    status, text, _ = run(tmp_path, problem(style="matrix", momentum=0.9, update="online"), "solve", "--full", "3")
    assert status == 0
    lines = [line for line in text.splitlines() if line.strip().startswith("W^2(1) = W^2(0) − α s^2(a^1)ᵀ + γ")]
    assert len(lines) == 3
    shape = re.compile(r"^(\[.*?\]) − (\S+) (\[.*?\]) (\[.*?\]) \+ (\S+) (\[.*?\])$")
    previous_changes = []
    for line in lines:
        numbers, result = line.split(" = ")[2:]
        m = shape.match(numbers)
        assert m, numbers
        w, alpha, s, a, gamma, previous = (m.group(k) for k in range(1, 7))
        expected = [[w0 - float(alpha) * s0[0] * a0 + float(gamma) * p0 for w0, a0, p0 in zip(wr, matrix(a)[0], pr)]
                    for wr, s0, pr in zip(matrix(w), matrix(s), matrix(previous))]
        assert matrix(result) == [[pytest.approx(v, abs=1.5e-3) for v in row] for row in expected]  # shown to 3 decimals
        previous_changes.append(matrix(previous))
    assert previous_changes[0] == [[0.0, 0.0]] and previous_changes[2] != [[0.0, 0.0]]
