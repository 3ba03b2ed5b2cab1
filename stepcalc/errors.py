"""Errors a user can act on. The CLI prints them as one line and exits with status 2."""
from __future__ import annotations


class StepcalcError(Exception):
    """Bad input or an impossible request: reported as one line, exit status 2."""


class ProblemError(StepcalcError):
    """A problem (or claims) file that cannot be used, naming the file, the key and what was expected."""

    def __init__(self, source: str, key: str, expected: str) -> None:
        self.source, self.key, self.expected = source, key, expected
        super().__init__(f"{source}: {key}: {expected}" if key else f"{source}: {expected}")
