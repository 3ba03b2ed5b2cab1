"""Where a loss curve goes: the plot area, axis ranges with round-numbered ticks, and each
(epoch, loss) point's position. Geometry only, y pointing down; `svg.py` and `tikz.py` draw it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from stepcalc.engine.numbers import fixed

# More points than this show nothing a reader can see; longer histories are thinned evenly (the
# first and last epochs always kept).
MAX_POINTS = 400


@dataclass(frozen=True)
class CurveMetrics:
    width: float
    height: float
    font_size: float
    left: float  # room for the y tick labels and axis title
    bottom: float  # room for the x tick labels and axis title
    top: float = 14.0
    right: float = 28.0


@dataclass(frozen=True)
class Tick:
    position: float  # x (x axis) or y (y axis) in drawing coordinates
    value: float
    label: str


@dataclass(frozen=True)
class CurveLayout:
    width: float
    height: float
    left: float  # the plot area
    right: float
    top: float
    bottom: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    data: tuple[tuple[float, float], ...]  # (epoch, loss), thinned
    points: tuple[tuple[float, float], ...]  # the same in drawing coordinates
    font_size: float


def thin(history: Sequence[tuple[float, float]], limit: int = MAX_POINTS) -> list[tuple[float, float]]:
    if len(history) <= limit:
        return list(history)
    step = (len(history) - 1) / (limit - 1)
    return [history[round(k * step)] for k in range(limit)]


def nice_step(span: float, count: int = 5) -> float:
    """1, 2 or 5 times a power of ten, giving about `count` intervals over `span`."""
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * 0.999:
            return factor * power
    return 10 * power


def _ticks(lo: float, hi: float, step: float) -> list[tuple[float, str]]:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [(k * step, fixed(k * step, decimals)) for k in range(first, last + 1)]


def _range(lo: float, hi: float, from_zero: bool) -> tuple[float, float, float]:
    if from_zero:
        lo = min(lo, 0.0)
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    step = nice_step(hi - lo)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step, step


def layout_curve(history: Sequence[tuple[float, float]], m: CurveMetrics) -> CurveLayout:
    """Place the points of `history` ((epoch, loss) pairs, epochs increasing) in a plot."""
    if not history:
        raise ValueError("a loss curve needs at least one (epoch, loss) point")
    data = thin([(float(e), float(v)) for e, v in history])
    epochs = [e for e, _ in data]
    losses = [v for _, v in data]
    x_lo, x_hi, x_step = _range(min(epochs), max(epochs), from_zero=False)
    if x_step < 1:  # epochs are whole numbers
        x_step = 1.0
        x_lo, x_hi = math.floor(x_lo), math.ceil(x_hi)
    # Losses are non-negative: start the axis at 0 unless they stay far from it.
    y_lo, y_hi, y_step = _range(min(losses), max(losses), from_zero=min(losses) < 0.5 * max(losses))
    left, right = m.left, m.width - m.right
    top, bottom = m.top, m.height - m.bottom

    def px(e: float) -> float:
        return left + (e - x_lo) / (x_hi - x_lo) * (right - left)

    def py(v: float) -> float:
        return bottom - (v - y_lo) / (y_hi - y_lo) * (bottom - top)

    x_ticks = tuple(Tick(px(v), v, label) for v, label in _ticks(x_lo, x_hi, x_step))
    y_ticks = tuple(Tick(py(v), v, label) for v, label in _ticks(y_lo, y_hi, y_step))
    return CurveLayout(m.width, m.height, left, right, top, bottom, (x_lo, x_hi), (y_lo, y_hi), x_ticks, y_ticks,
                       tuple(data), tuple((px(e), py(v)) for e, v in data), m.font_size)
