"""The numeric training path for convolutional networks: numpy, vectorised over each update's samples,
no sympy. The same rules as the engine (tests hold the two equal): the convolutional layers and their
pooling in front of the dense layers, gradients at the parameters before the update, then
Δp = −η ∂E/∂p (+ α Δp(prev)) for every kernel weight, filter bias, weight and bias."""
from __future__ import annotations

from typing import Any, Callable, Collection

import numpy as np

from stepcalc import ids as sid
from stepcalc.errors import StepcalcError
from stepcalc.engine.schedule import schedule
from stepcalc.problem.validate import Problem
from stepcalc.train.numeric import Network, TrainingResult


class ConvNetwork:
    """The kernels (filters × channels × rows × columns) and filter biases of each convolutional layer,
    and the dense part as the dense numeric path holds it."""

    def __init__(self, problem: Problem) -> None:
        assert problem.conv is not None
        self.problem = problem
        self.layers = problem.conv.layers
        self.kernels = [np.array(layer.weights, dtype=float) for layer in self.layers]
        self.kernel_biases = [None if layer.biases is None else np.array(layer.biases, dtype=float)
                              for layer in self.layers]
        from stepcalc.concepts.activations import ACTIVATIONS

        self.activations = [ACTIVATIONS[layer.activation] for layer in self.layers]
        self.dense = Network(problem)

    def conv_forward(self, x: Any) -> tuple[Any, list[tuple[Any, Any, Any, Any]]]:
        """The flattened cells, and per layer (input, net, output, winners of max pooling)."""
        record = []
        maps = x
        for layer, kernel, bias, activation in zip(self.layers, self.kernels, self.kernel_biases, self.activations):
            net = layer.np_net(maps, kernel, bias)
            out = activation.np_forward(net)
            winners = None
            passed = out
            if layer.pool is not None:
                passed, winners = layer.pool.np_forward(out)
            record.append((maps, net, out, winners))
            maps = passed
        return maps.reshape(len(x), -1), record

    def predict(self, x: Any) -> Any:
        return self.dense.predict(self.conv_forward(x)[0])

    def parameters(self) -> dict[str, float]:
        """As the engine orders them: the dense part's, then each layer's kernels and filter biases."""
        params = self.dense.parameters()
        for n, (kernel, bias) in enumerate(zip(self.kernels, self.kernel_biases), start=1):
            for f in range(kernel.shape[0]):
                for c, i, j in np.ndindex(*kernel.shape[1:]):
                    params[sid.parameter_keys("k", sid.kernel(n, f + 1, c + 1, i + 1, j + 1))[3]] = float(kernel[f, c, i, j])
                if bias is not None and self.problem.update_biases:
                    params[sid.parameter_keys("kb", sid.kernel_bias(n, f + 1))[3]] = float(bias[f])
        return params


def train(problem: Problem, epochs: int | None = None, progress: Callable[[int, int], None] | None = None,
          snapshot_epochs: Collection[int] | None = None) -> TrainingResult:
    """As `numeric.train`, for a problem with convolutional layers."""
    assert problem.conv is not None
    epochs = problem.epochs if epochs is None else epochs
    net = ConvNetwork(problem)
    x_all = np.array([s.x for s in problem.samples], dtype=float).reshape(len(problem.samples), *problem.conv.input_shape)
    t_all = np.array([s.t for s in problem.samples], dtype=float)
    losses = np.empty(epochs)
    snapshots = None if snapshot_epochs is None else dict.fromkeys(snapshot_epochs, {})
    with np.errstate(all="ignore"):
        _run(net, x_all, t_all, losses, progress, snapshots)
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size or not all(np.isfinite(k).all() for k in net.kernels):
        epoch = int(bad[0]) + 1 if bad.size else epochs
        raise StepcalcError(f"{problem.source}: training diverged: the loss is not finite in epoch {epoch:,} "
                            "(try a smaller learning_rate)")
    return TrainingResult(epochs, losses, net.parameters(), net.predict(x_all).tolist(), snapshots)


def _run(net: ConvNetwork, x_all: Any, t_all: Any, losses: Any, progress: Callable[[int, int], None] | None,
         snapshots: dict[int, dict[str, float]] | None) -> None:
    problem = net.problem
    epochs = len(losses)
    loss = problem.loss_function
    batches = [(slice(b[0], b[-1] + 1), x_all[b[0]:b[-1] + 1], t_all[b[0]:b[-1] + 1]) for b in schedule(problem)]
    eta, rule = problem.learning_rate, problem.update_rule
    dense = net.dense
    weights, derivatives = dense.weights, dense.derivatives
    biases = dense.biases if problem.update_biases else None
    shared = problem.shared_bias
    kernel_biases = net.kernel_biases if problem.update_biases else [None] * len(net.kernels)
    state_w = [rule.np_state(w) for w in weights]
    state_b = [rule.np_state(b) for b in biases] if biases is not None else None
    state_k = [rule.np_state(k) for k in net.kernels]
    state_kb = [None if b is None else rule.np_state(b) for b in kernel_biases]
    last = len(weights) - 1
    output = dense.activations[last]
    layer_kind = problem.layer_kind
    report = max(1, epochs // 100)
    seen = np.empty((len(x_all), t_all.shape[1]))
    step = 1  # the update's number t (Adam's bias correction)
    for epoch in range(epochs):
        for rows, x, t in batches:
            flat, record = net.conv_forward(x)
            nets, outs = dense.forward(flat)
            y = outs[-1]
            seen[rows] = y
            delta = output.np_output_delta(nets[last], y, loss.np_gradient(t, y))
            if loss.batch_mean:
                delta = delta / len(x)
            for l in range(last, -1, -1):
                grad_w = layer_kind.np_weight_gradient(outs[l], delta)
                grad_b = (delta.sum(keepdims=True)[0] if shared else delta.sum(axis=0)) if biases is not None else None
                # the next delta uses the weights before this update; below layer 0 it reaches the flattened cells
                nxt = layer_kind.np_backward(delta, weights[l])
                if l > 0:
                    nxt = nxt * derivatives[l - 1](nets[l - 1], outs[l])
                delta = nxt
                change, state_w[l] = rule.np_change(grad_w, weights[l], state_w[l], eta, step, np)
                weights[l] += change
                if biases is not None and state_b is not None:
                    change, state_b[l] = rule.np_change(grad_b, biases[l], state_b[l], eta, step, np)
                    biases[l] += change
            passed = delta.reshape(len(x), *net.layers[-1].out_shape)
            for n in range(len(net.layers) - 1, -1, -1):
                layer, activation = net.layers[n], net.activations[n]
                inputs, net_in, out, winners = record[n]
                reaching = passed if layer.pool is None else layer.pool.np_backward(passed, winners, out.shape)
                d_net = reaching * activation.np_derivative(net_in, out)
                grad_k = layer.np_kernel_gradient(inputs, d_net)
                if n > 0:
                    passed = layer.np_backward(d_net, net.kernels[n])
                change, state_k[n] = rule.np_change(grad_k, net.kernels[n], state_k[n], eta, step, np)
                net.kernels[n] += change
                bias = kernel_biases[n]
                if bias is not None:
                    change, state_kb[n] = rule.np_change(d_net.sum(axis=(0, 2, 3)), bias, state_kb[n], eta, step, np)
                    bias += change
            step += 1
        per_sample = loss.np_loss(t_all, seen)
        losses[epoch] = per_sample.mean() if loss.batch_mean else per_sample.sum()
        if snapshots is not None and epoch + 1 in snapshots:
            snapshots[epoch + 1] = net.parameters()
        if progress is not None and (epoch + 1) % report == 0:
            progress(epoch + 1, epochs)
