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


COMPILED_PACKAGE = "stepcalc.render.compiled"  # the built-in templates as Python modules, made by tools/compile_templates.py


def settings() -> dict[str, Any]:
    """The options of the built-in templates' environment: the compiled modules and users' templates
    are made with these too."""
    import jinja2

    return {"autoescape": False,  # every string is escaped for its format before it reaches a template
            "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
            "undefined": jinja2.StrictUndefined}


def with_filters(env: Any) -> Any:
    """`env` with the filters the built-in templates (and the macros users may import) call."""
    env.filters["wrap"] = wrap
    return env


def compiled_module_name(template: str) -> str:
    """The module of `template` (e.g. md/solution.md.j2 → t_md_solution_md) inside COMPILED_PACKAGE."""
    return "t_" + re.sub(r"\W", "_", template.removesuffix(".j2"))


def source_digest(template: str) -> str | None:
    """The SHA-256 of `template`'s .j2 file as it is now (None when it is missing)."""
    import hashlib

    try:
        return hashlib.sha256((template_dir() / template).read_bytes()).hexdigest()
    except OSError:
        return None


def compiled_sources() -> dict[str, str]:
    """Every built-in template compiled from its .j2 now, as the Python module to ship: file name → text.
    The manifest (__init__.py) names the jinja2 version that compiled them and, per template, its
    module and the digest of the source it was compiled from."""
    import jinja2

    env = with_filters(jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir())), **settings()))
    modules: dict[str, str] = {}
    names = sorted(env.list_templates(extensions=["j2"]))
    for name in names:
        source, _, _ = env.loader.get_source(env, name)
        # defer_init: the module touches no environment until it is bound to one when loaded.
        code = env.compile(source, name, name, raw=True, defer_init=True)
        modules[compiled_module_name(name) + ".py"] = f"# Compiled from templates/{name} by tools/compile_templates.py; do not edit.\n{code}\n"
    if len(modules) != len(names):
        raise ValueError("two templates map to one compiled module name")
    table = "".join(f"    {name!r}: ({compiled_module_name(name)!r}, {source_digest(name)!r}),\n" for name in names)
    modules["__init__.py"] = (
        '"""The built-in templates compiled ahead of time (tools/compile_templates.py), so that no process\n'
        'compiles them from source and nothing is unpickled from a cache; tests/test_templating.py checks\n'
        'that they equal what compiling templates/ gives now."""\n\n'
        f"JINJA2_VERSION = {jinja2.__version__!r}  # the compiled code calls this version's runtime\n"
        "# template → (module, SHA-256 of the .j2 it was compiled from)\n"
        f"MODULES = {{\n{table}}}\n")
    return modules


def _compiled_loader() -> Any:
    """A loader of the compiled modules, or None when they were made by another jinja2 than the one
    installed (its runtime may differ): then the templates are compiled from source, as before.
    A template whose .j2 has changed since it was compiled is compiled from source too, so an edit
    shows at once (the tests insist on regenerating before a commit)."""
    import importlib

    import jinja2

    manifest = importlib.import_module(COMPILED_PACKAGE)
    if manifest.JINJA2_VERSION != jinja2.__version__:
        return None
    sources = jinja2.FileSystemLoader(str(template_dir()))

    class CompiledLoader(jinja2.BaseLoader):
        has_source_access = False

        def load(self, environment: Any, name: str, globals: Any = None) -> Any:
            module, digest = manifest.MODULES.get(name, (None, None))
            if module is None or source_digest(name) != digest:
                return sources.load(environment, name, globals)
            namespace = importlib.import_module(f"{COMPILED_PACKAGE}.{module}").__dict__
            return environment.template_class.from_module_dict(environment, namespace, globals)

    return CompiledLoader()


@lru_cache(maxsize=None)
def environment() -> Any:
    """The built-in templates, loaded from their compiled modules. No bytecode cache: Jinja's unpickles
    what it finds on disk, which is code run from a folder that others may write to."""
    import jinja2

    loader = _compiled_loader() or jinja2.FileSystemLoader(str(template_dir()))
    return with_filters(jinja2.Environment(loader=loader, **settings()))
