"""The Jinja2 environment over templates/<format>/ and the escaping of problem-file text per format.

Apart from render.py so that commands that only lay out numbers (`train`) need not import the engine.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

MARKDOWN_SPECIALS = set("\\`*_[]|~$#")


def markdown_escape(text: str) -> str:
    """Problem-file text shown as Markdown text, never as markup or HTML."""
    out = []
    for c in text:
        if c == "<":
            out.append("&lt;")
        elif c == ">":
            out.append("&gt;")
        elif c == "&":
            out.append("&amp;")
        elif c in MARKDOWN_SPECIALS:
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def html_escape(text: str) -> str:
    """Problem-file text shown as HTML text or attribute value, never as markup or script."""
    from html import escape as _escape

    return _escape(text, quote=True)


def escape(text: str, fmt: str) -> str:
    """Problem-file text made safe for `fmt` (latex, md; text as it is)."""
    from stepcalc.render.formats import format_for  # formats imports this module

    return format_for(fmt).escape(text)


def template_dir() -> Path:
    here = Path(__file__).resolve().parent.parent  # the package
    installed = here / "templates"  # the wheel carries them inside the package
    return installed if installed.is_dir() else here.parent / "templates"


_BREAKS = re.compile(r"(?<=; )|(?= = )")  # after "; ", or before " = " (a continued equation starts with =)


def wrap(text: str, width: int, indent: int) -> str:
    """`text` in lines of at most `width` characters (where it can be broken), continued lines
    indented by `indent` spaces: broken after "; " or before " = " where possible, else between words."""
    lines: list[str] = []
    line = ""
    for piece in _BREAKS.split(text):
        if line and len(line) + len(piece) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
        while len(line) > width and " " in line[1:width + 1]:  # a piece too long for a line: between words
            cut = line.rindex(" ", 1, width + 1)
            lines.append(line[:cut])
            line = line[cut + 1:]
    lines.append(line)
    return ("\n" + " " * indent).join(lines)


@lru_cache(maxsize=None)
def environment() -> Any:
    """No bytecode cache: Jinja's unpickles what it finds on disk, which is code run from a folder that
    others may write to; compiling the templates costs a few milliseconds per process instead."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=False,  # every string is escaped for its format before it reaches a template
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["wrap"] = wrap
    return env
