"""Layer kinds: how a layer turns its inputs into net inputs, how δ passes back through it, and what
a parameter's gradient is made of. One object each; the engine and the numeric path ask it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from stepcalc.engine import expr as ex


def _sum(terms: Sequence[ex.Expr]) -> ex.Expr:
    return ex.Add(tuple(terms))


@dataclass(frozen=True)
class Dense:
    """A fully connected layer: net_j = Σ_i w_ij y_i (+ b_j), each unit j with its own activation."""

    name = "dense"

    @staticmethod
    def form(w: Any, source: Any, rest: Any) -> Any:
        """One weight's share of a net input and the rest of it (symbolic, for ∂net/∂w and ∂net/∂y)."""
        return w * source + rest

    def net_formula(self, weights: Sequence[ex.Expr], inputs: Sequence[ex.Expr], bias: ex.Expr | None) -> ex.Expr:
        """net_j = w_1j y_1 + … + w_nj y_n (+ b_j), in the order the inputs are given."""
        terms: list[ex.Expr] = [ex.Mul((w, y)) for w, y in zip(weights, inputs)]
        return _sum(terms + ([bias] if bias is not None else []))

    def backward_signal(self, weights_out: Sequence[ex.Expr], deltas_next: Sequence[ex.Expr]) -> ex.Expr:
        """What reaches a unit from the layer after it: Σ_k w_jk δ_k."""
        return _sum([ex.Mul((w, delta)) for w, delta in zip(weights_out, deltas_next)])

    def weight_gradient_factors(self, delta: ex.Expr, source: ex.Expr) -> tuple[ex.Expr, ...]:
        """∂E/∂net_j × ∂net_j/∂w_ij: δ_j and the source's output y_i."""
        return (delta, source)

    def bias_gradient_factors(self, delta: ex.Expr) -> tuple[ex.Expr, ...]:
        """∂net_j/∂b_j = 1: the gradient is δ_j itself."""
        return (delta,)

    # numpy forms, for a batch of samples as rows
    def np_net(self, inputs: Any, weights: Any, bias: Any | None) -> Any:
        net = inputs @ weights
        return net if bias is None else net + bias

    def np_backward(self, delta: Any, weights: Any) -> Any:
        return delta @ weights.T

    def np_weight_gradient(self, inputs: Any, delta: Any) -> Any:
        return inputs.T @ delta


DENSE = Dense()
