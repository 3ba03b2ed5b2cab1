"""The convolutional network's picture: the input channels, the feature maps and the pooled maps as
grids of their values, with one chosen cell's receptive field highlighted (and, with pooling, the window
it belongs to and the pooled cell it feeds), in SVG and TikZ from one layout."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from stepcalc import ids as sid
from stepcalc.engine.numbers import fixed, plain

if TYPE_CHECKING:
    from stepcalc.engine.derive import Derivation

CELL = 30.0  # height (and least width) of a grid cell (px in SVG, pt in TikZ before scaling)
DIGIT = 7.0  # width of a digit at the cells' font size
GAP = 22.0  # between panels
TITLE = 18.0  # room for a panel's title
MARGIN = 10.0
TIKZ_SCALE = 0.75  # pt per layout unit in TikZ
TIKZ_WIDTH = 440.0  # the text block, pt
FIELD = (255, 221, 153)  # the receptive field and the window: light orange
CHOSEN = (230, 120, 40)  # the chosen cell's border
ALT = ("Convolution at a glance: the input channels, feature maps and pooled maps, with the receptive "
       "field of one cell highlighted")


@dataclass(frozen=True)
class Panel:
    title: str
    x: float
    y: float
    cells: tuple[tuple[str, ...], ...]
    shaded: frozenset[tuple[int, int]]  # the receptive field, or the pooling window
    chosen: frozenset[tuple[int, int]]  # the chosen cell (framed)
    cell_width: float = 0.0


@dataclass(frozen=True)
class GridFigure:
    width: float
    height: float
    panels: tuple[Panel, ...]
    caption: str


def chosen_cell(d: "Derivation") -> tuple[int, int]:
    """The first layer's cell whose field is shown: filter 1, the middle of the map (0-based)."""
    layer = d.problem.conv.layers[0]
    rows, cols = layer.map_size
    return (rows - 1) // 2, (cols - 1) // 2


def layout(d: "Derivation") -> GridFigure:
    p = d.problem
    net = p.conv
    v = d.values
    out_places = d.rounding.places("out")
    r0, c0 = chosen_cell(d)
    first = net.layers[0]
    field = first.receptive_field(r0, c0)
    rows_of_panels: list[list[tuple[str, list[list[str]], set, set]]] = []
    channels, h, w = net.input_shape
    rows_of_panels.append([(f"input, channel {c + 1}",
                            [[plain(v[sid.x(sid.pixel(c + 1, r + 1, s + 1))]) for s in range(w)] for r in range(h)],
                            {(rr, cc) for ch, _, _, rr, cc in field if ch == c}, set()) for c in range(channels)])
    for n, layer in enumerate(net.layers, start=1):
        rows, cols = layer.map_size
        window: set = set()
        pooled_cell: set = set()
        if n == 1 and layer.pool is not None:
            pool = layer.pool
            for pr in range(pool.out_size(rows, cols)[0]):
                for pc in range(pool.out_size(rows, cols)[1]):
                    if (r0, c0) in pool.window(pr, pc) and not pooled_cell:
                        window, pooled_cell = set(pool.window(pr, pc)), {(pr, pc)}
        rows_of_panels.append([(f"feature map {n}, filter {f + 1}",
                                [[fixed(v[sid.out(sid.conv_cell(n, f + 1, r + 1, s + 1))], out_places) for s in range(cols)]
                                 for r in range(rows)],
                                window if (n == 1 and f == 0) else set(),
                                {(r0, c0)} if (n == 1 and f == 0) else set()) for f in range(layer.filters)])
        if layer.pool is not None:
            pr_, pc_ = layer.pool.out_size(rows, cols)
            rows_of_panels.append([(f"{layer.pool.kind} pooled {n}, filter {f + 1}",
                                    [[fixed(v[sid.out(sid.pool_cell(n, f + 1, r + 1, s + 1))], out_places)
                                      for s in range(pc_)] for r in range(pr_)],
                                    set(), pooled_cell if (n == 1 and f == 0) else set()) for f in range(layer.filters)])
    panels = []
    y = MARGIN
    width = 0.0
    for row in rows_of_panels:
        x = MARGIN
        tallest = 0.0
        for title, cells, shaded, chosen in row:
            cell_width = max(CELL, DIGIT * max(len(text) for r in cells for text in r) + 10)
            panels.append(Panel(title, x, y + TITLE, tuple(tuple(r) for r in cells), frozenset(shaded),
                                frozenset(chosen), cell_width))
            x += max(len(cells[0]) * cell_width, 7.0 * len(title)) + GAP
            tallest = max(tallest, TITLE + len(cells) * CELL)
        width = max(width, x - GAP + MARGIN)
        y += tallest + GAP
    caption = (f"Shaded on the input: the receptive field of feature-map cell ({r0 + 1}, {c0 + 1}) of filter 1 "
               f"(framed){', and on the feature map the pooling window it belongs to' if first.pool else ''}; "
               "every value as computed in the forward pass.")
    return GridFigure(width, y - GAP + MARGIN, tuple(panels), caption)


def _rgb(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(d: "Derivation") -> str:
    fig = layout(d)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(fig.width)}" height="{_n(fig.height)}" '
           f'viewBox="0 0 {_n(fig.width)} {_n(fig.height)}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" '
           f'font-size="11">', f"<title>{escape(ALT)}</title>",
           f'<rect width="{_n(fig.width)}" height="{_n(fig.height)}" fill="white"/>']
    for panel in fig.panels:
        out.append(f'<text x="{_n(panel.x)}" y="{_n(panel.y - 6)}" font-size="12">{escape(panel.title)}</text>')
        for r, row in enumerate(panel.cells):
            for c, text in enumerate(row):
                cw = panel.cell_width
                x, y = panel.x + c * cw, panel.y + r * CELL
                fill = _rgb(FIELD) if (r, c) in panel.shaded else "white"
                out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cw)}" height="{_n(CELL)}" fill="{fill}" '
                           'stroke="rgb(120,120,120)" stroke-width="0.8"/>')
                out.append(f'<text x="{_n(x + cw / 2)}" y="{_n(y + CELL / 2 + 4)}" text-anchor="middle">'
                           f'{escape(text.replace("-", "−"))}</text>')
        for r, c in panel.chosen:
            cw = panel.cell_width
            out.append(f'<rect x="{_n(panel.x + c * cw)}" y="{_n(panel.y + r * CELL)}" width="{_n(cw)}" '
                       f'height="{_n(CELL)}" fill="none" stroke="{_rgb(CHOSEN)}" stroke-width="2.5"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tikz(d: "Derivation") -> str:
    fig = layout(d)
    out = [rf"\begin{{tikzpicture}}[x={TIKZ_SCALE}pt, y=-{TIKZ_SCALE}pt, font=\scriptsize]",
           r"\definecolor{stepcalcfield}{RGB}{%d,%d,%d}" % FIELD, r"\definecolor{stepcalcchosen}{RGB}{%d,%d,%d}" % CHOSEN]
    for panel in fig.panels:
        out.append(rf"\node[anchor=base west, inner sep=0pt] at ({_n(panel.x)},{_n(panel.y - 6)}) {{\footnotesize {panel.title}}};")
        for r, row in enumerate(panel.cells):
            for c, text in enumerate(row):
                cw = panel.cell_width
                x, y = panel.x + c * cw, panel.y + r * CELL
                fill = "stepcalcfield" if (r, c) in panel.shaded else "white"
                out.append(rf"\filldraw[draw=black!50, fill={fill}] ({_n(x)},{_n(y)}) rectangle ({_n(x + cw)},{_n(y + CELL)});")
                out.append(rf"\node at ({_n(x + cw / 2)},{_n(y + CELL / 2)}) {{${text}$}};")
        for r, c in panel.chosen:
            cw = panel.cell_width
            x, y = panel.x + c * cw, panel.y + r * CELL
            out.append(rf"\draw[stepcalcchosen, line width=1.6pt] ({_n(x)},{_n(y)}) rectangle ({_n(x + cw)},{_n(y + CELL)});")
    out.append(r"\end{tikzpicture}")
    body = "\n".join(out)
    if fig.width * TIKZ_SCALE > TIKZ_WIDTH:  # wider than the text block: shrink it to fit
        body = "\\resizebox{\\linewidth}{!}{%\n" + body + "%\n}"
    return body + "\n"
