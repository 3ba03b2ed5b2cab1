"""The convolutional part of a problem file: [network] kind = "convolutional", input_shape and the
[[network.conv]] tables, checked into a `ConvNet`; and the samples' images, flattened."""
from __future__ import annotations

from typing import Any, Mapping

from stepcalc import ids as sid
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.layers import Conv2D, ConvNet, Pool

# Beyond these the written sums no longer fit a page a person reads; refuse early.
MAX_CONV_LAYERS = 2
MAX_CHANNELS = 4
MAX_INPUT_SIDE = 8
MAX_FILTERS = 4
MAX_KERNEL_SIDE = 5
MAX_STRIDE = 3
MAX_PADDING = 2
MAX_POOL_SIDE = 4
MAX_FLAT = 64  # cells flattened into the dense part
LIMITS = (f"at most {MAX_CONV_LAYERS} convolutional layers, {MAX_CHANNELS} channels, a {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE} "
          f"input, {MAX_FILTERS} filters, {MAX_KERNEL_SIDE}×{MAX_KERNEL_SIDE} kernels, stride ≤ {MAX_STRIDE}, "
          f"padding ≤ {MAX_PADDING}, pool size ≤ {MAX_POOL_SIDE}, {MAX_FLAT} flattened cells")
CONV_KEYS = {"filters", "kernel", "stride", "padding", "activation", "weights", "biases", "pool"}
POOL_KEYS = {"kind", "size", "stride"}
POOL_KINDS = ("max", "avg")


def read_conv(r: Any, network: Mapping[str, Any]) -> ConvNet:
    """[network] input_shape and [[network.conv]]; `r` is the validator's reader (its messages)."""
    if "input_shape" not in network:
        raise r.fail("network.input_shape", "missing; expected [channels, height, width], e.g. input_shape = [1, 4, 4]")
    raw_shape = r.array(network["input_shape"], "network.input_shape", 3)
    limits = (MAX_CHANNELS, MAX_INPUT_SIDE, MAX_INPUT_SIDE)
    shape = tuple(r.integer(v, f"network.input_shape[{i}]", 1, limits[i]) for i, v in enumerate(raw_shape))
    if "conv" not in network:
        raise r.fail("network.conv", "missing; expected one [[network.conv]] table per convolutional layer")
    tables = r.array(network["conv"], "network.conv")
    if not 1 <= len(tables) <= MAX_CONV_LAYERS:
        raise r.fail("network.conv", f"expected 1 to {MAX_CONV_LAYERS} [[network.conv]] tables, got {len(tables)} ({LIMITS})")
    layers = []
    in_shape: tuple[int, int, int] = (shape[0], shape[1], shape[2])
    for n, raw in enumerate(tables):
        layer = _conv_layer(r, raw, f"network.conv[{n}]", in_shape)
        layers.append(layer)
        in_shape = layer.out_shape
    net = ConvNet((shape[0], shape[1], shape[2]), tuple(layers))
    if net.flat_size > MAX_FLAT:
        raise r.fail("network.conv", f"the last layer passes {net.flat_size} cells to the dense layers; "
                     f"expected at most {MAX_FLAT} ({LIMITS})")
    return net


def _conv_layer(r: Any, raw: Any, key: str, in_shape: tuple[int, int, int]) -> Conv2D:
    table = r.table(raw, key)
    r.unknown(table, CONV_KEYS, key + ".")
    channels, h, w = in_shape
    for needed, example in (("filters", "filters = 2"), ("kernel", "kernel = [3, 3]"), ("weights", "weights[f][c][i][j]")):
        if needed not in table:
            raise r.fail(f"{key}.{needed}", f"missing; expected {example}")
    filters = r.integer(table["filters"], f"{key}.filters", 1, MAX_FILTERS)
    raw_kernel = r.array(table["kernel"], f"{key}.kernel", 2)
    kernel = tuple(r.integer(v, f"{key}.kernel[{i}]", 1, MAX_KERNEL_SIDE) for i, v in enumerate(raw_kernel))
    stride = r.integer(table.get("stride", 1), f"{key}.stride", 1, MAX_STRIDE)
    padding = r.integer(table.get("padding", 0), f"{key}.padding", 0, MAX_PADDING)
    if kernel[0] > h + 2 * padding or kernel[1] > w + 2 * padding:
        raise r.fail(f"{key}.kernel", f"a {kernel[0]}×{kernel[1]} kernel does not fit its {h}×{w} input "
                     f"with padding {padding}")
    if padding >= min(kernel):
        raise r.fail(f"{key}.padding", f"expected padding smaller than the kernel ({kernel[0]}×{kernel[1]}), got {padding}: "
                     "a cell would see nothing but zeros")
    activation = r.choice(table.get("activation", "relu"), f"{key}.activation", tuple(ACTIVATIONS))
    if ACTIVATIONS[activation].coupled:
        raise r.fail(f"{key}.activation", f"{activation} is for the output layer only")
    weights = _kernel_weights(r, table["weights"], f"{key}.weights", (filters, channels, kernel[0], kernel[1]))
    biases = r.numbers(table["biases"], f"{key}.biases", filters) if "biases" in table else None
    pool = None
    layer = Conv2D(in_shape, filters, (kernel[0], kernel[1]), stride, padding, activation, weights, biases)
    rows, cols = layer.map_size
    if "pool" in table:
        pool_key = f"{key}.pool"
        pt = r.table(table["pool"], pool_key)
        r.unknown(pt, POOL_KEYS, pool_key + ".")
        kind = r.choice(pt.get("kind", "max"), f"{pool_key}.kind", POOL_KINDS)
        size = r.integer(pt.get("size", 2), f"{pool_key}.size", 1, MAX_POOL_SIDE)
        pool_stride = r.integer(pt.get("stride", size), f"{pool_key}.stride", 1, MAX_POOL_SIDE)
        if size > min(rows, cols):
            raise r.fail(f"{pool_key}.size", f"a {size}×{size} window does not fit the {rows}×{cols} feature maps")
        pool = Pool(kind, size, pool_stride)
    return Conv2D(in_shape, filters, (kernel[0], kernel[1]), stride, padding, activation, weights, biases, pool)


def _kernel_weights(r: Any, raw: Any, key: str, shape: tuple[int, int, int, int]
                    ) -> tuple[tuple[tuple[tuple[float, ...], ...], ...], ...]:
    filters, channels, kh, kw = shape
    result = []
    for f, per_filter in enumerate(r.array(raw, key, filters)):
        per_channel = []
        for c, rows in enumerate(r.array(per_filter, f"{key}[{f}]", channels)):
            per_channel.append(tuple(r.numbers(row, f"{key}[{f}][{c}][{i}]", kw)
                                     for i, row in enumerate(r.array(rows, f"{key}[{f}][{c}]", kh))))
        result.append(tuple(per_channel))
    return tuple(result)


def read_image(r: Any, raw: Any, key: str, shape: tuple[int, int, int]) -> tuple[float, ...]:
    """A sample's x[channel][row][col], flattened channel-major."""
    channels, h, w = shape
    values: list[float] = []
    for c, rows in enumerate(r.array(raw, key, channels)):
        for i, row in enumerate(r.array(rows, f"{key}[{c}]", h)):
            values.extend(r.numbers(row, f"{key}[{c}][{i}]", w))
    return tuple(values)


def check_supported(r: Any, layout: str) -> None:
    """Convolutional problems are written step by step (not as chains or matrix equations)."""
    if layout != "steps":
        raise r.fail("notation", f"a convolutional network is written step by step; the {layout} layout of this "
                     "notation style is for dense networks (use notation = \"default\", \"delta-rule\", "
                     "\"seed001\" or \"seed002\")")


def flat_names(net: ConvNet) -> tuple[str, ...]:
    """The cells the dense part reads, in flattening order: pooled cells, or feature-map cells."""
    number = len(net.layers)
    last = net.layers[-1]
    cell = sid.pool_cell if last.pool is not None else sid.conv_cell
    filters, rows, cols = last.out_shape
    return tuple(cell(number, f + 1, r + 1, c + 1) for f in range(filters) for r in range(rows) for c in range(cols))
