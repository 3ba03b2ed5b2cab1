"""What renderers keep between calls (numbers formatted, symbols and formulas written per notation,
bound notations, diagram layouts, unit names and symbol templates read) must never change a page:
problems with the same units but different notation, bias input, delta convention or rounding,
rendered one after another in one process, read exactly as each does rendered alone in a fresh state."""
from __future__ import annotations

import pytest

from stepcalc import notation
from stepcalc.engine import numbers
from stepcalc.engine.derive import derive
from stepcalc.figures import diagram
from stepcalc.problem.validate import problem_from_toml
from stepcalc.render import printer, solution

BASE = """
learning_rate = 0.5
{top}
[network]
layers = [2, 2, 1]
activation = "sigmoid"
units = [["x1", "x2"], ["h1", "h2"], ["o"]]
weights = [[[0.15, -0.25], [0.2, 0.3]], [[0.4], [-0.5]]]
biases = [[0.35, -0.1], [0.6]]
{network}
[[samples]]
x = [0.05, 0.1]
t = [0.01]
"""

VARIANTS = {
    "plain": ("", ""),
    "threshold": ("", "bias_input = -1"),
    "gradient": ('delta_convention = "gradient"', ""),
    "seed001": ('notation = "seed001"', ""),
    "matrix": ('notation = "matrix"', ""),
    "carry": ('[rounding]\nmode = "carry"\ndecimals = 3\nrule = "half_even"', ""),
}


def clear() -> None:
    printer._WRITTEN.clear()
    printer._SPELLED.clear()
    solution._BOUND.clear()
    diagram._LAYOUTS.clear()
    diagram._FRACTIONS.clear()
    numbers._fixed.cache_clear()
    numbers.plain.cache_clear()
    notation.latex_unit.cache_clear()
    notation._named_fields.cache_clear()


def page(name: str, fmt: str) -> str:
    top, network = VARIANTS[name]
    # the top-level keys go before [network]; a [rounding] table ends up before it too
    return solution.render_solution(derive(problem_from_toml(BASE.format(top=top, network=network))), fmt)


@pytest.mark.parametrize("fmt", ["text", "md", "latex", "json"])
def test_pages_rendered_in_turn_read_as_each_alone(fmt: str) -> None:
    alone = {}
    for name in VARIANTS:
        clear()
        alone[name] = page(name, fmt)
    assert len(set(alone.values())) == len(VARIANTS)  # each setting shows on the page
    clear()
    for name in [*VARIANTS, *reversed(VARIANTS), *VARIANTS]:  # every order, with everything kept
        assert page(name, fmt) == alone[name], name
