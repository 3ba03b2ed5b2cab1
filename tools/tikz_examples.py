"""Renders the TikZ network diagrams of seed 001 and the XOR step to PNG under examples/, so that
the LaTeX figures can be seen on the repository page (GitHub shows the SVG ones directly).

Run: python tools/tikz_examples.py   (needs pdflatex with TikZ, and pdftoppm)
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stepcalc.engine.derive import derive  # noqa: E402
from stepcalc.figures.labels import network_tikz  # noqa: E402
from stepcalc.problem.validate import load_problem  # noqa: E402

EXAMPLES = ("seed001", "xor_step")
DOCUMENT = r"""\documentclass[border=6pt]{standalone}
\usepackage[T1]{fontenc}
\usepackage{amsmath}
\usepackage{tikz}
\begin{document}
%s\end{document}
"""


def render(name: str, workdir: Path) -> Path:
    tex = workdir / f"{name}.tex"
    tex.write_text(DOCUMENT % network_tikz(derive(load_problem(ROOT / "examples" / f"{name}.toml"))), encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=workdir,
                   check=True, capture_output=True)
    target = ROOT / "examples" / f"{name}-network-tikz"
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(workdir / f"{name}.pdf"), str(target)], check=True)
    return target.with_suffix(".png")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for name in EXAMPLES:
            print(render(name, Path(tmp)))
