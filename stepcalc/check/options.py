"""`stepcalc check`'s options and result records (app.CheckOptions, app.CheckResult): apart from app.py
so that a solve does not define them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckOptions:
    format: str = "text"  # text, md or json
    width: int = 100  # text: columns the table is wrapped to (the command line gives the terminal's)
    ascii: bool = False  # text: ASCII spellings (δ → delta) before the columns are measured


@dataclass(frozen=True)
class CheckResult:
    text: str
    any_wrong: bool  # some claim is wrong (the command's exit status 1)
