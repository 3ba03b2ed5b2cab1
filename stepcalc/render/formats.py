"""The output formats: one record per `--format` name with everything that differs between them.

A document format (text, md, latex, json) is not the same thing as the math dialect its formulas are
written in (Unicode text or LaTeX): Markdown writes LaTeX math between `$…$`. Code asks the record
instead of comparing format names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from stepcalc.notation import latex_escape
from stepcalc.render.templating import html_escape, markdown_escape

UNICODE_MINUS = "−"


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Format:
    """An output format: its name, file suffix, formula dialect and escaping."""

    name: str  # as `--format` spells it
    suffix: str  # of output files and of the templates under templates/<name>/
    dialect: str  # how formulas and symbols are written: "text" (Unicode) or "latex"
    escape: Callable[[str], str]  # problem-supplied text (titles, file names) made safe for the format
    minus: str  # the sign of a negative number as the dialect writes it ("-" is right inside LaTeX math)
    inline_math: tuple[str, str]  # delimiters around math within a sentence ("", "" when there is no math)
    display_math: tuple[str, str]  # delimiters around a displayed equation
    shows_math: bool  # formulas are LaTeX math rather than Unicode text
    math_escape: Callable[[str], str] = _as_is  # LaTeX source made safe inside the math delimiters

    def template(self, kind: str) -> str:
        """The built-in template of `kind` (solution, run, train, check, sheet, answer_key)."""
        return f"{self.name}/{kind}.{self.suffix}.j2"

    def signed(self, text: str) -> str:
        """A number written by Python ("-0.5") with the format's minus sign."""
        return self.minus + text[1:] if text.startswith("-") else text

    def math(self, latex: str, text: str) -> str:
        """`latex` as inline math when the format shows math, else the Unicode `text`."""
        if not self.shows_math:
            return text
        opening, closing = self.inline_math
        return f"{opening}{self.math_escape(latex)}{closing}"


TEXT = Format("text", "txt", "text", _as_is, UNICODE_MINUS, ("", ""), ("", ""), False)
MARKDOWN = Format("md", "md", "latex", markdown_escape, "-", ("$", "$"), ("$$", "$$"), True)
LATEX = Format("latex", "tex", "latex", latex_escape, "-", ("$", "$"), (r"\[", r"\]"), True)
# JSON carries both dialects per step; its free text is Unicode, escaped by the JSON encoder.
JSON = Format("json", "json", "text", _as_is, UNICODE_MINUS, ("", ""), ("", ""), False)

# A page KaTeX renders in the browser: math is LaTeX source, HTML-escaped, in elements of class "math".
HTML = Format("html", "html", "latex", html_escape, "-", ('<span class="math">', "</span>"),
              ('<span class="math display">', "</span>"), True, html_escape)

FORMATS: dict[str, Format] = {f.name: f for f in (TEXT, MARKDOWN, LATEX, JSON, HTML)}


def format_for(name: str | Format) -> Format:
    """The record of a `--format` name (a record is returned as it is)."""
    if isinstance(name, Format):
        return name
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}") from None


def dialect_of(name: str | Format) -> str:
    """The math dialect of a format name; the dialect names "text" and "latex" map to themselves."""
    return format_for(name).dialect


def unicode_minus(text: str) -> str:
    """A number outside math (table cells, sentences) with a true minus sign, whatever the format."""
    return TEXT.signed(text)
