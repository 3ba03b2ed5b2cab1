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


@dataclass(frozen=True)
class Recurrent:
    """An Elman hidden layer unrolled through time: net_j(t) = Σ_i w_ij x_i(t) + Σ_k u_kj y_k(t−1) (+ b_j).

    Backpropagation through time: δ_j(t) gathers the output layer's δs at t and, through the
    recurrent weights, its own layer's δs at t + 1; each weight's gradient is the sum over the time
    steps of its contributions δ(t) × source(t) (source(t) = y_k(t−1) for a recurrent weight).
    """

    name = "recurrent"

    def net_formula(self, weights: Sequence[ex.Expr], inputs: Sequence[ex.Expr], recurrent: Sequence[ex.Expr],
                    previous: Sequence[ex.Expr], bias: ex.Expr | None) -> ex.Expr:
        """net_j(t) = w_1j x_1(t) + … + u_1j y_1(t−1) + … (+ b_j), inputs first, then the state."""
        terms: list[ex.Expr] = [ex.Mul((w, y)) for w, y in zip(weights, inputs)]
        terms += [ex.Mul((u, h)) for u, h in zip(recurrent, previous)]
        return _sum(terms + ([bias] if bias is not None else []))

    def backward_signal(self, weights_out: Sequence[ex.Expr], deltas_out: Sequence[ex.Expr],
                        recurrent_out: Sequence[ex.Expr], deltas_later: Sequence[ex.Expr]) -> ex.Expr:
        """What reaches hidden unit j at t: Σ_k w_jk δ_k(t) over the outputs with a loss term at t, plus
        Σ_m u_jm δ_m(t+1) over its own layer one step later (none at the last step backpropagated)."""
        terms = [ex.Mul((w, d)) for w, d in zip(weights_out, deltas_out)]
        terms += [ex.Mul((u, d)) for u, d in zip(recurrent_out, deltas_later)]
        return terms[0] if len(terms) == 1 else _sum(terms)

    def contribution_factors(self, delta: ex.Expr, source: ex.Expr) -> tuple[ex.Expr, ...]:
        """One time step's share of ∂E/∂w: δ_j(t) and what the weight carried at t (x_i(t), y_i(t−1))."""
        return (delta, source)

    # numpy forms: one sequence (time steps as rows), or a batch (samples × time × units)
    def np_states(self, xs: Any, weights: Any, recurrent: Any, bias: Any | None, h0: Any,
                  activation: Any) -> tuple[Any, Any]:
        """Nets (…, T, H) and states (…, T + 1, H), states[…, 0] = h0, in time order."""
        import numpy as np

        steps = xs.shape[-2]
        nets = np.empty(xs.shape[:-1] + (recurrent.shape[0],))
        states = np.empty(xs.shape[:-2] + (steps + 1, recurrent.shape[0]))
        states[..., 0, :] = h0
        for t in range(steps):
            net = xs[..., t, :] @ weights + states[..., t, :] @ recurrent
            nets[..., t, :] = net if bias is None else net + bias
            states[..., t + 1, :] = activation.np_forward(nets[..., t, :])
        return nets, states

    def np_backward(self, delta_out: Any, weights_out: Any, delta_later: Any, recurrent: Any) -> Any:
        """Σ_k w_jk δ_k(t) + Σ_m u_jm δ_m(t+1), before the activation's slope."""
        return delta_out @ weights_out.T + delta_later @ recurrent.T


RECURRENT = Recurrent()
