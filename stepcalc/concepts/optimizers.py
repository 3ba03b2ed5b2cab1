"""Update rules: how a parameter's gradient step becomes its change. One object each.

A rule owns its symbolic change (a formula tree over the gradient step and the previous change, for
the engine), its hyperparameters (the given values it reads) and its numpy form (for training), so
that the engine, the matrix layout and the numeric path cannot disagree on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepcalc.engine import expr as ex
from stepcalc import ids

MOMENTUM = ex.Sym(ids.MOMENTUM, "alpha")


@dataclass(frozen=True)
class GradientDescent:
    """Δw = −η ∂E/∂w: the change is the gradient step itself."""

    name = "sgd"

    @property
    def remembers_changes(self) -> bool:
        """Whether a change depends on the previous change (so it is carried to the next update)."""
        return False

    def hyperparameters(self) -> dict[str, float]:
        return {}

    def change(self, step: ex.Expr, previous: ex.Expr) -> ex.Expr:
        """The change as a formula, from the gradient step (−η ∂E/∂w) and the previous change."""
        return step

    def np_state(self, parameter: Any) -> Any:
        return None

    def np_change(self, step: Any, state: Any) -> tuple[Any, Any]:
        """(the change, the new state) from the gradient step, for arrays of parameters."""
        return step, state


@dataclass(frozen=True)
class Momentum(GradientDescent):
    """Δw(n) = −η ∂E/∂w + α Δw(n−1), starting from Δw(0) = 0."""

    momentum: float = 0.0
    name = "momentum"

    @property
    def remembers_changes(self) -> bool:
        return True

    def hyperparameters(self) -> dict[str, float]:
        return {MOMENTUM.key: self.momentum}

    def change(self, step: ex.Expr, previous: ex.Expr) -> ex.Expr:
        return ex.Add((step, ex.Mul((MOMENTUM, previous))))

    def np_state(self, parameter: Any) -> Any:
        return parameter * 0.0

    def np_change(self, step: Any, state: Any) -> tuple[Any, Any]:
        change = self.momentum * state + step
        return change, change


def update_rule(momentum: float | None) -> GradientDescent:
    """The rule a problem file asks for: plain gradient descent, or with `momentum`."""
    return GradientDescent() if momentum is None else Momentum(momentum)
