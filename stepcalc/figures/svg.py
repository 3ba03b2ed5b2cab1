"""Draws laid-out figures as SVG documents: the network diagram and the loss curve.

Positions come from `diagram` and `curve`, text from `figures` (already formatted); this module
only writes elements. Every text from a problem file is XML-escaped.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stepcalc.figures.diagram import Metrics, NetworkLayout
from stepcalc.figures.labels import DiagramSteps, NetworkContent, Quantity

if TYPE_CHECKING:
    from stepcalc.figures.curve import CurveLayout


def _html_escape(text: str, quote: bool = True) -> str:
    """html.escape, spelled out: importing `html` loads its entity table, a millisecond of every solve."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


METRICS = Metrics(font_size=13, label_size=12, max_width=900)
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SUBSCRIPT_DROP = 3.5  # how far a subscript sits below the baseline, in pixels
_TIME_STEP = re.compile(r"(?<=.)\(\d+\)$")


def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    return '"' + _html_escape(text, quote=True) + '"'


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _rgb(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


def _open(width: float, height: float, title: str, font_size: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}" font-size="{_n(font_size)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="white"/>',  # readable in dark themes too
    ]


def _quantity(q: Quantity, size: float) -> str:
    """`symbol = value`, the plain-text symbol's part after its first "_" set as a subscript
    (net_h1 → net with h1 below, y_3 → y with 3 below)."""
    if q.value is None:
        return escape(q.symbol)
    base, underscore, subscript = q.symbol.partition("_")
    if not underscore or not base or not subscript:
        return escape(f"{q.symbol} = {q.value}")
    # a time step written after the subscript, y_h1(2), stays on the baseline
    subscript, step = (subscript[:-len(m.group(0))], m.group(0)) if (m := _TIME_STEP.search(subscript)) else (subscript, "")
    return (f'{escape(base)}<tspan dy="{_n(SUBSCRIPT_DROP)}" font-size="{_n(size * 0.75)}">{escape(subscript)}</tspan>'
            + (f'<tspan dy="{_n(-SUBSCRIPT_DROP)}">{escape(step)}</tspan>' if step else "")
            + f'<tspan dx="{_n(size * 0.3)}" dy="{_n(0 if step else -SUBSCRIPT_DROP)}">= {escape(q.value)}</tspan>')


def _steps(steps: DiagramSteps | None, table: str, key: str, place: tuple[int, ...]) -> str:
    """` data-steps="…" data-uses="…"`: the step ids an element shows, and those whose formulas read
    it, for the HTML page to step through (nothing without `steps`)."""
    if steps is None:
        return ""
    at = place if steps.placed else key  # an unrolled diagram draws a name once per time step
    shown, used = getattr(steps, table).get(at, ()), getattr(steps, table + "_used").get(at, ())
    return f' data-steps={quoteattr(" ".join(shown))} data-uses={quoteattr(" ".join(used))}'


def network(content: NetworkContent, layout: NetworkLayout, title: str | None = None,
            steps: DiagramSteps | None = None) -> str:
    """The diagram; with `steps` each unit and edge lists the step ids it shows and those that read it."""
    sizes = "-".join(str(len(layer)) for layer in content.names)
    givens = any(w.new is None for w in content.edges.values())
    described = "the inputs, targets and weights given" if givens else "each unit's values; each weight before → after the update"
    out = _open(layout.width, layout.height, title or f"Network {sizes}: {described}", METRICS.font_size)
    out.append('<g class="edges" stroke-width="1.2">')
    for e in layout.edges:
        weight = content.edges[(e.layer, e.source, e.target)]
        out.append(f'<line data-weight={quoteattr(weight.weight_id)}{_steps(steps, "edges", weight.weight_id, (e.layer, e.source, e.target))} x1="{_n(e.x1)}" y1="{_n(e.y1)}" '
                   f'x2="{_n(e.x2)}" y2="{_n(e.y2)}" stroke="{_rgb(e.colour)}"/>')
    out.append("</g>")
    out.append(f'<g class="weights" font-size="{_n(METRICS.label_size)}" text-anchor="middle">')
    for e in layout.edges:
        weight = content.edges[(e.layer, e.source, e.target)]
        r = e.label
        out.append(f'<g class="weight" data-weight={quoteattr(weight.weight_id)}{_steps(steps, "edges", weight.weight_id, (e.layer, e.source, e.target))}>'
                   f'<rect x="{_n(r.left)}" y="{_n(r.top)}" width="{_n(r.width)}" height="{_n(r.height)}" rx="2" '
                   f'fill="{_rgb(e.tint)}" fill-opacity="0.93" stroke="{_rgb(e.colour)}" stroke-width="0.8"/>'
                   f'<text x="{_n(r.cx)}" y="{_n(e.baseline)}">' +
                   (f'{escape(weight.old)}</text></g>' if not weight.new else
                    f'<tspan fill="#555">{escape(weight.old)}</tspan>'
                    f' → <tspan font-weight="bold">{escape(weight.new)}</tspan></text></g>'))
    out.append("</g>")
    out.append('<g class="units" text-anchor="middle">')
    for layer, names in zip(layout.units, content.names):
        for place, name in zip(layer, names):
            b = place.box
            out.append(f'<g class="unit" data-unit={quoteattr(name)}{_steps(steps, "units", name, (place.layer, place.index))}>'
                       f'<rect x="{_n(b.left)}" y="{_n(b.top)}" width="{_n(b.width)}" height="{_n(b.height)}" '
                       f'rx="6" fill="#f3f6fb" stroke="#333" stroke-width="1"/>')
            for q, baseline in zip(content.units[place.layer][place.index], place.baselines):
                out.append(f'<text x="{_n(b.cx)}" y="{_n(baseline)}">{_quantity(q, METRICS.font_size)}</text>')
            out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def loss_curve(c: CurveLayout, loss_name: str) -> str:
    out = _open(c.width, c.height, f"{loss_name} per epoch", c.font_size)
    out.append('<g class="grid" stroke="#ddd" stroke-width="1">')
    for t in c.y_ticks:
        out.append(f'<line x1="{_n(c.left)}" y1="{_n(t.position)}" x2="{_n(c.right)}" y2="{_n(t.position)}"/>')
    out.append("</g>")
    out.append(f'<rect x="{_n(c.left)}" y="{_n(c.top)}" width="{_n(c.right - c.left)}" '
               f'height="{_n(c.bottom - c.top)}" fill="none" stroke="#333"/>')
    out.append('<g class="x-ticks" text-anchor="middle">')
    for t in c.x_ticks:
        out.append(f'<line x1="{_n(t.position)}" y1="{_n(c.bottom)}" x2="{_n(t.position)}" y2="{_n(c.bottom + 4)}" stroke="#333"/>'
                   f'<text x="{_n(t.position)}" y="{_n(c.bottom + 6 + c.font_size)}">{escape(t.label)}</text>')
    out.append("</g>")
    out.append('<g class="y-ticks" text-anchor="end">')
    for t in c.y_ticks:
        out.append(f'<line x1="{_n(c.left - 4)}" y1="{_n(t.position)}" x2="{_n(c.left)}" y2="{_n(t.position)}" stroke="#333"/>'
                   f'<text x="{_n(c.left - 6)}" y="{_n(t.position + 0.35 * c.font_size)}">{escape(t.label)}</text>')
    out.append("</g>")
    out.append(f'<text x="{_n((c.left + c.right) / 2)}" y="{_n(c.height - 6)}" text-anchor="middle">epoch</text>')
    out.append(f'<text transform="translate({_n(14)},{_n((c.top + c.bottom) / 2)}) rotate(-90)" '
               f'text-anchor="middle">{escape(loss_name)}</text>')
    path = " ".join(f"{_n(x)},{_n(y)}" for x, y in c.points)
    out.append(f'<polyline class="loss" points="{path}" fill="none" stroke="rgb(31,119,180)" stroke-width="2"/>')
    if len(c.points) <= 30:
        out.append('<g class="points" fill="rgb(31,119,180)">')
        out.extend(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3"/>' for x, y in c.points)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def __getattr__(name: str) -> Any:
    """CURVE_METRICS, made on first use: the curve's module loads only for a figure that has a curve."""
    if name == "CURVE_METRICS":
        from stepcalc.figures.curve import CurveMetrics

        metrics = CurveMetrics(width=640, height=360, font_size=13, left=64, bottom=48)
        globals()[name] = metrics
        return metrics
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
