"""Functions that formulas call by name (activations, their derivatives, exp and ln): each with its
display names, its float form and its local derivative, in one place.

A derivative is written against a namespace `f` of sympy functions (f.exp, f.sigmoid, f.log, …) that
`stepcalc.engine.symbolic` supplies, so this module never imports sympy. Functions sympy already has
(exp, ln, tanh) name it in `sympy_name` instead of giving a derivative.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable


@dataclass(frozen=True)
class NamedFunction:
    """A function formulas may call: its names in text and LaTeX and how to evaluate it."""

    name: str
    text: str
    latex: str
    numeric: Callable[..., float] | None  # None: shown in formulas, never evaluated alone (softmax)
    derivative: Callable[[Any, Any], Any] | None = None  # (f, x) → d/dx, over sympy's namespace f
    explicit: Callable[[Any, Any], Any] | None = None  # (f, x) → closed form, e.g. σ(x) = 1/(1 + e^{−x})
    sympy_name: str | None = None  # sympy's own function of this name, which knows its derivative
    # Inside a line's numbers a person writes e^(0.21), ln(0.55) or √0.01 and works it out; σ(0.21),
    # Φ(0.21), ReLU′(0.21) or sgn(−0.3) are looked up and written by their value.
    shown_as_call: bool = False


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
# The piecewise-linear functions keep an exact (Fraction) argument exact: ReLU(0.1 + 0.2 − 0.3) is 0.
_LEAKY_EXACT = Fraction("0.01")


def sqrt(x: float) -> float:
    if x < 0:
        raise ArithmeticError(f"square root of {x!r}")
    return math.sqrt(x)


def _heaviside(x: Any, below: Any) -> Any:
    return 1 if x > 0 else below


def _leaky_slope(x: Any) -> Any:
    return _LEAKY_EXACT if isinstance(x, Fraction) else LEAKY_SLOPE


FUNCTIONS: dict[str, NamedFunction] = {
    f.name: f
    for f in (
        NamedFunction("exp", "exp", r"\exp", exp, sympy_name="exp", shown_as_call=True),
        NamedFunction("ln", "ln", r"\ln", ln, sympy_name="log", shown_as_call=True),
        NamedFunction("tanh", "tanh", r"\tanh", math.tanh, sympy_name="tanh"),
        NamedFunction("sigmoid", "σ", r"\sigma", sigmoid,
                      derivative=lambda f, x: f.sigmoid(x) * (1 - f.sigmoid(x)),
                      explicit=lambda f, x: f.reciprocal(f.sum(1, f.exp(-x)))),
        # ReLU's derivative, with the convention f'(0) = 0
        NamedFunction("step", "ReLU′", r"\mathrm{ReLU}'", lambda x: _heaviside(x, 0),
                      derivative=lambda f, x: 0),
        NamedFunction("relu", "ReLU", r"\mathrm{ReLU}", lambda x: x if x > 0 else 0,
                      derivative=lambda f, x: f.step(x)),
        NamedFunction("leaky_step", "LReLU′", r"\mathrm{LReLU}'", lambda x: _heaviside(x, _leaky_slope(x)),
                      derivative=lambda f, x: 0),
        NamedFunction("leaky_relu", "LReLU", r"\mathrm{LReLU}", lambda x: x if x > 0 else _leaky_slope(x) * x,
                      derivative=lambda f, x: f.leaky_step(x)),
        NamedFunction("softplus", "softplus", r"\operatorname{softplus}", softplus,
                      derivative=lambda f, x: f.sigmoid(x),
                      explicit=lambda f, x: f.log(f.sum(1, f.exp(x)))),
        # ELU with α = 1: x for x > 0, e^x − 1 below; its derivative 1 or e^x (continuous at 0)
        NamedFunction("elu_step", "ELU′", r"\mathrm{ELU}'", lambda x: 1 if x > 0 else exp(x)),
        NamedFunction("elu", "ELU", r"\mathrm{ELU}", lambda x: x if x > 0 else math.expm1(x),
                      derivative=lambda f, x: f.elu_step(x)),
        # GELU, exact form x Φ(x) with Φ the standard normal distribution function
        NamedFunction("normal_pdf", "φ", r"\varphi", normal_pdf, derivative=lambda f, x: -x * f.normal_pdf(x)),
        NamedFunction("normal_cdf", "Φ", r"\Phi", normal_cdf, derivative=lambda f, x: f.normal_pdf(x)),
        NamedFunction("gelu", "GELU", r"\mathrm{GELU}", lambda x: x * normal_cdf(x),
                      derivative=lambda f, x: f.normal_cdf(x) + x * f.normal_pdf(x)),
        NamedFunction("softmax", "softmax", r"\mathrm{softmax}", None, shown_as_call=True),
        # the optimizers' √v and the L1 term's subgradient sgn(w), with sgn(0) = 0 as torch's abs has it
        NamedFunction("sqrt", "√", r"\sqrt", sqrt, shown_as_call=True),
        NamedFunction("sign", "sgn", r"\operatorname{sgn}", lambda x: (x > 0) - (x < 0) + 0.0),

        NamedFunction("max", "max", r"\max", max, shown_as_call=True),  # max pooling
    )
}

NUMERIC_FUNCTIONS: dict[str, Callable[..., float]] = {
    k: f.numeric for k, f in FUNCTIONS.items() if f.numeric is not None}
