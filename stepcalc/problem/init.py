"""Seeded weight draws for problem files that give no weights (`[init]`).

Python's own Mersenne Twister, not numpy: validating a problem must stay cheap, and the same seed
gives the same weights on every platform and Python version (random() and normalvariate are stable).
Each draw is rounded to DRAW_DECIMALS decimals, so that a worked solution quotes its given weights
exactly as it uses them and a reader can redo every line.
"""
from __future__ import annotations

import random

from stepcalc.engine.numbers import round_half_up

DRAW_DECIMALS = 4

Weights = tuple[tuple[tuple[float, ...], ...], ...]


def draw_weights(layers: tuple[int, ...], seed: int, distribution: str, scale: float) -> Weights:
    """weights[l][i][j], drawn layer by layer, row by row: N(0, scale²) or uniform on [−scale, scale],
    each rounded to DRAW_DECIMALS decimals."""
    rng = random.Random(seed)
    if distribution == "normal":
        draw = lambda: round_half_up(rng.normalvariate(0.0, scale), DRAW_DECIMALS)  # noqa: E731
    else:
        draw = lambda: round_half_up(rng.uniform(-scale, scale), DRAW_DECIMALS)  # noqa: E731
    return tuple(tuple(tuple(draw() for _ in range(n_out)) for _ in range(n_in))
                 for n_in, n_out in zip(layers, layers[1:]))
