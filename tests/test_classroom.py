"""Pages a teacher hands out, and the costs of long runs: each test fails without the fix it names."""
from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path

import pytest

from stepcalc.engine import derivatives
from stepcalc.generate import variants as variants_module
from stepcalc.generate.exercises import Request, compile_pdfs, render_files
from stepcalc.generate.variants import Spec, parse_activations, parse_arch
from stepcalc.problem.validate import load_problem, problem_from_toml

from conftest import ROOT, CliRunner

SINGLE_SIGMOID = """
learning_rate = 0.5
loss = "{loss}"
[network]
layers = [2, 1]
activation = "sigmoid"
weights = [[[0.1], [0.2]]]
[[samples]]
x = [1, 0.5]
t = [1]
"""


def test_the_memo_decodes_each_entry_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = derivatives._from_json
    monkeypatch.setattr(derivatives, "_from_json", lambda data, *depth: calls.append(data[0]) or real(data, *depth))
    derivatives.activation_derivative("sigmoid")  # derived or read: either way now known
    calls.clear()
    first = derivatives.activation_derivative("sigmoid")
    for _ in range(50):
        assert derivatives.activation_derivative("sigmoid") is first
    assert calls == []


def test_cross_entropy_on_one_sigmoid_output_warns_and_goes_on(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text(SINGLE_SIGMOID.format(loss="cross_entropy"), encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 0 and "Forward pass" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stepcalc: warning: {path}: ")
    assert '"bce"' in lines[0]
    path.write_text(SINGLE_SIGMOID.format(loss="bce"), encoding="utf-8")
    assert cli("solve", str(path)).stderr == ""
    softmax = cli("solve", str(ROOT / "examples" / "softmax_classifier.toml"))  # several outputs: meant
    assert softmax.returncode == 0 and softmax.stderr == ""


TWINS = """
learning_rate = 0.5
[network]
layers = [2, 2, 2]
activation = "sigmoid"
weights = [[[0.1, 0.3], [0.2, 0.4]], [{out1}, {out2}]]
[[samples]]
x = [1, 0.5]
t = [0.2, 0.7]
"""


def test_twin_units_are_not_workable() -> None:
    from stepcalc.engine.derive import derive

    base = Spec(parse_arch("2-2-2"), parse_activations("sigmoid", parse_arch("2-2-2")))
    twins = problem_from_toml(TWINS.format(out1="[0.2, 0.2]", out2="[-0.7, -0.7]"))  # o1 and o2 alike
    assert "units o1 and o2 have the same incoming weights" in variants_module.unworkable(derive(twins), base)
    hidden = problem_from_toml(TWINS.format(out1="[0.2, 0.5]", out2="[0.2, 0.5]"))  # h1 and h2 send alike
    assert variants_module.twin_units(hidden) == ["units h1 and h2 have the same outgoing weights"]
    fine = problem_from_toml(TWINS.format(out1="[0.2, 0.5]", out2="[-0.7, 0.6]"))
    assert variants_module.twin_units(fine) == []


def test_generated_variants_have_no_twin_units() -> None:
    import tomllib

    for arch, seed in (("2-2-2", 3), ("3-3-3", 5), ("2-3-3-2", 1)):
        layers = parse_arch(arch)
        narrow = Spec(layers, parse_activations("sigmoid", layers), weight_range=(0.1, 0.4))  # twins are likely
        files = render_files(Request(narrow, seed, 12, ("md",)))
        for name, text in files.items():
            if not name.endswith(".toml"):
                continue
            weights = tomllib.loads(text)["network"]["weights"]
            for l, matrix in enumerate(weights):
                columns = list(zip(*matrix))
                assert len(set(columns)) == len(columns), (name, l)  # incoming weights of layer l+1
                if l > 0:
                    assert len(set(map(tuple, matrix))) == len(matrix), (name, l)  # outgoing of layer l


def test_pdflatex_runs_again_until_latex_is_content(tmp_path: Path) -> None:
    # A stand-in for pdflatex that asks for a rerun on its first run only, as longtable does.
    fake = tmp_path / "fake-pdflatex"
    fake.write_text("#!/bin/sh\necho run >> runs.txt\nprintf '%%PDF run %s' $(wc -l < runs.txt) > \"${4%.tex}.pdf\"\n"
                    "if [ $(wc -l < runs.txt) -lt 2 ]; then\n"
                    "echo 'Package longtable Warning: Table widths have changed. Rerun LaTeX.'\nfi\n",
                    encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.tex").write_text("x", encoding="utf-8")
    compile_pdfs(str(fake), out, ["doc.tex"])
    assert (out / "doc.pdf").read_bytes() == b"%PDF run 2"


def test_label_placement_tests_each_candidate_against_its_neighbours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Placing n labels must cost about n overlap tests per candidate spot, not n² (a spatial grid)."""
    import random

    from stepcalc.engine.derive import derive
    from stepcalc.figures import diagram, svg
    from stepcalc.figures.labels import network_layout
    from stepcalc.problem.validate import problem_from_mapping

    def tests_for(sizes: list[int]) -> tuple[int, int]:
        rng = random.Random(5)
        data = {"learning_rate": 0.5,
                "network": {"layers": sizes,
                            "weights": [[[round(rng.uniform(-0.9, 0.9), 2) for _ in range(sizes[l + 1])]
                                         for _ in range(sizes[l])] for l in range(len(sizes) - 1)]},
                "samples": [{"x": [0.5] * sizes[0], "t": [0.5] * sizes[-1]}]}
        d = derive(problem_from_mapping(data))
        calls = [0]
        real = diagram.Rect.overlaps
        grids: list = []

        def counted(self: diagram.Rect, other: diagram.Rect, margin: float = 0.0) -> bool:
            calls[0] += 1
            return real(self, other, margin)

        class Grid(getattr(diagram, "_Grid", object)):  # type: ignore[misc]
            def __init__(self, *args: float) -> None:
                super().__init__(*args)
                grids.append(self)

        with monkeypatch.context() as patch:
            patch.setattr(diagram.Rect, "overlaps", counted)
            patch.setattr(diagram, "_Grid", Grid, raising=False)
            patch.setattr(diagram, "_LAYOUTS", {}, raising=False)  # placed now, not taken from an earlier layout
            layout = network_layout(d, svg.METRICS)
        calls[0] += sum(grid.compared for grid in grids)
        labels = layout.labels()
        for k, a in enumerate(labels):  # and still no two labels overlap
            assert not any(a.overlaps(b) for b in labels[k + 1:])
        return calls[0], len(labels)

    calls, labels = tests_for([10, 25, 2])
    assert labels == 300
    assert calls < 200 * labels  # each spot tried meets the few labels near it (quadratic: ~2 million tests)


def pdf_pages(pdf: Path) -> list[str]:
    import subprocess

    from conftest import require_tool

    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def big_problem(arch: str) -> str:
    layers = [int(n) for n in arch.split("-")]
    biases = [[0.1] * n for n in layers[1:]]
    return (f'learning_rate = 0.1\n[network]\nlayers = {layers}\nactivation = "sigmoid"\nbiases = {biases}\n'
            f'[init]\nseed = 1\nscale = 0.5\n[[samples]]\nx = {[0.5] * layers[0]}\nt = {[0.5] * layers[-1]}\n')


@pytest.mark.parametrize("toml", ["seed001", "4-6-6-3"])
def test_latex_keeps_the_glance_heading_with_its_figure_and_sets_big_tables_in_columns(
        cli: CliRunner, tmp_path: Path, toml: str) -> None:
    from conftest import compile_latex

    if toml == "seed001":
        path = ROOT / "examples" / "seed001.toml"
    else:
        path = tmp_path / "big.toml"
        path.write_text(big_problem(toml), encoding="utf-8")
    result = cli("solve", str(path), "--format", "latex")
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(compile_latex(result.stdout, tmp_path))
    [page] = [k for k, text in enumerate(pages) if "The network at a glance" in text]
    # the caption has one arrow; the figure's edge labels (old → new) are on the same page
    assert pages[page].count("→") > 4, pages[page]
    if toml != "seed001":
        # 93 parameters in four column groups of 24 rows: the figure follows on page 3 at the latest
        # (one column of 93 rows took more than two pages before it)
        assert page <= 2
        assert r"\begin{longtable}{ll@{\qquad}ll@{\qquad}ll@{\qquad}ll}" in result.stdout
        assert r"\begin{longtable}{lrrr@{\qquad}lrrr}" in result.stdout


def test_multi_letter_unit_names_are_upright_in_math(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "words.toml"
    path.write_text('learning_rate = 0.5\n[network]\nlayers = [2, 1, 1]\nactivation = "sigmoid"\n'
                    'units = [["in1", "x2"], ["h1"], ["cat"]]\nweights = [[[0.1], [0.2]], [[0.3]]]\n'
                    '[[samples]]\nx = [1, 0.5]\nt = [0.5]\n', encoding="utf-8")
    for fmt in ("latex", "md"):
        out = cli("solve", str(path), "--format", fmt).stdout
        assert r"w_{h1,\mathrm{cat}}" in out and r"\delta_{\mathrm{cat}}" in out
        assert r"\mathrm{in}_{1}" in out and "x_{2}" in out and r"\delta_{h1}" in out
        assert "w_{h1,cat}" not in out and r"\delta_{cat}" not in out


def test_softmax_pages_leave_out_the_output_errors_nothing_uses(cli: CliRunner) -> None:
    import json

    path = str(ROOT / "examples" / "softmax_classifier.toml")
    text = cli("solve", path).stdout
    assert "Output error" not in text and "∂E/∂y_c" not in text and "δ_c1 = t_c1 − y_c1" in text
    for fmt in ("md", "latex"):
        page = cli("solve", path, "--format", fmt).stdout
        assert r"-\frac{\partial E}{\partial y_{c1}} &=" not in page and r"-\frac{\partial E}{\partial y_{c1}} =" not in page
    steps = {s["id"]: s["value"] for s in json.loads(cli("solve", path, "--format", "json").stdout)["steps"]}
    y = steps["out.c1"]
    assert steps["err.c1"] == pytest.approx(1 / y)  # −∂E/∂y = t/y with t = 1: still in the JSON, for check
    seed = cli("solve", str(ROOT / "examples" / "seed001.toml")).stdout
    assert "−∂E/∂y_o = t_o − y_o = 0.5 − 0.6651 = −0.1651" in seed  # a sigmoid output keeps its error line


def test_generated_sheets_show_the_network_with_givens_only_and_markdown_links_svg_files() -> None:
    import json
    import re
    import tomllib
    import xml.etree.ElementTree as ET

    layers = parse_arch("2-2-1")
    files = render_files(Request(Spec(layers, parse_activations("sigmoid", layers), biases=True), 4, 2,
                                 ("md", "latex")))
    key = json.loads(files["answer-key.json"])
    for entry in key["variants"]:
        name = entry["problem"].removesuffix(".toml")
        problem = tomllib.loads(files[entry["problem"]])
        weights = [w for m in problem["network"]["weights"] for row in m for w in row]
        biases = [b for row in problem["network"]["biases"] for b in row]
        sample = problem["samples"][0]
        givens = set(weights + biases + sample["x"] + sample["t"])
        # Markdown: the sheet and the solution link SVG files written next to them, no data: URI
        for kind in ("sheet", "solution"):
            page = files[f"{name}-{kind}.md"]
            assert "data:image" not in page and f"]({name}-{kind}-network.svg)" in page
        svg = ET.fromstring(files[f"{name}-sheet-network.svg"])
        texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        shown = {float(n) for t in texts for n in re.findall(r"(?<![A-Za-z])[−-]?\d*\.\d+|(?<![A-Za-z0-9])[−-]?\d+(?![0-9.])", t.replace("−", "-"))}
        assert set(weights) <= shown and set(sample["x"]) <= shown and set(sample["t"]) <= shown
        assert {v for v in shown if v != int(v)} <= givens  # unit names aside (o1), every number is a given
        assert not any("→" in t for t in texts)  # no new weights
        for value in entry["answers"].values():
            assert all(f"{abs(value):.4f}" not in t for t in texts)
        # LaTeX: the same diagram as TikZ in the sheet, with the weights only
        tex = files[f"{name}-sheet.tex"]
        assert r"\begin{tikzpicture}" in tex and r"\to" not in tex.split(r"\begin{tikzpicture}")[1]


def test_generate_writes_each_variant_before_drawing_the_next(cli: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[int, list[str]] = {}
    real = variants_module._draw_one

    def spying(spec: Spec, seed: int, number: int, width: int, done: set[str]) -> variants_module.Variant:
        seen[number] = sorted(p.name for p in tmp_path.glob("*")) if tmp_path.exists() else []
        return real(spec, seed, number, width, done)

    monkeypatch.setattr(variants_module, "_draw_one", spying)
    result = cli("generate", "--arch", "2-2-1", "--count", "3", "--seed", "7", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert seen[1] == []
    assert "variant-01-solution.md" in seen[2] and "variant-02-solution.md" in seen[3]
    assert "answer-key.md" not in seen[3]


def test_markdown_breaks_long_sums_onto_aligned_lines_that_katex_renders(cli: CliRunner, tmp_path: Path) -> None:
    from conftest import katex_errors, markdown_math

    path = tmp_path / "wide.toml"
    path.write_text(big_problem("6-3-1"), encoding="utf-8")
    page = cli("solve", str(path), "--format", "md").stdout
    spans = [(tex, display) for tex, display in markdown_math(page) if display]
    assert r"\begin{aligned}\mathrm{net}_{h1} &= " in page
    # six products and a bias: the numbers on lines of their own, at most three products a line
    numbers = [line for tex, _ in spans for line in tex.splitlines() if r"\times" in line]
    assert numbers and max(line.count(r"\times") for line in numbers) <= 3
    two = cli("solve", str(ROOT / "examples" / "seed001.toml"), "--format", "md").stdout
    assert "aligned" not in two  # two inputs: one line, as before
    assert katex_errors(spans) == []


def test_each_label_is_tinted_with_its_edges_colour() -> None:
    import xml.etree.ElementTree as ET

    from stepcalc.engine.derive import derive
    from stepcalc.figures.labels import network_svg, network_tikz

    d = derive(load_problem(ROOT / "examples" / "xor_step.toml"))
    root = ET.fromstring(network_svg(d))
    ns = "{http://www.w3.org/2000/svg}"
    strokes = {line.get("data-weight"): line.get("stroke") for line in root.iter(ns + "line")}
    labels = [g for g in root.iter(ns + "g") if g.get("class") == "weight"]
    assert len(labels) == 2 * 4 + 4 * 1
    for g in labels:
        rect = g.find(ns + "rect")
        assert rect is not None and rect.get("stroke") == strokes[g.get("data-weight")]
        edge = [int(c) for c in strokes[g.get("data-weight")][4:-1].split(",")]
        fill = [int(c) for c in rect.get("fill")[4:-1].split(",")]
        # 14 % of the edge's colour on white, channel by channel (hand: 255 − (255 − c) × 0.14)
        assert fill == [round(255 - (255 - c) * 0.14) for c in edge] and fill != [255, 255, 255]
    tikz = network_tikz(d)
    label_boxes = [line for line in tikz.splitlines() if "rounded corners=1pt" in line]
    assert len(label_boxes) == 12 and not any("fill=white" in line for line in label_boxes)
    assert tikz.count("fill=stepcalc0!14") == 5  # x1's four edges and h1's one


def test_answer_key_of_20_variants_fills_its_pages(tmp_path: Path) -> None:
    from conftest import compile_latex

    layers = parse_arch("2-2-1")
    files = render_files(Request(Spec(layers, parse_activations("sigmoid", layers)), 7, 20, ("latex",)))
    pages = pdf_pages(compile_latex(files["answer-key.tex"], tmp_path))
    pages = [p for p in pages if p.strip()]
    # 40 rows (with the f′ and back-propagated error lines) × 4 tables of up to six variants run on
    # across pages: 6 full pages at most, where one table per page had left every other one nearly empty
    assert len(pages) <= 6
    assert all(len(p.splitlines()) > 30 for p in pages[:-1])
