"""The Jinja2 environment over templates/<format>/ and the escaping of problem-file text per format.

Apart from render.py so that commands that only lay out numbers (`train`) need not import the engine.
"""
from __future__ import annotations

import os
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


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates kept next to the derivative memo (saves compiling them on every run)."""
    if os.environ.get("STEPCALC_NO_CACHE") == "1":
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    directory = base / "stepcalc" / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


@lru_cache(maxsize=None)
def environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        bytecode_cache=_bytecode_cache(jinja2),
        autoescape=False,  # every string is escaped for its format before it reaches a template
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
