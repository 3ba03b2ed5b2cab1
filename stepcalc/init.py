"""Seeded weight draws for problem files that give no weights (`[init]`).

Python's own Mersenne Twister, not numpy: validating a problem must stay cheap, and the same seed
gives the same weights on every platform and Python version (random() and normalvariate are stable).
"""
from __future__ import annotations

import random

Weights = tuple[tuple[tuple[float, ...], ...], ...]


def draw_weights(layers: tuple[int, ...], seed: int, distribution: str, scale: float) -> Weights:
    """weights[l][i][j], drawn layer by layer, row by row: N(0, scale²) or uniform on [−scale, scale]."""
    rng = random.Random(seed)
    if distribution == "normal":
        draw = lambda: rng.normalvariate(0.0, scale)  # noqa: E731
    else:
        draw = lambda: rng.uniform(-scale, scale)  # noqa: E731
    return tuple(tuple(tuple(draw() for _ in range(n_out)) for _ in range(n_in))
                 for n_in, n_out in zip(layers, layers[1:]))
