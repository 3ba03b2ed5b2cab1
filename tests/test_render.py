"""Rendered output: compiles, renders in KaTeX, is escaped, deterministic, and committed fresh."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stepcalc.engine.derive import derive
from stepcalc.figures.labels import figure_path_for
from stepcalc.engine.schedule import is_single_step
from stepcalc.problem.validate import load_problem, problem_from_toml
from stepcalc.render.solution import render_solution

from conftest import EXAMPLES, ROOT, CliRunner, compile_latex, katex_errors, markdown_math

# Every single-step problem under examples/ (every examples/*.toml is a problem; claims files end in
# .claims; training runs such as xor.toml are rendered by their own test below).
SINGLE_STEP = sorted(p for p in EXAMPLES.glob("*.toml") if is_single_step(load_problem(p)))


def solve(path: Path, fmt: str, **kwargs: object) -> str:
    return render_solution(derive(load_problem(path)), fmt, **kwargs)


@pytest.mark.parametrize("path", SINGLE_STEP, ids=lambda p: p.stem)
def test_committed_markdown_rendering_is_fresh(path: Path) -> None:
    """examples/NAME.md is what `stepcalc solve examples/NAME.toml --format md` writes now.

    Regenerate with: STEPCALC_REGENERATE=1 python -m pytest tests/test_render.py
    """
    rendered = path.with_suffix(".md")
    fresh = solve(path, "md", diagram_file=figure_path_for(path, "network").name)
    if os.environ.get("STEPCALC_REGENERATE") == "1":
        rendered.write_text(fresh, encoding="utf-8")
    assert rendered.exists(), f"{rendered} missing"
    assert rendered.read_text(encoding="utf-8") == fresh, f"{rendered} is stale"


@pytest.mark.parametrize("path", SINGLE_STEP, ids=lambda p: p.stem)
def test_every_markdown_math_span_renders_in_katex(path: Path) -> None:
    spans = markdown_math(solve(path, "md"))
    assert len(spans) > 10
    assert katex_errors(spans) == []


@pytest.mark.parametrize("path", SINGLE_STEP, ids=lambda p: p.stem)
def test_every_latex_document_compiles(path: Path, tmp_path: Path) -> None:
    pdf = compile_latex(solve(path, "latex"), tmp_path)
    assert pdf.stat().st_size > 1000


def test_fragment_is_the_body_only() -> None:
    fragment = solve(EXAMPLES / "seed001.toml", "latex", fragment=True)
    assert r"\documentclass" not in fragment and r"\end{document}" not in fragment
    assert r"\begin{align*}" in fragment


def test_json_has_every_step_with_full_precision() -> None:
    document = json.loads(solve(EXAMPLES / "seed001.toml", "json"))
    steps = {s["id"]: s for s in document["steps"]}
    for s in document["steps"]:
        assert {"id", "kind", "value", "formula", "substituted"} <= set(s)
    assert steps["out.h1"]["value"] == pytest.approx(1 / (1 + math.exp(-(0.2 * 0.35 + 0.2 * 0.7))), abs=1e-16)
    assert steps["delta.o"]["substituted"] == "0.6651 × (1 − 0.6651) × (0.5 − 0.6651)"
    assert steps["delta.o"]["formula"] == "y_o(1 − y_o)(t_o − y_o)"


HOSTILE = r'''
title = "\\input{/etc/passwd} $x$ <script>alert(1)</script> *bold* _u_ # % & ~ ^ σ"
learning_rate = 0.5
[network]
layers = [2, 1]
units = [["a_b", "c&d"], ["\\input{x}"]]
weights = [[[0.1], [0.2]]]
[[samples]]
x = [1, 2]
t = [0.5]
'''


def test_problem_text_is_data_in_latex(tmp_path: Path) -> None:
    problem = problem_from_toml(HOSTILE, "hostile.toml")
    latex = render_solution(derive(problem), "latex")
    assert r"\input{/etc/passwd}" not in latex and r"\input{x}" not in latex
    assert r"\textbackslash{}input\{/etc/passwd\}" in latex
    compile_latex(latex, tmp_path)  # compiles, and never reads /etc/passwd (it would be an error: no \input)
    assert "root:" not in (tmp_path / "doc.log").read_text(errors="replace")


def test_problem_text_is_data_in_markdown() -> None:
    problem = problem_from_toml(HOSTILE, "hostile.toml")
    markdown = render_solution(derive(problem), "md")
    title = markdown.splitlines()[0]
    assert "<script>" not in markdown
    assert r"&lt;script&gt;" in title and r"\*bold\*" in title and r"\$x\$" in title
    # Names inside math are escaped for TeX and still render.
    assert katex_errors(markdown_math(markdown.split("\n", 1)[1])) == []


def test_same_input_gives_byte_identical_output() -> None:
    # Processes of their own: PYTHONHASHSEED only takes effect when an interpreter starts.
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        for fmt in ("md", "json"):
            result = subprocess.run([sys.executable, "-m", "stepcalc", "solve", str(EXAMPLES / "seed004.toml"),
                                     "--format", fmt], env=env, capture_output=True, check=True)
            outputs.add((fmt, result.stdout))
    assert len(outputs) == 2


def test_digits_changes_display_only() -> None:
    from stepcalc.cli import main
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        main(["solve", str(EXAMPLES / "seed001.toml"), "--digits", "6", "--format", "json"])
    steps = {s["id"]: s for s in json.loads(buffer.getvalue())["steps"]}
    assert steps["out.h1"]["display"] == "0.552308"
    assert steps["out.h1"]["value"] == pytest.approx(0.5523079095743253, abs=1e-16)


def test_committed_xor_run_rendering_is_fresh(cli: CliRunner, tmp_path: Path) -> None:
    """examples/xor.md and its figures are what `stepcalc solve examples/xor.toml --format md -o …` writes.

    Regenerate with: stepcalc solve examples/xor.toml --format md -o examples/xor.md
    """
    cli("solve", str(EXAMPLES / "xor.toml"), "--format", "md", "-o", str(tmp_path / "xor.md"), check=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "xor.md" in written and "xor-loss.svg" in written
    for name in written:
        committed = EXAMPLES / name
        assert committed.exists(), f"{committed} missing"
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), f"{committed} is stale"


def test_a_4_6_6_3_solution_fits_the_page_width(tmp_path: Path) -> None:
    """Long sums of numbers are broken over aligned lines and long tables break across pages."""
    import random

    rng = random.Random(1)
    layers = [4, 6, 6, 3]
    data = {
        "learning_rate": 0.5,
        "network": {"layers": layers,
                    "weights": [[[round(rng.uniform(-1, 1), 2) for _ in range(b)] for _ in range(a)]
                                for a, b in zip(layers, layers[1:])],
                    "biases": [[round(rng.uniform(-0.5, 0.5), 2) for _ in range(n)] for n in layers[1:]]},
        "samples": [{"x": [0.1, 0.2, 0.3, 0.4], "t": [0.2, 0.5, 0.8]}],
    }
    from stepcalc.problem.validate import problem_from_mapping

    latex = render_solution(derive(problem_from_mapping(data)), "latex", derivation=False)
    compile_latex(latex, tmp_path)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log
    assert r"\begin{longtable}" in latex


@pytest.mark.parametrize("fmt", ["text", "md", "latex"])
def test_templates_share_one_given_block_and_one_step_loop(fmt: str) -> None:
    """The Given block and the loop over a solution's steps live in the format's macro file only."""
    directory = ROOT / "templates" / fmt
    macros = next(directory.glob("_macros.*.j2")).read_text(encoding="utf-8")
    assert macros.count("Network {{ architecture }}") == 1 and macros.count("for step in") == 1
    for template in directory.glob("[!_]*.j2"):
        source = template.read_text(encoding="utf-8")
        assert "Network {{ architecture }}" not in source and "for step in" not in source, template.name
