"""Shared test helpers: running the CLI, and the external tools (pdflatex, KaTeX) some tests need."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KATEX_SCRIPT = Path(__file__).resolve().parent / "katex_check.js"
KATEX_MODULES = ROOT / ".ci" / "node_modules"

# A 1-1 linear unit with a bias and two samples: small enough to work training runs by hand.
LINEAR = """
learning_rate = 0.1
{extra}
[network]
layers = [1, 1]
activation = "identity"
units = [["x"], ["o"]]
weights = [[[0.5]]]
biases = [[0.1]]
[[samples]]
x = [1]
t = [2]
[[samples]]
x = [2]
t = [1]
"""


def require_tool(name: str) -> str:
    """The tool's path; skip when it is missing, unless CI demands it (STEPCALC_REQUIRE_TOOLS=1)."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{name} is required (STEPCALC_REQUIRE_TOOLS=1) but not installed")
    pytest.skip(f"{name} not installed")


def run_cli(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "stepcalc", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"stepcalc {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


def compile_latex(source: str, workdir: Path) -> Path:
    """Compile a standalone LaTeX document with pdflatex; fail with its log on error."""
    pdflatex = require_tool("pdflatex")
    tex = workdir / "doc.tex"
    tex.write_text(source, encoding="utf-8")
    result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
                            cwd=workdir, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
        raise AssertionError(f"pdflatex failed: {errors or result.stdout[-2000:]}")
    return workdir / "doc.pdf"


MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def markdown_math(markdown: str) -> list[tuple[str, bool]]:
    """Every math span of a Markdown text: (TeX, display?)."""
    return [(m.group(1) if m.group(1) is not None else m.group(2), m.group(1) is not None)
            for m in MATH.finditer(markdown)]


def katex_errors(spans: list[tuple[str, bool]]) -> list[str]:
    """Render each span with KaTeX (throwOnError); return the error messages."""
    node = require_tool("node")
    if not (KATEX_MODULES / "katex").is_dir():
        if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
            pytest.fail("KaTeX is required but .ci/node_modules/katex is missing (run: cd .ci && npm install)")
        pytest.skip("KaTeX not installed (cd .ci && npm install)")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in spans])
    env = dict(os.environ, NODE_PATH=str(KATEX_MODULES))
    result = subprocess.run([node, str(KATEX_SCRIPT)], input=payload, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
