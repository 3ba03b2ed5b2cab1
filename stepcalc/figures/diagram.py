"""Where everything in a network diagram goes: unit boxes in layers, the edges between them, and a
spot on each edge for its label where it overlaps no other label. Geometry only, in abstract units
(SVG pixels or TikZ points), y pointing down; `svg.py` and `tikz.py` draw the result.

Text sizes are estimated from the plain-text form of each label with a per-character width table
for a sans-serif face (DejaVu Sans, Verdana); Computer Modern is narrower, so the estimate is
generous for TikZ too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

# Advance widths in em of the characters labels are made of; anything else gets a wide default.
_EM = {**dict.fromkeys("0123456789", 0.64), ".": 0.32, ",": 0.32, " ": 0.32, ":": 0.34, "'": 0.28,
       "-": 0.36, "−": 0.84, "→": 0.84, "=": 0.84, "+": 0.84, "(": 0.39, ")": 0.39, "_": 0.5,
       "i": 0.28, "l": 0.28, "j": 0.28, "t": 0.4, "f": 0.36, "r": 0.42, "m": 0.98, "w": 0.82}

TINT = 0.14  # share of the edge's colour in its label's background (TikZ: colour!14)
# Distinct colours for the edges leaving the units of one layer (by the source unit's index).
PALETTE = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14),
           (140, 86, 75), (23, 190, 207), (227, 119, 194))


def text_width(text: str, size: float) -> float:
    """Estimated advance width of `text` at font size `size`."""
    total = 0.0
    for c in text:
        if c in _EM:
            total += _EM[c]
        elif c.islower():
            total += 0.62
        elif c.isupper():
            total += 0.74
        else:
            total += 0.9
    return total * size


@dataclass(frozen=True)
class Metrics:
    """Sizes of one output medium."""

    font_size: float  # text inside unit boxes
    label_size: float  # edge labels
    max_width: float  # the width the drawing should fit in
    line_gap: float = 1.35  # line height as a multiple of the font size
    padding: float = 6.0  # inside a unit box, around its text
    label_padding: float = 2.0  # inside an edge label's box, around its text
    label_margin: float = 3.0  # free space kept between two labels, and between a label and a box
    width_factor: float = 1.0  # the face's widths relative to the table (Computer Modern is narrower)
    label_factor: float = 1.08  # edge labels set their new value in bold, which is wider
    margin: float = 8.0  # around the whole drawing


@dataclass(frozen=True)
class Rect:
    """A box by its centre and size."""

    cx: float
    cy: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.cx - self.width / 2

    @property
    def right(self) -> float:
        return self.cx + self.width / 2

    @property
    def top(self) -> float:
        return self.cy - self.height / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.height / 2

    def overlaps(self, other: Rect, margin: float = 0.0) -> bool:
        return (self.left < other.right + margin and other.left < self.right + margin
                and self.top < other.bottom + margin and other.top < self.bottom + margin)


@dataclass(frozen=True)
class UnitPlace:
    """Where a unit's box and its text lines sit."""

    layer: int
    index: int
    box: Rect
    baselines: tuple[float, ...]  # y of each text line's baseline, centred at box.cx


@dataclass(frozen=True)
class EdgePlace:
    """An edge from source to target and where its label sits."""

    layer: int  # the source unit's layer
    source: int
    target: int
    x1: float
    y1: float
    x2: float
    y2: float
    label: Rect
    baseline: float  # y of the label text's baseline, centred at label.cx

    @property
    def colour(self) -> tuple[int, int, int]:
        return PALETTE[self.source % len(PALETTE)]

    @property
    def tint(self) -> tuple[int, int, int]:
        """The label's background: its edge's colour, faint, so that in a dense band each label
        shows which edge it belongs to while its text stays as readable as on white."""
        return tuple(round(255 - (255 - c) * TINT) for c in self.colour)  # type: ignore[return-value]


@dataclass(frozen=True)
class NetworkLayout:
    """A network diagram's geometry: its size, its units and its edges."""

    width: float
    height: float
    units: tuple[tuple[UnitPlace, ...], ...]
    edges: tuple[EdgePlace, ...]

    def labels(self) -> list[Rect]:
        return [e.label for e in self.edges]


# Fractions along an edge tried for its label (evenly spaced over the part of the edge a label fits
# in), at least this many, more for dense bands; each edge tries them nearest its preferred one first.
_CANDIDATES = 21
GROWTHS = 25  # widenings of a band tried before falling back to one row per label


def _baseline(center: float, size: float) -> float:
    return center + 0.35 * size  # a line's baseline sits about 0.35 em below its middle


def layout_network(unit_lines: Sequence[Sequence[Sequence[str]]], edge_labels: Mapping[tuple[int, int, int], str],
                   metrics: Metrics) -> NetworkLayout:
    """Place the units (`unit_lines[l][i]`: the text lines of unit i of layer l) in rows, the input
    layer on top, and the label of each edge (`edge_labels[(l, i, j)]`: unit i of layer l → unit j
    of layer l + 1) on its edge.

    Layers run top to bottom because the page's width is what is scarce: a row of units needs the
    width of its widest layer, and the bands between rows grow downwards until every label fits.
    """
    m = metrics
    line_height = m.font_size * m.line_gap
    box_width = max(text_width(line, m.font_size) * m.width_factor for layer in unit_lines for unit in layer for line in unit) + 2 * m.padding
    box_heights = [max(len(unit) for unit in layer) * line_height + 2 * m.padding for layer in unit_lines]
    label_sizes = {key: (text_width(text, m.label_size) * m.width_factor * m.label_factor + 2 * m.label_padding,
                         m.label_size * 1.25 + 2 * m.label_padding) for key, text in edge_labels.items()}
    # Everything below depends on the texts' sizes only: diagrams of one shape whose labels are as
    # wide (variants of one exercise, most often) share their layout.
    key = (tuple(tuple(len(unit) for unit in layer) for layer in unit_lines), box_width, tuple(label_sizes.items()), m)
    known = _LAYOUTS.get(key)
    if known is None:
        if len(_LAYOUTS) >= 256:
            _LAYOUTS.clear()
        known = _LAYOUTS[key] = _layout_network(unit_lines, label_sizes, m, line_height, box_width, box_heights)
    return known


# (lines per unit, box width, label sizes, metrics) → the layout (immutable, so shared).
_LAYOUTS: dict[tuple[Any, ...], NetworkLayout] = {}


def _layout_network(unit_lines: Sequence[Sequence[Sequence[str]]],
                    label_sizes: Mapping[tuple[int, int, int], tuple[float, float]], m: Metrics,
                    line_height: float, box_width: float, box_heights: list[float]) -> NetworkLayout:
    widest_label = max((w for w, _ in label_sizes.values()), default=0.0)
    most_units = max(len(layer) for layer in unit_lines)
    # Pitch between unit centres: boxes side by side, spread out as far as the page allows; never
    # less than a label's width, or a row of labels, one from each unit, could not fit.
    tight = max(box_width, widest_label) + 3 * m.label_margin
    roomy = max(tight, min(1.4 * widest_label + box_width / 2, (m.max_width - 2 * m.margin) / most_units))
    pitch = roomy if most_units * roomy + 2 * m.margin <= m.max_width else tight
    width = most_units * pitch + 2 * m.margin

    def place_row(l: int, top: float) -> tuple[UnitPlace, ...]:
        cy = top + box_heights[l] / 2
        row = []
        for i, lines in enumerate(unit_lines[l]):
            cx = width / 2 + (i - (len(unit_lines[l]) - 1) / 2) * pitch
            first = cy - (len(lines) - 1) / 2 * line_height
            row.append(UnitPlace(l, i, Rect(cx, cy, box_width, box_heights[l]),
                                 tuple(_baseline(first + k * line_height, m.font_size) for k in range(len(lines)))))
        return tuple(row)

    units = [place_row(0, m.margin)]
    edges: list[EdgePlace] = []
    for l in range(1, len(unit_lines)):
        label_height = max((h for (g, _, _), (_, h) in label_sizes.items() if g == l - 1), default=0.0)
        gap = 2 * (label_height + 2 * m.label_margin)
        # Enough rows of fractions for a row per label of the wider layer's units; then grow the band
        # between the rows until every label finds a free spot (the rows draw apart as it grows).
        wider = max(len(unit_lines[l - 1]), len(unit_lines[l]))
        candidates = max(_CANDIDATES, 2 * len(unit_lines[l - 1]) * len(unit_lines[l]) // wider + 1)
        gaps = [gap]
        for _ in range(GROWTHS - 1):
            gaps.append(gaps[-1] * 1.15)

        order: list[tuple[int, int]] = []  # the same for every band tried: the rows' x do not move

        def attempt(k: int) -> tuple[tuple[UnitPlace, ...], list[EdgePlace] | None]:
            row = place_row(l, units[-1][0].box.bottom + gaps[k])
            if not order:
                order.extend(_band_order(units[-1], row))
            return row, _place_band(l - 1, units[-1], row, label_sizes, m, candidates, order)

        # The narrowest band that fits: most bands fit at once; a dense one is found by bisection
        # (a wider band leaves every label at least the room it had) rather than by trying each width.
        row, placed = attempt(0)
        if placed is None:
            low, high, best = 1, GROWTHS - 1, None
            while low <= high:
                middle = (low + high) // 2
                tried = attempt(middle)
                if tried[1] is None:
                    low = middle + 1
                else:
                    best, high = tried, middle - 1
            if best is not None:
                row, placed = best
        if placed is None:  # far denser than a readable diagram: one row per label, which always fits
            count = len(unit_lines[l - 1]) * len(unit_lines[l])
            row = place_row(l, units[-1][0].box.bottom + (count + 1) * (label_height + 2 * m.label_margin))
            placed = _stack_band(l - 1, units[-1], row, label_sizes, m)
        units.append(row)
        edges.extend(placed)
    edges.sort(key=lambda e: (e.layer, e.target, e.source))  # the order the engine updates weights in
    height = units[-1][0].box.bottom + m.margin
    return NetworkLayout(width, height, tuple(units), tuple(edges))


def _place_band(l: int, sources: tuple[UnitPlace, ...], targets: tuple[UnitPlace, ...],
                label_sizes: Mapping[tuple[int, int, int], tuple[float, float]], m: Metrics,
                candidates: int, order: Sequence[tuple[int, int]] | None = None) -> list[EdgePlace] | None:
    """Greedy: each edge's label goes to the free fraction along the edge nearest its preferred one,
    the most slanted edges (whose labels cover the widest stretch) first (`order`: that order, when
    the caller tries several bands between the same rows). Preferred fractions are spread by target
    unit, so that labels of edges into one unit sit in one row."""
    y1 = sources[0].box.bottom
    y2 = targets[0].box.top
    band = y2 - y1
    if order is None:
        order = _band_order(sources, targets)
    largest_w = max(label_sizes[(l, i, j)][0] for i, j in order)
    largest_h = max(label_sizes[(l, i, j)][1] for i, j in order)
    taken = _Grid(largest_w + m.label_margin, largest_h + m.label_margin)
    margin = m.label_margin
    spots = []
    # The spots tried, nearest the preferred fraction first, depend on the label's height and the
    # target only: worked out once for all the edges into a unit, each as (t, cy, top, bottom,
    # bottom + margin, the grid rows it reaches).
    tries: dict[tuple[float, int], list[tuple[float, float, float, float, float, range]]] = {}
    for i, j in order:
        w, h = label_sizes[(l, i, j)]
        x1, x2 = sources[i].box.cx, targets[j].box.cx
        along = tries.get((h, j))
        if along is None:
            fractions = _fractions(h, margin, band, j, len(targets), candidates)
            if fractions is None:
                return None
            along = tries[(h, j)] = []
            for t in fractions:
                cy = y1 + t * band  # the spot's centre, as Rect holds it
                top, bottom = cy - h / 2, cy + h / 2
                near_bottom = bottom + margin
                rows = range(int((top - margin) // taken.ch), int(near_bottom // taken.ch) + 1)
                along.append((t, cy, top, bottom, near_bottom, rows))
        dx = x2 - x1
        half = w / 2
        for t, cy, top, bottom, near_bottom, rows in along:
            cx = x1 + t * dx
            left, right = cx - half, cx + half
            if taken.cells and taken.near(left, top, right, near_bottom, rows, margin):
                continue
            taken.insert(left, top, right, bottom)
            spots.append((i, j, x1, x2, cx, cy, w, h))
            break
        else:
            return None
    # Built only now: most bands tried are too narrow, and fail after placing most of their labels.
    return [EdgePlace(l, i, j, x1, y1, x2, y2, Rect(cx, cy, w, h), _baseline(cy, m.label_size))
            for i, j, x1, x2, cx, cy, w, h in spots]


# (label height, margin, band, target, targets, candidates) → the fractions tried: the same for every
# diagram of one shape (a run of generated variants draws hundreds).
_FRACTIONS: dict[tuple[float, float, float, int, int, int], list[float] | None] = {}


def _fractions(h: float, margin: float, band: float, j: int, targets: int, candidates: int) -> list[float] | None:
    """The fractions along an edge into target `j` where a label `h` tall may go, nearest its
    preferred one first; None if the band is too narrow for the label."""
    key = (h, margin, band, j, targets, candidates)
    if key in _FRACTIONS:
        return _FRACTIONS[key]
    lo = (h / 2 + margin) / band
    hi = 1 - lo
    fractions = None
    if lo <= hi:
        preferred = lo + (hi - lo) * (j + 0.5) / targets
        fractions = sorted((lo + (hi - lo) * k / (candidates - 1) for k in range(candidates)),
                           key=lambda t: (abs(t - preferred), t))
    if len(_FRACTIONS) >= 4096:
        _FRACTIONS.clear()
    _FRACTIONS[key] = fractions
    return fractions


def _band_order(sources: tuple[UnitPlace, ...], targets: tuple[UnitPlace, ...]) -> list[tuple[int, int]]:
    """The edges of a band, the most slanted first (then by source and target)."""
    return sorted(((i, j) for i in range(len(sources)) for j in range(len(targets))),
                  key=lambda ij: (-abs(sources[ij[0]].box.cx - targets[ij[1]].box.cx), ij))


class _Grid:
    """Placed labels filed by the cells of a grid they cover: a new label is tested against the
    labels of the cells near it only, so placing n labels costs about n tests, not n². Cells are
    twice the largest label, so that a test looks at four cells at most."""

    def __init__(self, cell_width: float, cell_height: float) -> None:
        self.cw, self.ch = 2 * cell_width, 2 * cell_height
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        self.compared = 0  # pairs of labels tested, for the tests of this cost

    def near(self, left: float, top: float, right: float, near_bottom: float, rows: range, margin: float) -> bool:
        """Whether a label (left, top, right, bottom = near_bottom − margin, covering grid `rows`)
        comes within `margin` of one placed before, as `Rect.overlaps` tests."""
        near_right = right + margin
        cells = self.cells
        for a in range(int((left - margin) // self.cw), int(near_right // self.cw) + 1):
            for b in rows:
                for other_left, other_top, other_right, other_bottom in cells.get((a, b), ()):
                    self.compared += 1
                    if (left < other_right + margin and other_left < near_right
                            and top < other_bottom + margin and other_top < near_bottom):
                        return True
        return False

    def insert(self, left: float, top: float, right: float, bottom: float) -> None:
        bounds = (left, top, right, bottom)
        for a in range(int(left // self.cw), int(right // self.cw) + 1):
            for b in range(int(top // self.ch), int(bottom // self.ch) + 1):
                self.cells.setdefault((a, b), []).append(bounds)


def _stack_band(l: int, sources: tuple[UnitPlace, ...], targets: tuple[UnitPlace, ...],
                label_sizes: Mapping[tuple[int, int, int], tuple[float, float]], m: Metrics) -> list[EdgePlace]:
    """Each label at its own fraction, so at its own height: no two can overlap. The band must be
    (edges + 1) label heights tall."""
    y1 = sources[0].box.bottom
    y2 = targets[0].box.top
    count = len(sources) * len(targets)
    result = []
    for k, (j, i) in enumerate((j, i) for j in range(len(targets)) for i in range(len(sources))):
        w, h = label_sizes[(l, i, j)]
        t = (k + 1) / (count + 1)
        x1, x2 = sources[i].box.cx, targets[j].box.cx
        rect = Rect(x1 + t * (x2 - x1), y1 + t * (y2 - y1), w, h)
        result.append(EdgePlace(l, i, j, x1, y1, x2, y2, rect, _baseline(rect.cy, m.label_size)))
    return result
