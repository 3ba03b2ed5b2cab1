"""Convolutional layers: forward values against a convolution written out here, every gradient against
a central finite difference of that same written-out network, the step ids, validation and rendering."""
from __future__ import annotations

import copy
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

from stepcalc import ids as sid
from stepcalc.engine.derive import derive
from stepcalc.problem.validate import problem_from_mapping
from stepcalc.render.solution import render_solution

from conftest import EXAMPLES, CliRunner, compile_latex, katex_errors, markdown_math


# --- a convolutional network written out with plain loops (the published formulas) ---------------------
def act(name: str, v: float) -> float:
    return {"relu": max(v, 0.0), "sigmoid": 1 / (1 + math.exp(-v)), "tanh": math.tanh(v), "identity": v}[name]


def conv_layer(image: list, table: dict) -> list:
    """Feature maps: net[f][r][c] = Σ_ch Σ_i Σ_j k[f][ch][i][j] · x_padded[ch][r·s+i][c·s+j] + b[f], then f(net)."""
    kh, kw = table["kernel"]
    s, p = table.get("stride", 1), table.get("padding", 0)
    chans, h, w = len(image), len(image[0]), len(image[0][0])
    padded = [[[0.0] * (w + 2 * p) for _ in range(h + 2 * p)] for _ in range(chans)]
    for ch in range(chans):
        for r in range(h):
            for c in range(w):
                padded[ch][r + p][c + p] = image[ch][r][c]
    rows, cols = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    maps = []
    for f, kernel in enumerate(table["weights"]):
        grid = []
        for r in range(rows):
            row = []
            for c in range(cols):
                total = table["biases"][f] if "biases" in table else 0.0
                for ch in range(chans):
                    for i in range(kh):
                        for j in range(kw):
                            total += kernel[ch][i][j] * padded[ch][r * s + i][c * s + j]
                row.append(act(table.get("activation", "relu"), total))
            grid.append(row)
        maps.append(grid)
    if "pool" in table:
        pool = table["pool"]
        size, stride = pool.get("size", 2), pool.get("stride", pool.get("size", 2))
        pooled = []
        for grid in maps:
            out_rows, out_cols = (len(grid) - size) // stride + 1, (len(grid[0]) - size) // stride + 1
            new = []
            for r in range(out_rows):
                window_row = []
                for c in range(out_cols):
                    cells = [grid[r * stride + i][c * stride + j] for i in range(size) for j in range(size)]
                    window_row.append(max(cells) if pool.get("kind", "max") == "max" else sum(cells) / len(cells))
                new.append(window_row)
            pooled.append(new)
        maps = pooled
    return maps


def loss_of(data: dict) -> float:
    net = data["network"]
    maps = data["samples"][0]["x"]
    for table in net["conv"]:
        maps = conv_layer(maps, table)
    y = [v for grid in maps for row in grid for v in row]  # channel-major flattening
    activations = net["activation"] if isinstance(net["activation"], list) else [net["activation"]]
    for l, matrix in enumerate(net["weights"]):
        nets = [sum(y[i] * matrix[i][j] for i in range(len(y))) + (net["biases"][l][j] if "biases" in net else 0.0)
                for j in range(len(matrix[0]))]
        name = activations[l]
        if name == "softmax":
            top = max(nets)
            exps = [math.exp(v - top) for v in nets]
            y = [e / sum(exps) for e in exps]
        else:
            y = [act(name, v) for v in nets]
    t = data["samples"][0]["t"]
    loss = data.get("loss", "half_sse")
    if loss == "cross_entropy":
        return -sum(tk * math.log(yk) for tk, yk in zip(t, y))
    if loss == "bce":
        return -sum(tk * math.log(yk) + (1 - tk) * math.log(1 - yk) for tk, yk in zip(t, y))
    squares = sum((tk - yk) ** 2 for tk, yk in zip(t, y))
    return {"half_sse": 0.5 * squares, "sse": squares, "mse": squares / len(t)}[loss]


def parameter_slots(data: dict) -> dict[str, tuple]:
    """Every parameter's engine gradient id → its path in the problem mapping."""
    net = data["network"]
    slots: dict[str, tuple] = {}
    for n, table in enumerate(net["conv"], start=1):
        for f, per_filter in enumerate(table["weights"]):
            for c, rows in enumerate(per_filter):
                for i, row in enumerate(rows):
                    for j in range(len(row)):
                        slots[f"grad.k{n}_{f + 1}_{c + 1}_{i + 1}_{j + 1}"] = ("conv", n - 1, "weights", f, c, i, j)
            if "biases" in table:
                slots[f"grad.kb{n}_{f + 1}"] = ("conv", n - 1, "biases", f)
    return slots


def get_slot(data: dict, path: tuple) -> Any:
    node: Any = data["network"]
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


def finite_difference(data: dict, path: tuple, h: float = 1e-6) -> float:
    plus, minus = copy.deepcopy(data), copy.deepcopy(data)
    node, key = get_slot(plus, path)
    node[key] += h
    node, key = get_slot(minus, path)
    node[key] -= h
    return (loss_of(plus) - loss_of(minus)) / (2 * h)


def example(name: str) -> dict:
    return tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


def variant(**changes: Any) -> dict:
    """The 2-channel example with some keys of its convolutional layer replaced (None: removed)."""
    data = example("conv_2ch_pool")
    table = data["network"]["conv"][0]
    table.update(changes)
    for key in [k for k, v in table.items() if v is None]:
        del table[key]
    return data


TWO_LAYERS = {
    "learning_rate": 0.2,
    "delta_convention": "gradient",
    "network": {
        "kind": "convolutional", "input_shape": [1, 5, 5], "layers": [4, 2, 1], "activation": ["tanh", "sigmoid"],
        "weights": [[[0.3, -0.2], [0.1, 0.4], [-0.3, 0.2], [0.2, 0.1]], [[0.5], [-0.4]]],
        "conv": [
            {"filters": 2, "kernel": [2, 2], "activation": "sigmoid", "biases": [0.1, -0.1],
             "weights": [[[[0.2, -0.1], [0.3, 0.1]]], [[[-0.2, 0.4], [0.1, 0.2]]]]},
            {"filters": 1, "kernel": [3, 3], "stride": 1, "padding": 1, "activation": "relu",
             "weights": [[[[0.1, 0.2, -0.1], [0.3, 0.2, 0.1], [0.1, -0.2, 0.2]],
                          [[0.2, 0.1, 0.1], [-0.1, 0.3, 0.2], [0.2, 0.1, -0.1]]]],
             "pool": {"kind": "avg", "size": 2, "stride": 2}},
        ],
    },
    "samples": [{"x": [[[1, 0.5, 0, 1, 2], [0, 1, 2, 1, 0], [1, 1, 0, 0.5, 1], [2, 0, 1, 1, 0], [0, 1, 1, 2, 1]]],
                 "t": [1]}],
}

def with_loss(loss: str, convention: str = "error") -> dict:
    data = example("conv_1x4x4")
    data.update(loss=loss, delta_convention=convention)
    return data


CASES = {
    "textbook": example("conv_1x4x4"),
    "two_channels_max_pool": example("conv_2ch_pool"),
    "stride_2_no_pooling": variant(stride=2, pool=None, biases=None),
    "avg_pool_sigmoid": variant(activation="sigmoid", pool={"kind": "avg", "size": 2, "stride": 2}),
    "overlapping_max_pool": variant(pool={"kind": "max", "size": 3, "stride": 1}),
    "two_conv_layers": TWO_LAYERS,
    "sse_gradient_convention": with_loss("sse", "gradient"),
    "mse": with_loss("mse"),
    "bce": with_loss("bce"),
}


@pytest.mark.parametrize("name", CASES)
def test_forward_values_equal_the_written_out_convolution(name: str) -> None:
    data = CASES[name]
    d = derive(problem_from_mapping(copy.deepcopy(data)))
    # every feature-map cell of the first layer, against the loops above (before pooling)
    table = dict(data["network"]["conv"][0])
    table.pop("pool", None)
    maps = conv_layer(data["samples"][0]["x"], table)
    for f, grid in enumerate(maps):
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                assert d.values[sid.out(sid.conv_cell(1, f + 1, r + 1, c + 1))] == pytest.approx(value, abs=1e-12)
    assert d.values["loss"] == pytest.approx(loss_of(data), abs=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_every_gradient_equals_a_central_finite_difference(name: str) -> None:
    data = CASES[name]
    d = derive(problem_from_mapping(copy.deepcopy(data)))
    slots = parameter_slots(data)
    net = data["network"]
    for l, matrix in enumerate(net["weights"]):
        for i, row in enumerate(matrix):
            for j in range(len(row)):
                source = d.problem.units[l][i]
                slots[sid.grad_weight(source, d.problem.units[l + 1][j])] = ("weights", l, i, j)
    if "biases" in net:
        for l, row in enumerate(net["biases"]):
            for j in range(len(row)):
                slots[sid.grad_bias(d.problem.units[l + 1][j])] = ("biases", l, j)
    assert len(slots) == len([s for s in d.steps if s.kind == "grad"])
    for grad_id, path in slots.items():
        expected = finite_difference(data, path)
        assert d.values[grad_id] == pytest.approx(expected, abs=1e-7), grad_id


def test_the_update_moves_every_kernel_weight_against_its_gradient() -> None:
    data = CASES["two_channels_max_pool"]
    d = derive(problem_from_mapping(copy.deepcopy(data)))
    eta = data["learning_rate"]
    for grad_id, path in parameter_slots(data).items():
        node, key = get_slot(data, path)
        name = sid.parse(grad_id).units[0]
        kind = "k" if name.startswith("k") and not name.startswith("kb") else "kb"
        _, change, _, new, _ = sid.parameter_keys(kind, name)
        assert d.values[new] == pytest.approx(node[key] - eta * finite_difference(data, path), abs=1e-8)
        assert d.values[change] == pytest.approx(d.values[new] - node[key], abs=1e-15)


def test_max_pooling_routes_delta_to_the_winner_only() -> None:
    d = derive(problem_from_mapping(copy.deepcopy(CASES["two_channels_max_pool"])))
    # pooled cell (1, 1) of filter 1 covers feature-map cells (1..2, 1..2)
    window = [sid.conv_cell(1, 1, r, c) for r in (1, 2) for c in (1, 2)]
    outs = [d.values[sid.out(cell)] for cell in window]
    winner = window[outs.index(max(outs))]
    pooled_delta = d.values[sid.delta(sid.pool_cell(1, 1, 1, 1))]
    for cell in window:
        expected = pooled_delta * (1.0 if d.values[sid.net(cell)] > 0 else 0.0) if cell == winner else 0.0
        assert d.values[sid.delta(cell)] == pytest.approx(expected, abs=1e-15)


def test_average_pooling_spreads_delta_evenly() -> None:
    d = derive(problem_from_mapping(copy.deepcopy(CASES["avg_pool_sigmoid"])))
    pooled_delta = d.values[sid.delta(sid.pool_cell(1, 2, 2, 1))]
    for r in (3, 4):
        for c in (1, 2):
            y = d.values[sid.out(sid.conv_cell(1, 2, r, c))]
            assert d.values[sid.delta(sid.conv_cell(1, 2, r, c))] == pytest.approx(y * (1 - y) * pooled_delta / 4)


def test_new_ids_are_spelled_as_the_contract_says_and_parse_back() -> None:
    d = derive(problem_from_mapping(copy.deepcopy(CASES["two_channels_max_pool"])))
    for step_id in ("net.f1_1_2_2", "out.f1_1_2_2", "delta.f1_1_2_2", "out.p1_2_1_2", "delta.p1_2_1_2",
                    "grad.k1_2_1_3_3", "dk.k1_2_1_3_3", "k.k1_2_1_3_3", "grad.kb1_2", "dkb.kb1_2", "kb.kb1_2",
                    "w.p1_2_1_2.o1", "after.out.p1_2_1_2", "after.net.f1_1_1_1"):
        d.step(step_id)
        assert str(sid.parse(step_id)) == step_id
    assert d.values["x.x2_3_4"] == 1.0  # channel 2, row 3, column 4 of the sample
    assert sid.updated("given.k.k1_2_1_3_3") == "k.k1_2_1_3_3"
    assert sid.previous_change("given.kb.kb1_2") == "prev.dkb.kb1_2"


def test_momentum_and_the_gradient_convention_give_the_same_new_kernels() -> None:
    base = copy.deepcopy(CASES["two_channels_max_pool"])
    other = copy.deepcopy(base)
    other["delta_convention"] = "gradient"
    other["momentum"] = 0.9  # no previous change in the first step: the same update
    a, b = derive(problem_from_mapping(base)), derive(problem_from_mapping(other))
    for key in a.new_parameters():
        assert a.new_parameters()[key] == pytest.approx(b.new_parameters()[key], abs=1e-15)
    assert b.values["delta.f1_1_2_2"] == pytest.approx(-a.values["delta.f1_1_2_2"], abs=1e-15)


BAD = [
    (("network", "input_shape"), [5, 4, 4], ["network.input_shape[0]", "from 1 to 4"]),
    (("network", "input_shape"), [2, 9, 4], ["network.input_shape[1]", "from 1 to 8"]),
    (("network", "layers"), [9, 2], ["network.layers[0]", "flattened size", "8"]),
    (("network", "kind"), "recurrentish", ["network.kind", "feedforward, recurrent, convolutional"]),
    (("network", "conv", 0, "filters"), 5, ["network.conv[0].filters", "from 1 to 4"]),
    (("network", "conv", 0, "kernel"), [6, 3], ["network.conv[0].kernel[0]", "from 1 to 5"]),
    (("network", "conv", 0, "padding"), 3, ["network.conv[0].padding", "from 0 to 2"]),
    (("network", "conv", 0, "weights"), [[[[0.1]]]], ["network.conv[0].weights", "list of 2"]),
    (("network", "conv", 0, "biases"), [0.1], ["network.conv[0].biases", "list of 2"]),
    (("network", "conv", 0, "pool"), {"kind": "min"}, ["network.conv[0].pool.kind", "max, avg"]),
    (("network", "conv", 0, "activation"), "softmax", ["network.conv[0].activation", "output layer only"]),
    (("network", "conv", 0, "strides"), 1, ["network.conv[0].strides", "unknown key"]),
    (("samples", 0, "x"), [[[1, 2, 3, 4]]], ["samples[0].x", "list of 2"]),
    (("samples", 0, "x", 1, 2), [1, "a", 0, 0], ["samples[0].x[1][2][1]", "expected a number"]),
    (("network", "units"), [["a"], ["b", "c"]], ["network.units", "named by position"]),
    (("network", "conv"), [], ["network.conv", "1 to 2", "at most 2 convolutional layers"]),
    (("notation",), "matrix", ["notation", "step by step"]),
]


@pytest.mark.parametrize("path,value,words", BAD, ids=[".".join(map(str, b[0])) + "=" + str(b[1])[:12] for b in BAD])
def test_bad_convolutional_input_is_one_line_and_exit_2(cli: CliRunner, tmp_path: Path, path: tuple, value: Any,
                                                        words: list[str]) -> None:
    data = copy.deepcopy(example("conv_2ch_pool"))
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    problem = tmp_path / "bad.json"
    problem.write_text(json.dumps(data), encoding="utf-8")
    result = cli("solve", str(problem))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert str(problem) in lines[0]
    for word in words:
        assert word in lines[0]


def test_json_lists_the_convolutional_steps_with_their_sums(cli: CliRunner) -> None:
    result = cli("solve", str(EXAMPLES / "conv_1x4x4.toml"), "--format", "json", check=True)
    steps = {s["id"]: s for s in json.loads(result.stdout)["steps"]}
    net = steps["net.f1_1_2_2"]
    # x[0][1..2][1..2] = 1, 1, 1, 0 under the kernel 0.5, −0.2, 0.3, 0.4, plus the bias 0.1
    assert net["substituted"] == "0.5 × 1 + (−0.2) × 1 + 0.3 × 1 + 0.4 × 0 + 0.1"
    assert net["value"] == pytest.approx(0.5 - 0.2 + 0.3 + 0.1)
    assert steps["grad.k1_1_1_2_2"]["formula"].startswith("−(δ_f1_1_1_1 x1_2_2 + δ_f1_1_1_2 x1_2_3")


def run_problem(update: str, momentum: float | None = 0.5) -> dict:
    """The 2-channel example with three samples over three epochs."""
    data = copy.deepcopy(example("conv_2ch_pool"))
    second = copy.deepcopy(data["samples"][0])
    second["x"][0][0][0], second["t"] = 3, [0, 1]
    third = copy.deepcopy(data["samples"][0])
    third["x"][1][2][2] = 0
    data["samples"] += [second, third]
    data.update(epochs=3, update=update)
    if momentum is not None:
        data["momentum"] = momentum
    if update == "minibatch":
        data["batch_size"] = 2
    return data


@pytest.mark.parametrize("update", ["online", "batch", "minibatch"])
def test_numeric_training_equals_the_engine(update: str) -> None:
    from stepcalc.engine.iterations import engine_history
    from stepcalc.train.numeric import train

    p = problem_from_mapping(run_problem(update))
    engine = engine_history(p, p.rounding, {3})
    numeric = train(p, snapshot_epochs={3})
    assert numeric.losses.tolist() == pytest.approx(engine.losses, abs=1e-12)
    assert engine.snapshots is not None and numeric.snapshots is not None
    assert set(numeric.snapshots[3]) == set(engine.snapshots[3])
    assert any(key.startswith("k.k") for key in numeric.snapshots[3])
    for key, value in engine.snapshots[3].items():
        assert numeric.snapshots[3][key] == pytest.approx(value, abs=1e-12), key


def test_numeric_training_of_two_conv_layers_steps_along_the_finite_difference() -> None:
    """One online step of the numeric path moves each kernel weight by −η × the finite difference."""
    from stepcalc.train.numeric import train

    data = copy.deepcopy(CASES["two_conv_layers"])
    result = train(problem_from_mapping(copy.deepcopy(data)))
    for grad_id, path in parameter_slots(data).items():
        name = sid.parse(grad_id).units[0]
        kind = "kb" if name.startswith("kb") else "k"
        node, key = get_slot(data, path)
        expected = node[key] - data["learning_rate"] * finite_difference(data, path)
        assert result.parameters[sid.parameter_keys(kind, name)[3]] == pytest.approx(expected, abs=1e-8)


def test_train_and_a_solved_run_render_in_every_format(cli: CliRunner, tmp_path: Path) -> None:
    problem = tmp_path / "run.json"
    problem.write_text(json.dumps(run_problem("batch")), encoding="utf-8")
    for command in ("train", "solve"):
        for fmt in ("text", "md", "latex", "json"):
            result = cli(command, str(problem), "--format", fmt, check=True)
            assert result.stdout
    text = cli("train", str(problem), check=True).stdout
    assert "conv 1: 2 filters 3x3 (stride 1, padding 1), ReLU, max pool 2x2 (stride 2)" in text
    assert "k'1_2_2_3_3" in text
    solved = cli("solve", str(problem), "--format", "latex", check=True).stdout
    assert compile_latex(solved, tmp_path).stat().st_size > 1000


def test_check_marks_convolutional_claims_with_error_carried_forward(cli: CliRunner, tmp_path: Path) -> None:
    claims = tmp_path / "conv.claims"
    claims.write_text('[claims]\n"net.f1_1_2_2" = 0.9\n"out.f1_1_2_2" = 0.9\n"grad.k1_1_1_1_1" = -0.0263\n'
                      '"k.k1_1_1_1_1" = 0.6\n', encoding="utf-8")
    result = cli("check", str(EXAMPLES / "conv_1x4x4.toml"), str(claims), "--format", "json")
    assert result.returncode == 1
    verdicts = {c["id"]: c["verdict"] for c in json.loads(result.stdout)["verdicts"]}
    # net = 0.5·1 − 0.2·1 + 0.3·1 + 0.4·0 + 0.1 = 0.7, so 0.9 is wrong; ReLU(0.9) = 0.9 follows from it
    assert verdicts == {"net.f1_1_2_2": "wrong", "out.f1_1_2_2": "carried", "grad.k1_1_1_1_1": "correct",
                        "k.k1_1_1_1_1": "wrong"}


def test_the_grid_diagram_shades_the_receptive_field_of_the_chosen_cell() -> None:
    import xml.etree.ElementTree as ET

    from stepcalc.figures import grids
    from stepcalc.figures.labels import network_svg, network_tikz

    d = derive(problem_from_mapping(example("conv_2ch_pool"), "conv_2ch_pool.toml"))
    figure = grids.layout(d)
    # cell (2, 2) of a 3×3 kernel with padding 1 sees input rows and columns 1..3 of both channels
    assert grids.chosen_cell(d) == (1, 1)
    inputs = [panel for panel in figure.panels if panel.title.startswith("input")]
    assert [panel.shaded for panel in inputs] == [frozenset((r, c) for r in range(3) for c in range(3))] * 2
    feature = next(panel for panel in figure.panels if panel.title == "feature map 1, filter 1")
    assert feature.chosen == {(1, 1)} and feature.shaded == {(0, 0), (0, 1), (1, 0), (1, 1)}
    pooled = next(panel for panel in figure.panels if panel.title == "max pooled 1, filter 1")
    assert pooled.chosen == {(0, 0)}
    root = ET.fromstring(network_svg(d))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "2.4000" in texts  # the winner of the first window, max(0.9, 1.7, 0, 2.4)
    assert r"\begin{tikzpicture}" in network_tikz(d)


def test_generate_writes_workable_convolutional_exercises(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--kind", "convolutional", "--input", "1x4x4", "--kernel", "2x2", "--count", "2",
        "--out", str(out), "--format", "md", check=True)
    for number in (1, 2):
        data = tomllib.loads((out / f"variant-0{number}.toml").read_text(encoding="utf-8"))
        assert data["network"]["input_shape"] == [1, 4, 4] and data["network"]["layers"] == [9, 1]
        table = data["network"]["conv"][0]
        assert table["kernel"] == [2, 2]
        numbers = [v for rows in table["weights"][0] for row in rows for v in row]
        numbers += [v for rows in data["samples"][0]["x"] for row in rows for v in row]
        assert all(v != 0 and round(v, 1) == v for v in numbers)  # one-decimal values
        # no dead ReLU cell: every net input of the written-out convolution is positive
        kernel = table["weights"][0][0]
        image = data["samples"][0]["x"][0]
        for r in range(3):
            for c in range(3):
                assert sum(kernel[i][j] * image[r + i][c + j] for i in range(2) for j in range(2)) > 0
        assert (out / f"variant-0{number}-solution.md").exists() and (out / f"variant-0{number}-sheet.md").exists()
    key = json.loads((out / "answer-key.json").read_text(encoding="utf-8"))
    assert "grad.k1_1_1_2_2" in key["variants"][0]["answers"]


def test_no_convolutional_page_has_the_dense_derivation(cli: CliRunner, tmp_path: Path) -> None:
    # "Where the formulas come from" is written for dense layers: solve leaves it out of a
    # convolutional solution, and a generated LaTeX solution (built from its own context) must too.
    out = tmp_path / "out"
    cli("generate", "--kind", "convolutional", "--input", "1x4x4", "--kernel", "2x2", "--count", "1",
        "--out", str(out), "--format", "latex", check=True)
    assert "formulas come from" not in (out / "variant-01-solution.tex").read_text(encoding="utf-8")
    page = cli("solve", str(EXAMPLES / "conv_1x4x4.toml"), "--format", "latex", "--derivation", check=True)
    assert "formulas come from" not in page.stdout


@pytest.mark.parametrize("args,words", [
    (["--input", "1x4"], ["--input", "channels x height x width"]),
    (["--input", "1x4x4", "--kernel", "5x5"], ["--kernel", "no larger than the image"]),
    (["--input", "5x4x4", "--kernel", "2x2"], ["--input", "at most 4 channels"]),
])
def test_generate_refuses_bad_convolutional_options(cli: CliRunner, tmp_path: Path, args: list[str],
                                                    words: list[str]) -> None:
    result = cli("generate", "--kind", "convolutional", *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize("style", ["default", "delta-rule", "seed001", "seed002"])
def test_every_step_by_step_style_and_carry_rounding_render(style: str, tmp_path: Path) -> None:
    data = example("conv_2ch_pool")
    data.update(notation=style, rounding={"mode": "carry", "decimals": 3})
    d = derive(problem_from_mapping(data, "conv.toml"))
    # carried: each conv cell's output is its rounded net input through ReLU, to 3 decimals
    assert d.values["out.f1_1_2_2"] == round(d.values["out.f1_1_2_2"], 3)
    for fmt in ("text", "md", "latex", "json"):
        assert render_solution(d, fmt)
    assert katex_errors(markdown_math(render_solution(d, "md"))) == []


def test_the_python_api_solves_a_convolutional_problem() -> None:
    from stepcalc import notebook

    solution = notebook.solve(EXAMPLES / "conv_1x4x4.toml")
    assert "net_f1_1_2_2" in solution.text()
    assert json.loads(solution.json())["steps"][0]["id"] == "net.f1_1_1_1"
    assert "<svg" in solution.network_svg()


def test_adam_moves_each_kernel_weight_by_its_first_bias_corrected_step() -> None:
    """Adam's first update (torch defaults): m̂ = g and v̂ = g², so k ← k − η g / (|g| + ε), with g the
    central finite difference of the written-out network; the numeric path equals the engine after it."""
    from stepcalc.engine.derive import derive
    from stepcalc.engine.iterations import engine_history
    from stepcalc.train.numeric import train

    data = copy.deepcopy(example("conv_2ch_pool"))
    data["optimizer"] = {"name": "adam"}
    d = derive(problem_from_mapping(copy.deepcopy(data)))
    eta = data["learning_rate"]
    for grad_id, path in parameter_slots(data).items():
        name = sid.parse(grad_id).units[0]
        kind = "kb" if name.startswith("kb") else "k"
        node, key = get_slot(data, path)
        g = finite_difference(data, path)
        assert float(d.values[sid.parameter_keys(kind, name)[3]]) == pytest.approx(
            node[key] - eta * g / (abs(g) + 1e-8), abs=1e-6), name
    run = run_problem("online", momentum=None)
    run["optimizer"] = {"name": "adam"}
    p = problem_from_mapping(run)
    engine = engine_history(p, p.rounding, {3})
    numeric = train(p, snapshot_epochs={3})
    assert numeric.losses.tolist() == pytest.approx(engine.losses, abs=1e-12)
    for key, value in engine.snapshots[3].items():
        assert numeric.snapshots[3][key] == pytest.approx(value, abs=1e-12), key
