"""What a solution shows of a convolutional network beyond the dense one: the architecture, the rules
(padding, pooling, flattening), the image and the kernels as given values, and the feature maps,
kernels and their gradients as small matrices, one per channel. Numbers are only formatted here."""
from __future__ import annotations

from typing import Any, Callable

from stepcalc import ids as sid
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.functions import FUNCTIONS
from stepcalc.concepts.layers import ConvNet
from stepcalc.engine.expr import Sym


def _parts(*numbers: int) -> tuple[str, ...]:
    return tuple(str(n + 1) for n in numbers)


def architecture(net: ConvNet, dense: tuple[int, ...]) -> str:
    """input 2x4x4, conv 1: 2 filters 3x3 (stride 1, padding 1), ReLU, max pool 2x2 (stride 2); dense 8-2."""
    c, h, w = net.input_shape
    parts = [f"input {c}x{h}x{w}"]
    for n, layer in enumerate(net.layers, start=1):
        kh, kw = layer.kernel
        function = FUNCTIONS.get(layer.activation)
        name = function.text if function is not None else layer.activation
        text = (f"conv {n}: {layer.filters} filter{'s' if layer.filters > 1 else ''} {kh}x{kw} "
                f"(stride {layer.stride}, padding {layer.padding}), {name}")
        if layer.pool is not None:
            text += f", {layer.pool.kind} pool {layer.pool.size}x{layer.pool.size} (stride {layer.pool.stride})"
        parts.append(text)
    parts.append("dense " + "-".join(map(str, dense)))
    return "; ".join(parts)


def grid_caption(d: Any) -> str:
    from stepcalc.figures.grids import layout

    return layout(d).caption


def notes(net: ConvNet) -> list[str]:
    """The rules a reader needs to follow the convolutional steps, in words."""
    lines = ["Each feature-map cell's net input is the sum over its receptive field of kernel weight × input "
             "(plus the filter's bias)"
             + ("; cells on the zero padding add nothing and are left out." if any(l.padding for l in net.layers)
                else ".")]
    for n, layer in enumerate(net.layers, start=1):
        pool = layer.pool
        if pool is None:
            continue
        if pool.kind == "max":
            lines.append(f"Max pooling after layer {n}: each window passes on its largest cell; backwards its δ goes "
                         "to that winning cell alone (the others get δ = 0 and drop out of the kernel gradients).")
        else:
            lines.append(f"Average pooling after layer {n}: each window passes on its mean; backwards its δ is "
                         f"spread evenly, 1/{pool.size * pool.size} to each cell.")
    lines.append("A kernel weight's gradient sums δ × the input it met over every output position it touched; "
                 "the last layer's maps are flattened channel by channel, row by row, into the dense layers.")
    return lines


def given_values(net: ConvNet, image: tuple[float, ...], values: dict[str, float], update_biases: bool,
                 symbol: Callable[[Sym], str], number: Callable[[float, str | None], str]
                 ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The image's pixels, and the kernels' and filter biases' rows of the parameter table."""
    channels, rows, cols = net.input_shape
    inputs = []
    for c in range(channels):
        for r in range(rows):
            for s in range(cols):
                sym = Sym(sid.x(sid.pixel(c + 1, r + 1, s + 1)), "pixel", _parts(c, r, s))
                inputs.append({"symbol": symbol(sym), "value": number(image[(c * rows + r) * cols + s], None)})
    parameters = []

    def row(parameter: str, name: str, parts: tuple[str, ...], given: float, updated: bool) -> dict[str, str]:
        _, change, _, new, given_key = sid.parameter_keys(parameter, name)
        old = Sym(given_key, parameter, parts)
        return {"symbol": symbol(old), "value": number(given, None),
                "new_symbol": symbol(Sym(new, parameter + "_new", parts)) if updated else symbol(old),
                "new": number(values[new], "weight") if updated else number(given, None),
                "change": number(values[change] if updated else 0.0, "dw")}

    for n, layer in enumerate(net.layers):
        for f in range(layer.filters):
            for c, kernel_rows in enumerate(layer.weights[f]):
                for i, kernel_row in enumerate(kernel_rows):
                    for j, value in enumerate(kernel_row):
                        parameters.append(row("k", sid.kernel(n + 1, f + 1, c + 1, i + 1, j + 1),
                                              _parts(n, f, c, i, j), value, True))
            if layer.biases is not None:
                parameters.append(row("kb", sid.kernel_bias(n + 1, f + 1), _parts(n, f), layer.biases[f], update_biases))
    return inputs, parameters


def kernel_symbols(net: ConvNet, symbol: Callable[[Sym], str]) -> dict[str, str]:
    """"k.K"/"kb.KB" → how the new kernel weight or filter bias is written."""
    symbols = {}
    for n, layer in enumerate(net.layers):
        kh, kw = layer.kernel
        for f in range(layer.filters):
            for c in range(layer.in_shape[0]):
                for i in range(kh):
                    for j in range(kw):
                        key = sid.parameter_keys("k", sid.kernel(n + 1, f + 1, c + 1, i + 1, j + 1))[3]
                        symbols[key] = symbol(Sym(key, "k_new", _parts(n, f, c, i, j)))
            key = sid.parameter_keys("kb", sid.kernel_bias(n + 1, f + 1))[3]
            symbols[key] = symbol(Sym(key, "kb_new", _parts(n, f)))
    return symbols


def activation_names(net: ConvNet) -> list[str]:
    return [f"conv {n}: {ACTIVATIONS[layer.activation].name}" for n, layer in enumerate(net.layers, start=1)]


def context(d: Any, w: Any, form: Any) -> dict[str, Any]:
    """The convolutional part of a solution's template context (see solution_context)."""
    p = d.problem
    net = p.conv
    inputs, parameters = given_values(net, p.samples[d.sample].x, d.values, p.update_biases,
                                      w.symbol, w.number)
    return {"architecture": form.escape(architecture(net, p.layers)), "inputs": inputs,
            "conv_parameters": parameters, "conv_notes": [form.escape(note) for note in notes(net)],
            "conv_matrices": matrices(d, w.fmt == "latex", w.number), "diagram_caption": form.escape(grid_caption(d))}


def _matrix_item(name: str, values: list[list[float]], kind: str | None, latex: bool,
                 number: Callable[[float, str | None], str]) -> dict[str, Any]:
    rows = [[number(v, kind) for v in row] for row in values]
    item: dict[str, Any] = {"name": name, "rows": rows}
    if latex:
        item["matrix"] = r"\begin{bmatrix}" + r" \\ ".join(" & ".join(row) for row in rows) + r"\end{bmatrix}"
    else:  # plain text: right-aligned columns
        width = max(len(cell) for row in rows for cell in row)
        item["rows"] = [[cell.rjust(width) for cell in row] for row in rows]
    return item


def matrices(d: Any, latex: bool, number: Callable[[float, str | None], str]) -> list[dict[str, Any]]:
    """The image, kernels, feature maps, deltas and kernel gradients as one small matrix per channel."""
    p = d.problem
    net: ConvNet = p.conv
    v = d.values

    def name(latex_name: str, text_name: str) -> str:
        return latex_name if latex else text_name

    def grid(key: Callable[[int, int], str], rows: int, cols: int) -> list[list[float]]:
        return [[v[key(r, c)] for c in range(cols)] for r in range(rows)]

    channels, rows, cols = net.input_shape
    image = [_matrix_item(name(f"X_{{{c + 1}}}", f"X{c + 1}"),
                          grid(lambda r, s, c=c: sid.x(sid.pixel(c + 1, r + 1, s + 1)), rows, cols), None, latex, number)
             for c in range(channels)]
    blocks = [{"title": "The image, one matrix per channel", "entries": image}]
    for n, layer in enumerate(net.layers, start=1):
        kh, kw = layer.kernel
        in_channels = layer.in_shape[0]
        map_rows, map_cols = layer.map_size

        def kernels(kind: str, parameter_role: int, value_kind: str | None, latex_name: str, text_name: str,
                    n: int = n, kh: int = kh, kw: int = kw, in_channels: int = in_channels,
                    filters: int = layer.filters) -> list[dict[str, Any]]:
            items = []
            for f in range(filters):
                for c in range(in_channels):
                    def key(i: int, j: int, f: int = f, c: int = c) -> str:
                        return sid.parameter_keys("k", sid.kernel(n, f + 1, c + 1, i + 1, j + 1))[parameter_role]
                    items.append(_matrix_item(name(latex_name.format(n=n, f=f + 1, c=c + 1),
                                                   text_name.format(n=n, f=f + 1, c=c + 1)),
                                              grid(key, kh, kw), value_kind, latex, number))
            return items

        blocks.append({"title": f"Kernels of layer {n} (filter, input channel)",
                       "entries": kernels("k", 4, None, "K^{{({n})}}_{{{f},{c}}}", "K{n}_{f},{c}")})
        feature = [_matrix_item(name(f"Y^{{({n})}}_{{{f + 1}}}", f"Y{n}_{f + 1}"),
                                grid(lambda r, s, f=f: sid.out(sid.conv_cell(n, f + 1, r + 1, s + 1)), map_rows, map_cols),
                                "out", latex, number) for f in range(layer.filters)]
        blocks.append({"title": f"Feature maps of layer {n}", "entries": feature})
        if layer.pool is not None:
            pool_rows, pool_cols = layer.pool.out_size(map_rows, map_cols)
            pooled = [_matrix_item(name(f"P^{{({n})}}_{{{f + 1}}}", f"P{n}_{f + 1}"),
                                   grid(lambda r, s, f=f: sid.out(sid.pool_cell(n, f + 1, r + 1, s + 1)),
                                        pool_rows, pool_cols), "out", latex, number) for f in range(layer.filters)]
            blocks.append({"title": f"Pooled maps of layer {n}", "entries": pooled})
            pooled_deltas = [_matrix_item(name(rf"\delta^{{p({n})}}_{{{f + 1}}}", f"δp{n}_{f + 1}"),
                                          grid(lambda r, s, f=f: sid.delta(sid.pool_cell(n, f + 1, r + 1, s + 1)),
                                               pool_rows, pool_cols), "delta", latex, number)
                             for f in range(layer.filters)]
            blocks.append({"title": f"Deltas of the pooled maps of layer {n}", "entries": pooled_deltas})
        deltas = [_matrix_item(name(rf"\delta^{{({n})}}_{{{f + 1}}}", f"δ{n}_{f + 1}"),
                               grid(lambda r, s, f=f: sid.delta(sid.conv_cell(n, f + 1, r + 1, s + 1)), map_rows, map_cols),
                               "delta", latex, number) for f in range(layer.filters)]
        blocks.append({"title": f"Deltas of the feature maps of layer {n}", "entries": deltas})
        blocks.append({"title": f"Kernel gradients of layer {n}",
                       "entries": kernels("grad", 0, "grad", r"\frac{{\partial E}}{{\partial K^{{({n})}}_{{{f},{c}}}}}",
                                        "∂E/∂K{n}_{f},{c}")})
        blocks.append({"title": f"New kernels of layer {n}",
                       "entries": kernels("new", 3, "weight", r"K^{{({n})\,\mathrm{{new}}}}_{{{f},{c}}}", "K'{n}_{f},{c}")})
    return blocks
