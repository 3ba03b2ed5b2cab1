"""Exercise variants: random numbers a person can work with on paper, drawn reproducibly from a seed.

A variant is a problem file's mapping with its own weights, inputs and targets. Each is drawn from
`random.Random` seeded with the run's seed and the variant's number (so variant 3 is the same
whether 5 or 50 are asked for), then derived by the engine and kept only if it is workable:

- every drawn number is a non-zero multiple of 10^-decimals inside its range;
- no unit is saturated: the slope of each unit's output with respect to its own net input is at
  least SLOPE_FRACTION of the activation's largest slope (σ: |net| ≤ 2.63; tanh: |net| ≤ 1.32;
  ReLU: net > 0; softmax: y(1 − y) ≥ 1/16, as for σ);
- no delta is vanishingly small: |δ| ≥ min_delta for every unit;
- no two units of a layer are twins: their incoming weights differ, and so do their outgoing ones.

A draw that fails is redrawn, at most MAX_DRAWS times per variant.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from stepcalc import ids as sid
from stepcalc.engine.derive import Derivation, derive
from stepcalc.engine.iterations import work_updates
from stepcalc.errors import StepcalcError
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.losses import LOSSES
from stepcalc.concepts.optimizers import NEEDS_MOMENTUM, OPTIMIZERS
from stepcalc.notation import STYLES
from stepcalc.engine.numbers import ROUNDING_KINDS, ROUNDING_MODES, Rounding
from stepcalc.problem.validate import (MAX_DECIMALS, MAX_LAYERS, MAX_UNITS_PER_LAYER, MAX_WEIGHTS, NETWORK_KINDS, Problem,
                                       problem_from_toml)
from stepcalc.problem.files import problem_toml
from stepcalc.problem.recurrent import MAX_TIME_STEPS

SLOPE_FRACTION = 0.25
MAX_DRAWS = 1000
MAX_COUNT = 999
# |δ| floor unless --min-delta is given: at the default 4 decimals every δ shows two significant
# digits or more; with fewer decimals the floor rises to one unit of the last shown digit (never "0.00").
DEFAULT_MIN_DELTA = 0.001
DEFAULT_TIME_STEPS = 3  # of a recurrent network, without --steps

@dataclass(frozen=True)
class Spec:
    """Everything that decides the numbers of a run (the seed and count aside)."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]  # one per non-input layer
    loss: str = "half_sse"
    learning_rate: float = 0.5
    biases: bool = False
    decimals: int = 1
    weight_range: tuple[float, float] = (-1.0, 1.0)
    input_range: tuple[float, float] = (0.0, 1.0)
    target_range: tuple[float, float] | None = None  # None: the output activation's own target range
    min_delta: float | None = None  # None: DEFAULT_MIN_DELTA, or 10^-decimals of δ if that is larger
    notation: str | None = None  # the problem files' `notation` style; None: not written (default style)
    rounding: tuple[tuple[str, Any], ...] = ()  # the problem files' [rounding] table; empty: not written
    steps: int | None = None  # a recurrent network's time steps; None: a feedforward network
    optimizer: str | None = None  # the problem files' [optimizer] name; None: not written (gradient descent)
    updates: int = 1  # updates to work: 2 meets the one sample twice (epochs = 2)
    conv: tuple[int, int, int, int, int] | None = None  # channels, height, width, kernel rows, kernel columns

    @property
    def arch(self) -> str:
        dense = "-".join(map(str, self.layers))
        if self.conv is None:
            return dense
        c, h, w, kh, kw = self.conv
        return f"{c}x{h}x{w} image, {kh}x{kw} kernel, {dense}"

    @property
    def described(self) -> str:
        """The network in words, for titles: "2-2-1" or "recurrent 1-2-1"."""
        return self.arch if self.steps is None else f"recurrent {self.arch}"

    @property
    def delta_floor(self) -> float:
        if self.min_delta is not None:
            return self.min_delta
        table = dict(self.rounding)
        places = table.get("delta", table.get("decimals", Rounding().decimals))
        return max(DEFAULT_MIN_DELTA, 10.0 ** -places)


@dataclass(frozen=True)
class Variant:
    number: int  # from 1
    name: str  # file stem, e.g. variant-07
    toml: str  # the problem file, exactly as written
    problem: Problem
    derivation: Derivation  # the first update
    later: tuple[tuple[str, Derivation], ...] = ()  # (run prefix, derivation) of each further update

    @property
    def padded(self) -> str:
        """The number as the file name and title write it: 07 of 30, 007 of 100."""
        return self.name.rsplit("-", 1)[1]


# --- options → Spec ---------------------------------------------------------------------------------
def parse_arch(text: str | None) -> tuple[int, ...]:
    if text is None:
        raise StepcalcError("--arch: missing; expected units per layer joined by '-', input layer first, e.g. 2-2-1")
    parts = text.split("-")
    if len(parts) < 2 or not all(p.isascii() and p.isdigit() and int(p) >= 1 for p in parts):
        raise StepcalcError(f"--arch: expected units per layer joined by '-', input layer first, e.g. 2-2-1; got {text!r}")
    layers = tuple(int(p) for p in parts)
    weights = sum(a * b for a, b in zip(layers, layers[1:]))
    if len(layers) > MAX_LAYERS or max(layers) > MAX_UNITS_PER_LAYER or weights > MAX_WEIGHTS:
        raise StepcalcError(f"--arch: {text} is too large to work by hand (at most {MAX_LAYERS} layers, "
                            f"{MAX_UNITS_PER_LAYER} units per layer, {MAX_WEIGHTS} weights)")
    return layers


def parse_conv(image: str | None, kernel: str | None, arch: str | None
               ) -> tuple[tuple[int, int, int, int, int], tuple[int, ...]]:
    """--input CxHxW, --kernel KHxKW and the dense layers after the flattened cells (--arch, default 1):
    one ReLU filter, stride 1, no padding, no pooling."""
    from stepcalc.problem import convolutional as limits

    def sizes(text: str | None, option: str, count: int, example: str) -> tuple[int, ...]:
        parts = (text or "").split("x")
        if text is None or len(parts) != count or not all(p.isdigit() and int(p) >= 1 for p in parts):
            raise StepcalcError(f"{option}: expected {example}; got {text!r}")
        return tuple(int(p) for p in parts)

    c, h, w = sizes(image, "--input", 3, "channels x height x width, e.g. 1x4x4")
    kh, kw = sizes(kernel, "--kernel", 2, "rows x columns, e.g. 2x2")
    if c > limits.MAX_CHANNELS or max(h, w) > limits.MAX_INPUT_SIDE:
        raise StepcalcError(f"--input: at most {limits.MAX_CHANNELS} channels and a {limits.MAX_INPUT_SIDE}x"
                            f"{limits.MAX_INPUT_SIDE} image, got {image}")
    if kh > min(h, limits.MAX_KERNEL_SIDE) or kw > min(w, limits.MAX_KERNEL_SIDE):
        raise StepcalcError(f"--kernel: expected a kernel no larger than the image and {limits.MAX_KERNEL_SIDE}x"
                            f"{limits.MAX_KERNEL_SIDE}, got {kernel}")
    dense = arch or "1"
    parts = dense.split("-")
    if not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise StepcalcError(f"--arch: with --kind convolutional, the dense layers after the flattened cells "
                            f"joined by '-', e.g. 1 or 2-1; got {dense!r}")
    flat = (h - kh + 1) * (w - kw + 1)
    layers = (flat, *(int(p) for p in parts))
    if flat > limits.MAX_FLAT or sum(a * b for a, b in zip(layers, layers[1:])) > MAX_WEIGHTS:
        raise StepcalcError(f"--kernel: {flat} flattened cells with --arch {dense} are too many to work by hand")
    return (c, h, w, kh, kw), layers


def parse_activations(text: str, layers: tuple[int, ...]) -> tuple[str, ...]:
    """One name for every non-input layer, or a comma-separated list with one per layer."""
    names = [n.strip() for n in text.split(",")]
    count = len(layers) - 1
    for name in names:
        if name not in ACTIVATIONS:
            raise StepcalcError(f"--activation: expected one of {', '.join(ACTIVATIONS)}, got {name!r}")
    if len(names) == 1:
        names = names * count
    elif len(names) != count:
        raise StepcalcError(f"--activation: expected one name or {count} (one per layer after the input), "
                            f"got {len(names)}")
    for name in names[:-1]:
        if ACTIVATIONS[name].coupled:
            raise StepcalcError(f"--activation: {name} is for the output layer only; give one per layer, "
                                f"e.g. sigmoid,{name}")
    if ACTIVATIONS[names[-1]].coupled and layers[-1] < 2:
        raise StepcalcError(f"--activation: {names[-1]} needs at least 2 output units")
    return tuple(names)


def parse_steps(kind: str, steps: int | None) -> int | None:
    """--kind and --steps: the time steps of a recurrent network (default 3), None for any other."""
    if kind not in NETWORK_KINDS:
        raise StepcalcError(f"--kind: expected one of {', '.join(NETWORK_KINDS)}, got {kind!r}")
    if kind != "recurrent":
        if steps is not None:
            raise StepcalcError("--steps: only used with --kind recurrent")
        return None
    return DEFAULT_TIME_STEPS if steps is None else steps


def parse_notation(name: str) -> str:
    if name not in STYLES:
        raise StepcalcError(f"--notation: expected one of {', '.join(STYLES)}, got {name!r}")
    return name


def parse_rounding(text: str) -> tuple[tuple[str, Any], ...]:
    """"MODE[:DECIMALS][,KIND=DECIMALS…]" → the [rounding] table, e.g. "carry:3,out=4"."""
    usage = (f"expected MODE[:DECIMALS][,KIND=DECIMALS…] with MODE {' or '.join(ROUNDING_MODES)} and KIND one of "
             f"{', '.join(ROUNDING_KINDS)}, e.g. carry:3 or exact:4,out=5; got {text!r}")
    head, *overrides = text.split(",")
    mode, _, decimals = head.partition(":")
    if mode not in ROUNDING_MODES:
        raise StepcalcError(f"--rounding: {usage}")
    table: dict[str, Any] = {"mode": mode}
    settings = ([("decimals", decimals)] if decimals else []) + [o.partition("=")[::2] for o in overrides]
    for key, value in settings:
        if key in table or (key != "decimals" and key not in ROUNDING_KINDS):
            raise StepcalcError(f"--rounding: {usage}")
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_DECIMALS:
            raise StepcalcError(f"--rounding: {key}: expected 0 to {MAX_DECIMALS} decimals, got {value!r}")
        table[key] = int(value)
    return tuple(table.items())


def check_spec(spec: Spec) -> None:
    """Refuse settings no draw can satisfy, before drawing."""
    if spec.steps is not None:
        if len(spec.layers) != 3:
            raise StepcalcError(f"--arch: a recurrent network has an input, one recurrent hidden and an output layer, "
                                f"e.g. 1-2-1; got {spec.arch}")
        if not 1 <= spec.steps <= MAX_TIME_STEPS:
            raise StepcalcError(f"--steps: expected 1 to {MAX_TIME_STEPS} time steps, got {spec.steps}")
    output = ACTIVATIONS[spec.activations[-1]]
    if not LOSSES[spec.loss].accepts(output):
        raise StepcalcError(f"--loss: {spec.loss} takes logarithms of the outputs, which must lie in (0, 1); "
                            f"a {output.name} output layer gives values outside it (use sigmoid or softmax outputs)")
    if not (spec.learning_rate > 0 and math.isfinite(spec.learning_rate)):
        raise StepcalcError(f"--learning-rate: expected a positive number, got {spec.learning_rate:g}")
    if not spec.delta_floor >= 0:
        raise StepcalcError(f"--min-delta: expected a number ≥ 0, got {spec.delta_floor:g}")
    for option, bounds in (("--weight-range", spec.weight_range), ("--input-range", spec.input_range)):
        grid(bounds, spec.decimals, option)
    if output.coupled:
        if spec.target_range is not None:
            raise StepcalcError(f"--target-range: {output.name} outputs get one-hot targets (a class), not a range")
        return
    low, high = spec.target_range or output.target_range
    if not (output.reaches(low) and output.reaches(high)):
        raise StepcalcError(f"--target-range: {output.name} outputs lie in ({plain_range(*output.output_range)}); "
                            f"targets must too, got {plain_range(low, high)}")
    target_grid(spec)


def plain_range(low: float, high: float) -> str:
    return f"{low:g}, {high:g}"


def grid(bounds: tuple[float, float], decimals: int, option: str,
         unreachable: tuple[float, float] = ()) -> Sequence[int]:
    """The non-zero multiples of 10^-decimals in [low, high] as integers, without the `unreachable` ends
    (counted, not listed: a wide range holds billions)."""
    low, high = bounds
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise StepcalcError(f"{option}: expected LOW HIGH with LOW ≤ HIGH, got {plain_range(low, high)}")
    scale = 10 ** decimals
    first, last = math.ceil(round(low * scale, 9)), math.floor(round(high * scale, 9))
    excluded = {0} | {round(end * scale) for end in unreachable}
    points = _Points(first, last, excluded)
    if not points:
        raise StepcalcError(f"{option}: no non-zero number with {decimals} decimal(s) lies in "
                            f"[{plain_range(low, high)}]" + (" inside the output's range" if unreachable else ""))
    return points


class _Points(Sequence[int]):
    """The integers first…last without `excluded`, in order; indexed as the tuple of them would be."""

    def __init__(self, first: int, last: int, excluded: set[int]) -> None:
        self.first = first
        self.skipped = sorted(n for n in excluded if first <= n <= last)
        self.length = max(0, last - first + 1 - len(self.skipped))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        if not 0 <= index < self.length:
            raise IndexError(index)
        n = self.first + index
        for skipped in self.skipped:
            if skipped > n:
                break
            n += 1
        return n


def target_grid(spec: Spec) -> Sequence[int]:
    """The targets an output of this activation can approach (never the ends of σ's or tanh's range)."""
    output = ACTIVATIONS[spec.activations[-1]]
    unreachable = tuple(end for end in output.output_range if math.isfinite(end))
    return grid(spec.target_range or output.target_range, spec.decimals, "--target-range", unreachable)


# --- drawing ----------------------------------------------------------------------------------------
class _Draw:
    def __init__(self, spec: Spec, rng: random.Random) -> None:
        self.spec, self.rng = spec, rng
        self.scale = 10 ** spec.decimals
        output = ACTIVATIONS[spec.activations[-1]]
        self.weights = grid(spec.weight_range, spec.decimals, "--weight-range")
        self.inputs = grid(spec.input_range, spec.decimals, "--input-range")
        self.targets = () if output.coupled else target_grid(spec)

    def numbers(self, points: Sequence[int], count: int) -> list[float]:
        return [self.rng.choice(points) / self.scale for _ in range(count)]

    def target(self) -> list[float]:
        layers = self.spec.layers
        if ACTIVATIONS[self.spec.activations[-1]].coupled:
            target = [0.0] * layers[-1]
            target[self.rng.randrange(layers[-1])] = 1.0
            return target
        return self.numbers(self.targets, layers[-1])

    def mapping(self, title: str) -> dict[str, Any]:
        spec, layers = self.spec, self.spec.layers
        weights = [[self.numbers(self.weights, layers[l + 1]) for _ in range(layers[l])] for l in range(len(layers) - 1)]
        network: dict[str, Any] = {"layers": list(layers), "activation": _activation_value(spec.activations),
                                   "weights": weights}
        if spec.biases:
            network["biases"] = [self.numbers(self.weights, n) for n in layers[1:]]
        if spec.steps is None:
            target = self.target()  # drawn before the inputs, so that a seed keeps giving the same variants
            sample = {"x": self.numbers(self.inputs, layers[0]), "t": target}
        else:  # one input vector and one target per time step
            network["recurrent"] = [self.numbers(self.weights, layers[1]) for _ in range(layers[1])]
            network = {"kind": "recurrent", **network}
            sample = {"x": [self.numbers(self.inputs, layers[0]) for _ in range(spec.steps)],
                      "t": [self.target() for _ in range(spec.steps)]}
        if spec.conv is not None:
            c, h, w, kh, kw = spec.conv
            layer: dict[str, Any] = {"filters": 1, "kernel": [kh, kw], "activation": "relu",
                                     "weights": [[[self.numbers(self.weights, kw) for _ in range(kh)] for _ in range(c)]]}
            if spec.biases:
                layer["biases"] = self.numbers(self.weights, 1)
            network = {"kind": "convolutional", "input_shape": [c, h, w], **network, "conv": [layer]}
            sample["x"] = [[self.numbers(self.inputs, w) for _ in range(h)] for _ in range(c)]
        data: dict[str, Any] = {"title": title, "learning_rate": spec.learning_rate, "loss": spec.loss}
        if spec.updates > 1:
            data["epochs"] = spec.updates
        if spec.notation is not None:
            data["notation"] = spec.notation
        rounding = dict(spec.rounding)
        if spec.optimizer is not None:
            # m = (1 − β₁) g and v = (1 − β₂) g² are small: enough decimals that none is shown as 0
            rounding = {**OPTIMIZER_DECIMALS.get(spec.optimizer, {}), **rounding}
        if rounding:
            data["rounding"] = rounding
        data["network"] = network
        data["samples"] = [sample]
        if spec.optimizer is not None:
            data["optimizer"] = {"name": spec.optimizer, **({"momentum": 0.9} if spec.optimizer in NEEDS_MOMENTUM else {})}
        return data


# Decimals of the optimizer's state in generated problems, unless --rounding sets them.
OPTIMIZER_DECIMALS = {"adagrad": {"state": 8}, "rmsprop": {"state": 8},
                      "adam": {"moment": 6, "state": 10}, "adamw": {"moment": 6, "state": 10}}


MAX_UPDATES = 2


def parse_updates(count: int) -> int:
    if not 1 <= count <= MAX_UPDATES:
        raise StepcalcError(f"--updates: expected 1 or {MAX_UPDATES} updates to work by hand, got {count}")
    return count


def parse_optimizer(name: str) -> str:
    if name not in OPTIMIZERS:
        raise StepcalcError(f"--optimizer: expected one of {', '.join(OPTIMIZERS)}, got {name!r}")
    return name


def _activation_value(activations: tuple[str, ...]) -> str | list[str]:
    return activations[0] if len(set(activations)) == 1 else list(activations)


# --- what makes a variant workable -----------------------------------------------------------------
def unworkable(d: Derivation, spec: Spec) -> list[str]:
    """Why the variant is not workable by hand (empty: it is)."""
    p, values = d.problem, d.values
    reasons = []
    if p.conv is not None:  # every feature-map cell alive: a dead ReLU cell teaches nothing
        for n, layer in enumerate(p.conv.layers, start=1):
            activation = ACTIVATIONS[layer.activation]
            rows, cols = layer.map_size
            for f in range(layer.filters):
                for r in range(rows):
                    for c in range(cols):
                        cell = sid.conv_cell(n, f + 1, r + 1, c + 1)
                        if activation.slope(values[sid.net(cell)], values[sid.out(cell)]) < SLOPE_FRACTION * activation.peak_slope:
                            reasons.append(f"feature-map cell {cell} is dead")
    # a recurrent network's units once per time step (t1.net.h1 …); a feedforward network's once
    times = [lambda key: key] if spec.steps is None else [
        (lambda key, step=step: sid.at_time(step, key)) for step in range(1, spec.steps + 1)]
    for at in times:
        for l in range(1, len(p.layers)):
            activation = p.activation(l)
            floor = SLOPE_FRACTION * activation.peak_slope
            for unit in p.units[l]:
                if activation.slope(values[at(sid.net(unit))], values[at(sid.out(unit))]) < floor:
                    reasons.append(f"unit {unit} is saturated")
                if abs(values[at(sid.delta(unit))]) < spec.delta_floor:
                    reasons.append(f"δ of {unit} is below {spec.delta_floor:g}")
    for step in d.steps:  # the optimizer's state: two significant digits shown, never underflowing to 0
        if step.kind in ("moment", "state") and abs(step.value) < 10.0 ** (1 - d.rounding.places(step.kind)):
            reasons.append(f"{step.id} shows fewer than two significant digits")
    reasons.extend(twin_units(p))
    return reasons


def twin_units(p: Problem) -> list[str]:
    """Pairs of units of a layer with the same incoming or the same outgoing weights: such twins
    compute the same things, so half of the exercise teaches nothing."""
    reasons = []
    last = len(p.layers) - 1
    for l in range(1, last + 1):
        incoming = [tuple(row[j] for row in p.weights[l - 1]) for j in range(p.layers[l])]
        outgoing = [tuple(p.weights[l][i]) for i in range(p.layers[l])] if l < last else []
        for which, rows in (("incoming", incoming), ("outgoing", outgoing)):
            first: dict[tuple[float, ...], str] = {}
            for unit, row in zip(p.units[l], rows):
                if row in first:
                    reasons.append(f"units {first[row]} and {unit} have the same {which} weights")
                else:
                    first[row] = unit
    return reasons


def draw_variants(spec: Spec, seed: int, count: int) -> list[Variant]:
    """`count` workable, pairwise different variants; the same arguments always give the same ones."""
    return list(iter_variants(spec, seed, count))


def iter_variants(spec: Spec, seed: int, count: int) -> Iterator[Variant]:
    """The variants of `draw_variants` one at a time, so that a caller can write each as it comes.
    The settings are checked before the first is drawn."""
    check_spec(spec)
    if not 1 <= count <= MAX_COUNT:
        raise StepcalcError(f"--count: expected a number of variants from 1 to {MAX_COUNT}, got {count}")
    return _variants(spec, seed, count)


def _variants(spec: Spec, seed: int, count: int) -> Iterator[Variant]:
    width = max(2, len(str(count)))
    seen: set[str] = set()
    for number in range(1, count + 1):
        variant = _draw_one(spec, seed, number, width, seen)
        seen.add(_numbers_of(variant.toml))
        yield variant


def _numbers_of(toml: str) -> str:
    """The part of a problem file that makes it a different exercise (all but the title line)."""
    return "\n".join(line for line in toml.splitlines() if not line.startswith(("title", "#")))


def _draw_one(spec: Spec, seed: int, number: int, width: int, seen: set[str]) -> Variant:
    """Variant `number` (written with `width` digits): drawn from its own generator until workable and new."""
    name = f"variant-{number:0{width}d}"
    count = "one" if spec.updates == 1 else "two"
    step = (f"{count} backpropagation step{'s' if spec.updates > 1 else ''}" if spec.optimizer is None
            else f"{count} {spec.optimizer} update{'s' if spec.updates > 1 else ''}")
    title = (f"Variant {number:0{width}d}: {step} on a {spec.arch} network" if spec.steps is None
             else f"Variant {number:0{width}d}: one step of backpropagation through time on a {spec.described} "
                  f"network over {spec.steps} time steps")
    header = f"stepcalc generate, seed {seed}, variant {number}; all settings are in answer-key.json"
    rng = random.Random(f"stepcalc-generate/{seed}/{number}")
    draw = _Draw(spec, rng)
    reasons: dict[str, int] = {}
    for _ in range(MAX_DRAWS):
        toml = problem_toml(draw.mapping(title), header)
        if _numbers_of(toml) in seen:
            reasons["same numbers as an earlier variant"] = reasons.get("same numbers as an earlier variant", 0) + 1
            continue
        problem = problem_from_toml(toml, f"{name}.toml")
        derivation, later = derive(problem), ()
        if spec.updates > 1:  # the one sample met again: each update from the parameters and state before it
            updates = work_updates(problem, spec.updates)
            derivation, later = updates[0].result, tuple((u.passes[0].prefix, u.result) for u in updates[1:])
        found = [reason for d in (derivation, *(d for _, d in later)) for reason in unworkable(d, spec)]
        if not found:
            return Variant(number, name, toml, problem, derivation, later)
        for reason in found:
            reasons[reason] = reasons.get(reason, 0) + 1
    common = max(reasons, key=lambda r: reasons[r])
    raise StepcalcError(f"generate: no workable {spec.described} variant found in {MAX_DRAWS} draws (most often: "
                        f"{common}); widen --weight-range or --input-range, or lower --min-delta")
