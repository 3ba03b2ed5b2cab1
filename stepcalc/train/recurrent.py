"""The numeric training path of a recurrent network: numpy backpropagation through time, one online
update per sequence, following the engine's rules (engine/recurrent.py; tests hold the two equal).

Per update: the forward pass through the sequence (the layer kind's `np_states`), the per-step
losses summed, δs from the last step (or the last `truncate` steps) back, each gradient summed over
those steps, then Δp = −η ∂E/∂p as the problem's update rule makes it (plus α Δp(prev) with momentum).
"""
from __future__ import annotations

from typing import Any, Callable, Collection

import numpy as np

from stepcalc import ids as sid
from stepcalc.errors import StepcalcError
from stepcalc.problem.recurrent import SequenceSample
from stepcalc.problem.validate import Problem


class RecurrentNetwork:
    """W (inputs × hidden), U (hidden × hidden: u_ij from i at t−1 to j at t), V (hidden × outputs), biases."""

    def __init__(self, problem: Problem) -> None:
        layer = problem.recurrent_layer
        assert layer is not None and problem.recurrent is not None
        self.problem, self.layer = problem, layer
        self.w = np.array(problem.weights[0], dtype=float)
        self.u = np.array(problem.recurrent, dtype=float)
        self.v = np.array(problem.weights[1], dtype=float)
        self.b_h = None if problem.biases is None else np.array(problem.biases[0], dtype=float)
        self.b_o = None if problem.biases is None else np.array(problem.biases[1], dtype=float)
        self.h0 = np.array(problem.h0, dtype=float)
        self.hidden, self.output = problem.activation(1), problem.activation(2)

    def forward(self, xs: Any) -> tuple[Any, Any, Any, Any]:
        """Hidden nets (T × H), states (T + 1 × H, row 0 = h0), output nets and outputs (T × O)."""
        nets_h, states = self.layer.np_states(xs, self.w, self.u, self.b_h, self.h0, self.hidden)
        nets_o = self.problem.layer_kind.np_net(states[1:], self.v, self.b_o)
        return nets_h, states, nets_o, self.output.np_forward(nets_o)

    def parameters(self) -> dict[str, float]:
        """In the engine's order: into each hidden unit its input weights, recurrent weights, bias; then the outputs'."""
        inputs, hidden, outputs = self.problem.units
        params: dict[str, float] = {}
        for j, h in enumerate(hidden):
            params.update({sid.new_weight(a, h): float(self.w[i, j]) for i, a in enumerate(inputs)})
            params.update({sid.new_recurrent(k, h): float(self.u[i, j]) for i, k in enumerate(hidden)})
            if self.b_h is not None:
                params[sid.new_bias(h)] = float(self.b_h[j])
        for j, o in enumerate(outputs):
            params.update({sid.new_weight(h, o): float(self.v[i, j]) for i, h in enumerate(hidden)})
            if self.b_o is not None:
                params[sid.new_bias(o)] = float(self.b_o[j])
        return params


def _sequence(s: Any) -> tuple[Any, list[Any | None]]:
    assert isinstance(s, SequenceSample)
    return np.array(s.xs, dtype=float), [None if t is None else np.array(t, dtype=float) for t in s.ts]


def bptt(net: RecurrentNetwork, xs: Any, ts: list[Any | None]) -> tuple[float, list[Any]]:
    """The sequence's loss and the gradients [W, U, b_h, V, b_o] (b's None without biases)."""
    p = net.problem
    loss = p.loss_function
    nets_h, states, nets_o, ys = net.forward(xs)
    steps = len(xs)
    total = sum(float(loss.np_loss(t, ys[k])) for k, t in enumerate(ts) if t is not None)
    first = 1 if p.truncate is None else max(1, steps - p.truncate + 1)
    # δs per time step as rows (zero outside the backward window), then each gradient as one product
    deltas_o = np.zeros((steps, net.v.shape[1]))
    deltas_h = np.zeros((steps, net.u.shape[0]))
    later = deltas_h[0] * 0.0
    for step in range(steps, first - 1, -1):
        k = step - 1
        t = ts[k]
        if t is not None:
            deltas_o[k] = net.output.np_output_delta(nets_o[k:k + 1], ys[k:k + 1],
                                                     loss.np_gradient(t[None, :], ys[k:k + 1]))[0]
        signal = net.layer.np_backward(deltas_o[k], net.v, later, net.u)
        deltas_h[k] = later = signal * net.hidden.np_derivative(nets_h[k], states[step])
    grads = [xs.T @ deltas_h, states[:-1].T @ deltas_h, deltas_h.sum(axis=0), states[1:].T @ deltas_o,
             deltas_o.sum(axis=0)]
    return total, grads


def train_recurrent(problem: Problem, epochs: int | None = None, progress: Callable[[int, int], None] | None = None,
                    snapshot_epochs: Collection[int] | None = None) -> Any:
    """Online BPTT over the problem's sequences for `epochs`; the same result record as the dense path."""
    from stepcalc.train.numeric import TrainingResult

    epochs = problem.epochs if epochs is None else epochs
    net = RecurrentNetwork(problem)
    sequences = [_sequence(s) for s in problem.samples]
    rule, eta = problem.update_rule, problem.learning_rate
    biases = problem.biases is not None and problem.update_biases
    params = [net.w, net.u, net.b_h, net.v, net.b_o]
    trained = [0, 1, 3] + ([2, 4] if biases else [])
    states = {i: rule.np_state(params[i]) for i in trained}
    losses = np.empty(epochs)
    snapshots = None if snapshot_epochs is None else dict.fromkeys(snapshot_epochs, {})
    report = max(1, epochs // 100)
    mean = problem.loss_function.batch_mean
    step = 1  # the update's number t (Adam's bias correction)
    with np.errstate(all="ignore"):  # overflow shows up as a non-finite loss, reported below
        for epoch in range(epochs):
            total = 0.0
            for xs, ts in sequences:
                loss, grads = bptt(net, xs, ts)
                total += loss
                for i in trained:
                    change, states[i] = rule.np_change(grads[i], params[i], states[i], eta, step, np)
                    params[i] += change
                step += 1
            losses[epoch] = total / len(sequences) if mean else total
            if snapshots is not None and epoch + 1 in snapshots:
                snapshots[epoch + 1] = net.parameters()
            if progress is not None and (epoch + 1) % report == 0:
                progress(epoch + 1, epochs)
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size or not all(np.isfinite(a).all() for a in params if a is not None):
        epoch = int(bad[0]) + 1 if bad.size else epochs
        raise StepcalcError(f"{problem.source}: training diverged: the loss is not finite in epoch {epoch:,} "
                            "(try a smaller learning_rate)")
    # one row per sequence and time step, as the report lists them
    predictions = [row for xs, _ in sequences for row in net.forward(xs)[3].tolist()]
    return TrainingResult(epochs, losses, net.parameters(), predictions, snapshots)
