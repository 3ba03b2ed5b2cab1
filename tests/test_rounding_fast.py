"""The fast rounding and formatting in engine/numbers.py against a slow reference written here in
plain Fraction arithmetic: every rule, 0–12 decimals, thousands of random values, ties and edge cases.

The reference follows the documented semantics: a Fraction or int is rounded as its exact value; a
float as the shortest decimal that names it (its repr); ties per rule; a float written with at most
16 significant digits (decimals capped at 15 − ⌊log10|x|⌋); never "-0".
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from stepcalc.engine.numbers import exact, fixed, plain, rounded

RULES = ("half_up", "half_even", "truncate")
PLACES = range(13)


def ref_exact(value: float | int | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(value))  # the shortest decimal that names the double, parsed as text


def ref_rounded(value: float | int | Fraction, places: int, rule: str) -> Fraction:
    v = ref_exact(value)
    scaled = abs(v) * 10 ** places
    floor = math.floor(scaled)
    rest = scaled - floor
    if rule == "truncate":
        units = floor
    elif rule == "half_up":
        units = floor + (rest >= Fraction(1, 2))
    else:
        units = floor + (rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1))
    return Fraction(units if v >= 0 else -units, 10 ** places)


def ref_fixed(value: float | int | Fraction, places: int, rule: str) -> str:
    if isinstance(value, float) and value != 0:
        places = min(places, max(0, 15 - math.floor(math.log10(abs(value)))))
    r = ref_rounded(value, places, rule)
    units = abs(r) * 10 ** places
    assert units.denominator == 1
    whole, frac = divmod(int(units), 10 ** places)
    text = str(whole) + ("." + str(frac).zfill(places) if places else "")
    return "-" + text if r < 0 else text


def ref_plain(value: float | int | Fraction) -> str:
    v = ref_exact(value)
    den = v.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:  # no finite decimal: the shortest decimal of its nearest double
        v = ref_exact(float(v))
    places = 0
    while (v * 10 ** places).denominator != 1:
        places += 1
        assert places < 400
    return ref_fixed(v, places, "half_up")


def sample_values() -> list[float | int | Fraction]:
    rng = random.Random(20261203)
    values: list[float | int | Fraction] = [
        0.345, -0.345, 0.125, -0.125, 2.675, 0.5, -0.5, 1.5, 2.5, 0.05, 0.0005, 1e-17, -1e-17, 2.8e-17,
        5e-324, 1e308, -1.7976931348623157e308, 123456789012345.67, 9.999999999999999e22, 1e22, 1e16,
        999999999999999.9, 0.9999999999999999, 9.5, 99.5, 0.0, -0.0, 1e-5, 0.1 + 0.2, 1 / 3, -2 / 3,
        0.49999999999999994, 4.35, 1.005, 1.0005, 0.0049999, 0.00500001,
        0, 1, -7, 10 ** 30, Fraction(1, 3), Fraction(-2, 3), Fraction(69, 200), Fraction(-69, 200),
        Fraction(1, 8), Fraction(-1, 8), Fraction(5, 10 ** 13), Fraction(-5, 10 ** 13), Fraction(0.345),
    ]
    for k in range(-20, 21):  # near powers of ten, both sides
        p = 10.0 ** k
        values += [p, math.nextafter(p, 0), math.nextafter(p, math.inf), -p]
    for _ in range(1500):  # decimals as an author writes them, many of them ties at some place
        digits = rng.randint(1, 15)
        n = rng.randint(-10 ** digits, 10 ** digits)
        if rng.random() < 0.5:
            n = n - n % 10 + 5  # a trailing 5: a tie one place up
        values.append(float(f"{n}e-{rng.randint(0, digits + 3)}"))
    for _ in range(1000):  # computed floats of every size
        values.append(rng.uniform(-1, 1) * 10.0 ** rng.randint(-18, 18))
    for _ in range(700):  # exact fractions, some ties
        den = rng.choice([2, 4, 8, 16, 20, 40, 3, 7, 9, 11, 200, 2000, 3 * 2 ** 10, 10 ** rng.randint(1, 14)])
        values.append(Fraction(rng.randint(-10 ** 8, 10 ** 8), den))
        values.append(Fraction(2 * rng.randint(-10 ** 6, 10 ** 6) + 1, 2 * 10 ** rng.randint(0, 12)))
    return values


VALUES = sample_values()


@pytest.mark.parametrize("rule", RULES)
def test_rounded_and_fixed_match_the_fraction_reference(rule: str) -> None:
    mismatches = []
    for value in VALUES:
        for places in PLACES:
            got_r, want_r = rounded(value, places, rule), ref_rounded(value, places, rule)
            got_f, want_f = fixed(value, places, rule), ref_fixed(value, places, rule)
            if got_r != want_r or type(got_r) is not Fraction or got_f != want_f:
                mismatches.append((value, places, got_r, want_r, got_f, want_f))
    assert not mismatches, mismatches[:10]


def test_exact_and_plain_match_the_reference() -> None:
    for value in VALUES:
        assert exact(value) == ref_exact(value), value
        assert plain(value) == ref_plain(value), value


def test_a_float_and_the_fraction_of_its_double_are_not_confused() -> None:
    # 0.345 as written is a tie (→ 0.35 half-up); the double's exact value is 0.34499999999999997557…
    binary = Fraction(0.345)
    assert fixed(0.345, 2) == "0.35" and fixed(binary, 2) == "0.34"
    assert fixed(binary, 2) == "0.34" and fixed(0.345, 2) == "0.35"  # either order, cached or not
    assert rounded(0.345, 2, "half_even") == Fraction(34, 100)
    assert rounded(-0.345, 2) == Fraction(-35, 100) and rounded(-0.345, 2, "truncate") == Fraction(-34, 100)
    assert plain(0.5) == "0.5" and plain(Fraction(1, 2)) == "0.5" and plain(1) == "1" and plain(1.0) == "1"


def test_never_negative_zero() -> None:
    for rule in RULES:
        for value in (-0.0, -1e-17, Fraction(-1, 10 ** 9), -0.004):
            for places in (0, 2):
                assert fixed(value, places, rule) in ("0", "0.00"), (value, places, rule)
    assert fixed(-0.004, 4) == "-0.0040" and fixed(Fraction(-1, 10 ** 9), 9) == "-0.000000001"


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        fixed(0.5, 2, "half_down")
    with pytest.raises(ValueError):
        rounded(0.5, -1)
    with pytest.raises(ValueError):
        fixed(math.inf, 2)
    with pytest.raises(ValueError):
        fixed(math.nan, 2)
