"""A small ordered expression tree: what a person writes on paper.

sympy canonicalises (it reorders terms and factors, distributes constants); a hand-written line must
keep the order of the formula. The engine therefore builds its formulas from these nodes, and sympy
supplies the calculus (derivatives) that is converted into them once per function.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Mapping, Union

from stepcalc.concepts.functions import NUMERIC_FUNCTIONS
from stepcalc.engine.numbers import Value


@dataclass(frozen=True)
class Sym:
    """A named quantity. `key` looks its value up; `kind` and `units` say what it is, for notation."""

    key: str
    kind: str
    units: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # Equal symbols have equal keys; a str caches its hash, where the generated hash of the
        # three fields builds and hashes a tuple on every lookup (a page looks symbols up ~15,000 times).
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        # as the generated one, without building a tuple of each side's fields
        if other.__class__ is not Sym:
            return NotImplemented
        same: Sym = other  # type: ignore[assignment]
        return self.key == same.key and self.kind == same.kind and self.units == same.units


@dataclass(frozen=True)
class Num:
    """A constant of the formula itself (1, 2, ½), never a problem value."""

    value: Fraction


@dataclass(frozen=True)
class Add:
    """A sum, its terms in the order of the formula."""

    terms: tuple["Expr", ...]


@dataclass(frozen=True)
class Neg:
    """The negative of a node: −arg."""

    arg: "Expr"


@dataclass(frozen=True)
class Mul:
    """A product, its factors in the order of the formula."""

    factors: tuple["Expr", ...]


@dataclass(frozen=True)
class Div:
    """A quotient num/den."""

    num: "Expr"
    den: "Expr"


@dataclass(frozen=True)
class Pow:
    """base raised to exp."""

    base: "Expr"
    exp: "Expr"


@dataclass(frozen=True)
class Call:
    """A named function: exp, ln, or an activation (or its derivative) from the registry."""

    func: str
    args: tuple["Expr", ...]


Expr = Union[Sym, Num, Add, Neg, Mul, Div, Pow, Call]


def num(value: int | Fraction) -> Num:
    return Num(Fraction(value))


def sub(a: Expr, b: Expr) -> Add:
    return Add((a, Neg(b)))


def evaluate(expr: Expr, values: Mapping[str, Value],
             functions: Mapping[str, Callable[..., Value]] = NUMERIC_FUNCTIONS) -> Value:
    """The value of `expr` with each Sym looked up in `values` and each Call in `functions`.

    Exact (`Fraction`) while every operand is exact and the operation keeps it rational; a float once
    a function such as exp or tanh (or a fractional power) has made it irrational."""
    node = type(expr)  # the node classes have no subclasses: one comparison each, not isinstance
    if node is Sym:
        value = values[expr.key]
        return value + 0.0 if type(value) is float else _value(value)
    if node is Num:
        return expr.value
    if node is Add:
        terms = [evaluate(t, values, functions) for t in expr.terms]
        if all(isinstance(t, Fraction) for t in terms):
            return sum(terms, Fraction(0))
        return math.fsum(float(t) for t in terms) + 0.0
    if node is Neg:
        value = evaluate(expr.arg, values, functions)
        return -value if value else abs(value)  # never −0.0
    if node is Mul:
        factors = [evaluate(f, values, functions) for f in expr.factors]
        if all(isinstance(f, Fraction) for f in factors) or any(f == 0 for f in factors):
            # an exact zero factor (ReLU′(0) = 0) makes the product exactly zero
            product = Fraction(1)
            for f in factors:
                product *= f if isinstance(f, Fraction) else Fraction(f)
            return product
        number = 1.0
        for f in factors:
            number *= float(f)
        return number + 0.0
    if isinstance(expr, Div):
        den = evaluate(expr.den, values, functions)
        if den == 0:
            raise ArithmeticError("division by zero")
        numerator = evaluate(expr.num, values, functions)
        if isinstance(den, Fraction) and isinstance(numerator, Fraction):
            return numerator / den
        return float(numerator) / float(den) + 0.0
    if isinstance(expr, Pow):
        base = evaluate(expr.base, values, functions)
        exponent = evaluate(expr.exp, values, functions)
        if isinstance(base, Fraction) and isinstance(exponent, Fraction) and exponent.denominator == 1:
            if base == 0 and exponent < 0:
                raise ArithmeticError("division by zero")
            return base ** int(exponent)
        return _value(float(base) ** float(exponent))
    if isinstance(expr, Call):
        return _value(functions[expr.func](*(evaluate(a, values, functions) for a in expr.args)))
    raise TypeError(f"not an expression node: {expr!r}")


def _value(value: Value | int) -> Value:
    """An int (a piecewise function's 0 or 1) as exact; a float as it is, never −0.0."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, complex):
        raise ValueError("not a real number")
    return value + 0.0


def substitute(expr: Expr, mapping: Mapping[str, Expr]) -> Expr:
    """Replace the Syms whose key is in `mapping` (used to place a function's template onto a unit)."""
    if isinstance(expr, Sym):
        return mapping.get(expr.key, expr)
    if isinstance(expr, Num):
        return expr
    if isinstance(expr, Add):
        return Add(tuple(substitute(t, mapping) for t in expr.terms))
    if isinstance(expr, Neg):
        return Neg(substitute(expr.arg, mapping))
    if isinstance(expr, Mul):
        return Mul(tuple(substitute(f, mapping) for f in expr.factors))
    if isinstance(expr, Div):
        return Div(substitute(expr.num, mapping), substitute(expr.den, mapping))
    if isinstance(expr, Pow):
        return Pow(substitute(expr.base, mapping), substitute(expr.exp, mapping))
    if isinstance(expr, Call):
        return Call(expr.func, tuple(substitute(a, mapping) for a in expr.args))
    raise TypeError(f"not an expression node: {expr!r}")


def symbols(expr: Expr) -> list[Sym]:
    """The Syms of `expr`, in order of first appearance."""
    found: dict[str, Sym] = {}

    def walk(node: Expr) -> None:
        if isinstance(node, Sym):
            found.setdefault(node.key, node)
        elif isinstance(node, (Add,)):
            for t in node.terms:
                walk(t)
        elif isinstance(node, Mul):
            for f in node.factors:
                walk(f)
        elif isinstance(node, Neg):
            walk(node.arg)
        elif isinstance(node, Div):
            walk(node.num)
            walk(node.den)
        elif isinstance(node, Pow):
            walk(node.base)
            walk(node.exp)
        elif isinstance(node, Call):
            for a in node.args:
                walk(a)

    walk(expr)
    return list(found.values())
