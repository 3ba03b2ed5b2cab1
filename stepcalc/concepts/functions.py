"""Functions that formulas call by name (activations, their derivatives, exp and ln): each with its
display names, its float form and its local derivative, in one place.

A derivative is written against a namespace `f` of sympy functions (f.exp, f.sigmoid, f.log, …) that
`stepcalc.engine.symbolic` supplies, so this module never imports sympy. `derivative = None` means sympy
already knows the function (exp, ln, tanh).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class NamedFunction:
    name: str
    text: str
    latex: str
    numeric: Callable[..., float] | None  # None: shown in formulas, never evaluated alone (softmax)
    derivative: Callable[[Any, Any], Any] | None = None  # (f, x) → d/dx, over sympy's namespace f
    explicit: Callable[[Any, Any], Any] | None = None  # (f, x) → closed form, e.g. σ(x) = 1/(1 + e^{−x})


def sigmoid(x: float) -> float:
    # Two branches keep exp() from overflowing for large |x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def softplus(x: float) -> float:
    # ln(1 + e^x) without overflow: x + ln(1 + e^−x) for positive x.
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def normal_pdf(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def ln(x: float) -> float:
    if x <= 0:
        # in a loss, ln of an output that rounds to exactly 0 or 1 (a saturated unit)
        raise ArithmeticError(f"logarithm of {x!r} (an output is exactly 0 or 1: use smaller weights or inputs)")
    return math.log(x)


LEAKY_SLOPE = 0.01


def _heaviside(x: float, below: float) -> float:
    return 1.0 if x > 0 else below


FUNCTIONS: dict[str, NamedFunction] = {
    f.name: f
    for f in (
        NamedFunction("exp", "exp", r"\exp", exp),
        NamedFunction("ln", "ln", r"\ln", ln),
        NamedFunction("tanh", "tanh", r"\tanh", math.tanh),
        NamedFunction("sigmoid", "σ", r"\sigma", sigmoid,
                      derivative=lambda f, x: f.sigmoid(x) * (1 - f.sigmoid(x)),
                      explicit=lambda f, x: f.reciprocal(f.sum(1, f.exp(-x)))),
        # ReLU's derivative, with the convention f'(0) = 0
        NamedFunction("step", "ReLU′", r"\mathrm{ReLU}'", lambda x: _heaviside(x, 0.0),
                      derivative=lambda f, x: 0),
        NamedFunction("relu", "ReLU", r"\mathrm{ReLU}", lambda x: x if x > 0 else 0.0,
                      derivative=lambda f, x: f.step(x)),
        NamedFunction("leaky_step", "LReLU′", r"\mathrm{LReLU}'", lambda x: _heaviside(x, LEAKY_SLOPE),
                      derivative=lambda f, x: 0),
        NamedFunction("leaky_relu", "LReLU", r"\mathrm{LReLU}", lambda x: x if x > 0 else LEAKY_SLOPE * x,
                      derivative=lambda f, x: f.leaky_step(x)),
        NamedFunction("softplus", "softplus", r"\operatorname{softplus}", softplus,
                      derivative=lambda f, x: f.sigmoid(x),
                      explicit=lambda f, x: f.log(f.sum(1, f.exp(x)))),
        # ELU with α = 1: x for x > 0, e^x − 1 below; its derivative 1 or e^x (continuous at 0)
        NamedFunction("elu_step", "ELU′", r"\mathrm{ELU}'", lambda x: 1.0 if x > 0 else exp(x)),
        NamedFunction("elu", "ELU", r"\mathrm{ELU}", lambda x: x if x > 0 else math.expm1(x),
                      derivative=lambda f, x: f.elu_step(x)),
        # GELU, exact form x Φ(x) with Φ the standard normal distribution function
        NamedFunction("normal_pdf", "φ", r"\varphi", normal_pdf, derivative=lambda f, x: -x * f.normal_pdf(x)),
        NamedFunction("normal_cdf", "Φ", r"\Phi", normal_cdf, derivative=lambda f, x: f.normal_pdf(x)),
        NamedFunction("gelu", "GELU", r"\mathrm{GELU}", lambda x: x * normal_cdf(x),
                      derivative=lambda f, x: f.normal_cdf(x) + x * f.normal_pdf(x)),
        NamedFunction("softmax", "softmax", r"\mathrm{softmax}", None),
    )
}

NUMERIC_FUNCTIONS: dict[str, Callable[..., float]] = {
    k: f.numeric for k, f in FUNCTIONS.items() if f.numeric is not None}
