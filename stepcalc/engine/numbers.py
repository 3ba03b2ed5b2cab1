"""How numbers are rounded and written: decimal half-up, carried or exact."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal

# Kinds of computed value that can have their own number of decimals.
ROUNDING_KINDS = ("net", "out", "loss", "delta", "grad", "moment", "state", "dw", "weight")
# Kinds that default to another kind's decimals: an optimizer's state to the weights', the terms it
# adds to a gradient (weight decay, L1) to the gradients' (those have no [rounding] key of their own).
DEFAULT_KIND = {"moment": "weight", "state": "weight", "term": "grad"}
ROUNDING_MODES = ("exact", "carry")


def _decimal(value: float) -> Decimal:
    # repr() is the shortest string that reads back as the same float: "the value as printed".
    return Decimal(repr(float(value)))


# Enough digits for any finite float (at most 309 before the point) with up to 15 decimals after it.
_WIDE = Context(prec=400, rounding=ROUND_HALF_UP)


def _quantize(value: float, places: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), context=_WIDE)


def round_half_up(value: float, places: int) -> float:
    """0.125 → 0.13 at 2 places: half-up on the decimal value, not binary round-half-even."""
    return float(_quantize(value, places))


def fixed(value: float, places: int) -> str:
    """The value with exactly `places` decimals, trailing zeros kept (0.50), never "-0.00"."""
    text = f"{_quantize(value, places):f}"
    if text.startswith("-") and set(text[1:]) <= {"0", "."}:
        text = text[1:]
    return text


def plain(value: float) -> str:
    """A given value as its author wrote it: shortest form, no exponent (0.35, 1, -0.2)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{_decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Rounding:
    """`exact`: full precision carried, display rounded; `carry`: each step's rounded value is used on."""

    mode: str = "exact"
    decimals: int = 4
    per_kind: dict[str, int] = field(default_factory=dict)

    def places(self, kind: str) -> int:
        if kind not in self.per_kind and kind in DEFAULT_KIND:
            kind = DEFAULT_KIND[kind]
        return self.per_kind.get(kind, self.decimals)

    def carry(self, kind: str, value: float) -> float:
        return round_half_up(value, self.places(kind)) if self.mode == "carry" else value
