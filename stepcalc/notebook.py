"""The Python API for notebooks: `stepcalc.solve(problem)` → a `Solution` (one step) or a
`RunSolution` (a training run) Jupyter displays as Markdown (figures embedded), and `stepcalc.loss_curve(history)` → a `LossCurve`
Jupyter displays as SVG.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from stepcalc import app
from stepcalc.app import as_problem  # noqa: F401  (part of this module's API)
from stepcalc.engine.derive import Derivation
from stepcalc.engine.numbers import as_float, Rounding
from stepcalc.problem.validate import Problem

ProblemLike = Problem | Mapping[str, Any] | str | Path


@dataclass(frozen=True)
class Solution:
    """One worked training step. In Jupyter it shows as Markdown with the diagram embedded."""

    derivation: Derivation
    audience: str = "teacher"  # or "student": no file, key or tool named

    @property
    def values(self) -> dict[str, float]:
        """Every step's value at full precision, keyed by step id (net.h1, w.x1.h1, ...)."""
        return {s.id: as_float(s.value) for s in self.derivation.steps}

    def markdown(self) -> str:
        """Markdown with $…$ math; the diagram as an SVG data URI (shown by Jupyter, not GitHub)."""
        return self._render("md")

    def latex(self, fragment: bool = False, diagram: bool = True) -> str:
        """A standalone LaTeX document, or with `fragment` the body only (then load tikz yourself)."""
        return self._render("latex", fragment, diagram)

    def text(self) -> str:
        return self._render("text")

    def json(self) -> str:
        return self._render("json")

    def html(self) -> str:
        """One self-contained page (KaTeX inlined) stepping through the solution on the diagram."""
        return self._render("html")

    def _render(self, fmt: str, fragment: bool = False, diagram: bool = True) -> str:
        d = self.derivation
        return app.render(app.Worked(d.problem, d.rounding, d), app.SolveOptions(fmt, fragment=fragment, diagram=diagram,
                                                                                 audience=self.audience))

    def network_svg(self) -> str:
        from stepcalc.figures.labels import network_svg

        return network_svg(self.derivation)

    def network_tikz(self) -> str:
        from stepcalc.figures.labels import network_tikz

        return network_tikz(self.derivation)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_latex_(self) -> str:
        # The body without the TikZ figure: nbconvert's LaTeX/PDF export uses text/latex verbatim,
        # and its template loads no tikz.
        return self.latex(fragment=True, diagram=False)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        p = self.derivation.problem
        return f"<stepcalc.Solution {'-'.join(map(str, p.layers))} from {p.source}: {len(self.derivation.steps)} steps>"


def solve(problem: ProblemLike, *, sample: int = 0, digits: int | None = None,
          audience: str = "teacher") -> Solution | RunSolution:
    """The worked solution of `problem`, as `stepcalc solve` writes it: one training step on sample
    `sample` (0-based), or for a problem with several samples or epochs the whole run; `audience`
    "student" writes it for students (see `stepcalc solve --audience`)."""
    app.check_audience(audience)
    worked = app.work(problem, digits, sample)
    if worked.step is None:
        # Worked now, so that numbers the run cannot compute (a logarithm of 0, an overflow) raise here
        # rather than when it is first shown; the Markdown Jupyter shows is kept.
        return RunSolution(worked.problem, worked.rounding,
                           app.render(worked, app.SolveOptions("md", audience=audience)), audience)
    return Solution(worked.step, audience)


@dataclass(frozen=True)
class RunSolution:
    """A training run (several samples or epochs): the first updates in full, then the loss per
    epoch with its curve. In Jupyter it shows as Markdown with the curve embedded."""

    problem: Problem
    rounding: Rounding
    shown: str = field(default="", repr=False, compare=False)  # the Markdown, when already rendered
    audience: str = "teacher"

    def _render(self, fmt: str, fragment: bool = False) -> str:
        if fmt == "md" and self.shown:
            return self.shown
        return app.render(app.Worked(self.problem, self.rounding, None),
                          app.SolveOptions(fmt, fragment=fragment, audience=self.audience))

    def markdown(self) -> str:
        return self._render("md")

    def latex(self, fragment: bool = False) -> str:
        """A standalone document, or with `fragment` the body (then load pgfplots yourself)."""
        return self._render("latex", fragment)

    def text(self) -> str:
        return self._render("text")

    def json(self) -> str:
        return self._render("json")

    def html(self) -> str:
        """One self-contained page stepping through each update worked in full, with the loss curve."""
        return self._render("html")

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        p = self.problem
        return f"<stepcalc.RunSolution {'-'.join(map(str, p.layers))} from {p.source}: {p.epochs} epochs>"


@dataclass(frozen=True)
class LossCurve:
    """A loss curve over epochs; Jupyter shows it as SVG."""

    history: tuple[tuple[float, float], ...]
    loss_name: str = "loss"

    def svg(self) -> str:
        from stepcalc.figures.labels import loss_curve_svg

        return loss_curve_svg(self.history, self.loss_name)

    def pgfplots(self) -> str:
        from stepcalc.figures.labels import loss_curve_pgfplots

        return loss_curve_pgfplots(self.history, self.loss_name)

    def _repr_svg_(self) -> str:
        return self.svg()


def loss_curve(history: Sequence[tuple[float, float]] | Sequence[Mapping[str, float]], loss_name: str = "loss") -> LossCurve:
    """`history`: (epoch, loss) pairs, or `stepcalc train --format json`'s {"epoch", "loss"} entries."""
    pairs = tuple((float(h["epoch"]), float(h["loss"])) if isinstance(h, Mapping) else (float(h[0]), float(h[1]))
                  for h in history)
    if not pairs:
        raise ValueError("a loss curve needs at least one (epoch, loss) point")
    return LossCurve(pairs, loss_name)
