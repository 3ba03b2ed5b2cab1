"""The numeric training path: numpy, vectorised over the samples of each update; no sympy.

It follows the engine's rules exactly (tests hold the two equal to 1e-12): per update, the loss is
the sum of the per-sample losses (mse: their mean), the gradient is that loss's gradient, and
Δw from the problem's update rule (optimizer), whose numpy form it calls. The forward outputs of every update are kept, so that the losses of
all epochs are computed in one vectorised call at the end instead of once per epoch.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection

import numpy as np

from stepcalc import ids as sid
from stepcalc.errors import ProblemError
from stepcalc.engine.schedule import schedule
from stepcalc.problem.validate import Problem, layer_bias


@dataclass(frozen=True)
class TrainingResult:
    epochs: int
    losses: Any  # losses[k]: loss of epoch k + 1's own forward passes
    parameters: dict[str, float]  # "w.A.B", "b.U" after the last epoch
    predictions: list[list[float]]  # the network's outputs per sample after the last epoch
    snapshots: dict[int, dict[str, float]] | None = None  # parameters after the epochs asked for


class Network:
    """Weights as matrices W[l] (units of layer l × units of layer l + 1) and bias vectors; a shared
    bias (shared_bias = true) is a vector of one entry, broadcast over its layer's units."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.weights = [np.array(m, dtype=float) for m in problem.weights]
        self.biases = None if problem.biases is None else [np.array(b, dtype=float) for b in problem.biases]
        self.activations = [problem.activation(l) for l in range(1, len(problem.layers))]
        self.forward_fns = [a.np_forward for a in self.activations]
        self.derivatives = [a.np_derivative for a in self.activations]

    def forward(self, x: Any) -> tuple[list[Any], list[Any]]:
        """Nets and outputs of every layer for a batch of inputs (rows); outputs[0] is x."""
        nets, outs = [], [x]
        layer = self.problem.layer_kind
        for l, (w, f) in enumerate(zip(self.weights, self.forward_fns)):
            net = layer.np_net(outs[-1], w, None if self.biases is None else self.biases[l])
            nets.append(net)
            outs.append(f(net))
        return nets, outs

    def predict(self, x: Any) -> Any:
        return self.forward(x)[1][-1]

    def parameters(self) -> dict[str, float]:
        """In the engine's order: into each unit, its weights, then its bias."""
        units = self.problem.units
        params: dict[str, float] = {}
        for l, w in enumerate(self.weights):
            for j, b in enumerate(units[l + 1]):
                for i, a in enumerate(units[l]):
                    params[sid.new_weight(a, b)] = float(w[i, j])
                if self.biases is not None and not self.problem.shared_bias:
                    params[sid.new_bias(b)] = float(self.biases[l][j])
            if self.biases is not None and self.problem.shared_bias:
                params[sid.new_bias(layer_bias(l + 1))] = float(self.biases[l][0])
        return params


def train(problem: Problem, epochs: int | None = None,
          progress: Callable[[int, int], None] | None = None,
          snapshot_epochs: Collection[int] | None = None) -> TrainingResult:
    """Run the problem's schedule for `epochs` (default: the problem's) and return losses and weights;
    `snapshot_epochs` (from 1) asks for the parameters after those epochs too."""
    if problem.recurrent_layer is not None:
        from stepcalc.train.recurrent import train_recurrent

        return train_recurrent(problem, epochs, progress, snapshot_epochs)
    if problem.conv is not None:
        from stepcalc.train.convolutional import train as train_convolutional

        return train_convolutional(problem, epochs, progress, snapshot_epochs)
    epochs = problem.epochs if epochs is None else epochs
    net = Network(problem)
    x_all = np.array([s.x for s in problem.samples], dtype=float)
    t_all = np.array([s.t for s in problem.samples], dtype=float)
    losses = np.empty(epochs)
    snapshots = None if snapshot_epochs is None else dict.fromkeys(snapshot_epochs, {})
    with np.errstate(all="ignore"):  # overflow shows up as a non-finite loss, reported below
        _run(net, x_all, t_all, losses, progress, snapshots)
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size or not all(np.isfinite(w).all() for w in net.weights):
        epoch = int(bad[0]) + 1 if bad.size else epochs
        raise ProblemError(problem.source, "learning_rate", f"training diverged: the loss is not finite in epoch "
                           f"{epoch:,} (try a smaller learning_rate)")
    return TrainingResult(epochs, losses, net.parameters(), net.predict(x_all).tolist(), snapshots)


CHUNK = 4096  # epochs whose outputs are kept before their losses are computed together


def _run(net: Network, x_all: Any, t_all: Any, losses: Any, progress: Callable[[int, int], None] | None,
         snapshots: dict[int, dict[str, float]] | None) -> None:
    """The epochs: per update, forward over the batch, deltas, then Δw from the update rule.
    Fills losses[k] with the loss of epoch k + 1's own forward passes."""
    problem = net.problem
    epochs = len(losses)
    seen = np.empty((min(epochs, CHUNK), len(x_all), t_all.shape[1]))  # outputs as met, per epoch
    loss = problem.loss_function
    sample_loss = loss.np_loss
    batches = [(slice(b[0], b[-1] + 1), x_all[b[0]:b[-1] + 1], t_all[b[0]:b[-1] + 1]) for b in schedule(problem)]
    gradient = loss.np_gradient
    mean = loss.batch_mean  # the loss of a batch is the mean of its samples' losses
    eta, rule = problem.learning_rate, problem.update_rule
    weights, derivatives = net.weights, net.derivatives
    biases = net.biases if problem.update_biases else None  # fixed biases: used forward, never updated
    shared = problem.shared_bias  # one bias per layer: its gradient is the sum over the layer's units
    state_w = [rule.np_state(w) for w in weights]
    state_b = [rule.np_state(b) for b in biases] if biases is not None else None
    np_change = rule.np_change
    step = 1  # t, the update's number (Adam's bias correction)
    last = len(weights) - 1
    output = net.activations[last]
    layer = problem.layer_kind
    report = max(1, epochs // 100)
    for epoch in range(epochs):
        kept = seen[epoch % CHUNK]
        for rows, x, t in batches:
            nets, outs = net.forward(x)
            y = outs[-1]
            kept[rows] = y
            g = gradient(t, y)  # ∂E_s/∂y per sample
            delta = output.np_output_delta(nets[last], y, g)
            if mean:
                delta = delta / len(x)
            for l in range(last, -1, -1):
                grad_w = layer.np_weight_gradient(outs[l], delta)
                grad_b = (layer.np_bias_gradient(delta.sum(keepdims=True)[0] if shared else delta.sum(axis=0))
                          if biases is not None else None)
                if l > 0:  # the next delta uses the weights before this update
                    delta = layer.np_backward(delta, weights[l]) * derivatives[l - 1](nets[l - 1], outs[l])
                change, state_w[l] = np_change(grad_w, weights[l], state_w[l], eta, step, np)
                if biases is not None and state_b is not None:
                    change_b, state_b[l] = np_change(grad_b, biases[l], state_b[l], eta, step, np)
                    biases[l] += change_b
                weights[l] += change
            step += 1
        if epoch % CHUNK == CHUNK - 1 or epoch == epochs - 1:
            start = epoch - epoch % CHUNK
            per_sample = sample_loss(t_all, seen[:epoch - start + 1])  # (epochs, samples)
            losses[start:epoch + 1] = per_sample.mean(axis=1) if mean else per_sample.sum(axis=1)
        if snapshots is not None and epoch + 1 in snapshots:
            snapshots[epoch + 1] = net.parameters()
        if progress is not None and (epoch + 1) % report == 0:
            progress(epoch + 1, epochs)
