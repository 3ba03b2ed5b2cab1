"""The pictures of a solution: what each unit and edge of the network diagram says, taken from the
derivation's values and written by `render.Writer`, then laid out by `diagram` and drawn by `svg` or
`tikz`; the loss curve of a training run, laid out by `curve`; and how Markdown shows a figure.
No arithmetic on values happens here.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence
from urllib.parse import quote

from stepcalc import ids as sid
from stepcalc.figures.diagram import Metrics, NetworkLayout, layout_network

if TYPE_CHECKING:  # the engine and the renderer load only when a diagram is drawn: `train` needs neither
    from stepcalc.engine.derive import Derivation
    from stepcalc.notation import Notation


DIAGRAM_ALT = "Network diagram: each unit's values, each weight before → after the update"
GIVENS_ALT = "Network diagram: the inputs, targets and weights given"
CURVE_ALT = "Loss per epoch"

# Saves an SVG figure (kind, SVG text) next to the Markdown being written; returns the name to link.
FigureSaver = Callable[[str, str], str]


def figure_path_for(document: str | Path, kind: str) -> Path:
    """Where a figure of a Markdown file goes: next to it, `NAME-KIND.svg`."""
    path = Path(document)
    return path.with_name(f"{path.stem}-{kind}.svg")


def markdown_image(svg: str, alt: str, file: str | None = None) -> str:
    """A Markdown image of `svg`: a link to `file` (written next to the Markdown by the caller;
    what GitHub shows) or, without a file, a data URI (self-contained; Jupyter and VS Code show it,
    GitHub does not)."""
    if file is not None:
        return f"![{alt}]({quote(file)})"
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"![{alt}](data:image/svg+xml;base64,{data})"


@dataclass(frozen=True)
class Quantity:
    """One line of a unit box: `symbol = value`."""

    symbol: str
    value: str | None  # None: the line is the symbol (a unit's name) alone


@dataclass(frozen=True)
class WeightLabel:
    weight_id: str  # w.A.B, the step id of the new weight
    old: str
    new: str | None  # None: a problem sheet's diagram, which shows the given weight only


@dataclass(frozen=True)
class NetworkContent:
    units: tuple[tuple[tuple[Quantity, ...], ...], ...]  # units[l][i]: the lines of unit i of layer l
    names: tuple[tuple[str, ...], ...]
    edges: dict[tuple[int, int, int], WeightLabel]  # (l, i, j): unit i of layer l → unit j of layer l + 1

    def plain(self) -> tuple[list[list[list[str]]], dict[tuple[int, int, int], str]]:
        """The same text as one string per line and label, for sizing (`diagram.layout_network`)."""
        lines = [[[q.symbol if q.value is None else f"{q.symbol} = {q.value}" for q in unit] for unit in layer]
                 for layer in self.units]
        labels = {key: e.old if e.new is None else f"{e.old} → {e.new}" for key, e in self.edges.items()}
        return lines, labels


def network_content(d: Derivation, fmt: str, notation: Notation | None = None, per_sample: bool = True,
                    givens: bool = False) -> NetworkContent:
    """Every number the diagram shows, for `fmt` "text" (SVG) or "latex" (TikZ): inputs, each unit's
    net input, output, delta (and target, bias before and after), each weight before and after.

    Without `per_sample` (a batch update, whose numbers belong to no one sample) units show their
    name and bias only. With `givens` (a problem sheet) nothing computed is shown: the inputs, each
    unit's name, given bias and target, each weight's given value."""
    from stepcalc.engine.derive import bias_key, initial_parameters, layer_bias, weight_key
    from stepcalc.engine.expr import Sym
    from stepcalc.notation import latex_escape
    from stepcalc.render.solution import Writer, problem_notation

    p = d.problem
    w = Writer(d, fmt, problem_notation(d, notation))
    values = d.values
    start = initial_parameters(p)

    def given(key: str) -> str:
        # The problem's own numbers as written; numbers carried from an earlier iteration as weights.
        return w.number(values[key], None if values[key] == start.get(key) else "weight")

    def quantity(key: str, kind: str, unit: str, text: str) -> Quantity:
        return Quantity(w.symbol(Sym(key, kind, (unit,))), text)

    def name_line(unit: str) -> Quantity:
        return Quantity(unit if fmt == "text" else r"\text{" + latex_escape(unit) + "}", None)

    last = len(p.layers) - 1
    layers = [tuple((quantity(sid.x(u), "x", u, w.number(values[sid.x(u)], None)) if per_sample else name_line(u),)
                    for u in p.units[0])]
    for l in range(1, last + 1):
        layer = []
        for u in p.units[l]:
            if givens:
                lines = [name_line(u)] + ([quantity(sid.t(u), "t", u, w.number(values[sid.t(u)], None))]
                                          if l == last else [])
            elif per_sample:
                lines = [quantity(sid.net(u), "net", u, w.number(values[sid.net(u)], "net")),
                         quantity(sid.out(u), "out", u, w.number(values[sid.out(u)], "out"))]
                if l == last:
                    lines.append(quantity(sid.t(u), "t", u, w.number(values[sid.t(u)], None)))
                lines.append(quantity(sid.delta(u), "delta", u, w.number(values[sid.delta(u)], "delta")))
            else:
                lines = [name_line(u)]
            if p.biases is not None:  # the unit's own bias or its layer's shared one; before, and after if updated
                name, kind, ids = (layer_bias(l), "b_layer", str(l)) if p.shared_bias else (u, "b", u)
                lines.append(quantity(bias_key(name), kind, ids, given(bias_key(name))))
                if p.update_biases and not givens:
                    lines.append(quantity(sid.new_bias(name), kind + "_new", ids, w.number(values[sid.new_bias(name)], "weight")))
            layer.append(tuple(lines))
        layers.append(tuple(layer))

    edges = {}
    for l in range(last):
        for i, a in enumerate(p.units[l]):
            for j, b in enumerate(p.units[l + 1]):
                edges[(l, i, j)] = WeightLabel(sid.new_weight(a, b), given(weight_key(a, b)),
                                               None if givens else w.number(values[sid.new_weight(a, b)], "weight"))
    return NetworkContent(tuple(layers), p.units, edges)


def network_layout(d: Derivation, metrics: Metrics, notation: Notation | None = None,
                   per_sample: bool = True, givens: bool = False) -> NetworkLayout:
    """Geometry sized from the plain-text form of the labels (both writers use it)."""
    lines, labels = network_content(d, "text", notation, per_sample, givens).plain()
    return layout_network(lines, labels, metrics)


def network_svg(d: Derivation, notation: Notation | None = None, per_sample: bool = True,
                givens: bool = False) -> str:
    """The network diagram of one training step as a standalone SVG document (`givens`: a problem
    sheet's, with the given numbers only)."""
    from stepcalc.figures import svg

    return svg.network(network_content(d, "text", notation, per_sample, givens),
                       network_layout(d, svg.METRICS, notation, per_sample, givens))


def network_tikz(d: Derivation, notation: Notation | None = None, per_sample: bool = True,
                 givens: bool = False) -> str:
    """The network diagram as a tikzpicture (needs \\usepackage{tikz})."""
    from stepcalc.figures import tikz

    return tikz.network(network_content(d, "latex", notation, per_sample, givens),
                        network_layout(d, tikz.METRICS, notation, per_sample, givens))


def network_block(d: Derivation, fmt: str, notation: Notation | None = None, save: FigureSaver | None = None,
                  kind: str = "network", per_sample: bool = True) -> str:
    """The diagram as a report shows it: a Markdown image (a file saved as `kind`, or a data URI),
    a tikzpicture, or nothing in plain text."""
    if fmt == "md":
        svg = network_svg(d, notation, per_sample)
        return markdown_image(svg, DIAGRAM_ALT, save(kind, svg) if save is not None else None)
    if fmt == "latex":
        return network_tikz(d, notation, per_sample)
    return ""


def loss_curve_svg(history: Sequence[tuple[float, float]], loss_name: str = "loss") -> str:
    """A loss curve, one point per (epoch, loss), as a standalone SVG document."""
    from stepcalc.figures import curve, svg

    return svg.loss_curve(curve.layout_curve(history, svg.CURVE_METRICS), loss_name)


def loss_curve_pgfplots(history: Sequence[tuple[float, float]], loss_name: str = "loss") -> str:
    """A loss curve as a pgfplots axis in a tikzpicture (needs \\usepackage{pgfplots})."""
    from stepcalc.figures import curve, tikz

    return tikz.loss_curve(curve.layout_curve(history, tikz.CURVE_METRICS), loss_name)


def loss_history(losses: Sequence[float]) -> list[tuple[int, float]]:
    """Epoch k's loss at k = 1, 2, …: the points of a run's curve."""
    return [(k, float(v)) for k, v in enumerate(losses, start=1)]


def loss_curve_block(history: Sequence[tuple[float, float]], fmt: str, save: FigureSaver | None = None) -> str:
    """The loss curve as a report shows it: a Markdown image (a saved file, or a data URI), a
    pgfplots picture, or nothing in plain text."""
    if fmt == "md":
        svg = loss_curve_svg(history)
        return markdown_image(svg, CURVE_ALT, save("loss", svg) if save is not None else None)
    if fmt == "latex":
        return loss_curve_pgfplots(history)
    return ""
