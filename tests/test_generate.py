"""`stepcalc generate`: variants that load, work by hand, never leak answers, and come out the same every time.

Expected values come from a forward and backward pass written out below (plain floats, its own σ and
tanh), never from stepcalc's engine.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path

import pytest

from stepcalc.concepts import activations as concepts

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.generate.exercises import Request, render_files
from stepcalc.problem.validate import load_problem, problem_from_toml
from stepcalc.problem.files import problem_toml
from stepcalc.generate import variants as variants_module
from stepcalc.notation import STYLES
from stepcalc.engine.numbers import Rounding
from stepcalc.generate.variants import Spec, parse_activations, parse_arch, parse_rounding

from conftest import ROOT, CliRunner, compile_latex, katex_errors, markdown_math, require_tool


def spec(arch: str = "2-2-1", activation: str = "sigmoid", **options: object) -> Spec:
    layers = parse_arch(arch)
    return Spec(layers, parse_activations(activation, layers), **options)  # type: ignore[arg-type]


def files(arch: str = "2-2-1", activation: str = "sigmoid", count: int = 5, seed: int = 7,
          formats: tuple[str, ...] = ("md",), **options: object) -> dict[str, str]:
    return render_files(Request(spec(arch, activation, **options), seed, count, formats))


def problems_of(output: dict[str, str]) -> dict[str, dict]:
    """Every generated problem file, read with tomllib alone (not stepcalc's loader)."""
    return {name: tomllib.loads(text) for name, text in output.items() if name.endswith(".toml")}


# --- an independent forward and backward pass (half_sse, error convention, no biases) ---------------
def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


ACTIVATIONS = {"sigmoid": (sigmoid, lambda y: y * (1 - y)), "tanh": (math.tanh, lambda y: 1 - y * y)}


def unit_names(layers: list[int]) -> list[list[str]]:
    """The README's default names: x1…, h1… (numbered on across several hidden layers), o1…"""
    names = [[f"x{j + 1}" for j in range(layers[0])]]
    count = 0
    for l in range(1, len(layers) - 1):
        names.append([f"h{count + j + 1}" for j in range(layers[l])])
        count += layers[l]
    names.append([f"o{j + 1}" for j in range(layers[-1])])
    return names


def hand_backprop(problem: dict) -> tuple[dict[str, float], list[list[float]]]:
    """Net inputs, outputs, deltas and new weights by the textbook loops; and each layer's nets."""
    net_cfg = problem["network"]
    layers, weights = net_cfg["layers"], net_cfg["weights"]
    f, slope = ACTIVATIONS[net_cfg["activation"]]
    eta = problem["learning_rate"]
    names = unit_names(layers)
    x, t = problem["samples"][0]["x"], problem["samples"][0]["t"]
    outs, nets = [x], []
    for l in range(len(layers) - 1):
        net = [sum(outs[-1][i] * weights[l][i][j] for i in range(layers[l])) for j in range(layers[l + 1])]
        nets.append(net)
        outs.append([f(n) for n in net])
    deltas = [[slope(y) * (tk - y) for y, tk in zip(outs[-1], t)]]
    for l in range(len(layers) - 2, 0, -1):
        after = deltas[0]
        deltas.insert(0, [slope(outs[l][i]) * sum(weights[l][i][j] * after[j] for j in range(layers[l + 1]))
                          for i in range(layers[l])])
    values: dict[str, float] = {}
    for l in range(1, len(layers)):
        for j, unit in enumerate(names[l]):
            values[f"net.{unit}"] = nets[l - 1][j]
            values[f"out.{unit}"] = outs[l][j]
            values[f"delta.{unit}"] = deltas[l - 1][j]
            for i, source in enumerate(names[l - 1]):
                values[f"w.{source}.{unit}"] = weights[l - 1][i][j] + eta * deltas[l - 1][j] * outs[l - 1][i]
    values["loss"] = 0.5 * sum((tk - y) ** 2 for tk, y in zip(t, outs[-1]))
    return values, nets


# |net| at which the slope falls to a quarter of its peak: σ(1 − σ) = 1/16 and 1 − tanh² = 1/4.
SIGMOID_NET_LIMIT = 2 * math.log(2 + math.sqrt(3))  # 2.6339…
TANH_NET_LIMIT = math.atanh(math.sqrt(3) / 2)  # 1.3170…


def test_net_limits_are_where_the_slope_is_a_quarter_of_its_peak() -> None:
    s = sigmoid(SIGMOID_NET_LIMIT)
    assert s * (1 - s) == pytest.approx(0.25 / 4, rel=1e-12)
    assert 1 - math.tanh(TANH_NET_LIMIT) ** 2 == pytest.approx(0.25, rel=1e-12)
    assert concepts.ACTIVATIONS["sigmoid"].peak_slope == pytest.approx(0.25)
    assert concepts.ACTIVATIONS["relu"].peak_slope == 1.0
    assert concepts.ACTIVATIONS["softmax"].peak_slope == 0.25
    assert concepts.ACTIVATIONS["gelu"].peak_slope == pytest.approx(0.5)  # Φ(0) + 0 · φ(0)


@pytest.mark.parametrize("arch,activation,limit,weight_range", [
    ("2-2-1", "sigmoid", SIGMOID_NET_LIMIT, (-1.0, 1.0)),
    ("2-2-1", "sigmoid", SIGMOID_NET_LIMIT, (-4.0, 4.0)),  # wide weights: many draws saturate
    ("3-2-2", "sigmoid", SIGMOID_NET_LIMIT, (-1.0, 1.0)),
    ("2-3-3-1", "sigmoid", SIGMOID_NET_LIMIT, (-1.0, 1.0)),
    ("2-3-3-1", "tanh", TANH_NET_LIMIT, (-2.0, 2.0))])
def test_numbers_are_workable_and_the_key_is_right(arch: str, activation: str, limit: float,
                                                   weight_range: tuple[float, float]) -> None:
    output = files(arch, activation, count=8, weight_range=weight_range)
    key = json.loads(output["answer-key.json"])
    assert [v["problem"] for v in key["variants"]] == [f"variant-{k:02d}.toml" for k in range(1, 9)]
    for entry, (name, problem) in zip(key["variants"], sorted(problems_of(output).items())):
        assert entry["problem"] == name
        weights = [w for matrix in problem["network"]["weights"] for row in matrix for w in row]
        x, t = problem["samples"][0]["x"], problem["samples"][0]["t"]
        for value in weights + x + t:
            assert value != 0 and round(value * 10) == pytest.approx(value * 10, abs=1e-9)  # one decimal
        low, high = weight_range
        assert all(low <= w <= high for w in weights) and all(0 < v <= 1 for v in x)
        if activation == "sigmoid":
            assert all(0 < v < 1 for v in t)
        else:
            assert all(-1 < v < 1 for v in t)
        expected, nets = hand_backprop(problem)
        assert all(abs(n) <= limit for layer in nets for n in layer), nets
        assert all(abs(v) >= 0.001 for k, v in expected.items() if k.startswith("delta.")), expected
        for step_id, value in expected.items():
            assert entry["answers"][step_id] == pytest.approx(value, rel=1e-12, abs=1e-15), step_id


def test_saturated_and_tiny_delta_draws_are_rejected() -> None:
    d = load_problem(ROOT / "examples" / "seed001.toml")
    from stepcalc.engine.derive import derive

    base = spec()
    assert variants_module.unworkable(derive(d), base) == []  # |net| ≤ 0.69, |δ| ≥ 0.0027
    strict = spec(min_delta=0.01)  # δ_h1 = −0.0027 (y(1−y)·w·δ_o = 0.5523·0.4477·0.3·(−0.0368))
    assert variants_module.unworkable(derive(d), strict) == ["δ of h1 is below 0.01", "δ of h2 is below 0.01"]
    saturated = problem_from_toml((ROOT / "examples" / "seed001.toml").read_text().replace("0.9]]", "9]]"))
    assert "unit o is saturated" in variants_module.unworkable(derive(saturated), base)  # net_o = 5.37


def test_targets_stay_inside_the_range_the_output_can_reach() -> None:
    sigmoid_targets = variants_module.target_grid(spec())
    assert (min(sigmoid_targets), max(sigmoid_targets), len(sigmoid_targets)) == (1, 9, 9)  # 0.1 … 0.9
    tanh_targets = variants_module.target_grid(spec(activation="tanh", decimals=2))
    assert (min(tanh_targets), max(tanh_targets), len(tanh_targets)) == (-99, 99, 198)  # −0.99 … 0.99, no 0
    identity_targets = variants_module.target_grid(spec(activation="identity"))
    assert (min(identity_targets), max(identity_targets)) == (-10, 10)  # a linear output can reach ±1


def test_relu_units_are_alive_and_softmax_targets_are_one_hot() -> None:
    for problem in problems_of(files("3-3-3", "relu,softmax", loss="cross_entropy", count=6)).values():
        assert sorted(problem["samples"][0]["t"]) == [0, 0, 1]
        x, w = problem["samples"][0]["x"], problem["network"]["weights"][0]
        assert all(sum(x[i] * w[i][j] for i in range(3)) > 0 for j in range(3))  # no dead ReLU unit


def test_every_problem_file_loads_and_solves(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("generate", "--arch", "2-2-1", "--count", "3", "--seed", "7", "--out", str(tmp_path),
                     "--biases", "--decimals", "2")
    assert result.returncode == 0, result.stderr
    tomls = sorted(tmp_path.glob("*.toml"))
    assert [p.name for p in tomls] == ["variant-01.toml", "variant-02.toml", "variant-03.toml"]
    for path in tomls:
        problem = load_problem(path)
        assert problem.layers == (2, 2, 1) and problem.biases is not None
        assert all(b != 0 for row in problem.biases for b in row)
    (tmp_path / "again").mkdir()
    solved = cli("solve", str(tomls[0]), "--format", "md", "-o", str(tmp_path / "again" / "variant-01-solution.md"))
    assert solved.returncode == 0, solved.stderr
    for name in ("variant-01-solution.md", "variant-01-solution-network.svg"):  # as `solve -o` writes them
        assert (tmp_path / "again" / name).read_text() == (tmp_path / name).read_text()
    names = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert names == sorted(["answer-key.json", "answer-key.md"] + [f"variant-0{k}{s}" for k in (1, 2, 3)
                                                                   for s in (".toml", "-sheet.md", "-solution.md",
                                                                             "-sheet-network.svg",
                                                                             "-solution-network.svg")])


def test_same_arguments_give_the_same_bytes(cli: CliRunner, tmp_path: Path) -> None:
    args = ["generate", "--arch", "2-3-1", "--count", "4", "--seed", "11", "--format", "md,latex", "--biases"]
    contents = []
    for run in ("a", "b"):
        result = cli(*args, "--out", str(tmp_path / run))
        assert result.returncode == 0, result.stderr
        contents.append({p.name: p.read_bytes() for p in sorted((tmp_path / run).iterdir())})
    assert len(contents[0]) == 4 * 7 + 3  # per variant: toml, md and tex sheet and solution, two SVGs
    assert contents[0] == contents[1]


def test_different_seeds_give_different_numbers() -> None:
    numbers = {}
    for seed in (7, 8):
        problems = problems_of(files(seed=seed, count=3))
        numbers[seed] = [(p["network"]["weights"], p["samples"]) for _, p in sorted(problems.items())]
    assert all(a != b for a, b in zip(numbers[7], numbers[8]))
    assert len({json.dumps(n) for n in numbers[7]}) == 3  # the variants of one run differ too


def test_a_variant_does_not_depend_on_how_many_are_asked_for() -> None:
    few, many = files(count=2, seed=3), files(count=6, seed=3)
    assert few["variant-01.toml"] == many["variant-01.toml"]
    assert few["variant-02.toml"] == many["variant-02.toml"]


DECIMAL = re.compile(r"-?\d+\.\d+")


@pytest.mark.parametrize("fmt,suffix", [("md", "md"), ("latex", "tex")])
def test_sheets_show_givens_and_questions_but_no_computed_value(fmt: str, suffix: str) -> None:
    output = files(count=4, formats=(fmt,), biases=True)
    key = json.loads(output["answer-key.json"])
    for entry in key["variants"]:
        name = entry["problem"].removesuffix(".toml")
        sheet = output[f"{name}-sheet.{suffix}"]
        problem = tomllib.loads(output[entry["problem"]])
        network = problem["network"]
        givens = ([w for m in network["weights"] for row in m for w in row] + [b for row in network["biases"]
                  for b in row] + problem["samples"][0]["x"] + problem["samples"][0]["t"] + [problem["learning_rate"]])
        body = re.sub(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", "", sheet.split("Given", 1)[1], flags=re.S)
        shown = {float(n) for n in DECIMAL.findall(body)}
        assert shown and shown <= set(givens), shown - set(givens)  # every decimal number on it is a given
        for value in entry["answers"].values():
            assert f"{abs(value):.4f}" not in sheet and f"{abs(value):.3f}" not in sheet
        assert r"\delta_{h1}" in sheet and r"w^{\mathrm{new}}_{x1,h1}" in sheet and "4 decimals" in sheet


def test_markdown_sheets_and_key_render_in_katex() -> None:
    output = files("2-3-3-1", count=2, biases=True)
    spans = [span for name in ("variant-01-sheet.md", "answer-key.md") for span in markdown_math(output[name])]
    assert len(spans) > 50
    assert katex_errors(spans) == []


def test_answer_key_table_has_a_column_per_variant() -> None:
    output = files(count=8)
    key = json.loads(output["answer-key.json"])
    table = output["answer-key.md"]
    rows = [line for line in table.splitlines() if line.startswith("| `delta.o1`")]
    assert len(rows) == 2  # six variants per table, then two
    cells = [c.strip() for row in rows for c in row.strip("|").split("|")[2:]]
    assert cells == [v["display"]["delta.o1"] for v in key["variants"]]
    for v in key["variants"]:  # the display is the value at four decimals (text minus sign)
        assert v["display"]["delta.o1"].replace("−", "-") == f"{v['answers']['delta.o1']:.4f}"


def test_problem_file_writer_round_trips() -> None:
    data = {"title": 'quote " backslash \\ tab\t σ', "learning_rate": 0.5, "loss": "half_sse",
            "network": {"layers": [2, 1], "activation": ["tanh"], "weights": [[[-0.35], [1]]]},
            "samples": [{"x": [0.1, -2], "t": [0.25]}, {"x": [1, 2], "t": [-0.5]}]}
    text = problem_toml(data, header="generated\nsecond line")
    assert text.startswith("# generated\n# second line\n")
    assert tomllib.loads(text) == data
    problem = problem_from_toml(text)
    # The TOML keeps the tab; the loaded title is one line with single spaces (it heads documents).
    assert problem.title == 'quote " backslash \\ tab σ' and problem.weights == (((-0.35,), (1.0,)),)


def test_impossible_bounds_stop_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(variants_module, "MAX_DRAWS", 25)
    with pytest.raises(StepcalcError, match=r"no workable 2-2-1 variant found in 25 draws .*δ of .* below 5"):
        files(count=1, min_delta=5.0)


BAD_OPTIONS = [
    (["--arch", "2-x-1"], "--arch: expected units per layer"),
    (["--arch", "3"], "--arch: expected units per layer"),
    (["--arch", "2-0-1"], "--arch: expected units per layer"),
    (["--arch", "2-40-1"], "--arch: 2-40-1 is too large"),
    (["--arch", "2-2-1", "--activation", "softmax"], "--activation: softmax is for the output layer only"),
    (["--arch", "2-2-1", "--activation", "tanh,tanh,tanh"], "--activation: expected one name or 2"),
    (["--arch", "2-2-1", "--activation", "swish"], "--activation: expected one of"),
    (["--arch", "2-2-1", "--loss", "bce", "--activation", "tanh"], "--loss: bce takes logarithms"),
    (["--arch", "2-2-1", "--target-range", "0.5", "1.5"], "--target-range: sigmoid outputs lie in (0, 1)"),
    (["--arch", "2-2-1", "--target-range", "0.95", "1"], "--target-range: no non-zero number with 1 decimal(s) "
                                                         "lies in [0.95, 1] inside the output's range"),
    (["--arch", "2-2-1", "--weight-range", "0.01", "0.04"], "--weight-range: no non-zero number with 1 decimal"),
    (["--arch", "2-2-1", "--input-range", "1", "0"], "--input-range: expected LOW HIGH with LOW ≤ HIGH"),
    (["--arch", "2-2-2", "--activation", "sigmoid,softmax", "--target-range", "0", "1"], "one-hot"),
    (["--arch", "2-2-1", "--format", "pdf"], "--format: expected md, latex"),
    (["--arch", "2-2-1", "--pdf"], "--pdf: compiles the LaTeX files; add latex"),
    (["--arch", "2-2-1", "--count", "0"], "--count: expected a number of variants from 1"),
    (["--arch", "2-2-1", "--learning-rate", "0"], "--learning-rate: expected a positive number, got 0"),
    (["--arch", "2-2-1", "--notation", "fancy"], "--notation: expected one of default, "),
    (["--arch", "2-2-1", "--rounding", "round:3"], "--rounding: expected MODE[:DECIMALS]"),
    (["--arch", "2-2-1", "--rounding", "carry:3,speed=2"], "--rounding: expected MODE[:DECIMALS]"),
    (["--arch", "2-2-1", "--rounding", "carry:3,out=3,out=4"], "--rounding: expected MODE[:DECIMALS]"),
    (["--arch", "2-2-1", "--rounding", "carry:x"], "--rounding: decimals: expected 0 to 15 decimals, got 'x'"),
    (["--arch", "2-2-1", "--rounding", "exact:4,delta=16"], "--rounding: delta: expected 0 to 15 decimals"),
]


@pytest.mark.parametrize("args,message", BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_bad_options_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                             message: str) -> None:
    assert main(["generate", "--out", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out").exists()  # nothing written


def test_pdf_without_pdflatex_says_so(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("generate", "--arch", "2-2-1", "--format", "latex", "--pdf", "--out", str(tmp_path / "out"),
                 env={"PATH": str(tmp_path)})  # a PATH with no pdflatex on it
    assert result.returncode == 2
    assert result.stderr == "stepcalc: --pdf: pdflatex is not installed (install TeX Live, or leave out --pdf)\n"


def test_pdf_compiles_every_latex_file_reproducibly(cli: CliRunner, tmp_path: Path) -> None:
    require_tool("pdflatex")
    pdfs = []
    for run in ("a", "b"):
        result = cli("generate", "--arch", "2-3-3-1", "--count", "1", "--format", "latex", "--pdf", "--biases",
                         "--out", str(tmp_path / run))
        assert result.returncode == 0, result.stderr
        pdfs.append({p.name: p.read_bytes() for p in (tmp_path / run).glob("*.pdf")})
    assert sorted(pdfs[0]) == ["answer-key.pdf", "variant-01-sheet.pdf", "variant-01-solution.pdf"]
    assert all(data.startswith(b"%PDF") for data in pdfs[0].values())
    assert pdfs[0] == pdfs[1]
    assert not list((tmp_path / "a").glob("*.log")) and not list((tmp_path / "a").glob("*.aux"))


# --- notation and rounding: written into the problem files, used by the sheets, solutions and key ---
def half_up(value: float, places: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_rounding_option_parses_to_the_problem_table() -> None:
    assert parse_rounding("carry") == (("mode", "carry"),)
    assert parse_rounding("exact:5,out=3,delta=6") == (("mode", "exact"), ("decimals", 5), ("out", 3), ("delta", 6))
    assert spec().delta_floor == 0.001
    assert spec(rounding=parse_rounding("carry:2")).delta_floor == 0.01  # one unit of the last shown digit
    assert spec(rounding=parse_rounding("carry:2,delta=5")).delta_floor == 0.001
    assert spec(min_delta=0.02).delta_floor == 0.02


def test_notation_and_carried_rounding_reach_every_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("generate", "--arch", "2-2-1", "--count", "3", "--seed", "5", "--out", str(tmp_path),
                     "--notation", "seed001", "--rounding", "carry:3,out=4")
    assert result.returncode == 0, result.stderr
    key = json.loads((tmp_path / "answer-key.json").read_text())
    assert key["settings"]["notation"] == "seed001"
    assert key["settings"]["rounding"] == {"mode": "carry", "decimals": 3, "out": 4}
    for entry in key["variants"]:
        path = tmp_path / entry["problem"]
        problem = load_problem(path)
        assert problem.notation == "seed001" and problem.rounding == Rounding("carry", 3, {"out": 4})
        solution = entry["problem"].replace(".toml", "-solution.md")
        (tmp_path / "again").mkdir(exist_ok=True)
        cli("solve", str(path), "--format", "md", "-o", str(tmp_path / "again" / solution), check=True)
        assert (tmp_path / "again" / solution).read_text() == (tmp_path / solution).read_text()
        sheet = (tmp_path / entry["problem"].replace(".toml", "-sheet.md")).read_text()
        assert "Round every intermediate result to 3 decimals (outputs: 4)" in sheet
        assert "$a_{1}$" in sheet and "$y_{5}$" in sheet  # seed 001's names: a for net inputs, y numbered
        # carried by hand: each net rounded to 3 decimals, each output to 4, and those used on
        data = tomllib.loads(path.read_text())
        x, w = data["samples"][0]["x"], data["network"]["weights"]
        hidden = []
        for j, unit in enumerate(("h1", "h2")):
            net = half_up(x[0] * w[0][0][j] + x[1] * w[0][1][j], 3)
            hidden.append(half_up(sigmoid(net), 4))
            assert entry["answers"][f"net.{unit}"] == net and entry["answers"][f"out.{unit}"] == hidden[-1]
        net_o = half_up(hidden[0] * w[1][0][0] + hidden[1] * w[1][1][0], 3)
        assert entry["answers"]["net.o1"] == net_o
        y = half_up(sigmoid(net_o), 4)
        delta = half_up(y * (1 - y) * (data["samples"][0]["t"][0] - y), 3)
        assert entry["answers"]["delta.o1"] == delta and abs(delta) >= 0.001
    table = (tmp_path / "answer-key.md").read_text()
    assert "| `out.h1` | $y_{3}$ |" in table


def test_every_notation_style_gives_sheets_that_render(tmp_path: Path) -> None:
    spans, latex = [], {}
    for style in STYLES:
        output = files("2-3-1", count=1, formats=("md", "latex"), biases=True, notation=style)
        assert f'notation = "{style}"' in output["variant-01.toml"]
        spans += markdown_math(output["variant-01-sheet.md"]) + markdown_math(output["answer-key.md"])
        latex[style] = output["variant-01-sheet.tex"]
    assert katex_errors(spans) == []
    for style in ("matrix", "seed003"):  # the styles with the most unusual symbols
        (tmp_path / style).mkdir()
        assert compile_latex(latex[style], tmp_path / style).stat().st_size > 1000


def test_check_accepts_a_generated_problem_with_its_answer_key(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("generate", "--arch", "2-2-1", "--count", "2", "--out", str(tmp_path)).returncode == 0
    entry = json.loads((tmp_path / "answer-key.json").read_text())["variants"][1]
    shown = {k: v.replace("−", "-") for k, v in entry["display"].items()}
    claims = "\n".join(f'"{k}" = {shown[k]}' for k in ("out.h1", "delta.o1", "w.x1.h1"))
    (tmp_path / "right.toml").write_text(f"[claims]\n{claims}\n")
    result = cli("check", str(tmp_path / entry["problem"]), str(tmp_path / "right.toml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [v["verdict"] for v in json.loads(result.stdout)["verdicts"]] == ["correct"] * 3
    wrong = float(shown["delta.o1"]) + 0.01  # off by far more than the ±0.00005 of four decimals
    (tmp_path / "wrong.toml").write_text(f'[claims]\n"delta.o1" = {wrong:.4f}\n')
    assert cli("check", str(tmp_path / entry["problem"]), str(tmp_path / "wrong.toml")).returncode == 1
