"""Writes expression trees the way a person writes them: one method per node type, settings in one
place (in the spirit of sympy's printers).

Symbolic mode prints names (`y_o(1 − y_o)(t_o − y_o)`); numeric mode prints each symbol's value with
explicit × between numbers and negatives in parentheses (`0.6651 × (1 − 0.6651) × (0.5 − 0.6651)`).
The order of terms and factors is always the order of the formula.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Callable, Mapping

from stepcalc.engine import expr as ex
from stepcalc.concepts.functions import FUNCTIONS, LEAKY_SLOPE
from stepcalc.engine.numbers import plain
from stepcalc.notation import Notation

# Binding strength of each node as printed; a child binding weaker than its context gets parentheses.
ATOM, POWER, PRODUCT, NEGATION, SUM = 5, 4, 3, 2, 1


@dataclass(frozen=True)
class Style:
    """Everything that differs between LaTeX and plain text."""

    minus: str
    times: str  # between numbers
    juxtapose: str  # between symbols


LATEX = Style(minus="-", times=r" \times ", juxtapose=r"\,")
TEXT = Style(minus="−", times=" × ", juxtapose=" ")
CHAIN_DOT = {"latex": r" \cdot ", "text": " · "}  # between the partial derivatives of a chain

# Symbols that are themselves partial derivatives (∂E/∂y …): a product of them is a chain.
PARTIAL_KINDS = frozenset({"dE_dout", "dout_dnet", "dnet_dw", "dE_dnet"})

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


# A number written as zero at the start of a printed term: 0, 0.0000 (not 0.5, not 0.0001).
_SHOWN_ZERO = re.compile(r"0(?:\.0+)?(?![\d.])")

NODE_TYPES = (ex.Sym, ex.Num, ex.Add, ex.Neg, ex.Mul, ex.Div, ex.Pow, ex.Call)
# Printer class → node type → its unbound method (unbound: a printer holding its own bound methods
# would be a reference cycle, garbage only the cycle collector frees).
_METHODS: dict[type, dict[type, Callable[..., tuple[str, int]]]] = {}


# (notation, format) → the symbols and the symbolic formulas its printers have written, and how many
# printers asked. A notation is known by its repr, which spells out every field (plain strings,
# dicts and tuples): equal reprs write alike, so the variants of one shape, each with a notation
# object of its own, share one entry.
_WRITTEN: dict[tuple[str, str], tuple[dict[ex.Sym, tuple[str, int]], dict[ex.Expr, str], list[int]]] = {}
_SPELLED: dict[int, tuple[Notation, str]] = {}  # id → (the notation, held so the id stays its own; its repr)
MAX_SHARED = 50_000  # formulas kept per notation and format


def _written(notation: Notation, fmt: str) -> tuple[dict[ex.Sym, tuple[str, int]], dict[ex.Expr, str] | None]:
    """The symbols written in `notation` and `fmt` (each with how strongly it binds), and its formulas
    from the second printer on: a formula is looked up by its whole tree, which costs more than it
    saves when nothing repeats (one solution), and much less than writing it again for every variant
    of one shape."""
    spelled = _SPELLED.get(id(notation))
    if spelled is None or spelled[0] is not notation:
        if len(_SPELLED) >= 256:
            _SPELLED.clear()
        spelled = _SPELLED[id(notation)] = (notation, repr(notation))
    entry = _WRITTEN.get((spelled[1], fmt))
    if entry is None:
        if len(_WRITTEN) >= 64:
            _WRITTEN.clear()
        entry = _WRITTEN[(spelled[1], fmt)] = ({}, {}, [0])
    entry[2][0] += 1
    return entry[0], (entry[1] if entry[2][0] > 1 else None)


class Printer:
    """`fmt` is "latex" or "text"; with `values`, symbols print as numbers via `number(sym, value)`."""

    def __init__(self, notation: Notation, fmt: str, values: Mapping[str, float] | None = None,
                 number: Callable[[ex.Sym, float], str] | None = None, rounded_look_ups: bool = True) -> None:
        self.notation = notation
        # False in carry mode, where a line's numbers must give its result exactly: Φ(0.21) written
        # 0.5832 would not, as the result used Φ's unrounded value (only exact values are looked up)
        self.rounded_look_ups = rounded_look_ups
        self.fmt = fmt
        self.style = LATEX if fmt == "latex" else TEXT
        if notation.times_symbols:  # some sources write w × δ between symbols too
            self.style = replace(self.style, juxtapose=self.style.times)
        self.values = values
        self.number = number
        # A symbol is written many times on a page, and a formula for every variant of one shape:
        # what the symbolic printers of one notation and format wrote is shared.
        self._symbols, self._formulas = _written(notation, fmt)
        self._numbers: dict[ex.Sym, tuple[str, int]] = {}  # and so is its value
        methods = _METHODS.get(type(self))
        if methods is None:  # each node type's method, looked up once per printer class
            methods = _METHODS[type(self)] = {node_type: getattr(type(self), "_print_" + node_type.__name__)
                                              for node_type in NODE_TYPES}
        self._methods = methods

    def doprint(self, node: ex.Expr) -> str:
        if self._formulas is None or self.values is not None or type(self) is not Printer:
            return self._doprint(node)
        try:
            text = self._formulas.get(node)
        except TypeError:  # an unhashable node: printed as it is
            return self._doprint(node)
        if text is None:
            if len(self._formulas) >= MAX_SHARED:
                self._formulas.clear()
            text = self._formulas[node] = self._doprint(node)
        return text

    def _doprint(self, node: ex.Expr) -> str:
        if isinstance(node, ex.Call):  # a line that is one call (f′(net) = ReLU′(0.21) = 1) keeps it: its value follows
            return self._call(node)[0]
        return self._print(node)[0]

    # Each method returns the text and how strongly it binds.
    def _print(self, node: ex.Expr) -> tuple[str, int]:
        return self._methods[type(node)](self, node)

    def _wrapped(self, node: ex.Expr, weakest: int) -> str:
        text, strength = self._print(node)
        if strength < weakest:
            return f"({text})"
        return text

    def _is_negative_number(self, node: ex.Expr) -> bool:
        return self.values is not None and isinstance(node, ex.Sym) and self.values[node.key] < 0

    def _print_Sym(self, node: ex.Sym) -> tuple[str, int]:
        if self.values is None:
            written = self._symbols.get(node)
            if written is None:
                text = self.notation.symbol(node, self.fmt)
                # a symbol written with a sign (−∂E/∂y) is bracketed as a factor, like a negative number
                written = self._symbols[node] = (text, NEGATION if text.startswith(("−", "-")) else ATOM)
            return written
        printed = self._numbers.get(node)
        if printed is None:
            value = self.values[node.key]
            text = self.number(node, value) if self.number else repr(value)
            if text.startswith("-"):
                printed = self.style.minus + text[1:], NEGATION  # parenthesised inside any operation
            else:
                printed = text, ATOM
            self._numbers[node] = printed
        return printed

    def _print_Num(self, node: ex.Num) -> tuple[str, int]:
        value: Fraction = node.value
        if value.denominator == 1:
            return str(value.numerator), ATOM
        if self.fmt == "latex":
            return rf"\frac{{{value.numerator}}}{{{value.denominator}}}", ATOM
        return f"{value.numerator}/{value.denominator}", NEGATION  # bracketed as a factor: (1/2)(t − y)²

    def _print_Add(self, node: ex.Add) -> tuple[str, int]:
        parts: list[str] = []
        minus = self.style.minus
        methods = self._methods
        bracket_products = self.notation.bracket_terms and len(node.terms) > 1
        for i, term in enumerate(node.terms):
            kind = type(term)
            if kind is ex.Neg:
                body = self._wrapped(term.arg, PRODUCT)
                parts.append(f"{minus}{body}" if i == 0 else f" {minus} {body}")
                continue
            body, strength = methods[kind](self, term)
            if bracket_products and kind is ex.Mul:
                body = f"({body})"  # (w_{1,1} x_1) + (w_{2,1} x_2), as some sources write sums
            elif (i or self._is_negative_number(term)) and strength <= NEGATION:
                # Negative numbers are bracketed everywhere, the first term included: (−0.2) + 0.0300.
                body = f"({body})"
            parts.append(body if i == 0 else f" + {body}")
        return "".join(parts), SUM

    def _print_Neg(self, node: ex.Neg) -> tuple[str, int]:
        body = self._wrapped(node.arg, PRODUCT)
        if self.values is not None and _SHOWN_ZERO.match(body):
            return body, PRODUCT  # −δ with δ shown as 0.0000: a zero has no sign (never "−0.0000")
        return self.style.minus + body, NEGATION

    def _print_Mul(self, node: ex.Mul) -> tuple[str, int]:
        numeric = self.values is not None
        methods = self._methods
        texts = []
        weakest = POWER if numeric else PRODUCT  # a formula's first factor may be a product unbracketed
        chain = False
        for factor in node.factors:
            kind = type(factor)
            text, strength = methods[kind](self, factor)
            # A sum as a factor is always bracketed, even with one term: (w × δ), as in the seeds.
            if kind is ex.Add or strength < weakest:
                text = f"({text})"
            if kind is ex.Sym and factor.kind in PARTIAL_KINDS:
                chain = True
            texts.append(text)
            weakest = POWER
        if numeric:
            return self.style.times.join(texts), PRODUCT
        if chain:
            return CHAIN_DOT[self.fmt].join(texts), PRODUCT
        out = texts[0]
        for before, text in zip(texts, texts[1:]):
            # a bracket right after a name of words would read as a call: Delta of Output × (−1)
            words = " " in before and not before.startswith("(")
            out += text if text.startswith("(") and not words else self.style.juxtapose + text
        return out, PRODUCT

    def _print_Div(self, node: ex.Div) -> tuple[str, int]:
        if self.fmt == "latex":
            return rf"\frac{{{self._print(node.num)[0]}}}{{{self._print(node.den)[0]}}}", ATOM
        return f"{self._wrapped(node.num, PRODUCT)}/{self._wrapped(node.den, POWER)}", PRODUCT

    def _print_Pow(self, node: ex.Pow) -> tuple[str, int]:
        base = self._wrapped(node.base, ATOM)
        # (∂E/∂w)², (Gradient of weight 1)²: a fraction or a name of several words raised as a whole
        if self.fmt == "latex" and base.startswith((r"\frac", r"\text")):
            base = rf"\left({base}\right)"
        elif self.fmt == "latex" and base.startswith("(") and r"\frac" in base:  # as tall as the fraction inside
            base = rf"\left{base[:-1]}\right)"
        elif self.fmt != "latex" and any(c in base for c in "/ ") and not base.startswith("("):
            base = f"({base})"
        if self.fmt == "latex":
            if "^" in base and not base.startswith("("):
                base = "{" + base + "}"  # a^{1}_{1} squared: {a^{1}_{1}}^{2}, not a double superscript
            return f"{base}^{{{self._print(node.exp)[0]}}}", POWER
        exponent = self._print(node.exp)[0]
        if exponent.isdigit():
            return base + exponent.translate(SUPERSCRIPTS), POWER
        return f"{base}^{self._wrapped(node.exp, ATOM)}", POWER

    def _print_Call(self, node: ex.Call) -> tuple[str, int]:
        if self.values is not None and not FUNCTIONS[node.func].shown_as_call:
            return self._looked_up(node)
        return self._call(node)

    def _looked_up(self, node: ex.Call) -> tuple[str, int]:
        """A function a person looks up, inside the numbers, as its value, as on paper: ReLU′(0.21) is
        written 1 (0 below zero), sgn(−0.3) is −1, and σ(0.21) in softplus′ or Φ(0.21) in GELU′ is
        0.5523, rounded as a derivative."""
        value = ex.evaluate(node, self.values)
        if isinstance(value, Fraction) or value in (1, 0, -1, LEAKY_SLOPE):
            text = plain(value)  # an exact piece of a piecewise-constant function
        elif not self.rounded_look_ups:
            return self._call(node)
        else:
            arg = node.args[0]
            units = arg.units if isinstance(arg, ex.Sym) else ()
            sym = ex.Sym(node.func, "fprime", units)  # the printer's rounding goes by kind, not by key
            text = self.number(sym, float(value)) if self.number else repr(float(value))
        if text.startswith("-"):
            return self.style.minus + text[1:], NEGATION
        return text, ATOM

    def _call(self, node: ex.Call) -> tuple[str, int]:
        args = ", ".join(self._print(a)[0] for a in node.args)
        if node.func == "exp" and self.fmt == "latex":
            return f"e^{{{args}}}", POWER
        if node.func == "exp":
            return f"e^({args})", POWER
        if node.func == "sqrt" and self.fmt == "latex":
            return rf"\sqrt{{{args}}}", ATOM
        if node.func == "sqrt":
            text, strength = self._print(node.args[0])
            return ("√" + text if strength == ATOM else f"√({text})"), POWER
        function = FUNCTIONS[node.func]
        name = self.notation.function_name(node.func, self.fmt) or (function.latex if self.fmt == "latex" else function.text)
        return f"{name}({args})", ATOM


class MatrixPrinter(Printer):
    """Numeric mode for matrix equations: symbols in `matrices` print as matrices (bmatrix in LaTeX,
    [a b; c d] in text) with `entry(value, key)` for each entry; products are written side by side."""

    def __init__(self, notation: Notation, fmt: str, values: Mapping[str, float],
                 number: Callable[[ex.Sym, float], str], matrices: Mapping[str, tuple[tuple[float, ...], ...]],
                 entry: Callable[[float, str], str], rounded_look_ups: bool = True) -> None:
        super().__init__(notation, fmt, values, number, rounded_look_ups)
        self.matrices = matrices
        self.entry = entry

    def _is_negative_number(self, node: ex.Expr) -> bool:
        return isinstance(node, ex.Sym) and node.key not in self.matrices and super()._is_negative_number(node)

    def _print_Sym(self, node: ex.Sym) -> tuple[str, int]:
        if node.key not in self.matrices:
            return super()._print_Sym(node)
        rows = self.matrices[node.key]
        cells = [[self.entry(v, node.key) for v in row] for row in rows]
        if self.fmt == "latex":
            body = r" \\ ".join(" & ".join(row) for row in cells)
            return r"\begin{bmatrix}" + body + r"\end{bmatrix}", ATOM
        return "[" + "; ".join(" ".join(row) for row in cells) + "]", ATOM

    def _print_Mul(self, node: ex.Mul) -> tuple[str, int]:
        if not any(isinstance(f, ex.Sym) and f.key in self.matrices for f in node.factors):
            return super()._print_Mul(node)
        return self.style.juxtapose.join(self._wrapped(f, POWER) for f in node.factors), PRODUCT
