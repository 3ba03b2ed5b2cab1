"""The sympy side: symbolic forms of activations and losses, their derivatives, and the
conversion of sympy's results into ordered `expr` trees that printers can write by hand.

Only this module imports sympy. Results are templates over placeholder symbols (`_net`, `_out`,
`_t`, `_y`) that the engine places onto each unit with `expr.substitute`.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy as sp

from stepcalc.engine import expr as ex
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.functions import FUNCTIONS, NamedFunction
from stepcalc.concepts.layers import DENSE
from stepcalc.concepts.losses import LOSSES


# Every named function that sympy lacks becomes a sympy Function class here, differentiated by its
# own definition in concepts/functions.py.


def _function_class(function: NamedFunction) -> type:
    def fdiff(self: sp.Function, argindex: int = 1) -> sp.Expr:
        if function.derivative is None:
            raise TypeError(f"{function.name} has no derivative here")
        return sp.sympify(function.derivative(NAMESPACE, self.args[0]))

    return type(function.name, (sp.Function,), {"fdiff": fdiff})


class _Namespace:
    """What the concepts' symbolic forms are written against: sympy's functions and ours, by name."""

    exp, log, tanh = sp.exp, sp.log, sp.tanh

    @staticmethod
    def sum(*terms: object) -> sp.Expr:
        # Built unevaluated: evaluating 1 + e^{−x} makes sympy import its tensor module (~80 ms).
        return sp.Add(*map(sp.sympify, terms), evaluate=False)

    @staticmethod
    def reciprocal(x: sp.Expr) -> sp.Expr:
        return sp.Pow(x, -1, evaluate=False)


NAMESPACE = _Namespace()
CLASSES = {name: _function_class(f) for name, f in FUNCTIONS.items() if f.sympy_name is None}
for _name, _cls in CLASSES.items():
    setattr(NAMESPACE, _name, _cls)


NET, OUT, T, Y = sp.symbols("net out t y")
PLACEHOLDERS = {NET: ex.Sym("_net", "net"), OUT: ex.Sym("_out", "out"), T: ex.Sym("_t", "t"), Y: ex.Sym("_y", "out")}

def loss_term(name: str, t: sp.Expr, y: sp.Expr) -> sp.Expr:
    """One output's contribution to the loss, before the constant in front of the sum."""
    return LOSSES[name].term(NAMESPACE, t, y)


def activation_form(name: str, x: sp.Expr) -> sp.Expr:
    return sp.sympify(ACTIVATIONS[name].form(NAMESPACE, x))


@lru_cache(maxsize=None)
def activation_derivative(name: str) -> ex.Expr:
    """∂out/∂net, written in terms of out where sympy's derivative allows (σ' = out(1 − out))."""
    form = activation_form(name, NET)
    derivative = sp.diff(form, NET)
    if form != NET:
        derivative = derivative.subs(form, OUT)
    return to_expr(derivative)


@lru_cache(maxsize=None)
def activation_explicit(name: str) -> ex.Expr:
    """The closed form of the activation in terms of net, e.g. 1/(1 + e^{−net})."""
    explicit = FUNCTIONS[name].explicit
    if explicit is None:
        raise TypeError(f"{name} has no closed form to write out")
    return to_expr(explicit(NAMESPACE, NET))


@lru_cache(maxsize=None)
def loss_term_expr(name: str) -> ex.Expr:
    return to_expr(loss_term(name, T, Y))


@lru_cache(maxsize=None)
def loss_error(name: str, outputs: int, convention: str) -> ex.Expr:
    """−∂E/∂y for the "error" convention, ∂E/∂y for "gradient": derived by sympy."""
    scale = LOSSES[name].scale(outputs)
    energy = sp.Rational(scale.numerator, scale.denominator) * loss_term(name, T, Y)
    derivative = sp.diff(energy, Y)
    if convention == "error":
        derivative = -derivative
    return to_expr(sp.factor_terms(derivative))


@lru_cache(maxsize=None)
def loss_error_weighted(name: str, outputs: int, convention: str) -> ex.Expr:
    """y · (−∂E/∂y), the term a softmax output contributes; cancelled when y divides (t/y · y = t)."""
    scale = LOSSES[name].scale(outputs)
    derivative = sp.diff(sp.Rational(scale.numerator, scale.denominator) * loss_term(name, T, Y), Y)
    if convention == "error":
        derivative = -derivative
    derivative = sp.factor_terms(derivative)
    if sp.denom(sp.together(derivative)).has(Y):
        return to_expr(sp.factor_terms(sp.cancel(Y * derivative)))
    return ex.Mul((PLACEHOLDERS[Y], to_expr(derivative)))


W, SOURCE, REST = sp.symbols("w source rest")


@lru_cache(maxsize=None)
def net_partial(variable: str) -> ex.Expr:
    """∂net/∂w (= the source's output) or ∂net/∂source (= the weight) of a dense layer's net input."""
    net = DENSE.form(W, SOURCE, REST)
    derivative = sp.diff(net, {"w": W, "source": SOURCE}[variable])
    return to_expr(derivative, {W: ex.Sym("_w", "w"), SOURCE: ex.Sym("_source", "out"), REST: ex.Sym("_rest", "net")})


def _ordered_terms(e: sp.Expr) -> list[sp.Expr]:
    # Positive terms first, so a difference reads "t − y", never "−y + t"; then single factors before
    # products, as a person writes Φ(net) + net φ(net).
    terms = sorted(e.as_ordered_terms(), key=lambda t: len(t.args) if t.is_Mul else 1)
    return [t for t in terms if not t.could_extract_minus_sign()] + [t for t in terms if t.could_extract_minus_sign()]


def _number(e: sp.Expr) -> ex.Num:
    if e.is_Rational:
        return ex.Num(Fraction(int(e.p), int(e.q)))
    return ex.Num(Fraction(float(e)))


def to_expr(e: sp.Expr, mapping: dict[sp.Symbol, ex.Expr] | None = None) -> ex.Expr:
    """Convert a sympy expression to an ordered tree, one branch per sympy node type."""
    mapping = PLACEHOLDERS if mapping is None else mapping
    if e.is_Symbol:
        return mapping[e]
    if e.is_Number:
        if e.is_negative:
            return ex.Neg(_number(-e))
        return _number(e)
    if e.is_Add:
        terms: list[ex.Expr] = []
        for term in _ordered_terms(e):
            if term.could_extract_minus_sign():
                terms.append(ex.Neg(to_expr(-term, mapping)))
            else:
                terms.append(to_expr(term, mapping))
        return ex.Add(tuple(terms))
    if e.is_Mul:
        if e.could_extract_minus_sign():
            return ex.Neg(to_expr(-e, mapping))
        numer, denom = sp.fraction(e)
        if denom != 1:
            return ex.Div(to_expr(numer, mapping), to_expr(denom, mapping))
        factors = [to_expr(f, mapping) for f in e.as_ordered_factors()]
        return ex.Mul(tuple(factors))
    if e.is_Pow:
        if e.exp.is_negative:
            return ex.Div(ex.num(1), to_expr(e.base ** (-e.exp), mapping))
        if e.base is sp.E:
            return ex.Call("exp", (to_expr(e.exp, mapping),))
        return ex.Pow(to_expr(e.base, mapping), to_expr(e.exp, mapping))
    if isinstance(e, sp.exp):
        return ex.Call("exp", (to_expr(e.args[0], mapping),))
    if isinstance(e, sp.log):
        return ex.Call("ln", (to_expr(e.args[0], mapping),))
    if isinstance(e, sp.tanh) or type(e).__name__ in CLASSES:
        return ex.Call(type(e).__name__, tuple(to_expr(a, mapping) for a in e.args))
    raise TypeError(f"cannot write {e!r} by hand")
