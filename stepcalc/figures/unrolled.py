"""The diagram of a recurrent network unrolled through time: one row per time step (the initial
state h(0) first), inputs on the left, the hidden units in the middle, the outputs on the right, and
the recurrent edges from the hidden units of one time step to those of the next. Geometry only, in
the records `svg.py` and `tikz.py` already draw (`NetworkLayout`, `NetworkContent`).

Within a time step the hidden units step down to the right, so that an edge passes no other box. Each unit box and edge of the content is keyed as the drawers expect:
"layer" 3t + r (r = 0 inputs, 1 hidden, 2 outputs at time step t), and a recurrent edge from hidden
unit i at t − 1 to hidden unit j at t as (3(t − 1) + 1, i, O + j) with O the number of outputs, so
that it shares no key with the edges into the outputs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from stepcalc import ids as sid
from stepcalc.figures.diagram import EdgePlace, Metrics, NetworkLayout, Rect, UnitPlace, _baseline, text_width
from stepcalc.figures.labels import (EDGE_FORMS, UNIT_FORMS, DiagramSteps, NetworkContent, Quantity, WeightLabel,
                                     collect_steps)

if TYPE_CHECKING:
    from stepcalc.engine.derive import Derivation
    from stepcalc.notation import Notation
    from stepcalc.problem.validate import Problem

INPUTS, HIDDEN, OUTPUTS = 0, 1, 2
_CANDIDATES = 21


def row_key(step: int, row: int) -> int:
    return 3 * step + row


def unrolled_content(d: Derivation, fmt: str, notation: Notation | None = None) -> NetworkContent:
    """What each box and edge says: per time step x(t); net, y and δ of each hidden unit; net, y,
    t (where the loss has a term) and δ of each output; each weight before → after the update."""
    from stepcalc.engine.expr import Sym
    from stepcalc.notation import TIME_MARK
    from stepcalc.render.solution import Writer, problem_notation

    p = d.problem
    w = Writer(d, fmt, problem_notation(d, notation))
    values = d.values
    inputs, hidden, outputs = p.units
    steps = max(sid.parse(s.id).time or 0 for s in d.steps)

    def line(key: str, kind: str, unit: str, step: int, rounding: str | None) -> Quantity:
        timed = sid.at_time(step, key)
        return Quantity(w.symbol(Sym(timed, kind + TIME_MARK, (unit, str(step)))), w.number(values[timed], rounding))

    def present(key: str, step: int) -> bool:
        return sid.at_time(step, key) in values

    units: dict[int, tuple[tuple[Quantity, ...], ...]] = {row_key(0, HIDDEN): tuple(
        (line(sid.out(h), "out", h, 0, None),) for h in hidden)}
    names: dict[int, tuple[str, ...]] = {row_key(0, HIDDEN): hidden}
    for step in range(1, steps + 1):
        units[row_key(step, INPUTS)] = tuple((line(sid.x(u), "x", u, step, None),) for u in inputs)
        units[row_key(step, HIDDEN)] = tuple(
            (line(sid.net(h), "net", h, step, "net"), line(sid.out(h), "out", h, step, "out"))
            + ((line(sid.delta(h), "delta", h, step, "delta"),) if present(sid.delta(h), step) else ())
            for h in hidden)
        units[row_key(step, OUTPUTS)] = tuple(
            (line(sid.net(o), "net", o, step, "net"), line(sid.out(o), "out", o, step, "out"))
            + ((line(sid.t(o), "t", o, step, None),) if present(sid.t(o), step) else ())
            + ((line(sid.delta(o), "delta", o, step, "delta"),) if present(sid.delta(o), step) else ())
            for o in outputs)
        names.update({row_key(step, INPUTS): inputs, row_key(step, HIDDEN): hidden, row_key(step, OUTPUTS): outputs})
    count = row_key(steps, OUTPUTS) + 1

    def label(given: str, new: str) -> WeightLabel:
        return WeightLabel(new, w.number(values[given], None), w.number(values[new], "weight"))

    edges = {}
    for step in range(1, steps + 1):
        for i, a in enumerate(inputs):
            for j, b in enumerate(hidden):
                edges[(row_key(step, INPUTS), i, j)] = label(sid.given_weight(a, b), sid.new_weight(a, b))
        for i, a in enumerate(hidden):
            for j, b in enumerate(outputs):
                edges[(row_key(step, HIDDEN), i, j)] = label(sid.given_weight(a, b), sid.new_weight(a, b))
            for j, b in enumerate(hidden):
                edges[(row_key(step - 1, HIDDEN), i, len(outputs) + j)] = label(sid.given_recurrent(a, b),
                                                                                sid.new_recurrent(a, b))
    return NetworkContent(tuple(units.get(k, ()) for k in range(count)), tuple(names.get(k, ()) for k in range(count)),
                          edges)


# Value keys shown by an edge and by a unit's box: the dense diagram's, the recurrent weights' and
# the unrolled chain's ∂E/∂net.
_RECURRENT_FORMS = frozenset({"grad_recurrent", "recurrent_change", "new_recurrent", "given_recurrent",
                              "previous_recurrent_change"})
_UNIT_FORMS = UNIT_FORMS | {"dE_dnet"}
# Steps of the backward pass: at time step t they read the recurrent weights into t + 1 (δ(t) sums
# u δ(t + 1)), where a forward step at t reads those into t.
_BACKWARD = frozenset({"error", "fprime", "delta", "chain_dE_dout", "chain_dout_dnet", "chain_dE_dnet", "dE_dnet"})


def unrolled_steps(p: Problem, step_ids: Iterable[str], prefix: str = "",
                   reads: Mapping[str, Iterable[str]] | None = None) -> DiagramSteps:
    """`labels.diagram_steps` for the unrolled diagram, keyed by place (its units and edges by the
    keys of `unrolled_content`). A value of time step t is shown in row t (t2.net.h1 by h1 of row 2,
    t2.grad.x1.h1 by the edge x1 → h1 of row 2, t2.grad.u.h1.h2 by the recurrent edge h1 → h2 into
    row 2, t2.loss by the outputs of row 2). A value of the whole sequence is shown in every row: a
    weight is one weight drawn once per time step, so grad.x1.h1, dw.x1.h1 and w.x1.h1 belong to
    each copy of its edge, a bias's steps to each copy of its unit, the loss (the sum over time) and
    loss_after to the outputs of every row. A value read without a time step of its own is the copy
    at the reading step's time step (for a backward step, a recurrent weight's copy into the next)."""
    inputs, hidden, outputs = p.units
    step_ids = list(step_ids)
    last = max((parsed.time or 0 for parsed in map(sid.parse_or_none, step_ids) if parsed is not None), default=0)
    times = range(1, last + 1)
    unit_at: dict[tuple[int, str], tuple[int, int]] = {(0, h): (row_key(0, HIDDEN), i) for i, h in enumerate(hidden)}
    edge_at: dict[tuple[int, str], tuple[int, int, int]] = {}
    for step in times:
        for row, names in ((INPUTS, inputs), (HIDDEN, hidden), (OUTPUTS, outputs)):
            unit_at.update({(step, name): (row_key(step, row), i) for i, name in enumerate(names)})
        for i, a in enumerate(inputs):
            edge_at.update({(step, sid.new_weight(a, b)): (row_key(step, INPUTS), i, j) for j, b in enumerate(hidden)})
        for i, a in enumerate(hidden):
            edge_at.update({(step, sid.new_weight(a, b)): (row_key(step, HIDDEN), i, j) for j, b in enumerate(outputs)})
            edge_at.update({(step, sid.new_recurrent(a, b)): (row_key(step - 1, HIDDEN), i, len(outputs) + j)
                            for j, b in enumerate(hidden)})
    units: dict[tuple[int, ...], list[str]] = {place: [] for place in unit_at.values()}
    edges: dict[tuple[int, ...], list[str]] = {place: [] for place in edge_at.values()}
    units_used: dict[tuple[int, ...], list[str]] = {place: [] for place in units}
    edges_used: dict[tuple[int, ...], list[str]] = {place: [] for place in edges}

    def elements(key: str, context: int | None = None, backward: bool = False
                 ) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
        """The places of the units and edges that show value `key`, read at time step `context`."""
        parsed = sid.parse_or_none(key)
        if parsed is None:
            return [], []
        when = [parsed.time] if parsed.time is not None else [context] if context is not None else list(times)
        if parsed.kind in EDGE_FORMS or parsed.kind.startswith(("state_weight_", "previous_state_weight_")):
            weight = sid.new_weight(*parsed.units)
            return [], [edge_at[(t, weight)] for t in when if (t, weight) in edge_at]
        if parsed.kind in _RECURRENT_FORMS or parsed.kind.startswith(("state_recurrent_", "previous_state_recurrent_")):
            weight = sid.new_recurrent(*parsed.units)
            if backward and parsed.time is None and context is not None:
                when = [context + 1]
            return [], [edge_at[(t, weight)] for t in when if (t, weight) in edge_at]
        if parsed.kind in _UNIT_FORMS or parsed.kind.startswith(("state_bias_", "previous_state_bias_")):
            name = parsed.units[0]
            return [unit_at[(t, name)] for t in when if (t, name) in unit_at], []
        if parsed.kind in ("loss", "loss_after"):
            return [unit_at[(t, o)] for t in when for o in outputs if (t, o) in unit_at], []
        return [], []

    def read_by(key: str, read: str) -> tuple[list[Any], list[Any]]:
        # a value without a time step of its own is read in the reading step's row
        parsed = sid.parse_or_none(key)
        context = parsed.time if parsed is not None else None
        return elements(read, context, parsed is not None and parsed.kind in _BACKWARD)

    return collect_steps(step_ids, prefix, reads or {}, elements, read_by, (units, edges, units_used, edges_used),
                         placed=True)


def layout_unrolled(content: NetworkContent, outputs: int, metrics: Metrics) -> NetworkLayout:
    """One row per time step (h(0) first), inputs on the left, hidden units in the middle, outputs on
    the right; each label on its edge where it overlaps no other label and no box (the free spot
    nearest the edge's preferred one). Time runs down the page, whose height is what is plentiful."""
    m = metrics
    lines, labels = content.plain()
    line_height = m.font_size * m.line_gap
    box_width = max(text_width(text, m.font_size) * m.width_factor for layer in lines for unit in layer
                    for text in unit) + 2 * m.padding
    sizes = {key: (text_width(text, m.label_size) * m.width_factor * m.label_factor + 2 * m.label_padding,
                   m.label_size * 1.25 + 2 * m.label_padding) for key, text in labels.items()}
    label_width = max(w for w, _ in sizes.values())
    label_height = max(h for _, h in sizes.values())
    steps = (len(lines) - 1) // 3

    def height(row: int) -> float:
        return max((len(unit) for t in range(steps + 1) for unit in lines[row_key(t, row)]), default=1) * line_height \
            + 2 * m.padding

    counts = {row: len(lines[row_key(1, row)]) for row in (INPUTS, HIDDEN, OUTPUTS)}
    pitch = {row: height(row) + 2 * m.label_margin for row in (INPUTS, OUTPUTS)}  # stacked units of a side column
    pitch[HIDDEN] = height(HIDDEN) + label_height + 4 * m.label_margin  # the hidden units step down …
    step_right = box_width + label_width / 2 + 4 * m.label_margin  # … and to the right
    band = label_width + 4 * m.label_margin  # between the columns of layers
    lefts = {INPUTS: m.margin}
    lefts[HIDDEN] = lefts[INPUTS] + box_width + band
    lefts[OUTPUTS] = lefts[HIDDEN] + (counts[HIDDEN] - 1) * step_right + box_width + band
    width = lefts[OUTPUTS] + box_width + m.margin
    extent = max((counts[row] - 1) * pitch[row] + height(row) for row in (INPUTS, HIDDEN, OUTPUTS))
    gap = 4 * label_height + 6 * m.label_margin  # between time steps: the recurrent edges' labels
    first = (counts[HIDDEN] - 1) * pitch[HIDDEN] + height(HIDDEN)  # the row of h(0)
    units: list[tuple[UnitPlace, ...]] = []
    for key, layer in enumerate(lines):
        step, row = divmod(key, 3)
        middle = m.margin + (first / 2 if step == 0 else first + gap + (step - 1) * (extent + gap) + extent / 2)
        places = []
        for i, unit in enumerate(layer):
            h = height(row)
            cy = middle + (i - (len(layer) - 1) / 2) * pitch[row]
            cx = lefts[row] + box_width / 2 + (i * step_right if row == HIDDEN else 0)
            top = cy - (len(unit) - 1) / 2 * line_height
            places.append(UnitPlace(key, i, Rect(cx, cy, box_width, h),
                                    tuple(_baseline(top + k * line_height, m.font_size) for k in range(len(unit)))))
        units.append(tuple(places))
    boxes = [place.box for layer in units for place in layer]
    taken: list[Rect] = []
    edges = []
    for (key, i, j) in sorted(content.edges, key=lambda e: (e[0], e[2], e[1])):
        source = units[key][i].box
        if j >= outputs and key % 3 == HIDDEN:  # recurrent: bottom at t − 1 → top at t
            target = units[key + 3][j - outputs].box
            x1, y1, x2, y2 = source.cx, source.bottom, target.cx, target.top
            preferred = 0.5 + (0.25 if i < j - outputs else -0.25 if i > j - outputs else 0.0)
        else:  # within a time step: right side → left side
            target = units[key + 1][j].box
            x1, y1, x2, y2 = source.right, source.cy, target.left, target.cy
            preferred = 0.5
        w, h = sizes[(key, i, j)]
        rect = _free_spot(x1, y1, x2, y2, w, h, preferred, taken + boxes, m)
        taken.append(rect)
        edges.append(EdgePlace(key, i, j, x1, y1, x2, y2, rect, _baseline(rect.cy, m.label_size)))
    total_height = max(b.bottom for b in boxes) + m.margin
    return NetworkLayout(width, total_height, tuple(units), tuple(edges))


def _free_spot(x1: float, y1: float, x2: float, y2: float, w: float, h: float, preferred: float,
               obstacles: Sequence[Rect], m: Metrics) -> Rect:
    fractions = sorted((0.1 + 0.8 * k / (_CANDIDATES - 1) for k in range(_CANDIDATES)),
                       key=lambda t: (abs(t - preferred), t))
    for t in fractions:
        rect = Rect(x1 + t * (x2 - x1), y1 + t * (y2 - y1), w, h)
        if not any(rect.overlaps(other, m.label_margin) for other in obstacles):
            return rect
    return Rect(x1 + preferred * (x2 - x1), y1 + preferred * (y2 - y1), w, h)


def unrolled_svg(d: Derivation, notation: Notation | None = None, steps: DiagramSteps | None = None) -> str:
    """The unrolled diagram as SVG; with `steps` (from `unrolled_steps`) each unit and edge carries
    the ids of the steps it shows and of those that read it, for the HTML page."""
    from stepcalc.figures import svg

    content = unrolled_content(d, "text", notation)
    sizes = "-".join(map(str, d.problem.layers))
    title = f"Recurrent network {sizes} unrolled through time: each unit's values; each weight before → after the update"
    return svg.network(content, layout_unrolled(content, len(d.problem.outputs), svg.METRICS), title, steps)


def unrolled_tikz(d: Derivation, notation: Notation | None = None) -> str:
    from stepcalc.figures import tikz

    return tikz.network(unrolled_content(d, "latex", notation),
                        layout_unrolled(unrolled_content(d, "text", notation), len(d.problem.outputs), tikz.METRICS))

