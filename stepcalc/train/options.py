"""`stepcalc train`'s options record (app.TrainOptions): apart from app.py so that a solve does not define it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrainOptions:
    format: str = "text"
    epochs: int | None = None  # overrides the problem's
    report_every: int | None = None
    fragment: bool = False
    progress: bool | None = None  # a progress line on stderr; None: when stderr is a terminal
