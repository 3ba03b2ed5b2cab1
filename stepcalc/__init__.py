"""stepcalc: the complete hand-worked solution of backpropagation on small neural networks.

Importing the package is cheap: `solve` and `loss_curve` load the engine (and jinja2) on first use.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing's own constant would cost every process the import of typing
if TYPE_CHECKING:
    from typing import Any, Mapping, Sequence

    from stepcalc.notebook import LossCurve, ProblemLike, RunSolution, Solution

__version__ = "0.1.0"
__all__ = ["solve", "loss_curve", "__version__"]


def solve(problem: ProblemLike, *, sample: int = 0, digits: int | None = None,
          audience: str = "teacher") -> Solution | RunSolution:
    """The worked solution, as `stepcalc solve` writes it; `problem` is a path, a dict or TOML text;
    `audience="student"` names no file, key or tool and says how numbers are rounded in plain words.

    Jupyter shows the result as Markdown with its figures; see `notebook.Solution` and `RunSolution`.
    """
    from stepcalc.notebook import solve as _solve

    return _solve(problem, sample=sample, digits=digits, audience=audience)


def loss_curve(history: Sequence[tuple[float, float]] | Sequence[Mapping[str, Any]], loss_name: str = "loss") -> LossCurve:
    """A loss curve of (epoch, loss) pairs (or {"epoch", "loss"} dicts); Jupyter shows it as SVG."""
    from stepcalc.notebook import loss_curve as _loss_curve

    return _loss_curve(history, loss_name)
