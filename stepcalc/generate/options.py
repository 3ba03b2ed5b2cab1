"""`stepcalc generate`'s options record (app.GenerateOptions): apart from app.py so that a solve does not
define it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stepcalc.concepts.activations import DEFAULT_ACTIVATION


@dataclass(frozen=True)
class GenerateOptions:
    arch: str | None  # required for dense networks; the dense part after the flattened cells otherwise
    out: str | Path
    count: int = 1
    seed: int = 1
    formats: str = "md"  # md, latex, moodle, qti, gift joined by commas
    activation: str = DEFAULT_ACTIVATION
    loss: str = "half_sse"
    learning_rate: float = 0.5
    biases: bool = False
    decimals: int = 1
    weight_range: tuple[float, float] | None = None
    input_range: tuple[float, float] | None = None
    target_range: tuple[float, float] | None = None
    min_delta: float | None = None
    notation: str | None = None
    rounding: str | None = None  # MODE[:N][,KIND=N…]
    pdf: bool = False
    ask: str | None = None  # quizzes: forward,deltas,updates,loss_after (None: all)
    partial: str | None = None  # quizzes: PERCENT:FACTOR[,…], e.g. 50:2
    kind: str = "feedforward"  # or "recurrent" (unrolled over `steps` time steps) or "convolutional"
    steps: int | None = None  # recurrent only; None: 3
    optimizer: str | None = None  # an [optimizer] name; None: gradient descent
    updates: int = 1  # updates per exercise (1 or 2)
    input: str | None = None  # convolutional: CxHxW
    kernel: str | None = None  # convolutional: KHxKW
    audience: str = "teacher"  # the solutions' readers, as SolveOptions.audience
