"""The engine for convolutional networks: the convolutional layers worked cell by cell in front of
the dense layers, as one `Derivation` of ordered `Step`s (the same objects the renderers consume).

Forward: each feature-map cell's net input is the written sum over its receptive field (padding
zeros left out), then its activation, then pooling (max: the winner passes on; avg: the mean). The
cells are flattened channel-major into the dense part, which `derive._Builder` works as always.
Backward: the dense δ reaches the flattened cells as Σ w δ; a pooled δ goes to its window's winner
(max) or is spread evenly (avg); through a convolution it reaches an input cell as Σ k δ. A kernel
weight's gradient is the sum over the output positions it touched of δ × the input it met; cells
whose δ is 0 because they lost their max-pooling window are left out of those sums.
"""
from __future__ import annotations

from typing import Callable

from stepcalc import ids as sid
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.layers import Conv2D, ConvNet
from stepcalc.engine import derivatives
from stepcalc.engine import expr as ex
from stepcalc.engine.derive import LEARNING_RATE, Derivation, _Builder
from stepcalc.engine.expr import Add, Mul, Neg, Sym
from stepcalc.engine.numbers import Rounding
from stepcalc.problem.validate import Problem

Grid = list[list[list[Sym]]]  # [map][row][column]


def kernel_parameters(net: ConvNet) -> dict[str, float]:
    """The kernels' weights and the filters' biases, keyed as given values (given.k.K, given.kb.KB)."""
    params: dict[str, float] = {}
    for number, layer in enumerate(net.layers, start=1):
        for f, per_filter in enumerate(layer.weights):
            for c, rows in enumerate(per_filter):
                for i, row in enumerate(rows):
                    for j, value in enumerate(row):
                        params[sid.given_kernel(sid.kernel(number, f + 1, c + 1, i + 1, j + 1))] = value
            if layer.biases is not None:
                params[sid.given_kernel_bias(sid.kernel_bias(number, f + 1))] = layer.biases[f]
    return params


def _parts(*numbers: int) -> tuple[str, ...]:
    """0-based positions as the 1-based numbers a symbol shows."""
    return tuple(str(n + 1) for n in numbers)


def _total(terms: list[ex.Expr]) -> ex.Expr:
    if not terms:
        return ex.num(0)
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


class _ConvBuilder(_Builder):
    def __init__(self, problem: Problem, sample: int, rounding: Rounding, params: dict[str, float]) -> None:
        super().__init__(problem, sample, rounding, params)
        net = problem.conv
        assert net is not None
        self.net = net
        for name in problem.units[0]:  # the dense builder read x against the flattened cells: not inputs here
            self.values.pop(sid.x(name), None)
        channels, rows, cols = net.input_shape
        image = problem.samples[sample].x
        for c in range(channels):
            for r in range(rows):
                for s in range(cols):
                    self.values[sid.x(sid.pixel(c + 1, r + 1, s + 1))] = image[(c * rows + r) * cols + s]
        self.inputs: dict[int, Grid] = {}  # what each convolutional layer reads (forward pass)
        self.zero: set[str] = set()  # δ ids that are 0 because the cell lost its max-pooling window
        last = len(net.layers)
        pooled = net.layers[-1].pool is not None
        filters, rows_out, cols_out = net.layers[-1].out_shape
        self.flat = {}
        for f in range(filters):
            for r in range(rows_out):
                for s in range(cols_out):
                    name = (sid.pool_cell if pooled else sid.conv_cell)(last, f + 1, r + 1, s + 1)
                    self.flat[name] = ("pool" if pooled else "conv", (last - 1, f, r, s))

    # --- symbols -------------------------------------------------------------------------------
    def pixel(self, c: int, r: int, s: int) -> Sym:
        return Sym(sid.x(sid.pixel(c + 1, r + 1, s + 1)), "pixel", _parts(c, r, s))

    def cell(self, what: str, base: str, layer: int, f: int, r: int, s: int, prefix: str = "") -> Sym:
        """`what` (net, out, delta) of a feature-map ("conv") or pooled ("pool") cell; layer from 0."""
        name = (sid.conv_cell if base == "conv" else sid.pool_cell)(layer + 1, f + 1, r + 1, s + 1)
        key = {"net": sid.net, "out": sid.out, "delta": sid.delta}[what](name)
        return Sym(sid.prefixed(prefix, key), f"{base}_{what}" + ("_new" if prefix else ""), _parts(layer, f, r, s))

    def kernel(self, layer: int, f: int, c: int, i: int, j: int, new: bool) -> Sym:
        name = sid.kernel(layer + 1, f + 1, c + 1, i + 1, j + 1)
        _, _, _, new_key, given_key = sid.parameter_keys("k", name)
        parts = _parts(layer, f, c, i, j)
        return Sym(new_key, "k_new", parts) if new else Sym(given_key, "k", parts)

    def kernel_bias(self, layer: int, f: int, new: bool) -> Sym:
        name = sid.kernel_bias(layer + 1, f + 1)
        _, _, _, new_key, given_key = sid.parameter_keys("kb", name)
        parts = _parts(layer, f)
        return Sym(new_key, "kb_new", parts) if new and self.p.update_biases else Sym(given_key, "kb", parts)

    def input_of(self, layer: int, unit: str, prefix: str = "") -> Sym:
        if layer == 0:  # the dense part reads the flattened cells
            base, position = self.flat[unit]
            return self.cell("out", base, *position, prefix=prefix)
        return super().input_of(layer, unit, prefix)

    def slope_times(self, layer: Conv2D, net: Sym, out: Sym, signal: ex.Expr) -> ex.Expr:
        """f'(net) × signal for a feature-map cell, f' as sympy derived it; no "1 ×"."""
        derivative = ex.substitute(derivatives.activation_derivative(layer.activation), {"_out": out, "_net": net})
        if derivative == ex.num(1):
            return signal
        factors = derivative.factors if isinstance(derivative, Mul) else (derivative,)
        return Mul(factors + (signal,))

    # --- the passes ----------------------------------------------------------------------------
    def conv_forward(self, section: str, new: bool) -> None:
        prefix = sid.AFTER if new else ""
        channels, rows, cols = self.net.input_shape
        maps: Grid = [[[self.pixel(c, r, s) for s in range(cols)] for r in range(rows)] for c in range(channels)]
        for n, layer in enumerate(self.net.layers):
            if not new:
                self.inputs[n] = maps
            activation = ACTIVATIONS[layer.activation]
            map_rows, map_cols = layer.map_size
            features: Grid = []
            for f in range(layer.filters):
                group = f"Convolutional layer {n + 1}, filter {f + 1}"
                grid = []
                for r in range(map_rows):
                    row = []
                    for s in range(map_cols):
                        field = layer.receptive_field(r, s)
                        kernel = [self.kernel(n, f, c, i, j, new) for c, i, j, _, _ in field]
                        inputs = [maps[c][rr][ss] for c, _, _, rr, ss in field]
                        bias = self.kernel_bias(n, f, new) if layer.biases is not None else None
                        net = self.cell("net", "conv", n, f, r, s, prefix)
                        self.add(net.key, "net", section, 0, net, layer.net_formula(kernel, inputs, bias), group=group)
                        out = self.cell("out", "conv", n, f, r, s, prefix)
                        expansion = None
                        if activation.show_explicit:
                            expansion = ex.substitute(derivatives.activation_explicit(activation.name), {"_net": net})
                        self.add(out.key, "out", section, 0, out, activation.out_formula([net], 0), expansion, group)
                        row.append(out)
                    grid.append(row)
                features.append(grid)
            maps = features
            pool = layer.pool
            if pool is not None:
                pool_rows, pool_cols = pool.out_size(map_rows, map_cols)
                pooled: Grid = []
                for f in range(layer.filters):
                    group = f"{'Max' if pool.kind == 'max' else 'Average'} pooling of layer {n + 1}, filter {f + 1}"
                    grid = []
                    for r in range(pool_rows):
                        row = []
                        for s in range(pool_cols):
                            cells = [features[f][i][j] for i, j in pool.window(r, s)]
                            out = self.cell("out", "pool", n, f, r, s, prefix)
                            self.add(out.key, "out", section, 0, out, pool.out_formula(cells), group=group)
                            row.append(out)
                        grid.append(row)
                    pooled.append(grid)
                maps = pooled

    def conv_backward(self, deltas: dict[str, Sym]) -> dict[int, Grid]:
        """δ of every feature-map cell, by layer (from 0), after the dense part's deltas `deltas`."""
        p, net = self.p, self.net
        count = len(net.layers)
        conv_deltas: dict[int, Grid] = {}
        # what reaches each cell a layer passes on: from the dense part for the last, Σ k δ otherwise
        signals: dict[tuple[int, int, int], ex.Expr] = {}
        for name, (_, (_, f, r, s)) in self.flat.items():
            weights = [Sym(sid.given_weight(name, v), "w", (name, v)) for v in p.units[1]]
            signals[(f, r, s)] = p.layer_kind.backward_signal(weights, [deltas[v] for v in p.units[1]])
        for n in range(count - 1, -1, -1):
            layer = net.layers[n]
            map_rows, map_cols = layer.map_size
            grid: Grid = [[[Sym("", "")] * map_cols for _ in range(map_rows)] for _ in range(layer.filters)]
            pool = layer.pool
            # contributions to each feature-map cell's δ before f'(net): (f, r, s) → terms
            reaching: dict[tuple[int, int, int], list[ex.Expr]] = {}
            if pool is None:
                reaching = {key: [signal] for key, signal in signals.items()}
            else:
                pool_rows, pool_cols = pool.out_size(map_rows, map_cols)
                for f in range(layer.filters):
                    group = f"Deltas of the pooled cells of layer {n + 1}, filter {f + 1}"
                    for r in range(pool_rows):
                        for s in range(pool_cols):
                            lhs = self.cell("delta", "pool", n, f, r, s)
                            delta = self.add(lhs.key, "delta", "backward", 0, lhs, signals[(f, r, s)], group=group)
                            window = pool.window(r, s)
                            winner = pool.winner([self.values[self.cell("out", "conv", n, f, i, j).key]
                                                  for i, j in window])
                            share = pool.share(len(window))
                            for k, (i, j) in enumerate(window):
                                if winner is None:
                                    reaching.setdefault((f, i, j), []).append(Mul((share, delta)) if share else delta)
                                elif k == winner:
                                    reaching.setdefault((f, i, j), []).append(delta)
            for f in range(layer.filters):
                if pool is None:
                    group = f"Deltas of layer {n + 1}, filter {f + 1}"
                elif pool.kind == "max":
                    group = f"Deltas of layer {n + 1}, filter {f + 1} (each pooled delta goes to its window's winner)"
                else:
                    group = f"Deltas of layer {n + 1}, filter {f + 1} (each pooled delta spread evenly over its window)"
                for r in range(map_rows):
                    for s in range(map_cols):
                        lhs = self.cell("delta", "conv", n, f, r, s)
                        terms = reaching.get((f, r, s), [])
                        if terms:
                            formula = self.slope_times(layer, self.cell("net", "conv", n, f, r, s),
                                                       self.cell("out", "conv", n, f, r, s), _total(terms))
                        else:
                            formula = ex.num(0)
                            self.zero.add(lhs.key)
                        grid[f][r][s] = self.add(lhs.key, "delta", "backward", 0, lhs, formula, group=group)
            conv_deltas[n] = grid
            if n == 0:
                break
            # Σ k δ into the cells layer n reads (the previous layer's output), padding left out
            previous: dict[tuple[int, int, int], list[ex.Expr]] = {}
            for f in range(layer.filters):
                for r in range(map_rows):
                    for s in range(map_cols):
                        delta = grid[f][r][s]
                        if delta.key in self.zero:
                            continue
                        for c, i, j, rr, ss in layer.receptive_field(r, s):
                            previous.setdefault((c, rr, ss), []).append(Mul((self.kernel(n, f, c, i, j, False), delta)))
            channels, rows, cols = layer.in_shape
            signals = {(c, r, s): _total(previous.get((c, r, s), []))
                       for c in range(channels) for r in range(rows) for s in range(cols)}
        return conv_deltas

    def kernel_update(self, conv_deltas: dict[int, Grid]) -> None:
        p = self.p
        error_convention = p.delta_convention == "error"
        for n, layer in enumerate(self.net.layers):
            maps = self.inputs[n]
            map_rows, map_cols = layer.map_size
            fields = {(r, s): layer.receptive_field(r, s) for r in range(map_rows) for s in range(map_cols)}
            for f in range(layer.filters):
                group = f"Kernel of layer {n + 1}, filter {f + 1}"
                pairs: dict[tuple[int, int, int], list[tuple[ex.Expr, ex.Expr]]] = {}
                deltas = []
                for (r, s), field in fields.items():
                    delta = conv_deltas[n][f][r][s]
                    if delta.key in self.zero:
                        continue
                    deltas.append(delta)
                    for c, i, j, rr, ss in field:
                        pairs.setdefault((c, i, j), []).append((delta, maps[c][rr][ss]))
                channels = layer.in_shape[0]
                kh, kw = layer.kernel
                for c in range(channels):
                    for i in range(kh):
                        for j in range(kw):
                            terms: list[ex.Expr] = [Mul(pair) for pair in pairs.get((c, i, j), [])]
                            self.conv_parameter("k", sid.kernel(n + 1, f + 1, c + 1, i + 1, j + 1),
                                                _parts(n, f, c, i, j), _total(terms), error_convention, group)
                if layer.biases is not None and p.update_biases:
                    self.conv_parameter("kb", sid.kernel_bias(n + 1, f + 1), _parts(n, f),
                                        _total(list(deltas)), error_convention, group)

    def conv_parameter(self, parameter: str, name: str, parts: tuple[str, ...], gradient: ex.Expr,
                       error_convention: bool, group: str) -> None:
        """∂E/∂p (the written sum of δ × input, or of δ for a bias), Δp = −η ∂E/∂p (plus momentum) and p + Δp."""
        grad_id = sid.parameter_keys(parameter, name)[0]
        grad = self.add(grad_id, "grad", "update", 0, Sym(grad_id, f"grad_{parameter}", parts),
                        Neg(gradient) if error_convention else gradient, group=group)
        self.apply_rule(0, parameter, (name,), parts, grad, Neg(Mul((LEARNING_RATE, grad))), _kinds(parameter), group)


def _kinds(parameter: str) -> tuple[str, str, str, str, str]:
    """The symbol kinds of a kernel weight's ("k") or filter bias's ("kb") gradient, change, previous
    change, new and old value."""
    return f"grad_{parameter}", f"d{parameter}", f"d{parameter}_prev", f"{parameter}_new", parameter


def batch_kernels(b: _Builder, total: Callable[[str, str, tuple[str, ...]], ex.Expr]) -> None:
    """A batch update's kernel weights and filter biases: the samples' gradients summed (`total`),
    then Δp = −η ∂E/∂p (plus momentum) and p + Δp, after the dense part's."""
    p = b.p
    assert p.conv is not None
    for n, layer in enumerate(p.conv.layers):
        for f in range(layer.filters):
            group = f"Kernel of layer {n + 1}, filter {f + 1}"
            kh, kw = layer.kernel
            keys = [("k", sid.kernel(n + 1, f + 1, c + 1, i + 1, j + 1), _parts(n, f, c, i, j))
                    for c in range(layer.in_shape[0]) for i in range(kh) for j in range(kw)]
            if layer.biases is not None and p.update_biases:
                keys.append(("kb", sid.kernel_bias(n + 1, f + 1), _parts(n, f)))
            for parameter, name, parts in keys:
                grad_id = sid.parameter_keys(parameter, name)[0]
                grad = b.add(grad_id, "grad", "update", 0, Sym(grad_id, f"grad_{parameter}", parts),
                             total(grad_id, f"grad_{parameter}_s", parts), group=group)
                b.apply_rule(0, parameter, (name,), parts, grad, Neg(Mul((LEARNING_RATE, grad))), _kinds(parameter), group)


def derive_convolutional(problem: Problem, sample: int, rounding: Rounding, params: dict[str, float]) -> Derivation:
    """One training step of a convolutional network: its layers, the dense layers, the loss, every δ,
    the kernel and weight updates, then the forward pass with the new parameters."""
    b = _ConvBuilder(problem, sample, rounding, params)
    b.conv_forward("forward", new=False)
    outs = b.forward("forward", new=False)
    b.loss(outs, "loss", Sym("loss", "E"), "loss")
    deltas = b.backward()
    conv_deltas = b.conv_backward(deltas)
    b.kernel_update(conv_deltas)
    b.update(deltas)
    b.conv_forward("after", new=True)
    outs_after = b.forward("after", new=True)
    b.loss(outs_after, "loss_after", Sym("loss_after", "E_new"), "after")
    return Derivation(problem, sample, rounding, tuple(b.steps), b.values)
