"""Derivation → one self-contained HTML page: the worked solution beside the network diagram, stepped
through in the browser. The step lines and the Given block are the other formats' contexts written for
the "html" format (LaTeX math, problem text HTML-escaped); KaTeX (its script, and its CSS with the
fonts as data: URIs, shipped in assets/) renders the math in the page, and assets/page.js does the
stepping. Nothing on the page is fetched: its Content-Security-Policy allows no request at all.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from stepcalc import ids as sid
from stepcalc.render.formats import HTML
from stepcalc.render.templating import environment

if TYPE_CHECKING:
    from stepcalc.engine.derive import Derivation
    from stepcalc.engine.iterations import Update
    from stepcalc.notation import Notation

ASSETS = Path(__file__).resolve().parent / "assets"
SCRIPTS = ("katex.min.js", "page.js")
STYLES = ("katex.min.css", "page.css")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def katex_version() -> str:
    return asset("katex.VERSION").strip()


def _script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy() -> str:
    """No request of any kind; only the page's own two scripts run. Styles must be allowed inline:
    KaTeX sizes its output with style attributes. Fonts are data: URIs inside the CSS."""
    scripts = " ".join(_script_hash(asset(name)) for name in SCRIPTS)
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; font-src data:; "
            "base-uri 'none'; form-action 'none'")


def _lines(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for section in sections:
        for group in section["groups"]:
            yield from group["steps"]


def mark_steps(sections: list[dict[str, Any]], values: Mapping[str, float], prefix: str = "") -> list[str]:
    """Gives each step line its page id (the step id under the run `prefix`) and its full-precision
    value (none for a matrix line, whose value is a matrix); returns the unprefixed ids in page order."""
    ids = []
    for line in _lines(sections):
        ids.append(line["id"])
        line["page_id"] = sid.prefixed(prefix, line["id"])
        value = values.get(line["id"])
        line["full_value"] = "" if value is None else repr(float(value))
    return ids


def _values(d: Derivation, notation: Notation) -> dict[str, float]:
    """The values the page's lines show: the derivation's, and in the chain layout the chain factors'."""
    values = dict(d.values)
    if notation.layout == "chain":
        from stepcalc.engine.chain import gradient_chains

        values.update(gradient_chains(d)[1])
    return values


def diagram(d: Derivation, notation: Notation, step_ids: Sequence[str], prefix: str = "", per_sample: bool = True) -> str:
    """The SVG diagram (inline in the page), each unit and edge carrying the page ids of the steps it
    shows and of the steps whose formulas read a value it shows."""
    from stepcalc.engine.expr import symbols
    from stepcalc.figures.labels import diagram_steps, network_svg

    reads = {s.id: [sym.key for sym in symbols(s.formula)] for s in d.steps}
    return network_svg(d, notation, per_sample, diagram_steps(d.problem, step_ids, prefix, reads))


def _page(kind: str, context: dict[str, Any]) -> dict[str, Any]:
    context.update({
        "csp": content_security_policy(),
        "styles": [asset(name) for name in STYLES],
        "scripts": [asset(name) for name in SCRIPTS],
        "katex_version": katex_version(),
        "kind": kind,
    })
    return context


def render_page(d: Derivation, notation: Notation | None = None, derivation: bool | None = None,
                template: str | Path | None = None, audience: str = "teacher") -> str:
    """One training step as an HTML page, for `audience` (see solution_context)."""
    from stepcalc.render.sandbox import render_user_template
    from stepcalc.render.solution import problem_notation, solution_context

    notation = problem_notation(d, notation)
    context = solution_context(d, HTML.name, notation, bool(derivation), audience)
    step_ids = mark_steps(context["sections"], _values(d, notation))
    context["diagram"] = diagram(d, notation, step_ids)
    context = _page("solution", context)
    if template is not None:
        return render_user_template(Path(template), context)
    return environment().get_template(HTML.template("solution")).render(**context)


def _update(u: Update, notation: Notation, carried: bool) -> dict[str, Any]:
    """One update of a run: each sample's pass (its diagram when it updates alone), then a batch's update."""
    from stepcalc.render.run import _pass_steps, _writer
    from stepcalc.render.solution import section_contexts

    p = u.passes[0].derivation.problem
    passes = []
    for ps in u.passes:
        d = ps.derivation
        sections = _pass_steps(ps, _writer(d, HTML.name, notation, carried))
        if ps.in_batch:
            for s in sections:
                if s["key"] == "update":
                    s["title"] = "Gradients of this sample"
        step_ids = mark_steps(sections, _values(d, notation), ps.prefix)
        ids = f"step id prefix {ps.prefix}" if ps.prefix else "step ids without prefix"
        passes.append({"title": HTML.escape(f"Epoch {u.epoch}, sample {d.sample + 1} ({ids})"), "sections": sections,
                       "diagram": "" if ps.in_batch else diagram(d, notation, step_ids, ps.prefix)})
    batch = None
    if u.batch_step is not None:
        d = u.batch_step
        sections = section_contexts(d.steps, _writer(d, HTML.name, notation, carried), len(p.layers) - 1)
        for s in sections:
            if s["key"] == "loss":
                s["title"] = "Loss of the batch"
        step_ids = mark_steps(sections, d.values, u.batch_prefix)
        numbers = ", ".join(str(s + 1) for s in u.samples)
        title = f"Epoch {u.epoch}, update {u.batch} from samples {numbers} (step id prefix {u.batch_prefix})"
        batch = {"title": HTML.escape(title), "sections": sections,
                 "diagram": diagram(d, notation, step_ids, u.batch_prefix, per_sample=False)}
    return {"passes": passes, "batch": batch}


def render_run_page(first: Derivation, updates: list[Update], losses: Sequence[float],
                    snapshots: dict[int, dict[str, float]] | None, every: int, notation: Notation,
                    derivation: bool | None = None, template: str | Path | None = None,
                    audience: str = "teacher") -> str:
    """A training run as an HTML page (for `audience`, see solution_context): each update worked in full stepped like a single step, then the
    loss curve (SVG) and the epoch table."""
    from stepcalc.figures.labels import loss_curve_svg, loss_history
    from stepcalc.render.run import _header, _table
    from stepcalc.render.sandbox import render_user_template

    context = _header(first, HTML.name, notation, bool(derivation), audience)
    context["updates"] = [_update(u, notation, k > 0) for k, u in enumerate(updates)]
    context["full_count"] = len(updates)
    context.update(_table(first.problem, losses, snapshots, every, HTML.name, notation, first.rounding))
    context["loss_curve"] = loss_curve_svg(loss_history(losses)) if len(losses) else ""
    context = _page("run", context)
    if template is not None:
        return render_user_template(Path(template), context)
    return environment().get_template(HTML.template("run")).render(**context)
