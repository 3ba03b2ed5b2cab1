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


def activation_names(net: ConvNet) -> list[str]:
    return [f"conv {n}: {ACTIVATIONS[layer.activation].name}" for n, layer in enumerate(net.layers, start=1)]


def context(d: Any, w: Any, form: Any) -> dict[str, Any]:
    """The convolutional part of a solution's template context (see solution_context)."""
    p = d.problem
    net = p.conv
    inputs, parameters = given_values(net, p.samples[d.sample].x, d.values, p.update_biases,
                                      w.symbol, w.number)
    return {"architecture": form.escape(architecture(net, p.layers)), "inputs": inputs,
            "conv_parameters": parameters, "conv_notes": [form.escape(note) for note in notes(net)]}
