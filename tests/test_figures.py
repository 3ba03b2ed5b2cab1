"""Network diagrams and loss curves: well-formed, complete, right numbers, no overlapping labels,
TikZ and pgfplots compile; the notebook API; committed example figures are fresh."""
from __future__ import annotations

import base64
import json
import math
import os
import random
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from stepcalc.engine.derive import derive
from stepcalc.figures.diagram import text_width
from stepcalc.figures.labels import (figure_path_for, loss_curve_pgfplots, loss_curve_svg, network_layout, network_svg,
                              network_tikz)
from stepcalc.problem.validate import load_problem, problem_from_mapping
from stepcalc.engine.schedule import is_single_step
from stepcalc.figures import svg as svg_writer, tikz as tikz_writer

from conftest import EXAMPLES, ROOT, CliRunner, compile_latex, require_tool

SVG = "{http://www.w3.org/2000/svg}"
# Single-step examples: their Markdown links NAME-network.svg (training runs are drawn by test_train).
DIAGRAM_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.toml")
                          if not p.name.endswith(".claims.toml") and is_single_step(load_problem(p)))


# --- an independent hand computation: sigmoid units, ½Σ(t − y)², δ = −∂E/∂net ----------------------
def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def hand_step(data: dict) -> dict[str, float]:
    """One online step written out plainly, for sigmoid networks with the half_sse loss."""
    net = data["network"]
    W = net["weights"]
    B = net.get("biases")
    units = net["units"]
    x = data["samples"][0]["x"]
    t = data["samples"][0]["t"]
    eta = data["learning_rate"]
    outs = [list(map(float, x))]
    values: dict[str, float] = {}
    for l, matrix in enumerate(W):
        layer = []
        for j in range(len(matrix[0])):
            z = sum(outs[l][i] * matrix[i][j] for i in range(len(matrix))) + (B[l][j] if B else 0.0)
            values[f"net.{units[l + 1][j]}"] = z
            layer.append(sigmoid(z))
            values[f"out.{units[l + 1][j]}"] = layer[-1]
        outs.append(layer)
    deltas = [[y * (1 - y) * (tk - y) for y, tk in zip(outs[-1], t)]]
    for l in range(len(W) - 1, 0, -1):
        nxt = deltas[0]
        deltas.insert(0, [outs[l][i] * (1 - outs[l][i]) * sum(W[l][i][k] * nxt[k] for k in range(len(nxt)))
                          for i in range(len(outs[l]))])
    for l, matrix in enumerate(W):
        for j, d in enumerate(deltas[l]):
            values[f"delta.{units[l + 1][j]}"] = d
            for i in range(len(matrix)):
                values[f"w.{units[l][i]}.{units[l + 1][j]}"] = matrix[i][j] + eta * d * outs[l][i]
            if B:
                values[f"b.{units[l + 1][j]}"] = B[l][j] + eta * d
    return values


def four(value: float) -> str:
    """Four decimals, half up, Unicode minus: how the SVG writes computed values."""
    text = f"{Decimal(repr(value)).quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):f}"
    if text.startswith("-"):
        text = "0.0000" if set(text[1:]) <= {"0", "."} else "−" + text[1:]
    return text


def as_written(value: float) -> str:
    text = repr(float(value)).rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace("-", "−")


def wide_problem(decimals: int = 2) -> dict:
    """A 4-6-6-3 sigmoid network with biases and negative weights: the largest the diagram promises.
    With 4 decimals every label is as long as a label gets (as in the later updates of a run)."""
    rng = random.Random(3)
    sizes = [4, 6, 6, 3]
    return {
        "title": "4-6-6-3", "learning_rate": 0.5,
        "network": {
            "layers": sizes,
            "units": [[f"x{i + 1}" for i in range(4)], [f"h1_{i + 1}" for i in range(6)],
                      [f"h2_{i + 1}" for i in range(6)], [f"o{i + 1}" for i in range(3)]],
            "weights": [[[round(rng.uniform(-0.9, 0.9), decimals) for _ in range(sizes[l + 1])] for _ in range(sizes[l])]
                        for l in range(3)],
            "biases": [[round(rng.uniform(-0.5, 0.5), decimals) for _ in range(sizes[l + 1])] for l in range(3)],
        },
        "samples": [{"x": [0.1, -0.7, 0.35, 1], "t": [0.2, 0.9, 0.5]}],
    }


def text_of(element: ET.Element) -> str:
    """The text as read; the gap before "=" after a subscript is drawn as an offset, not a space."""
    return re.sub(r"(\S)= ", r"\1 = ", "".join(element.itertext()))


# --- the SVG diagram ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["seed001", "xor_step", "wide"])
def test_svg_has_one_node_per_unit_and_one_labelled_edge_per_weight(name: str) -> None:
    data = wide_problem() if name == "wide" else tomllib.loads((EXAMPLES / f"{name}.toml").read_text())
    problem = problem_from_mapping(data)
    root = ET.fromstring(network_svg(derive(problem)))  # well-formed XML, or this raises
    assert root.tag == SVG + "svg"
    units = [g for g in root.iter(SVG + "g") if g.get("class") == "unit"]
    assert [g.get("data-unit") for g in units] == [u for layer in data["network"]["units"] for u in layer]

    hand = hand_step(data)
    weights = data["network"]["weights"]
    names = data["network"]["units"]
    expected = {f"w.{names[l][i]}.{names[l + 1][j]}": f"{as_written(weights[l][i][j])} → {four(hand[f'w.{names[l][i]}.{names[l + 1][j]}'])}"
                for l in range(len(weights)) for i in range(len(weights[l])) for j in range(len(weights[l][i]))}
    lines = [e.get("data-weight") for e in root.iter(SVG + "line") if e.get("data-weight")]
    labels = {g.get("data-weight"): text_of(g) for g in root.iter(SVG + "g") if g.get("class") == "weight"}
    assert sorted(lines) == sorted(expected)  # one edge per weight, no more
    assert labels == expected

    # Each unit's box: its net input, output and delta (and bias before → after) as computed by hand.
    for g in units:
        u = g.get("data-unit")
        text = [text_of(t) for t in g.iter(SVG + "text")]
        if u in names[0]:
            assert len(text) == 1
            continue
        assert f"net{u} = {four(hand[f'net.{u}'])}" in text
        assert f"y{u} = {four(hand[f'out.{u}'])}" in text
        assert f"δ{u} = {four(hand[f'delta.{u}'])}" in text
        if "biases" in data["network"]:
            assert f"b'{u} = {four(hand[f'b.{u}'])}" in text


def test_seed001_diagram_numbers_worked_by_hand() -> None:
    """Seed 001 (whose source prints y₃ = 0.56 and δ₄ = −0.0819): the true numbers, by hand."""
    root = ET.fromstring(network_svg(derive(load_problem(EXAMPLES / "seed001.toml"))))
    labels = {g.get("data-weight"): text_of(g) for g in root.iter(SVG + "g") if g.get("class") == "weight"}
    y_h1, y_h2 = sigmoid(0.2 * 0.35 + 0.2 * 0.7), sigmoid(0.3 * 0.35 + 0.3 * 0.7)
    y_o = sigmoid(0.3 * y_h1 + 0.9 * y_h2)
    delta_o = y_o * (1 - y_o) * (0.5 - y_o)
    delta_h2 = y_h2 * (1 - y_h2) * 0.9 * delta_o
    assert labels["w.h2.o"] == f"0.9 → {four(0.9 + delta_o * y_h2)}" == "0.9 → 0.8787"
    assert labels["w.x2.h2"] == f"0.3 → {four(0.3 + delta_h2 * 0.7)}" == "0.3 → 0.2944"
    units = {g.get("data-unit"): [text_of(t) for t in g.iter(SVG + "text")]
             for g in root.iter(SVG + "g") if g.get("class") == "unit"}
    assert "yh1 = 0.5523" in units["h1"] and "δh2 = −0.0081" in units["h2"]


def test_unit_names_are_escaped_in_svg() -> None:
    data = {"learning_rate": 0.5, "network": {"layers": [2, 1], "units": [["<b>", "a&b"], ["\"q\""]],
                                              "weights": [[[0.1], [0.2]]]},
            "samples": [{"x": [1, 2], "t": [0.5]}]}
    root = ET.fromstring(network_svg(derive(problem_from_mapping(data))))
    assert [g.get("data-unit") for g in root.iter(SVG + "g") if g.get("class") == "unit"] == ["<b>", "a&b", "\"q\""]


# --- layout: no overlaps, labels on their edges ------------------------------------------------------
@pytest.mark.parametrize("decimals", [2, 4])
@pytest.mark.parametrize("metrics", [svg_writer.METRICS, tikz_writer.METRICS], ids=["svg", "tikz"])
def test_no_label_overlaps_in_a_4_6_6_3_network(metrics, decimals: int) -> None:
    layout = network_layout(derive(problem_from_mapping(wide_problem(decimals))), metrics)
    labels = layout.labels()
    boxes = [u.box for layer in layout.units for u in layer]
    assert len(labels) == 4 * 6 + 6 * 6 + 6 * 3
    for k, a in enumerate(labels):
        for b in labels[k + 1:]:
            assert not a.overlaps(b), (a, b)
        for box in boxes:
            assert not a.overlaps(box), (a, box)
        assert 0 <= a.left and a.right <= layout.width and 0 <= a.top and a.bottom <= layout.height
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            assert not a.overlaps(b)
    for e in layout.edges:  # each label sits on its own edge, strictly between the two units
        cross = (e.x2 - e.x1) * (e.label.cy - e.y1) - (e.y2 - e.y1) * (e.label.cx - e.x1)
        assert abs(cross) / math.hypot(e.x2 - e.x1, e.y2 - e.y1) < 1e-6
        assert e.y1 < e.label.top and e.label.bottom < e.y2


def dense_problem(sizes: list[int]) -> dict:
    rng = random.Random(5)
    return {"learning_rate": 0.5,
            "network": {"layers": sizes,
                        "weights": [[[round(rng.uniform(-0.9, 0.9), 4) for _ in range(sizes[l + 1])]
                                     for _ in range(sizes[l])] for l in range(len(sizes) - 1)]},
            "samples": [{"x": [0.5] * sizes[0], "t": [0.5] * sizes[-1]}]}


@pytest.mark.parametrize("sizes", [[32, 8, 1], [15, 17, 1], [2, 32, 7]], ids=lambda s: "-".join(map(str, s)))
def test_the_densest_accepted_networks_still_get_a_diagram_without_overlaps(sizes: list[int]) -> None:
    """Far past readable, but never an error: the layout falls back to one row per label."""
    layout = network_layout(derive(problem_from_mapping(dense_problem(sizes))), tikz_writer.METRICS)
    labels = layout.labels()
    assert len(labels) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    for k, a in enumerate(labels):
        for b in labels[k + 1:]:
            assert not a.overlaps(b)


def test_label_boxes_hold_their_text() -> None:
    """The estimated widths are the ones the boxes are drawn with: every label's text fits its box."""
    d = derive(problem_from_mapping(wide_problem()))
    root = ET.fromstring(network_svg(d))
    for g in root.iter(SVG + "g"):
        if g.get("class") == "weight":
            rect = g.find(SVG + "rect")
            assert text_width(text_of(g), svg_writer.METRICS.label_size) <= float(rect.get("width"))


# --- TikZ ------------------------------------------------------------------------------------------
def tikz_document(body: str) -> str:
    return ("\\documentclass[11pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{amsmath}\n"
            "\\usepackage[margin=2.2cm]{geometry}\n\\usepackage{tikz}\n\\usepackage{pgfplots}\n"
            "\\pgfplotsset{compat=1.16}\n\\begin{document}\n" + body + "\n\\end{document}\n")


def test_tikz_diagrams_compile(tmp_path: Path) -> None:
    bodies = [network_tikz(derive(load_problem(EXAMPLES / "seed001.toml"))),
              network_tikz(derive(load_problem(EXAMPLES / "xor_step.toml"))),
              network_tikz(derive(problem_from_mapping(wide_problem())))]
    for body in bodies:
        assert body.count(r"\begin{tikzpicture}") == 1
    pdf = compile_latex(tikz_document("\n\\clearpage\n".join(bodies)), tmp_path)
    assert pdf.stat().st_size > 5000


def test_tikz_labels_carry_the_weights() -> None:
    tikz = network_tikz(derive(load_problem(EXAMPLES / "seed001.toml")))
    assert r"\textcolor{black!65}{0.9} \to \mathbf{0.8787}" in tikz
    assert r"\delta_{h2} = -0.0081" in tikz
    assert tikz.count(r"\to \mathbf") == 6


def test_solution_documents_carry_the_diagram() -> None:
    d = derive(load_problem(EXAMPLES / "seed001.toml"))
    from stepcalc.render.solution import render_solution
    assert r"\usepackage{tikz}" in render_solution(d, "latex")
    assert r"\begin{tikzpicture}" in render_solution(d, "latex", fragment=True)
    assert "tikzpicture" not in render_solution(d, "latex", diagram=False)
    assert "svg" not in render_solution(d, "text")


# --- Markdown: file next to it with -o, data URI on stdout --------------------------------------------
def test_markdown_output_file_gets_its_svg_next_to_it(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "solution.md"
    cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "md", "-o", str(out), check=True)
    svg = tmp_path / "solution-network.svg"
    assert svg.exists() and ET.parse(svg).getroot().tag == SVG + "svg"
    assert "![Network diagram: each unit's values, each weight before → after the update](solution-network.svg)" \
        in out.read_text(encoding="utf-8")


def test_markdown_on_stdout_embeds_the_svg(cli: CliRunner) -> None:
    result = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "md", check=True)
    m = re.search(r"\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", result.stdout)
    assert m, "no embedded diagram"
    svg = base64.b64decode(m.group(1)).decode("utf-8")
    assert svg == network_svg(derive(load_problem(EXAMPLES / "seed001.toml")))


def test_unwritable_diagram_is_one_line_and_status_2(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "md", "-o", str(tmp_path / "no" / "x.md"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "x-network.svg" in result.stderr


# --- loss curves -----------------------------------------------------------------------------------
HISTORY = [(1, 0.5), (2, 0.3), (3, 0.21), (4, 0.17), (5, 0.16)]


def test_loss_curve_svg_places_each_point() -> None:
    root = ET.fromstring(loss_curve_svg(HISTORY, "E"))
    polyline = next(root.iter(SVG + "polyline"))
    points = [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]
    assert len(points) == len(HISTORY)
    ticks = {text_of(t) for g in root.iter(SVG + "g") if g.get("class") == "y-ticks" for t in g.iter(SVG + "text")}
    assert ticks == {"0.0", "0.1", "0.2", "0.3", "0.4", "0.5"}  # from 0 (losses come near it), step 0.1
    y_ticks = {text_of(t): float(t.get("y")) for g in root.iter(SVG + "g") if g.get("class") == "y-ticks"
               for t in g.iter(SVG + "text")}
    zero, half = y_ticks["0.0"], y_ticks["0.5"]
    for (_, loss), (_, y) in zip(HISTORY, points):
        # the label baselines sit 0.35 em below their tick: compare against the tick positions
        assert y + 0.35 * svg_writer.CURVE_METRICS.font_size == pytest.approx(zero + (half - zero) * loss / 0.5, abs=0.15)
    xs = [x for x, _ in points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_loss_curve_pgfplots_compiles_with_the_data(tmp_path: Path) -> None:
    long = [(e, 0.5 * math.exp(-e / 3000) + 0.01) for e in range(1, 10001)]
    body = loss_curve_pgfplots(HISTORY, "E") + loss_curve_pgfplots(long, "E")
    assert "(3,0.21)" in body and "(10000," in body and "(1,0.5)" in body
    compile_latex(tikz_document(body), tmp_path)


def test_long_histories_are_thinned_keeping_both_ends() -> None:
    long = [(e, 1 / e) for e in range(1, 10001)]
    root = ET.fromstring(loss_curve_svg(long))
    points = next(root.iter(SVG + "polyline")).get("points").split()
    assert 100 < len(points) <= 400
    assert loss_curve_svg(long) == loss_curve_svg(long)


# --- the notebook API ------------------------------------------------------------------------------
def test_import_stepcalc_is_cheap() -> None:
    # A fresh process: this one has long since imported sympy, numpy and jinja2.
    code = "import stepcalc, sys; print(sorted(m for m in ('sympy', 'numpy', 'jinja2') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    assert result.stdout.strip() == "[]"


def test_solve_accepts_a_path_a_dict_and_toml_text() -> None:
    import stepcalc

    path = EXAMPLES / "seed001.toml"
    text = path.read_text(encoding="utf-8")
    solutions = [stepcalc.solve(path), stepcalc.solve(str(path)), stepcalc.solve(tomllib.loads(text)), stepcalc.solve(text)]
    # the same solution each time; only the source named in the introduction differs
    markdowns = {re.sub(r"written by stepcalc from .*\.\n", "", s._repr_markdown_()) for s in solutions}
    assert len(markdowns) == 1
    assert "from &lt;dict&gt;." in solutions[2].markdown() and "from &lt;string&gt;." in solutions[3].markdown()
    md = markdowns.pop()
    assert "data:image/svg+xml;base64," in md and "$$" in md
    y_o = sigmoid(0.3 * sigmoid(0.21) + 0.9 * sigmoid(0.315))
    assert solutions[0].values["out.o"] == pytest.approx(y_o, abs=1e-15)
    latex = solutions[0]._repr_latex_()
    assert r"\begin{align*}" in latex and "tikzpicture" not in latex and r"\documentclass" not in latex


def test_loss_curve_api_takes_train_json_history() -> None:
    import stepcalc

    curve = stepcalc.loss_curve([{"epoch": e, "loss": v} for e, v in HISTORY])
    assert curve._repr_svg_() == loss_curve_svg(HISTORY)
    with pytest.raises(ValueError):
        stepcalc.loss_curve([])


# --- committed example figures ---------------------------------------------------------------------
@pytest.mark.parametrize("path", DIAGRAM_EXAMPLES, ids=lambda p: p.stem)
def test_committed_svg_diagrams_are_fresh(path: Path) -> None:
    """examples/NAME-network.svg is what `solve --format md -o examples/NAME.md` writes now.

    Regenerate with: STEPCALC_REGENERATE=1 python -m pytest tests/test_render.py tests/test_figures.py
    """
    target = figure_path_for(path, "network")
    fresh = network_svg(derive(load_problem(path)))
    if os.environ.get("STEPCALC_REGENERATE") == "1":
        target.write_text(fresh, encoding="utf-8")
    assert target.exists(), f"{target} missing"
    assert target.read_text(encoding="utf-8") == fresh, f"{target} is stale"


# --- loss curves in training reports ---------------------------------------------------------------
RUN = """
title = "A short batch run"
learning_rate = 0.5
epochs = 5
update = "batch"
[network]
layers = [2, 2, 1]
weights = [[[0.2, 0.3], [0.2, 0.3]], [[0.3], [0.9]]]
[[samples]]
x = [0.35, 0.7]
t = [0.5]
[[samples]]
x = [1, 0]
t = [1]
"""


@pytest.mark.parametrize("command", ["train", "solve"])
def test_reports_plot_every_epochs_loss(cli: CliRunner, command: str, tmp_path: Path) -> None:
    problem = tmp_path / "run.toml"
    problem.write_text(RUN, encoding="utf-8")
    history = json.loads(cli("train", str(problem), "--format", "json", "--report-every", "1", check=True).stdout)["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3, 4, 5]
    out = tmp_path / "report.md"
    cli(command, str(problem), "--format", "md", "-o", str(out), check=True)
    assert "![Loss per epoch](report-loss.svg)" in out.read_text(encoding="utf-8")
    root = ET.parse(tmp_path / "report-loss.svg").getroot()
    points = [tuple(map(float, p.split(","))) for p in next(root.iter(SVG + "polyline")).get("points").split()]
    ticks = {float(text_of(t)): float(t.get("y")) - 0.35 * svg_writer.CURVE_METRICS.font_size
             for g in root.iter(SVG + "g") if g.get("class") == "y-ticks" for t in g.iter(SVG + "text")}
    (v0, y0), (v1, y1) = min(ticks.items()), max(ticks.items())
    assert len(points) == len(history)
    for h, (_, y) in zip(history, points):
        assert y == pytest.approx(y0 + (y1 - y0) * (h["loss"] - v0) / (v1 - v0), abs=0.15)
    # on standard output the curve is embedded; LaTeX draws it with pgfplots and compiles
    assert "](data:image/svg+xml;base64," in cli(command, str(problem), "--format", "md", check=True).stdout
    latex = cli(command, str(problem), "--format", "latex", check=True).stdout
    assert r"\begin{axis}" in latex
    compile_latex(latex, tmp_path)


def test_solve_of_a_training_run_is_the_run(cli: CliRunner, tmp_path: Path) -> None:
    import stepcalc

    run = stepcalc.solve(RUN)
    problem = tmp_path / "run.toml"
    problem.write_text(RUN, encoding="utf-8")
    assert run.text() == cli("solve", str(problem), check=True).stdout.replace(str(problem), "<string>").replace("run.toml", "<string>")
    assert "](data:image/svg+xml;base64," in run._repr_markdown_()


# --- rendered, not estimated: no label's ink leaves its box ------------------------------------------
def gray_pixels(pdf: Path, dpi: int) -> tuple[int, int, bytes]:
    """The first page as 8-bit gray pixels (pdftoppm's PGM output)."""
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-gray", "-r", str(dpi), "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    data = pdf.with_suffix(".pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), int(height), pixels


def ink_around(rects: list, scale: float, image: tuple[int, int, bytes]) -> list:
    """Rectangles with dark pixels on the one-pixel ring just outside them, or no ink inside."""
    width, height, pixels = image

    def dark(x: int, y: int) -> bool:
        return 0 <= x < width and 0 <= y < height and pixels[y * width + x] < 160

    bad = []
    for r in rects:
        left, right = math.floor(r.left * scale) - 1, math.ceil(r.right * scale)
        top, bottom = math.floor(r.top * scale) - 1, math.ceil(r.bottom * scale)
        ring = [(x, y) for x in range(left, right + 1) for y in (top, bottom)] + \
               [(x, y) for y in range(top, bottom + 1) for x in (left, right)]
        inside = any(dark(x, y) for x in range(left + 1, right) for y in range(top + 1, bottom))
        if any(dark(x, y) for x, y in ring) or not inside:
            bad.append(r)
    return bad


def test_rendered_svg_labels_stay_in_their_boxes(tmp_path: Path) -> None:
    """rsvg-convert draws the 4-6-6-3 labels' text alone; none of it may reach outside its box."""
    rsvg = require_tool("rsvg-convert")
    d = derive(problem_from_mapping(wide_problem(decimals=4)))
    layout = network_layout(d, svg_writer.METRICS)
    root = ET.fromstring(network_svg(d))
    texts = [ET.tostring(g.find(SVG + "text"), encoding="unicode") for g in root.iter(SVG + "g")
             if g.get("class") == "weight"]
    only_text = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{root.get("width")}" height="{root.get("height")}" '
                 f'font-family="{root.get("font-family")}" font-size="{svg_writer.METRICS.label_size}" '
                 f'text-anchor="middle">' + "".join(texts) + "</svg>")
    (tmp_path / "labels.svg").write_text(only_text.replace("ns0:", "").replace(":ns0", ""), encoding="utf-8")
    subprocess.run([rsvg, "-f", "pdf", "-o", str(tmp_path / "labels.pdf"), str(tmp_path / "labels.svg")], check=True)
    # rsvg writes 96 px per inch into the PDF: 192 dpi is 2 pixels per SVG pixel
    assert ink_around(layout.labels(), 2.0, gray_pixels(tmp_path / "labels.pdf", 192)) == []


def test_rendered_tikz_labels_stay_in_their_boxes(tmp_path: Path) -> None:
    """pdflatex sets the 4-6-6-3 labels alone (no boxes, no edges); none may reach outside its box."""
    d = derive(problem_from_mapping(wide_problem(decimals=4)))
    layout = network_layout(d, tikz_writer.METRICS)
    keep = (r"\begin{tikzpicture}", r"\useasboundingbox", r"\end{tikzpicture}")
    lines = [line for line in network_tikz(d).splitlines()
             if line.startswith(keep) or (line.startswith(r"\node") and r"\to" in line)]
    assert sum(r"\to" in line for line in lines) == len(layout.edges)
    source = ("\\documentclass[border=0pt]{standalone}\n\\usepackage[T1]{fontenc}\n\\usepackage{amsmath}\n"
              "\\usepackage{tikz}\n\\begin{document}\n" + "\n".join(lines) + "\n\\end{document}\n")
    pdf = compile_latex(source, tmp_path)
    # 144 dpi is 2 pixels per TeX point (72.27 per inch: close enough over a few hundred points)
    assert ink_around(layout.labels(), 2.0 * 72 / 72.27, gray_pixels(pdf, 144)) == []


def test_runs_draw_each_update_worked_in_full(cli: CliRunner, tmp_path: Path) -> None:
    """Online: each sample's step has its diagram; batch: the batch update's, with the summed change."""
    online = tmp_path / "online.toml"
    online.write_text(RUN.replace('update = "batch"', 'update = "online"').replace("epochs = 5", "epochs = 1"),
                      encoding="utf-8")
    cli("solve", str(online), "--format", "md", "-o", str(tmp_path / "online.md"), check=True)
    text = (tmp_path / "online.md").read_text(encoding="utf-8")
    assert "](online-network.svg)" in text and "](online-network-e1-s2.svg)" in text
    # the second sample starts from the first one's new weights, 0.3 + 0.5 δ_o y_h2 (by hand)
    y_h1, y_h2 = sigmoid(0.21), sigmoid(0.315)
    y_o = sigmoid(0.3 * y_h1 + 0.9 * y_h2)
    w = 0.9 + 0.5 * y_o * (1 - y_o) * (0.5 - y_o) * y_h2
    labels = {g.get("data-weight"): text_of(g) for g in ET.parse(tmp_path / "online-network-e1-s2.svg").iter(SVG + "g")
              if g.get("class") == "weight"}
    assert labels["w.h2.o1"].startswith(four(w) + " → ")

    batch = tmp_path / "batch.toml"
    batch.write_text(RUN.replace("epochs = 5", "epochs = 1"), encoding="utf-8")
    cli("solve", str(batch), "--format", "md", "-o", str(tmp_path / "batch.md"), check=True)
    root = ET.parse(tmp_path / "batch-network-e1-b1.svg").getroot()
    units = {g.get("data-unit"): [text_of(t) for t in g.iter(SVG + "text")] for g in root.iter(SVG + "g")
             if g.get("class") == "unit"}
    assert units["h1"] == ["h1"]  # no one sample's values in a batch update
    # w_h2,o after one batch update: 0.9 + 0.5 Σ_s δ_o,s y_h2,s, each sample by hand
    change = 0.0
    for x, t in (((0.35, 0.7), 0.5), ((1.0, 0.0), 1.0)):
        h1, h2 = sigmoid(0.2 * x[0] + 0.2 * x[1]), sigmoid(0.3 * x[0] + 0.3 * x[1])
        y = sigmoid(0.3 * h1 + 0.9 * h2)
        change += 0.5 * y * (1 - y) * (t - y) * h2
    labels = {g.get("data-weight"): text_of(g) for g in root.iter(SVG + "g") if g.get("class") == "weight"}
    assert labels["w.h2.o1"] == f"0.9 → {four(0.9 + change)}"
