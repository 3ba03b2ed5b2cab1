"""Layer kinds: how a layer turns its inputs into net inputs, how δ passes back through it, and what
a parameter's gradient is made of. One object each; the engine and the numeric path ask it."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from stepcalc.engine import expr as ex


def _sum(terms: Sequence[ex.Expr]) -> ex.Expr:
    return ex.Add(tuple(terms))


@dataclass(frozen=True)
class Dense:
    """A fully connected layer: net_j = Σ_i w_ij y_i (+ b_j), each unit j with its own activation.

    `bias_input` is the constant the bias multiplies: 1, or −1 for a threshold θ_j on a constant −1
    unit (net_j = Σ_i w_ij y_i − θ_j), whose gradient then carries the factor ∂net_j/∂θ_j = −1."""

    bias_input: int = 1
    name = "dense"

    @staticmethod
    def form(w: Any, source: Any, rest: Any) -> Any:
        """One weight's share of a net input and the rest of it (symbolic, for ∂net/∂w and ∂net/∂y)."""
        return w * source + rest

    def bias_term(self, bias: ex.Expr) -> ex.Expr:
        """The bias's share of a net input: + b, or − θ."""
        return bias if self.bias_input == 1 else ex.Neg(bias)

    def net_formula(self, weights: Sequence[ex.Expr], inputs: Sequence[ex.Expr], bias: ex.Expr | None) -> ex.Expr:
        """net_j = w_1j y_1 + … + w_nj y_n (+ b_j, or − θ_j), in the order the inputs are given."""
        terms: list[ex.Expr] = [ex.Mul((w, y)) for w, y in zip(weights, inputs)]
        return _sum(terms + ([self.bias_term(bias)] if bias is not None else []))

    def backward_signal(self, weights_out: Sequence[ex.Expr], deltas_next: Sequence[ex.Expr]) -> ex.Expr:
        """What reaches a unit from the layer after it: Σ_k w_jk δ_k."""
        return _sum([ex.Mul((w, delta)) for w, delta in zip(weights_out, deltas_next)])

    def weight_gradient_factors(self, delta: ex.Expr, source: ex.Expr) -> tuple[ex.Expr, ...]:
        """∂E/∂net_j × ∂net_j/∂w_ij: δ_j and the source's output y_i."""
        return (delta, source)

    def bias_gradient_factors(self, delta: ex.Expr) -> tuple[ex.Expr, ...]:
        """∂net_j/∂b_j = 1: the gradient is δ_j itself; for a threshold ∂net_j/∂θ_j = −1, written as a factor."""
        return (delta,) + self.bias_factors()

    def bias_factors(self) -> tuple[ex.Expr, ...]:
        """∂net_j/∂b_j as a product writes it: nothing for 1, (−1) for a threshold."""
        return () if self.bias_input == 1 else (ex.Neg(ex.num(1)),)

    # numpy forms, for a batch of samples as rows
    def np_net(self, inputs: Any, weights: Any, bias: Any | None) -> Any:
        net = inputs @ weights
        if bias is None:
            return net
        return net + bias if self.bias_input == 1 else net - bias

    def np_backward(self, delta: Any, weights: Any) -> Any:
        return delta @ weights.T

    def np_weight_gradient(self, inputs: Any, delta: Any) -> Any:
        return inputs.T @ delta

    def np_bias_gradient(self, delta_sum: Any) -> Any:
        """∂E/∂b from Σ ∂E/∂net over the batch: times the constant the bias multiplies."""
        return delta_sum if self.bias_input == 1 else -delta_sum


DENSE = Dense()
THRESHOLD_DENSE = Dense(bias_input=-1)  # biases as thresholds θ on a constant −1 input
BIAS_INPUTS = (1, -1)


@dataclass(frozen=True)
class Recurrent:
    """An Elman hidden layer unrolled through time: net_j(t) = Σ_i w_ij x_i(t) + Σ_k u_kj y_k(t−1) (+ b_j).

    Backpropagation through time: δ_j(t) gathers the output layer's δs at t and, through the
    recurrent weights, its own layer's δs at t + 1; each weight's gradient is the sum over the time
    steps of its contributions δ(t) × source(t) (source(t) = y_k(t−1) for a recurrent weight).
    """

    name = "recurrent"

    def net_formula(self, weights: Sequence[ex.Expr], inputs: Sequence[ex.Expr], recurrent: Sequence[ex.Expr],
                    previous: Sequence[ex.Expr], bias: ex.Expr | None) -> ex.Expr:
        """net_j(t) = w_1j x_1(t) + … + u_1j y_1(t−1) + … (+ b_j), inputs first, then the state."""
        terms: list[ex.Expr] = [ex.Mul((w, y)) for w, y in zip(weights, inputs)]
        terms += [ex.Mul((u, h)) for u, h in zip(recurrent, previous)]
        return _sum(terms + ([bias] if bias is not None else []))

    def backward_signal(self, weights_out: Sequence[ex.Expr], deltas_out: Sequence[ex.Expr],
                        recurrent_out: Sequence[ex.Expr], deltas_later: Sequence[ex.Expr]) -> ex.Expr:
        """What reaches hidden unit j at t: Σ_k w_jk δ_k(t) over the outputs with a loss term at t, plus
        Σ_m u_jm δ_m(t+1) over its own layer one step later (none at the last step backpropagated)."""
        terms = [ex.Mul((w, d)) for w, d in zip(weights_out, deltas_out)]
        terms += [ex.Mul((u, d)) for u, d in zip(recurrent_out, deltas_later)]
        return terms[0] if len(terms) == 1 else _sum(terms)

    def contribution_factors(self, delta: ex.Expr, source: ex.Expr) -> tuple[ex.Expr, ...]:
        """One time step's share of ∂E/∂w: δ_j(t) and what the weight carried at t (x_i(t), y_i(t−1))."""
        return (delta, source)

    # numpy forms: one sequence (time steps as rows), or a batch (samples × time × units)
    def np_states(self, xs: Any, weights: Any, recurrent: Any, bias: Any | None, h0: Any,
                  activation: Any) -> tuple[Any, Any]:
        """Nets (…, T, H) and states (…, T + 1, H), states[…, 0] = h0, in time order."""
        import numpy as np

        steps = xs.shape[-2]
        nets = np.empty(xs.shape[:-1] + (recurrent.shape[0],))
        states = np.empty(xs.shape[:-2] + (steps + 1, recurrent.shape[0]))
        states[..., 0, :] = h0
        for t in range(steps):
            net = xs[..., t, :] @ weights + states[..., t, :] @ recurrent
            nets[..., t, :] = net if bias is None else net + bias
            states[..., t + 1, :] = activation.np_forward(nets[..., t, :])
        return nets, states

    def np_backward(self, delta_out: Any, weights_out: Any, delta_later: Any, recurrent: Any) -> Any:
        """Σ_k w_jk δ_k(t) + Σ_m u_jm δ_m(t+1), before the activation's slope."""
        return delta_out @ weights_out.T + delta_later @ recurrent.T


RECURRENT = Recurrent()


@dataclass(frozen=True)
class Pool:
    """Pooling over size × size windows moved by `stride`: "max" passes the largest cell on, "avg" the mean."""

    kind: str  # "max" or "avg"
    size: int
    stride: int

    def out_size(self, rows: int, cols: int) -> tuple[int, int]:
        return (rows - self.size) // self.stride + 1, (cols - self.size) // self.stride + 1

    def window(self, row: int, col: int) -> list[tuple[int, int]]:
        """The feature-map cells (0-based) pooled into pooled cell (row, col), in reading order."""
        r0, c0 = row * self.stride, col * self.stride
        return [(r0 + i, c0 + j) for i in range(self.size) for j in range(self.size)]

    def out_formula(self, cells: Sequence[ex.Expr]) -> ex.Expr:
        """p = max(y_1, …, y_n), or p = (1/n)(y_1 + … + y_n)."""
        if self.kind == "max":
            return ex.Call("max", tuple(cells))
        return ex.Mul((ex.Num(Fraction(1, len(cells))), _sum(cells)))

    @property
    def routes_by_value(self) -> bool:
        """Whether which steps a pass has depends on its numbers (max: the winner takes the δ)."""
        return self.kind == "max"

    def winner(self, values: Sequence[float]) -> int | None:
        """Max pooling: the position in the window that passes its value on (the first of equal ones)."""
        return max(range(len(values)), key=lambda k: (values[k], -k)) if self.kind == "max" else None

    def share(self, size: int) -> ex.Expr | None:
        """What fraction of a pooled δ a window's cell receives: avg 1/n; max none (all to the winner)."""
        return ex.Num(Fraction(1, size)) if self.kind == "avg" else None

    # numpy forms, for a batch of maps (N, F, H, W)
    def np_forward(self, maps: Any) -> tuple[Any, Any]:
        """The pooled maps, and for max the flat index of each window's winner (the first of equal ones)."""
        import numpy as np

        n, f, h, w = maps.shape
        oh, ow = self.out_size(h, w)
        windows = np.empty((n, f, oh, ow, self.size * self.size))
        for r in range(oh):
            for c in range(ow):
                cells = self.window(r, c)
                windows[:, :, r, c, :] = np.stack([maps[:, :, i, j] for i, j in cells], axis=-1)
        if self.kind == "max":
            index = windows.argmax(axis=-1)
            return np.take_along_axis(windows, index[..., None], -1)[..., 0], index
        return windows.mean(axis=-1), None

    def np_backward(self, delta: Any, index: Any, shape: tuple[int, ...]) -> Any:
        """The pooled δ routed to the winners (max) or spread evenly over each window (avg)."""
        import numpy as np

        routed = np.zeros(shape)
        oh, ow = delta.shape[2:]
        for r in range(oh):
            for c in range(ow):
                for k, (i, j) in enumerate(self.window(r, c)):
                    if self.kind == "max":
                        routed[:, :, i, j] += np.where(index[:, :, r, c] == k, delta[:, :, r, c], 0.0)
                    else:
                        routed[:, :, i, j] += delta[:, :, r, c] / (self.size * self.size)
        return routed


@dataclass(frozen=True)
class Conv2D:
    """A convolutional layer: each filter f slides a channels × kh × kw kernel over the zero-padded input,
    net_{f,r,c} = Σ_ch Σ_i Σ_j k_{f,ch,i,j} x_{ch, r·s+i−p, c·s+j−p} (+ b_f); then an activation and
    optionally pooling. The kernel gradient sums δ × input over every output position the weight touched."""

    name = "convolutional"

    in_shape: tuple[int, int, int]  # channels, rows, columns of its input
    filters: int
    kernel: tuple[int, int]
    stride: int
    padding: int
    activation: str
    weights: tuple[tuple[tuple[tuple[float, ...], ...], ...], ...]  # weights[f][ch][i][j]
    biases: tuple[float, ...] | None
    pool: Pool | None = None

    @property
    def map_size(self) -> tuple[int, int]:
        """Rows and columns of each feature map."""
        _, h, w = self.in_shape
        kh, kw = self.kernel
        return (h + 2 * self.padding - kh) // self.stride + 1, (w + 2 * self.padding - kw) // self.stride + 1

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """What the layer passes on: its (pooled) maps."""
        rows, cols = self.map_size
        if self.pool is not None:
            rows, cols = self.pool.out_size(rows, cols)
        return self.filters, rows, cols

    def receptive_field(self, row: int, col: int) -> list[tuple[int, int, int, int, int]]:
        """(channel, i, j, input row, input column) of every kernel weight that meets a real input cell
        at output (row, col), 0-based; positions on the padding are zeros and left out."""
        channels, h, w = self.in_shape
        kh, kw = self.kernel
        field = []
        for ch in range(channels):
            for i in range(kh):
                for j in range(kw):
                    r, c = row * self.stride + i - self.padding, col * self.stride + j - self.padding
                    if 0 <= r < h and 0 <= c < w:
                        field.append((ch, i, j, r, c))
        return field

    def net_formula(self, kernel: Sequence[ex.Expr], inputs: Sequence[ex.Expr], bias: ex.Expr | None) -> ex.Expr:
        """net = k_1 x_1 + … + k_n x_n (+ b) over the receptive field, in reading order per channel."""
        return DENSE.net_formula(kernel, inputs, bias)

    def kernel_gradient(self, pairs: Sequence[tuple[ex.Expr, ex.Expr]]) -> ex.Expr:
        """Σ over the output positions a kernel weight touched of δ (there) × the input it met."""
        return _sum([ex.Mul((delta, source)) for delta, source in pairs])

    # numpy forms, for a batch of images (N, C, H, W)
    def np_padded(self, x: Any) -> Any:
        import numpy as np

        p = self.padding
        return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x

    def np_patches(self, x: Any) -> Any:
        """(N, rows, cols, C, kh, kw): the padded input under the kernel at each output position."""
        import numpy as np

        padded = self.np_padded(x)
        rows, cols = self.map_size
        kh, kw = self.kernel
        s = self.stride
        return np.stack([np.stack([padded[:, :, r * s:r * s + kh, c * s:c * s + kw] for c in range(cols)], axis=1)
                         for r in range(rows)], axis=1)

    def np_net(self, x: Any, kernel: Any, bias: Any | None) -> Any:
        import numpy as np

        net = np.einsum("nrcdij,fdij->nfrc", self.np_patches(x), kernel)
        return net if bias is None else net + bias[None, :, None, None]

    def np_kernel_gradient(self, x: Any, delta: Any) -> Any:
        import numpy as np

        return np.einsum("nrcdij,nfrc->fdij", self.np_patches(x), delta)

    def np_backward(self, delta: Any, kernel: Any) -> Any:
        """Σ k δ: what reaches each input cell from the feature maps it fed (padding cut off)."""
        import numpy as np

        n = delta.shape[0]
        channels, h, w = self.in_shape
        kh, kw = self.kernel
        s, p = self.stride, self.padding
        grad = np.zeros((n, channels, h + 2 * p, w + 2 * p))
        rows, cols = self.map_size
        for r in range(rows):
            for c in range(cols):
                grad[:, :, r * s:r * s + kh, c * s:c * s + kw] += np.einsum("nf,fdij->ndij", delta[:, :, r, c], kernel)
        return grad[:, :, p:p + h, p:p + w]


@dataclass(frozen=True)
class ConvNet:
    """The convolutional part in front of the dense layers: its input shape and layers in order.
    Flattening is channel-major, then row, then column (as torch.flatten of a C×H×W tensor)."""

    input_shape: tuple[int, int, int]
    layers: tuple[Conv2D, ...]

    @property
    def flat_size(self) -> int:
        f, h, w = self.layers[-1].out_shape
        return f * h * w
