"""Problem files (TOML or JSON) → a validated, immutable `Problem`.

Every message about bad input is born here and names the file, the key and what was expected.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from stepcalc.errors import ProblemError
from stepcalc.concepts.activations import ACTIVATIONS, DEFAULT_ACTIVATION, Activation
from stepcalc.concepts.losses import LOSSES, Loss
from stepcalc.concepts.layers import BIAS_INPUTS, DENSE, RECURRENT, THRESHOLD_DENSE, ConvNet, Dense, Recurrent
from stepcalc.concepts.optimizers import NEEDS_MOMENTUM, OPTIMIZER_KEYS, GradientDescent, make_optimizer, update_rule
from stepcalc.ids import layer_bias  # noqa: F401  (imported from here by the engine and the renderers)
from stepcalc.notation import STYLES, SYMBOL_KINDS, check_template
from stepcalc.engine.numbers import ROUNDING_KINDS, ROUNDING_MODES, ROUNDING_RULES, Rounding
from stepcalc.problem.recurrent import RECURRENT_NETWORK_KEYS, SequenceSample, read_recurrent

# Beyond these a "hand-worked" solution is no longer something a person reads; refuse early.
MAX_LAYERS = 8
MAX_UNITS_PER_LAYER = 32
MAX_WEIGHTS = 300

DELTA_CONVENTIONS = ("error", "gradient")
NAME_PATTERN = re.compile(r"^[^.\s]{1,24}$")


@dataclass(frozen=True)
class Sample:
    """One training sample: inputs x and targets t."""

    x: tuple[float, ...]
    t: tuple[float, ...]


@dataclass(frozen=True)
class Problem:
    """A validated problem file: the network, its values and every setting the engine and renderers read."""

    source: str
    title: str
    learning_rate: float | None  # None: a gradient-only problem (no Δw, no new weights)
    loss: str
    delta_convention: str
    layers: tuple[int, ...]
    activations: tuple[str, ...]  # one per non-input layer
    units: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[tuple[float, ...], ...], ...]  # weights[l][i][j]: unit i of layer l → unit j of l+1
    biases: tuple[tuple[float, ...], ...] | None  # with shared_bias: one number per non-input layer
    samples: tuple[Sample, ...] | tuple[SequenceSample, ...]  # SequenceSamples for kind = "recurrent"
    # Training schedule (issue 5); the defaults are one online pass, i.e. a single step per sample.
    epochs: int = 1
    update: str = "online"
    batch_size: int | None = None  # minibatch only
    momentum: float | None = None
    init: "InitSpec | None" = None  # how the weights were drawn, when the file gave none
    rounding: Rounding = field(default_factory=Rounding)
    notation: str = "default"  # a style of notation.STYLES
    notation_symbols: tuple[tuple[str, str, str], ...] = ()  # (kind, latex template, text template) overrides
    update_biases: bool = True
    shared_bias: bool = False
    # kind = "recurrent": samples are SequenceSamples; recurrent[i][j] hidden i at t−1 → hidden j at t
    recurrent: tuple[tuple[float, ...], ...] | None = None
    h0: tuple[float, ...] = ()
    truncate: int | None = None  # the backward pass covers the last `truncate` time steps
    optimizer: GradientDescent | None = None  # [optimizer]; None: gradient descent, with `momentum` if given
    conv: ConvNet | None = None  # the convolutional layers in front of the dense ones (samples' x flattened)
    bias_input: int = 1  # the constant each bias multiplies; −1: biases are thresholds θ, net = Σ w y − θ

    @property
    def outputs(self) -> tuple[str, ...]:
        return self.units[-1]

    def activation(self, layer: int) -> Activation:
        """The activation of layer `layer` (1 = the first layer after the input)."""
        return ACTIVATIONS[self.activations[layer - 1]]

    @property
    def output_activation(self) -> Activation:
        return ACTIVATIONS[self.activations[-1]]

    @property
    def loss_function(self) -> Loss:
        return LOSSES[self.loss]

    @property
    def layer_kind(self) -> Dense:
        """What every layer after the input is (dense: fully connected, its bias on a constant 1 or −1)."""
        return DENSE if self.bias_input == 1 else THRESHOLD_DENSE

    @property
    def recurrent_layer(self) -> Recurrent | None:
        """The hidden layer's kind when it is recurrent (unrolled through time), else None."""
        return RECURRENT if self.recurrent is not None else None

    @property
    def update_rule(self) -> GradientDescent:
        return update_rule(self.momentum, self.optimizer)


@dataclass(frozen=True)
class InitSpec:
    """A seeded draw of the weights: normal N(0, scale²) or uniform on [−scale, scale]."""

    seed: int
    distribution: str
    scale: float


KNOWN_KEYS = {"title", "learning_rate", "loss", "delta_convention", "network", "samples",
              "epochs", "update", "batch_size", "momentum", "init",
              "rounding", "notation", "update_biases", "shared_bias", "truncate", "optimizer"}
UPDATE_MODES = ("online", "batch", "minibatch")
DISTRIBUTIONS = ("normal", "uniform")
MAX_EPOCHS = 10_000_000
NETWORK_KEYS = {"layers", "activation", "units", "weights", "biases", "weights_layout", "bias_in_weights", "bias_input",
                *RECURRENT_NETWORK_KEYS, "input_shape", "conv"}
NETWORK_KINDS = ("feedforward", "recurrent", "convolutional")  # [network] kind; feedforward: dense layers only
# How a file writes weights[l]: "from_to" rows are the sending units (weights[l][i][j], i → j), "to_from"
# rows are the receiving units (the W of W·x: weights[l][j][i]).
WEIGHTS_LAYOUTS = ("from_to", "to_from")


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file; `.json` is JSON, anything else TOML."""
    source = str(path)
    text = read_source(path, "problem")
    if source.lower().endswith(".json"):
        return problem_from_json(text, source)
    return problem_from_toml(text, source)


def read_source(path: str | Path, what: str) -> str:
    """The text of a `what` file (problem, claims): every way reading it can fail, as one message."""
    source = str(path)
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemError(source, "", "file not found") from None
    except IsADirectoryError:
        raise ProblemError(source, "", f"is a directory, expected a {what} file") from None
    except PermissionError:
        raise ProblemError(source, "", "cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise ProblemError(source, "", f"is not UTF-8 text, expected a TOML or JSON {what} file") from None
    except OSError as err:
        raise ProblemError(source, "", f"cannot be read ({err.strerror or err})") from None


MAX_INTEGER_DIGITS = 100  # a whole number longer than this is no weight, count or seed anyone writes


def _too_deep(source: str) -> ProblemError:
    return ProblemError(source, "(syntax)", "lists or tables nested too deeply; a problem file nests a few levels")


def _too_long(source: str) -> ProblemError:
    return ProblemError(source, "(syntax)", f"a whole number of more than {MAX_INTEGER_DIGITS} digits; "
                        "expected numbers as a person writes them")


def parse_toml(text: str, source: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any]:
    if text.startswith("\ufeff"):
        raise ProblemError(source, "(syntax)", "starts with a byte-order mark (BOM), which TOML does not allow; "
                           "save the file as UTF-8 without BOM")
    try:
        return tomllib.loads(text, parse_float=parse_float)
    except tomllib.TOMLDecodeError as err:
        raise ProblemError(source, "(syntax)", f"invalid TOML: {err}") from None
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError as err:  # Python's limit on the digits of an integer it converts from text
        if "digits" in str(err):
            raise _too_long(source) from None
        raise ProblemError(source, "(syntax)", f"invalid TOML: {err}") from None


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(text)
    return int(text)


def parse_json(text: str, source: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any]:
    if text.startswith("\ufeff"):
        raise ProblemError(source, "(syntax)", "starts with a byte-order mark (BOM), which JSON does not allow; "
                           "save the file as UTF-8 without BOM")
    try:
        data = json.loads(text, parse_float=parse_float, parse_int=_parse_int)
    except json.JSONDecodeError as err:
        raise ProblemError(source, "(syntax)", f"invalid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError:
        raise _too_long(source) from None
    if not isinstance(data, dict):
        raise ProblemError(source, "(top level)", "expected a JSON object")
    return data


def problem_from_toml(text: str, source: str = "<string>") -> Problem:
    return problem_from_mapping(parse_toml(text, source), source)


def problem_from_json(text: str, source: str = "<string>") -> Problem:
    return problem_from_mapping(parse_json(text, source), source)


class _Reader:
    """Typed access to the raw mapping; each failure becomes a ProblemError naming the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str) -> ProblemError:
        return ProblemError(self.source, key, expected)

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"expected a number, got {describe(value)}")
        try:
            number = float(value)
        except OverflowError:  # an integer beyond 1e308
            number = math.inf
        if not math.isfinite(number):
            raise self.fail(key, f"expected a finite number, got {shorten(repr(value))}")
        return number

    def integer(self, value: Any, key: str, minimum: int, maximum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {describe(value)}")
        if value.bit_length() > 4 * MAX_INTEGER_DIGITS:  # too long even to print
            raise self.fail(key, f"expected a whole number of at most {MAX_INTEGER_DIGITS} digits")
        if value < minimum:
            raise self.fail(key, f"expected a whole number ≥ {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"expected a whole number from {minimum} to {maximum}, got {value}")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {describe(value)}")
        return value

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected text, got {describe(value)}")
        return value

    def choice(self, value: Any, key: str, options: Mapping[str, Any] | tuple[str, ...]) -> str:
        name = self.text(value, key)
        if name not in options:
            raise self.fail(key, f"expected one of {', '.join(options)}, got {name!r}")
        return name

    def array(self, value: Any, key: str, length: int | None = None) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {describe(value)}")
        if length is not None and len(value) != length:
            raise self.fail(key, f"expected a list of {length}, got {len(value)} entries")
        return value

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {describe(value)}")
        return value

    def numbers(self, value: Any, key: str, length: int) -> tuple[float, ...]:
        items = self.array(value, key, length)
        return tuple(self.number(v, f"{key}[{i}]") for i, v in enumerate(items))

    def unknown(self, data: Mapping[str, Any], known: set[str], prefix: str) -> None:
        for key in data:
            if not isinstance(key, str):  # a Python dict may have any keys
                raise self.fail(f"{prefix}{key!r}", f"expected text keys, got {type(key).__name__} {key!r}")
            if key not in known:
                raise self.fail(prefix + key, f"unknown key; expected one of {', '.join(sorted(known))}")


def shorten(text: str, limit: int = 40) -> str:
    """A value as quoted in a message, cut short: a 400-digit number is not read in full."""
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-8:]} ({len(text)} characters)"


def describe(value: Any) -> str:
    """A value from a file, named for an error message: text 'a', boolean true, a list, …"""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if value is None:
        return "null"
    return shorten(repr(value))


def default_units(layers: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    """x1… for inputs, h1… for hidden units (numbered on across hidden layers: 2-2-2-1 has h1, h2 | h3, h4),
    o1… for outputs: plain letters and digits, so every name is a clean subscript."""
    names = [tuple(f"x{j + 1}" for j in range(layers[0]))]
    first = 1
    for size in layers[1:-1]:
        names.append(tuple(f"h{first + j}" for j in range(size)))
        first += size
    names.append(tuple(f"o{j + 1}" for j in range(layers[-1])))
    return tuple(names)


def problem_from_mapping(data: Mapping[str, Any], source: str = "<dict>") -> Problem:
    """Validate an already-parsed problem (the same rules for TOML, JSON and Python dicts)."""
    r = _Reader(source)
    if "claims" in data and "network" not in data:
        raise r.fail("claims", "this looks like a claims file, not a problem file; usage: check PROBLEM CLAIMS")
    r.unknown(data, KNOWN_KEYS, "")
    title = " ".join(r.text(data.get("title", ""), "title").split())  # one line: it heads the document
    learning_rate = None  # without one the problem asks only for the gradients
    if "learning_rate" in data:
        learning_rate = r.number(data["learning_rate"], "learning_rate")
        if learning_rate <= 0:
            raise r.fail("learning_rate", f"expected a positive number, got {data['learning_rate']!r}")
    loss = r.choice(data.get("loss", "half_sse"), "loss", tuple(LOSSES))
    convention = r.choice(data.get("delta_convention", "error"), "delta_convention", DELTA_CONVENTIONS)

    if "network" not in data:
        raise r.fail("network", "missing; expected a [network] table with layers and weights")
    network = r.table(data["network"], "network")
    r.unknown(network, NETWORK_KEYS, "network.")
    if "layers" not in network:
        raise r.fail("network.layers", "missing; expected units per layer, e.g. layers = [2, 2, 1]")
    raw_layers = r.array(network["layers"], "network.layers")
    if len(raw_layers) < 2:
        raise r.fail("network.layers", "expected at least an input and an output layer, e.g. [2, 1]")
    layers = tuple(r.integer(v, f"network.layers[{i}]", 1) for i, v in enumerate(raw_layers))
    kind = r.choice(network.get("kind", NETWORK_KINDS[0]), "network.kind", NETWORK_KINDS)
    conv = _conv_part(r, network, layers, kind)
    _check_size(r, layers if conv is None else layers[1:])

    activations = _activations(r, network.get("activation", DEFAULT_ACTIVATION), layers)
    output = ACTIVATIONS[activations[-1]]
    if output.coupled and layers[-1] < 2:
        raise r.fail("network.activation", f"{output.name} needs at least 2 output units (over one unit it is always 1)")
    if not LOSSES[loss].accepts(output):
        raise r.fail("loss", f"{loss} takes logarithms of the outputs, which must lie in (0, 1); "
                     f"a {output.name} output layer gives values outside it (use sigmoid or softmax outputs)")
    units = _units(r, network.get("units"), layers)
    if conv is not None:
        from stepcalc.problem.convolutional import flat_names

        units = (flat_names(conv),) + units[1:]
    init = _init(r, data["init"]) if "init" in data else None
    if init is not None and "weights" in network:
        raise r.fail("init", "given together with network.weights; expected one of them (the draw replaces the weights)")
    if init is not None:
        from stepcalc.problem.init import draw_weights

        weights = draw_weights(layers, init.seed, init.distribution, init.scale)
    elif "weights" not in network:
        raise r.fail("network.weights", "missing; expected weights[l][i][j] for unit i of layer l → unit j of layer l+1, "
                     "or an [init] table (seed, distribution, scale) to draw them")
    layout = r.choice(network.get("weights_layout", "from_to"), "network.weights_layout", WEIGHTS_LAYOUTS)
    in_weights = r.boolean(network.get("bias_in_weights", False), "network.bias_in_weights")
    bias_input = _bias_input(r, network.get("bias_input", 1), kind)
    shared_bias = r.boolean(data.get("shared_bias", False), "shared_bias")
    if in_weights and init is not None:
        raise r.fail("network.bias_in_weights", "needs network.weights (an [init] draw has no bias row to read)")
    if in_weights and "biases" in network:
        raise r.fail("network.biases", "given together with bias_in_weights = true; expected the biases in one place")
    if in_weights and shared_bias:
        raise r.fail("network.bias_in_weights", "gives one bias per unit; shared_bias = true expects one per layer "
                     "in network.biases")
    folded = None
    if init is None:
        weights, folded = _weights(r, network["weights"], layers, layout, in_weights)
    update_biases = r.boolean(data.get("update_biases", True), "update_biases")
    biases = folded
    if "biases" in network:
        raw = r.array(network["biases"], "network.biases", len(layers) - 1)
        if shared_bias:
            for l, v in enumerate(raw):
                if isinstance(v, list):
                    raise r.fail(f"network.biases[{l}]", "expected one number (shared_bias = true: one bias per layer), "
                                 "got a list")
            biases = tuple((r.number(v, f"network.biases[{l}]"),) for l, v in enumerate(raw))
        else:
            biases = tuple(r.numbers(row, f"network.biases[{l}]", layers[l + 1]) for l, row in enumerate(raw))
    elif shared_bias:
        raise r.fail("shared_bias", "needs network.biases: one number per non-input layer, e.g. biases = [0.35, 0.6]")

    sequences = read_recurrent(r, data, network, layers, loss, shared_bias, kind)
    if "samples" not in data:
        raise r.fail("samples", "missing; expected at least one [[samples]] table with x and t")
    raw_samples = r.array(data["samples"], "samples")
    if not raw_samples:
        raise r.fail("samples", "empty; expected at least one [[samples]] table with x and t")
    samples: list[Any] = list(sequences.samples) if sequences is not None else []
    for k, raw_sample in enumerate(raw_samples if sequences is None else ()):
        table = r.table(raw_sample, f"samples[{k}]")
        r.unknown(table, {"x", "t"}, f"samples[{k}].")
        for key in ("x", "t"):
            if key not in table:
                raise r.fail(f"samples[{k}].{key}", "missing; expected a list of numbers")
        if conv is None:
            x = r.numbers(table["x"], f"samples[{k}].x", layers[0])
        else:
            from stepcalc.problem.convolutional import read_image

            x = read_image(r, table["x"], f"samples[{k}].x", conv.input_shape)
        t = r.numbers(table["t"], f"samples[{k}].t", layers[-1])
        samples.append(Sample(x, t))

    if loss == "bce" and sequences is None:
        for k, s in enumerate(samples):
            for j, value in enumerate(s.t):
                if not 0 <= value <= 1:
                    raise r.fail(f"samples[{k}].t[{j}]", f"expected a target in [0, 1] for loss bce, got {value!r}")
    epochs, update, batch_size, momentum = _schedule(r, data, len(samples))
    if learning_rate is None and kind != "feedforward":
        raise r.fail("learning_rate", f'missing; a kind = "{kind}" network needs one, e.g. learning_rate = 0.5 '
                     "(gradient-only problems are for feedforward networks)")
    if learning_rate is None and (epochs > 1 or len(samples) > 1 or momentum is not None or "optimizer" in data):
        raise r.fail("learning_rate", "missing; a training run (several samples or epochs) or momentum updates the "
                     "weights and needs one, e.g. learning_rate = 0.5 (without it a problem stops at the gradients)")
    rounding = _rounding(r, data.get("rounding", {}))
    style, symbols = _notation(r, data.get("notation", "default"))
    optimizer = None
    if "optimizer" in data:
        optimizer = _optimizer(r, data["optimizer"], momentum)
        momentum = getattr(optimizer, "momentum", None) if optimizer.name == "sgd" else None
    if conv is not None:
        from stepcalc.problem.convolutional import check_supported

        check_supported(r, STYLES[style].layout)
    return Problem(source, title, learning_rate, loss, convention, layers, activations, units, weights,
                   biases, tuple(samples), epochs=epochs, update=update, batch_size=batch_size, momentum=momentum,
                   init=init, rounding=rounding, notation=style, notation_symbols=symbols,
                   update_biases=update_biases, shared_bias=shared_bias, optimizer=optimizer, conv=conv,
                   bias_input=bias_input,
                   **({} if sequences is None else
                      {"recurrent": sequences.weights, "h0": sequences.h0, "truncate": sequences.truncate}))


def _bias_input(r: _Reader, raw: Any, kind: str) -> int:
    """network.bias_input: the constant a bias multiplies, 1 or −1 (a threshold), dense networks only."""
    if isinstance(raw, bool) or raw not in BIAS_INPUTS:
        raise r.fail("network.bias_input", f"expected 1 or -1 (the constant each bias multiplies), got {describe(raw)}")
    if raw == -1 and kind != "feedforward":
        raise r.fail("network.bias_input", f'-1 (thresholds) is for dense networks; a kind = "{kind}" network '
                     "takes its biases on a constant 1")
    return int(raw)


def _conv_part(r: _Reader, network: Mapping[str, Any], layers: tuple[int, ...], kind: str) -> ConvNet | None:
    """The convolutional layers of a kind = "convolutional" network (None for any other)."""
    if kind != "convolutional":
        for key in ("input_shape", "conv"):
            if key in network:
                raise r.fail(f"network.{key}", 'only used with kind = "convolutional"')
        return None
    from stepcalc.problem.convolutional import read_conv

    if "units" in network:
        raise r.fail("network.units", "not used with kind = \"convolutional\": the cells are named by position")
    conv = read_conv(r, network)
    count = sum(a * b for a, b in zip(layers, layers[1:]))
    if count > MAX_WEIGHTS:
        raise r.fail("network.layers", f"the dense part has {count} weights; expected at most {MAX_WEIGHTS}")
    if layers[0] != conv.flat_size:
        raise r.fail("network.layers[0]", f"expected the flattened size of the last convolutional layer, "
                     f"{conv.flat_size}, got {layers[0]}")
    return conv


def _schedule(r: _Reader, data: Mapping[str, Any], sample_count: int) -> tuple[int, str, int | None, float | None]:
    """epochs, update, batch_size and momentum, checked against each other."""
    epochs = r.integer(data.get("epochs", 1), "epochs", 1)
    if epochs > MAX_EPOCHS:
        raise r.fail("epochs", f"expected at most {MAX_EPOCHS:,} epochs, got {epochs:,}")
    update = r.choice(data.get("update", "online"), "update", UPDATE_MODES)
    batch_size = None
    if update == "minibatch":
        if "batch_size" not in data:
            raise r.fail("batch_size", 'missing; update = "minibatch" needs batch_size = N (samples per update)')
        batch_size = r.integer(data["batch_size"], "batch_size", 1)
        if batch_size > sample_count:
            raise r.fail("batch_size", f"expected at most the number of samples ({sample_count}), got {batch_size}")
    elif "batch_size" in data:
        raise r.fail("batch_size", f'only used with update = "minibatch" (update is {update!r})')
    momentum = None
    if "momentum" in data:
        momentum = r.number(data["momentum"], "momentum")
        if not 0 <= momentum < 1:
            raise r.fail("momentum", f"expected a number in [0, 1), got {data['momentum']!r}")
    return epochs, update, batch_size, momentum


# Each hyperparameter's allowed range: (low, high, low included, high included).
OPTIMIZER_RANGES = {"momentum": (0, 1, True, False), "beta1": (0, 1, True, False), "beta2": (0, 1, True, False),
                    "alpha": (0, 1, True, False), "eps": (0, 1, False, True), "weight_decay": (0, math.inf, True, False),
                    "l1": (0, math.inf, True, False)}


def _optimizer(r: _Reader, raw: Any, momentum: float | None) -> GradientDescent:
    """[optimizer]: name and the hyperparameters that rule reads (torch.optim's names and defaults)."""
    table = r.table(raw, "optimizer")
    name = r.choice(table.get("name", "sgd"), "optimizer.name", tuple(OPTIMIZER_KEYS))
    keys = OPTIMIZER_KEYS[name]
    r.unknown(table, {"name", *keys}, "optimizer.")
    settings = {}
    for key in keys:
        if key not in table:
            continue
        value = r.number(table[key], f"optimizer.{key}")
        low, high, low_in, high_in = OPTIMIZER_RANGES[key]
        if not ((low <= value if low_in else low < value) and (value <= high if high_in else value < high)):
            interval = f"{'[' if low_in else '('}{low}, {'∞' if high == math.inf else high}{']' if high_in else ')'}"
            raise r.fail(f"optimizer.{key}", f"expected a number in {interval}, got {table[key]!r}")
        settings[key] = value
    if momentum is not None:
        if name != "sgd" or "momentum" in settings:
            raise r.fail("momentum", f"give the momentum once, as optimizer.momentum (optimizer {name!r})")
        settings["momentum"] = momentum
    if name in NEEDS_MOMENTUM and "momentum" not in settings:
        raise r.fail("optimizer.momentum", f"missing; optimizer {name!r} needs momentum = μ, e.g. momentum = 0.9 "
                     "(torch's default 0 would make it plain gradient descent)")
    return make_optimizer(name, settings)


def _init(r: _Reader, raw: Any) -> InitSpec:
    table = r.table(raw, "init")
    r.unknown(table, {"seed", "distribution", "scale"}, "init.")
    if "seed" not in table:
        raise r.fail("init.seed", "missing; expected a whole number ≥ 0, e.g. seed = 1")
    seed = r.integer(table["seed"], "init.seed", 0)
    distribution = r.choice(table.get("distribution", "normal"), "init.distribution", DISTRIBUTIONS)
    scale = r.number(table.get("scale", 1.0), "init.scale")
    if scale <= 0:
        raise r.fail("init.scale", f"expected a positive number, got {table['scale']!r}")
    return InitSpec(seed, distribution, scale)


MAX_DECIMALS = 15


def _rounding(r: _Reader, raw: Any) -> Rounding:
    """[rounding]: mode, rule, decimals, and per-kind decimals (net, out, loss, delta, grad, dw, weight)."""
    table = r.table(raw, "rounding")
    r.unknown(table, {"mode", "rule", "decimals", *ROUNDING_KINDS}, "rounding.")
    mode = r.choice(table.get("mode", "exact"), "rounding.mode", ROUNDING_MODES)
    rule = r.choice(table.get("rule", "half_up"), "rounding.rule", ROUNDING_RULES)
    decimals = r.integer(table.get("decimals", 4), "rounding.decimals", 0, MAX_DECIMALS)
    per_kind = {kind: r.integer(table[kind], f"rounding.{kind}", 0, MAX_DECIMALS)
                for kind in ROUNDING_KINDS if kind in table}
    return Rounding(mode, decimals, per_kind, rule)


def _notation(r: _Reader, raw: Any) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """`notation = "STYLE"`, or a [notation] table: `style` plus symbols that replace the style's own."""
    if isinstance(raw, str):
        return r.choice(raw, "notation", tuple(STYLES)), ()
    table = r.table(raw, "notation")
    style = r.choice(table.get("style", "default"), "notation.style", tuple(STYLES))
    symbols = []
    for kind, value in table.items():
        if kind == "style":
            continue
        key = f"notation.{kind}"
        if kind not in SYMBOL_KINDS:
            raise r.fail(key, f"unknown symbol; expected style or one of {', '.join(SYMBOL_KINDS)}")
        if isinstance(value, str):
            latex = text = value
        else:
            pair = r.table(value, key)
            r.unknown(pair, {"latex", "text"}, key + ".")
            latex = r.text(pair.get("latex", ""), key + ".latex")
            text = r.text(pair.get("text", latex), key + ".text")
            if not latex:
                raise r.fail(key + ".latex", "missing; expected the symbol in LaTeX math, e.g. \\theta_{{{n0}}}")
        for fmt, template in (("latex", latex), ("text", text)):
            problem = check_template(kind, template, fmt == "latex")
            if problem:
                raise r.fail(key if isinstance(value, str) else f"{key}.{fmt}", problem)
        symbols.append((kind, latex, text))
    return style, tuple(symbols)


def _check_size(r: _Reader, layers: tuple[int, ...]) -> None:
    count = sum(a * b for a, b in zip(layers, layers[1:]))
    if len(layers) > MAX_LAYERS or max(layers) > MAX_UNITS_PER_LAYER or count > MAX_WEIGHTS:
        raise r.fail("network.layers", f"network {'-'.join(map(str, layers))} is too large to write out by hand "
                     f"(at most {MAX_LAYERS} layers, {MAX_UNITS_PER_LAYER} units per layer, {MAX_WEIGHTS} weights)")


def _activations(r: _Reader, raw: Any, layers: tuple[int, ...]) -> tuple[str, ...]:
    count = len(layers) - 1
    if isinstance(raw, str):
        names = [r.choice(raw, "network.activation", tuple(ACTIVATIONS))] * count
        key = "network.activation"
        if ACTIVATIONS[names[0]].coupled and count > 1:
            raise r.fail(key, f"{names[0]} is for the output layer only; give a list with one activation per layer")
    else:
        items = r.array(raw, "network.activation", count)
        names = [r.choice(v, f"network.activation[{i}]", tuple(ACTIVATIONS)) for i, v in enumerate(items)]
        for i, name in enumerate(names[:-1]):
            if ACTIVATIONS[name].coupled:
                raise r.fail(f"network.activation[{i}]", f"{name} is for the output layer only")
    return tuple(names)


def _units(r: _Reader, raw: Any, layers: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return default_units(layers)
    rows = r.array(raw, "network.units", len(layers))
    seen: set[str] = set()
    units = []
    for l, row in enumerate(rows):
        names = r.array(row, f"network.units[{l}]", layers[l])
        for i, name in enumerate(names):
            key = f"network.units[{l}][{i}]"
            name = r.text(name, key)
            if not NAME_PATTERN.match(name) or not name.isprintable():
                raise r.fail(key, f"expected a name of 1 to 24 printable characters without dots or spaces, got {name!r}")
            if name in seen:
                raise r.fail(key, f"unit name {name!r} is used twice; names must be unique")
            seen.add(name)
        units.append(tuple(names))
    return tuple(units)


def _weights(r: _Reader, raw: Any, layers: tuple[int, ...], layout: str = "from_to", bias_in_weights: bool = False,
             ) -> tuple[tuple[tuple[tuple[float, ...], ...], ...], tuple[tuple[float, ...], ...] | None]:
    """weights[l][i][j] (unit i of layer l → unit j of l+1) from the file's layout, and the biases
    when the file carries them in the matrices (first row from_to, first column to_from)."""
    matrices = r.array(raw, "network.weights", len(layers) - 1)
    result, biases = [], []
    extra = 1 if bias_in_weights else 0
    for l, matrix in enumerate(matrices):
        senders, receivers = layers[l] + extra, layers[l + 1]
        if layout == "from_to":
            rows = r.array(matrix, f"network.weights[{l}]", senders)
            table = [r.numbers(row, f"network.weights[{l}][{i}]", receivers) for i, row in enumerate(rows)]
        else:
            rows = r.array(matrix, f"network.weights[{l}]", receivers)
            by_receiver = [r.numbers(row, f"network.weights[{l}][{j}]", senders) for j, row in enumerate(rows)]
            table = [tuple(by_receiver[j][i] for j in range(receivers)) for i in range(senders)]
        if bias_in_weights:
            biases.append(tuple(table[0]))
        result.append(tuple(tuple(row) for row in table[extra:]))
    return tuple(result), (tuple(biases) if bias_in_weights else None)
