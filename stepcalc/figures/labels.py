"""The pictures of a solution: what each unit and edge of the network diagram says, taken from the
derivation's values and written by `render.Writer`, then laid out by `diagram` and drawn by `svg` or
`tikz`; the loss curve of a training run, laid out by `curve`; and how Markdown shows a figure.
No arithmetic on values happens here.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Mapping, Sequence
from urllib.parse import quote

from stepcalc import ids as sid
from stepcalc.figures.diagram import Metrics, NetworkLayout, layout_network

if TYPE_CHECKING:  # the engine and the renderer load only when a diagram is drawn: `train` needs neither
    from stepcalc.engine.derive import Derivation
    from stepcalc.notation import Notation
    from stepcalc.problem.validate import Problem


DIAGRAM_ALT = "Network diagram: each unit's values, each weight before → after the update"
DIAGRAM_ALT_GIVEN = "Network diagram: each unit's values and each weight"  # a problem without an update

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
    """What an edge's label says: the weight given and the weight after the update."""

    weight_id: str  # w.A.B, the step id of the new weight
    old: str
    new: str | None  # None: a problem sheet's diagram, which shows the given weight only; "" when the problem has no update (no learning rate)


@dataclass(frozen=True)
class NetworkContent:
    """The texts of a network diagram: each unit's lines and each edge's label."""

    units: tuple[tuple[tuple[Quantity, ...], ...], ...]  # units[l][i]: the lines of unit i of layer l
    names: tuple[tuple[str, ...], ...]
    edges: dict[tuple[int, int, int], WeightLabel]  # (l, i, j): unit i of layer l → unit j of layer l + 1

    def plain(self) -> tuple[list[list[list[str]]], dict[tuple[int, int, int], str]]:
        """The same text as one string per line and label, for sizing (`diagram.layout_network`)."""
        lines = [[[q.symbol if q.value is None else f"{q.symbol} = {q.value}" for q in unit] for unit in layer]
                 for layer in self.units]
        labels = {key: f"{e.old} → {e.new}" if e.new else e.old for key, e in self.edges.items()}
        return lines, labels


@dataclass(frozen=True)
class DiagramSteps:
    """For each element of the diagram (units by name, edges by weight id w.A.B): the step ids it
    shows (`data-steps`), and the step ids whose formulas read a value it shows (`data-uses`).
    With `placed`, units are keyed by their place (layer, index) and edges by (layer, source,
    target) instead: a diagram where one name is drawn more than once (unrolled through time)."""

    units: Mapping[Hashable, tuple[str, ...]]
    edges: Mapping[Hashable, tuple[str, ...]]
    units_used: Mapping[Hashable, tuple[str, ...]]
    edges_used: Mapping[Hashable, tuple[str, ...]]
    placed: bool = False


# Value keys shown on an edge (its weight's) and in a unit's box (its own and its bias's), by id form.
EDGE_FORMS = frozenset({"grad_weight", "weight_change", "new_weight", "chain_dnet_dw", "given_weight",
                        "previous_weight_change"})
UNIT_FORMS = frozenset({"x", "t", "net", "out", "error", "fprime", "loss_share", "delta", "chain_dE_dout",
                        "chain_dout_dnet", "chain_dE_dnet", "grad_bias", "bias_change", "new_bias", "given_bias",
                        "previous_bias_change"})


def diagram_steps(p: Problem, step_ids: Iterable[str], prefix: str = "",
                  reads: Mapping[str, Iterable[str]] | None = None) -> DiagramSteps:
    """Which of `step_ids` (unprefixed; shown under `prefix`) each unit and edge shows: a unit its
    net input, output, error, delta, bias steps and those of the pass with the new weights, an output
    unit also the loss; an edge its weight's gradient, change and new value. A layer's shared bias
    belongs to every unit of the layer; matrix lines to no one element. `reads[id]`: the value keys
    the step's formula reads (the weights and units a net input sums over, …), for `data-uses`.
    A recurrent network's diagram is unrolled through time: `unrolled.unrolled_steps` places them."""
    if p.recurrent_layer is not None:
        from stepcalc.figures.unrolled import unrolled_steps

        return unrolled_steps(p, step_ids, prefix, reads)
    units: dict[str, list[str]] = {u: [] for layer in p.units for u in layer}
    edges: dict[str, list[str]] = {sid.new_weight(a, b): [] for l in range(len(p.units) - 1)
                                   for a in p.units[l] for b in p.units[l + 1]}
    units_used: dict[str, list[str]] = {u: [] for u in units}
    edges_used: dict[str, list[str]] = {e: [] for e in edges}
    shared = {sid.layer_bias(l): p.units[l] for l in range(1, len(p.units))}

    def elements(key: str) -> tuple[list[str], list[str]]:
        """The units and edges that show value `key`."""
        try:
            parsed = sid.parse(key)
        except ValueError:
            return [], []
        if parsed.kind in EDGE_FORMS:
            return [], [sid.new_weight(*parsed.units)]
        if parsed.kind in UNIT_FORMS:
            name = parsed.units[0]
            return list((name,) if name in units else shared.get(name, ())), []
        if parsed.kind in ("loss", "loss_after"):
            return list(p.units[-1]), []
        return [], []

    return collect_steps(step_ids, prefix, reads or {}, elements, lambda key, read: elements(read),
                         (units, edges, units_used, edges_used))


def collect_steps(step_ids: Iterable[str], prefix: str, reads: Mapping[str, Iterable[str]],
                  shows: Callable[[str], tuple[list[Any], list[Any]]],
                  read_by: Callable[[str, str], tuple[list[Any], list[Any]]],
                  tables: tuple[dict[Any, list[str]], ...], placed: bool = False) -> DiagramSteps:
    """Each step id (shown under `prefix`) added to the units and edges that show it (`shows`), and to
    those its formula reads (`read_by(step, value read)`) unless they show it already."""
    units, edges, units_used, edges_used = tables
    for key in step_ids:
        shown = sid.prefixed(prefix, key)
        own_units, own_edges = shows(key)
        for u in own_units:
            units[u].append(shown)
        for e in own_edges:
            edges[e].append(shown)
        for read in reads.get(key, ()):
            read_units, read_edges = read_by(key, read)
            for u in read_units:
                if u not in own_units and shown not in units_used[u]:
                    units_used[u].append(shown)
            for e in read_edges:
                if e not in own_edges and shown not in edges_used[e]:
                    edges_used[e].append(shown)

    def frozen(table: dict[Any, list[str]]) -> dict[Any, tuple[str, ...]]:
        return {k: tuple(v) for k, v in table.items()}

    return DiagramSteps(frozen(units), frozen(edges), frozen(units_used), frozen(edges_used), placed=placed)


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
                if p.update_biases and not givens and sid.new_bias(name) in values:
                    lines.append(quantity(sid.new_bias(name), kind + "_new", ids, w.number(values[sid.new_bias(name)], "weight")))
            layer.append(tuple(lines))
        layers.append(tuple(layer))

    edges = {}
    for l in range(last):
        for i, a in enumerate(p.units[l]):
            for j, b in enumerate(p.units[l + 1]):
                new = sid.new_weight(a, b)  # absent from a gradient-only problem: the label is the weight alone
                edges[(l, i, j)] = WeightLabel(new, given(weight_key(a, b)),
                                               None if givens else w.number(values[new], "weight") if new in values else "")
    return NetworkContent(tuple(layers), p.units, edges)


def network_layout(d: Derivation, metrics: Metrics, notation: Notation | None = None,
                   per_sample: bool = True, givens: bool = False) -> NetworkLayout:
    """Geometry sized from the plain-text form of the labels (both writers use it)."""
    return _layout(network_content(d, "text", notation, per_sample, givens), metrics)


def _layout(text: NetworkContent, metrics: Metrics) -> NetworkLayout:
    """The geometry of a diagram whose plain-text content is `text`."""
    lines, labels = text.plain()
    return layout_network(lines, labels, metrics)


def diagram_alt(d: Derivation) -> str:
    """The diagram's alternative text in Markdown."""
    if d.problem.conv is not None:
        from stepcalc.figures.grids import ALT

        return ALT
    return DIAGRAM_ALT if d.problem.learning_rate is not None else DIAGRAM_ALT_GIVEN


def network_svg(d: Derivation, notation: Notation | None = None, per_sample: bool = True,
                steps: DiagramSteps | None = None, givens: bool = False) -> str:
    """The network diagram of one training step as a standalone SVG document; with `steps`, each
    unit and edge carries the ids of the steps it shows (`data-steps`, for the HTML page); `givens`:
    a problem sheet's, with the given numbers only."""
    if d.problem.conv is not None:  # the maps as grids, not units and edges
        from stepcalc.figures import grids

        return grids.svg(d)
    from stepcalc.figures import svg

    if d.problem.recurrent_layer is not None:
        from stepcalc.figures.unrolled import unrolled_svg

        return unrolled_svg(d, notation, steps)
    content = network_content(d, "text", notation, per_sample, givens)  # drawn, and sized from
    return svg.network(content, _layout(content, svg.METRICS), steps=steps)


def network_tikz(d: Derivation, notation: Notation | None = None, per_sample: bool = True,
                 givens: bool = False) -> str:
    """The network diagram as a tikzpicture (needs \\usepackage{tikz})."""
    if d.problem.conv is not None:
        from stepcalc.figures import grids

        return grids.tikz(d)
    from stepcalc.figures import tikz

    if d.problem.recurrent_layer is not None:
        from stepcalc.figures.unrolled import unrolled_tikz

        return unrolled_tikz(d, notation)
    return tikz.network(network_content(d, "latex", notation, per_sample, givens),
                        network_layout(d, tikz.METRICS, notation, per_sample, givens))


def network_block(d: Derivation, fmt: str, notation: Notation | None = None, save: FigureSaver | None = None,
                  kind: str = "network", per_sample: bool = True) -> str:
    """The diagram as a report shows it: a Markdown image (a file saved as `kind`, or a data URI),
    a tikzpicture, or nothing in plain text."""
    if d.problem.conv is not None:  # a run's captions speak of units and edges: the grids are the solution's
        return ""
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
