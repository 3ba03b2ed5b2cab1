"""Claims files (TOML or JSON): the numbers someone wrote down, each with the precision it was written to.

TOML and JSON parsers turn 0.560 into the float 0.56 and lose what the writer committed to; the
tolerance of a claim is half a unit in its last written decimal place, so the files are parsed with
numbers read as `Decimal`, which keeps the digits exactly as written ("0.560" has exponent −3).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from stepcalc.errors import ProblemError
from stepcalc.problem.validate import describe, parse_json, parse_toml, read_source

# Enough for any float as a program writes it (repr of 1.2345678901234567e-20 has 36 decimals), far
# from the 400 digits the rounding arithmetic works to.
MAX_CLAIM_DECIMALS = 50


@dataclass(frozen=True)
class Claim:
    key: str  # as written in the file (a step id or a symbol name)
    value: Fraction  # exactly the decimal written
    text: str  # the number as written, without exponent: "0.000945", "-0.0376", "2"
    tolerance: float  # half a unit in the last written place: 0.56 → 0.005, 2 → 0.5
    places: int  # decimals written: 0.56 → 2, 2 → 0
    significant: int  # significant digits written: 0.0819 → 3, 0.5 → 1

    @property
    def exact_tolerance(self) -> Fraction:
        """`tolerance` as the exact decimal it is (5e-05 is 1/20000, not the nearest double)."""
        return Fraction(repr(self.tolerance))


def load_claims(path: str | Path) -> tuple[Claim, ...]:
    """Read a claims file; `.json` is JSON, anything else TOML."""
    source = str(path)
    text = read_source(path, "claims")
    if source.lower().endswith(".json"):
        return claims_from_mapping(parse_json(text, source, parse_float=Decimal), source)
    return claims_from_mapping(parse_toml(text, source, parse_float=Decimal), source)


def claims_from_toml(text: str, source: str = "<string>") -> tuple[Claim, ...]:
    return claims_from_mapping(parse_toml(text, source, parse_float=Decimal), source)


def claims_from_mapping(data: dict[str, Any], source: str) -> tuple[Claim, ...]:
    if "claims" not in data and ("network" in data or "learning_rate" in data):
        raise ProblemError(source, "", "this looks like a problem file; usage: check PROBLEM CLAIMS")
    for key in data:
        if key != "claims":
            raise ProblemError(source, key, "unknown key; expected only a [claims] table")
    if "claims" not in data:
        raise ProblemError(source, "claims", 'missing; expected a [claims] table, e.g. "out.h1" = 0.56')
    table = data["claims"]
    if not isinstance(table, dict):
        raise ProblemError(source, "claims", 'expected a table of step = number, e.g. "out.h1" = 0.56')
    flat: dict[str, Any] = {}
    _flatten(table, "", flat)  # out.h1 = 0.56 without quotes is a nested table in TOML
    if not flat:
        raise ProblemError(source, "claims", 'empty; expected at least one claim, e.g. "out.h1" = 0.56')
    return tuple(_claim(key, value, source) for key, value in flat.items())


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}{key}.", out)
        else:
            out[prefix + key] = value


def key_label(key: str) -> str:
    """The key for an error message: claims.out.h1; one line even for a key with a newline in it."""
    return f"claims.{key}" if key.isprintable() else f"claims.{key!r}"


# A number as people write it: "0.", "-.4", "+2", "1,234.5" (commas between groups of three digits).
_WRITTEN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?")
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


def written_number(text: str) -> Decimal | None:
    """The decimal a person wrote ("−0.0819" with a Unicode minus, "1,234.5", ".5", "3."), digits kept;
    None if `text` is not such a number."""
    body = text.strip().translate(_MINUSES).replace(" ", "")
    if not _WRITTEN.fullmatch(body) or not any(c.isdigit() for c in body):
        return None
    try:
        return Decimal(body.replace(",", ""))
    except InvalidOperation:
        return None


def _claim(key: str, value: Any, source: str) -> Claim:
    label = key_label(key)
    if isinstance(value, float):  # JSON's NaN and Infinity: the only floats Decimal parsing lets through
        raise ProblemError(source, label, f"expected a finite number, got {value}")
    if isinstance(value, str):
        parsed = written_number(value)
        if parsed is None:
            raise ProblemError(source, label, f"expected a number, got {describe(value)} "
                                              '(digits with an optional sign and point, e.g. "-0.41" or "1,234.5")')
        value = parsed
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ProblemError(source, label, f"expected a number, got {describe(value)}")
    written = Decimal(value)  # an integer is written to the units place: exponent 0, ±0.5
    if not written.is_finite() or not math.isfinite(float(written)):
        raise ProblemError(source, label, f"expected a finite number, got {value}")
    if written.is_zero():
        written = written.copy_abs()  # "-0.00" is 0.00: a zero has no sign
    sign, digits, exponent = written.as_tuple()
    assert isinstance(exponent, int)  # finite
    if -exponent > MAX_CLAIM_DECIMALS:  # a hand calculation writes far fewer
        raise ProblemError(source, label, f"expected at most {MAX_CLAIM_DECIMALS} decimals, "
                           f"got a number written with {-exponent}")
    significant = "".join(map(str, digits)).lstrip("0")
    return Claim(key, Fraction(written), f"{written:f}", float(Decimal(5).scaleb(exponent - 1)), max(0, -exponent),
                 len(significant) or 1)
