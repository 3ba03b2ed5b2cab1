"""Values and how they are rounded and written.

A value is exact (`Fraction`) wherever the arithmetic is: numbers given in a file are the decimals
their author wrote, and sums, products and quotients of them stay exact. A value is a `float` (full
double precision) only where a transcendental function (exp, ln, tanh, erf, √) made it irrational.
Rounding always rounds the value itself, never a binary approximation of it: 0.345 is a tie.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache
from fractions import Fraction
from typing import Union

# Kinds of computed value that can have their own number of decimals.
ROUNDING_KINDS = ("net", "out", "loss", "delta", "grad", "moment", "state", "dw", "weight")
# Kinds that default to another kind's decimals: an optimizer's state to the weights', the terms it
# adds to a gradient (weight decay, L1) to the gradients' (those have no [rounding] key of their own).
DEFAULT_KIND = {"moment": "weight", "state": "weight", "term": "grad", "chain": "grad"}
ROUNDING_MODES = ("exact", "carry")
# half_up: ties away from zero (0.345 → 0.35, −0.345 → −0.35); half_even: ties to the even digit
# (0.345 → 0.34); truncate: the digits after the last place dropped (0.349 → 0.34, −0.349 → −0.34).
ROUNDING_RULES = ("half_up", "half_even", "truncate")

Value = Union[Fraction, float]


def exact(value: int | float | Decimal | Fraction) -> Fraction:
    """A given number as the decimal its author wrote: 0.1 → 1/10, not the binary 0.1000000000000000055…

    A float read from a file is the nearest double to what was written; its shortest repr is that
    text again (for up to 15 significant digits, more than anyone writes by hand)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Fraction(value)
    number = float(value)  # float(): a numpy scalar's repr is not a number
    if math.isfinite(number):
        return Fraction(Decimal(repr(number)))  # the same value as Fraction(repr(…)), without its regex
    return Fraction(repr(number))  # raises, as for any text that is no number


def as_float(value: Value | int) -> float:
    """The nearest double, for JSON and numeric work; a zero is 0.0, never −0.0."""
    number = float(value)
    return number + 0.0 if number == 0 else number


# The rules in Python's decimal module: ties away from zero, ties to even, digits dropped (toward zero).
DECIMAL_RULES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}
# Wide enough for any double's integer digits (≤ 309) and the decimals anyone shows; a result that
# needs more raises InvalidOperation and takes the exact integer route instead.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation])
_QUANTA: dict[int, Decimal] = {}


def quantum(places: int) -> Decimal:
    """10^−places as a Decimal, the unit `quantize` rounds to."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
    return quantum


def _ratio(value: Value | int) -> tuple[int, int]:
    """The exact value as (numerator, denominator > 0), a float as the shortest decimal naming it."""
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    if isinstance(value, int) and not isinstance(value, bool):
        return value, 1
    return exact(value).as_integer_ratio()


def _units(numerator: int, denominator: int, places: int, rule: str) -> int:
    """|numerator/denominator| × 10^places rounded to an integer by `rule`, in integers only."""
    magnitude = abs(numerator) * 10 ** places
    if rule == "truncate":
        return magnitude // denominator
    if rule == "half_up":
        return (2 * magnitude + denominator) // (2 * denominator)
    units, rest = divmod(magnitude, denominator)
    if 2 * rest > denominator or (2 * rest == denominator and units & 1):
        units += 1
    return units


def _float_decimal(value: float, places: int, rule: str) -> Decimal | None:
    """A finite float's shortest decimal rounded to `places` by `rule` (C-fast), or None if too long."""
    try:
        return Decimal(repr(value)).quantize(quantum(places), DECIMAL_RULES[rule], _CONTEXT)
    except InvalidOperation:
        return None


def rounded(value: Value | int, places: int, rule: str = "half_up") -> Fraction:
    """`value` rounded to `places` decimals by `rule`, as an exact decimal fraction."""
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}")
    if places < 0:
        raise ValueError(f"decimal places must be 0 or more, not {places}")
    # A float is rounded as the shortest decimal that names it (what it prints as): a computed
    # irrational value is never exactly a tie, and a decimal held as a float rounds as written.
    if isinstance(value, float) and math.isfinite(value):
        result = _float_decimal(float(value), places, rule)
        if result is not None:
            return Fraction(result)
    numerator, denominator = _ratio(value)
    units = _units(numerator, denominator, places, rule)
    return Fraction(-units if numerator < 0 else units, 10 ** places)


def round_half_up(value: Value | int, places: int) -> float:
    """0.125 → 0.13 at 2 places: half-up on the value itself, not binary round-half-even."""
    return as_float(rounded(value, places, "half_up"))


# Significant digits a double carries: an irrational value is never written to more than this.
FLOAT_DIGITS = 16


def fixed(value: Value | int, places: int, rule: str = "half_up") -> str:
    """The value with exactly `places` decimals, trailing zeros kept (0.50), never "-0.00"; a float
    (an irrational value) with no more decimals than its 16 significant digits."""
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}")
    if places < 0:
        raise ValueError(f"decimal places must be 0 or more, not {places}")
    return _fixed(value, places, rule)


@lru_cache(maxsize=16384, typed=True)  # typed: 0.345 and the Fraction equal to its double differ
def _fixed(value: Value | int, places: int, rule: str) -> str:
    if isinstance(value, float) and value != 0 and math.isfinite(value):
        places = min(places, max(0, FLOAT_DIGITS - 1 - math.floor(math.log10(abs(value)))))
    if isinstance(value, float) and math.isfinite(value):
        result = _float_decimal(float(value), places, rule)
        if result is not None:
            text = f"{result:f}"
            return text[1:] if text[0] == "-" and not result else text  # never "-0.00"
    numerator, denominator = _ratio(value)
    units = _units(numerator, denominator, places, rule)
    digits = str(units).rjust(places + 1, "0")
    text = digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
    return f"-{text}" if units and numerator < 0 else text


def terminating_places(value: Fraction) -> int | None:
    """The decimals needed to write `value` exactly, or None if it has no finite decimal form."""
    den = value.denominator
    twos = (den & -den).bit_length() - 1  # the power of 2 in the denominator
    den, fives = den >> twos, 0
    while den % 5 == 0:
        den //= 5
        fives += 1
    return max(twos, fives) if den == 1 else None


@lru_cache(maxsize=16384, typed=True)  # the same given value is written on many lines
def plain(value: Value | int) -> str:
    """A value as its author wrote it: shortest form, no exponent (0.35, 1, -0.2), never "-0"."""
    if isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1):
        return str(int(value))
    if isinstance(value, Fraction):
        places = terminating_places(value)
        if places is not None:
            return fixed(value, places)
        value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{Decimal(repr(float(value))):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Rounding:
    """`exact`: full precision carried, display rounded; `carry`: each step's rounded value is used on.
    `rule` is how a value is rounded, for display and for carrying."""

    mode: str = "exact"
    decimals: int = 4
    per_kind: dict[str, int] = field(default_factory=dict)
    rule: str = "half_up"

    def places(self, kind: str) -> int:
        if kind not in self.per_kind and kind in DEFAULT_KIND:
            kind = DEFAULT_KIND[kind]
        return self.per_kind.get(kind, self.decimals)

    def carry(self, kind: str, value: Value) -> Value:
        return rounded(value, self.places(kind), self.rule) if self.mode == "carry" else value

    def fixed(self, value: Value | int, kind: str) -> str:
        """`value` written to the decimals of `kind`, by this rule."""
        return fixed(value, self.places(kind), self.rule)
