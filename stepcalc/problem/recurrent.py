"""The recurrent network's part of a problem file: `kind = "recurrent"`, the recurrent weights, the
initial state, per-step inputs and targets, and `truncate`. Messages name the file and the key."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from stepcalc.problem.validate import _Reader

RECURRENT_NETWORK_KEYS = ("kind", "recurrent", "h0")
# Beyond this the unrolled network is no longer something a person works by hand.
MAX_TIME_STEPS = 12


@dataclass(frozen=True)
class SequenceSample:
    """One sequence: an input vector per time step, and a target per step (None where the loss has
    no term: with `t_last` only the last step has one)."""

    xs: tuple[tuple[float, ...], ...]
    ts: tuple[tuple[float, ...] | None, ...]

    @property
    def steps(self) -> int:
        return len(self.xs)


@dataclass(frozen=True)
class RecurrentSpec:
    """A recurrent layer as the problem file gives it: recurrent weights, initial state, sequences."""

    weights: tuple[tuple[float, ...], ...]  # weights[i][j]: hidden unit i at t−1 → hidden unit j at t
    h0: tuple[float, ...]
    truncate: int | None
    samples: tuple[SequenceSample, ...]


def read_recurrent(r: "_Reader", data: Mapping[str, Any], network: Mapping[str, Any], layers: tuple[int, ...],
                   loss: str, shared_bias: bool, kind: str) -> RecurrentSpec | None:
    """The recurrent part of the file, checked; None for any other kind of network (which may not use its keys)."""
    if kind != "recurrent":
        for key in ("recurrent", "h0"):
            if key in network:
                raise r.fail(f"network.{key}", 'only used with kind = "recurrent" in [network]')
        if "truncate" in data:
            raise r.fail("truncate", 'only used with kind = "recurrent" in [network]')
        return None
    if len(layers) != 3:
        raise r.fail("network.layers", f"a recurrent network has an input, one recurrent hidden and an output layer, "
                     f"e.g. [1, 2, 1]; got {len(layers)} layers")
    if shared_bias:
        raise r.fail("shared_bias", 'not available with kind = "recurrent"; give one bias per unit')
    if "init" in data:
        raise r.fail("init", 'not available with kind = "recurrent"; give network.weights and network.recurrent')
    if data.get("update", "online") != "online":
        raise r.fail("update", f'a recurrent network is trained online (one update per sequence); got {data["update"]!r}')
    size = layers[1]
    if "recurrent" not in network:
        raise r.fail("network.recurrent", f"missing; expected recurrent[i][j] from hidden unit i at t−1 to hidden unit j "
                     f"at t, a {size}×{size} list of lists")
    rows = r.array(network["recurrent"], "network.recurrent", size)
    weights = tuple(r.numbers(row, f"network.recurrent[{i}]", size) for i, row in enumerate(rows))
    h0 = r.numbers(network["h0"], "network.h0", size) if "h0" in network else (0.0,) * size
    if "samples" not in data:
        raise r.fail("samples", "missing; expected at least one [[samples]] table with x and t (or t_last)")
    raw_samples = r.array(data["samples"], "samples")
    if not raw_samples:
        raise r.fail("samples", "empty; expected at least one [[samples]] table with x and t (or t_last)")
    samples = tuple(_sequence(r, raw, k, layers, loss) for k, raw in enumerate(raw_samples))
    truncate = None
    if "truncate" in data:
        shortest = min(s.steps for s in samples)
        truncate = r.integer(data["truncate"], "truncate", 1, shortest)
    return RecurrentSpec(weights, h0, truncate, samples)


def _sequence(r: "_Reader", raw: Any, k: int, layers: tuple[int, ...], loss: str) -> SequenceSample:
    key = f"samples[{k}]"
    table = r.table(raw, key)
    r.unknown(table, {"x", "t", "t_last"}, key + ".")
    if "x" not in table:
        raise r.fail(f"{key}.x", "missing; expected one input vector per time step, e.g. x = [[1.0], [0.5], [-1.0]]")
    steps = r.array(table["x"], f"{key}.x")
    if not 1 <= len(steps) <= MAX_TIME_STEPS:
        raise r.fail(f"{key}.x", f"expected 1 to {MAX_TIME_STEPS} time steps (one input vector each), got {len(steps)}")
    xs = tuple(r.numbers(row, f"{key}.x[{i}]", layers[0]) for i, row in enumerate(steps))
    if ("t" in table) == ("t_last" in table):
        raise r.fail(f"{key}.t", "expected either t (one target per time step) or t_last (a target for the last step), "
                     "not both" if "t" in table else "missing; expected t (one target per time step) or t_last")
    ts: tuple[tuple[float, ...] | None, ...]
    if "t" in table:
        rows = r.array(table["t"], f"{key}.t", len(xs))
        ts = tuple(r.numbers(row, f"{key}.t[{i}]", layers[-1]) for i, row in enumerate(rows))
        names = [f"{key}.t[{i}]" for i in range(len(xs))]
    else:
        ts = (None,) * (len(xs) - 1) + (r.numbers(table["t_last"], f"{key}.t_last", layers[-1]),)
        names = [""] * (len(xs) - 1) + [f"{key}.t_last"]
    if loss == "bce":
        for target, name in zip(ts, names):
            for j, value in enumerate(target or ()):
                if not 0 <= value <= 1:
                    raise r.fail(f"{name}[{j}]", f"expected a target in [0, 1] for loss bce, got {value!r}")
    return SequenceSample(xs, ts)
