"""Activations: one object each, holding everything about the function.

An activation knows its symbolic form (over sympy's namespace, used only when a derivative is first
derived), its float and numpy forms, its display names (through its named function), the range of
its outputs (which targets and losses make sense), the targets a generated exercise draws, and how
an output layer of it turns the loss's error into δ. Adding an activation is one entry in ACTIVATIONS
(plus its named function in `functions.py` when it is not exp, ln or tanh).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from stepcalc.engine import expr as ex
from stepcalc.concepts.functions import FUNCTIONS, LEAKY_SLOPE, NamedFunction, normal_cdf, normal_pdf, sigmoid

INF = math.inf
DEFAULT_ACTIVATION = "sigmoid"  # of a layer whose problem file names none


@dataclass(frozen=True)
class Activation:
    """An activation function: its formula (for sympy), its numeric forms and the ranges of its values."""

    name: str
    form: Callable[[Any, Any], Any]  # (f, x) → the activation of x, over sympy's namespace f
    np_forward: Callable[[Any], Any]
    # f'(net) for the numpy paths, given net and out (whichever is cheaper)
    np_derivative: Callable[[Any, Any], Any]
    output_range: tuple[float, float]  # the open interval the outputs lie in (closed where reached)
    target_range: tuple[float, float]  # targets a generated exercise draws for an output of this kind
    show_explicit: bool = False  # write out the closed form when substituting (σ → 1/(1+e^{−net}))
    linear: bool = False  # f(net) = net: written as the net input itself, f' = 1

    @property
    def function(self) -> NamedFunction | None:
        return FUNCTIONS.get(self.name)

    @property
    def coupled(self) -> bool:
        """Each output depends on every net input of the layer (softmax); only an output layer may be."""
        return False

    def forward(self, net: float) -> float:
        """y = f(net) for one float (no numpy)."""
        function = self.function
        return net if self.linear or function is None or function.numeric is None else function.numeric(net)

    @property
    def peak_slope(self) -> float:
        """The slope just above net = 0: an unsaturated unit's, that a workable exercise's units are held to."""
        net = 1e-12
        return self.slope(net, self.forward(net))

    def reaches(self, value: float) -> bool:
        """Whether an output can come arbitrarily near `value` (a target there makes sense)."""
        low, high = self.output_range
        return low <= value <= high

    def out_formula(self, nets: Sequence[ex.Expr], j: int) -> ex.Expr:
        """y_j as a formula over the layer's net inputs."""
        return nets[j] if self.linear else ex.Call(self.name, (nets[j],))

    def slope(self, net: float, out: float) -> float:
        """∂y/∂net of the unit itself (for a coupled layer, the diagonal of its Jacobian)."""
        return float(self.np_derivative(net, out))

    def np_output_delta(self, net: Any, out: Any, gradient: Any) -> Any:
        """∂E/∂net of an output layer from ∂E/∂y, per sample (rows)."""
        return self.np_derivative(net, out) * gradient


@dataclass(frozen=True)
class CoupledActivation(Activation):
    """softmax: y_j = e^{net_j} / Σ_k e^{net_k}. Its Jacobian is full (∂y_j/∂net_k = y_j(1[j=k] − y_k)),
    so an output layer of it gathers every output's error into each δ."""

    @property
    def coupled(self) -> bool:
        return True

    @property
    def peak_slope(self) -> float:
        return 0.25  # the diagonal y(1 − y), largest at y = ½

    def out_formula(self, nets: Sequence[ex.Expr], j: int) -> ex.Expr:
        return ex.Div(ex.Call("exp", (nets[j],)), ex.Add(tuple(ex.Call("exp", (n,)) for n in nets)))

    def slope(self, net: float, out: float) -> float:
        return out * (1 - out)

    def delta_formula(self, k: int, outs: Sequence[ex.Expr], weighted_errors: Sequence[ex.Expr]) -> ex.Expr:
        """δ_k = Σ_j e_j ∂y_j/∂net_k = y_k e_k − y_k Σ_j y_j e_j, with `weighted_errors` the y_j e_j
        (simplified by sympy: t_j for cross-entropy)."""
        return ex.Add((weighted_errors[k], ex.Neg(ex.Mul((outs[k], ex.Add(tuple(weighted_errors)))))))

    def jacobian(self, outs: Sequence[ex.Expr], j: int, k: int) -> ex.Expr:
        """∂y_j/∂net_k = y_j(1[j=k] − y_k), written as by hand: y_k(1 − y_k) on the diagonal, −y_j y_k off it."""
        if j == k:
            return ex.Mul((outs[k], ex.sub(ex.num(1), outs[k])))
        return ex.Neg(ex.Mul((outs[j], outs[k])))

    def np_output_delta(self, net: Any, out: Any, gradient: Any) -> Any:
        return out * (gradient - (out * gradient).sum(axis=-1, keepdims=True))


def _np() -> Any:
    import numpy

    return numpy


def _np_sigmoid(x: Any) -> Any:
    return 0.5 * (1.0 + _np().tanh(0.5 * x))


def _np_softmax(x: Any) -> Any:
    z = _np().exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _np_softplus(x: Any) -> Any:
    return _np().logaddexp(0.0, x)


def _np_elu(x: Any) -> Any:
    np = _np()
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


def _elementwise(scalar: Callable[[float], float]) -> Callable[[Any], Any]:
    """A float function applied to a float as it is (no numpy import), or to each entry of an array."""
    def apply(x: Any) -> Any:
        if isinstance(x, (int, float)):
            return scalar(float(x))
        return _np().vectorize(scalar, otypes=[float])(x)
    return apply


_sigmoid = _elementwise(sigmoid)
# numpy has no erf: math.erf per entry (the networks here are small)
_normal_cdf, _normal_pdf = _elementwise(normal_cdf), _elementwise(normal_pdf)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", lambda f, x: f.sigmoid(x), _np_sigmoid, lambda net, out: out * (1 - out),
                   output_range=(0.0, 1.0), target_range=(0.0, 1.0), show_explicit=True),
        Activation("identity", lambda f, x: x, lambda x: x, lambda net, out: 1.0 + 0 * out,
                   output_range=(-INF, INF), target_range=(-1.0, 1.0), linear=True),
        Activation("tanh", lambda f, x: f.tanh(x), lambda x: _np().tanh(x), lambda net, out: 1 - out**2,
                   output_range=(-1.0, 1.0), target_range=(-1.0, 1.0)),
        Activation("relu", lambda f, x: f.relu(x), lambda x: _np().maximum(x, 0.0), lambda net, out: (net > 0) * 1.0,
                   output_range=(0.0, INF), target_range=(0.0, 1.0)),
        CoupledActivation("softmax", lambda f, x: f.softmax(x), _np_softmax, lambda net, out: out * (1 - out),
                          output_range=(0.0, 1.0), target_range=(0.0, 1.0)),
        Activation("leaky_relu", lambda f, x: f.leaky_relu(x),
                   lambda x: _np().where(x > 0, x, LEAKY_SLOPE * x),
                   lambda net, out: LEAKY_SLOPE + (1.0 - LEAKY_SLOPE) * (net > 0),
                   output_range=(-INF, INF), target_range=(-1.0, 1.0)),
        Activation("softplus", lambda f, x: f.softplus(x), _np_softplus, lambda net, out: _sigmoid(net),
                   output_range=(0.0, INF), target_range=(0.0, 1.0), show_explicit=True),
        Activation("elu", lambda f, x: f.elu(x), _np_elu,
                   lambda net, out: (net > 0) * 1.0 + (net <= 0) * (out + 1.0),
                   output_range=(-1.0, INF), target_range=(-0.5, 1.0)),
        Activation("gelu", lambda f, x: f.gelu(x), lambda x: x * _normal_cdf(x),
                   lambda net, out: _normal_cdf(net) + net * _normal_pdf(net),
                   output_range=(-0.17, INF), target_range=(0.0, 1.0)),
    )
}
