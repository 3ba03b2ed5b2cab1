"""Activations and losses: one entry each.

An entry holds the display names, the plain-float and numpy forms (for the numeric paths) and its
sympy form, built on demand by `stepcalc.symbolic` so that importing this registry stays cheap
(`train` and validation never import sympy). Derivatives used in formulas are derived by sympy from
the sympy form; tests hold the numeric forms equal to the symbolic ones.

Adding an activation is one entry here plus, if sympy lacks the function, one class in symbolic.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable


def _sigmoid(x: float) -> float:
    # Two branches keep exp() from overflowing for large |x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _np_sigmoid(x: Any) -> Any:
    import numpy as np

    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _np_softmax(x: Any) -> Any:
    import numpy as np

    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Activation:
    name: str
    text: str  # how its application is written in plain text, e.g. "σ"
    latex: str
    forward: Callable[[float], float] | None  # None for vector-valued activations (softmax)
    np_forward: Callable[[Any], Any]
    # f'(net) for the numpy training path, given net and out (whichever is cheaper)
    np_derivative: Callable[[Any, Any], Any] | None
    show_explicit: bool = False  # write out the closed form when substituting (σ → 1/(1+e^{−net}))
    output_only: bool = False


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", "σ", r"\sigma", _sigmoid, _np_sigmoid, lambda net, out: out * (1 - out), True),
        Activation("identity", "id", r"\mathrm{id}", lambda x: x, lambda x: x, lambda net, out: 1.0 + 0 * out),
        Activation("tanh", "tanh", r"\tanh", math.tanh, lambda x: __import__("numpy").tanh(x),
                   lambda net, out: 1 - out**2),
        Activation("relu", "ReLU", r"\mathrm{ReLU}", lambda x: x if x > 0 else 0.0,
                   lambda x: __import__("numpy").maximum(x, 0.0), lambda net, out: (net > 0) * 1.0),
        Activation("softmax", "softmax", r"\mathrm{softmax}", None, _np_softmax, None, output_only=True),
    )
}


@dataclass(frozen=True)
class NamedFunction:
    """A function that may appear in a formula: its display and its float form."""

    text: str
    latex: str
    numeric: Callable[..., float]


# Functions that formulas call by name (activations and the derivatives sympy writes with them).
FUNCTIONS: dict[str, NamedFunction] = {
    "exp": NamedFunction("exp", r"\exp", lambda x: math.exp(x)),
    "ln": NamedFunction("ln", r"\ln", math.log),
    "sigmoid": NamedFunction("σ", r"\sigma", _sigmoid),
    "tanh": NamedFunction("tanh", r"\tanh", math.tanh),
    "relu": NamedFunction("ReLU", r"\mathrm{ReLU}", lambda x: x if x > 0 else 0.0),
    # ReLU's derivative, with the convention f'(0) = 0
    "step": NamedFunction("ReLU′", r"\mathrm{ReLU}'", lambda x: 1.0 if x > 0 else 0.0),
}

NUMERIC_FUNCTIONS: dict[str, Callable[..., float]] = {k: f.numeric for k, f in FUNCTIONS.items()}


def _np_half_sse(t: Any, y: Any) -> Any:
    return 0.5 * ((t - y) ** 2).sum(axis=-1)


@dataclass(frozen=True)
class Loss:
    name: str
    text: str  # the formula in plain text, for the README and text output
    latex: str
    scale: Callable[[int], Fraction]  # constant in front of the sum over the K outputs
    np_loss: Callable[[Any, Any], Any]  # per sample: E(t, y) summed over outputs
    np_gradient: Callable[[Any, Any], Any]  # ∂E/∂y, elementwise
    needs_unit_interval: bool = False  # outputs must lie in (0, 1) for the logarithms


def _np_log(x: Any) -> Any:
    import numpy as np

    return np.log(x)


LOSSES: dict[str, Loss] = {
    l.name: l
    for l in (
        Loss("half_sse", "E = ½ Σ (t − y)²", r"E = \frac{1}{2}\sum_k (t_k - y_k)^2", lambda k: Fraction(1, 2),
             _np_half_sse, lambda t, y: y - t),
        Loss("sse", "E = Σ (t − y)²", r"E = \sum_k (t_k - y_k)^2", lambda k: Fraction(1),
             lambda t, y: ((t - y) ** 2).sum(axis=-1), lambda t, y: 2 * (y - t)),
        Loss("mse", "E = (1/K) Σ (t − y)² over the K outputs", r"E = \frac{1}{K}\sum_{k=1}^{K} (t_k - y_k)^2", lambda k: Fraction(1, k),
             lambda t, y: ((t - y) ** 2).mean(axis=-1), lambda t, y: 2 * (y - t) / t.shape[-1]),
        Loss("bce", "E = −Σ [t ln y + (1 − t) ln(1 − y)]",
             r"E = -\sum_k \left[t_k \ln y_k + (1 - t_k) \ln(1 - y_k)\right]", lambda k: Fraction(-1),
             lambda t, y: -(t * _np_log(y) + (1 - t) * _np_log(1 - y)).sum(axis=-1),
             lambda t, y: -(t / y) + (1 - t) / (1 - y), needs_unit_interval=True),
        Loss("cross_entropy", "E = −Σ t ln y", r"E = -\sum_k t_k \ln y_k", lambda k: Fraction(-1),
             lambda t, y: -(t * _np_log(y)).sum(axis=-1), lambda t, y: -(t / y)),
    )
}
