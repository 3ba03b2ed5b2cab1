"""Replayed passes against passes derived step by step: two independent paths to the same numbers.

`engine.iterations.iterate_updates` builds every step of every pass (Step objects, ids, formulas
evaluated by `expr.evaluate`, rounded by `numbers.rounded`); `engine.replay.replay_updates` compiles
the first pass of each shape and replays the rest with exact decimals. Every value of every pass,
every batch update and what each update carries on must be equal, and of the same type
(Fraction or float), across activations, losses, optimizers, batch modes and rounding modes and rules.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from stepcalc.engine.iterations import engine_history, iterate_updates
from stepcalc.engine.replay import replay_updates, to_replayed, to_value
from stepcalc.problem.validate import Problem, problem_from_toml

ROOT = Path(__file__).resolve().parent.parent

DENSE = """
learning_rate = {lr}
loss = "{loss}"
update = "{update}"
epochs = {epochs}
{top}
[network]
layers = [2, 2, {outputs}]
activation = [{activations}]
units = [["x1", "x2"], ["h1", "h2"], {output_units}]
weights = [[[0.15, -0.25], [0.2, 0.3]], {output_weights}]
biases = [[0.35, 0.0], {output_biases}]
{samples}
{tables}
"""

SAMPLES = [([0.5, 1.0], 0.1), ([-1.0, 0.3], 0.9), ([0.25, -0.75], 0.4)]


def dense(activations: tuple[str, str] = ("sigmoid", "sigmoid"), loss: str = "half_sse", update: str = "online",
          epochs: int = 3, optimizer: dict | None = None, rounding: dict | None = None, top: str = "",
          outputs: int = 1, lr: float = 0.5, shared_bias: bool = False) -> Problem:
    if outputs == 1:
        units, weights, biases = '["o"]', "[[0.4], [-0.45]]", "[0.6]"
        samples = "".join(f"[[samples]]\nx = {x}\nt = [{t}]\n" for x, t in SAMPLES)
    else:
        units, weights, biases = '["o1", "o2"]', "[[0.4, -0.1], [-0.45, 0.3]]", "[0.6, -0.2]"
        samples = "".join(f"[[samples]]\nx = {x}\nt = {[1, 0] if k % 2 == 0 else [0, 1]}\n"
                          for k, (x, _) in enumerate(SAMPLES))
    tables = ""
    if rounding:
        tables += "[rounding]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in rounding.items())
    if optimizer:
        tables += "[optimizer]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in optimizer.items())
    text = DENSE.format(lr=lr, loss=loss, update=update, epochs=epochs, top=top, outputs=outputs,
                        activations=", ".join(f'"{a}"' for a in activations), output_units=units,
                        output_weights=weights, output_biases=biases, samples=samples, tables=tables)
    if shared_bias:  # one bias per layer
        text = text.replace("biases = [[0.35, 0.0], [0.6]]", "biases = [0.35, 0.6]")
    return problem_from_toml(text)


CARRY = {"mode": "carry", "decimals": 4}

ACTIVATIONS = [
    (("sigmoid", "sigmoid"), "half_sse", 1),
    (("tanh", "identity"), "mse", 1),
    (("relu", "sigmoid"), "sse", 1),
    (("leaky_relu", "identity"), "half_sse", 1),
    (("softplus", "sigmoid"), "bce", 1),
    (("elu", "tanh"), "mse", 1),
    (("gelu", "identity"), "half_sse", 1),
    (("sigmoid", "softmax"), "cross_entropy", 2),
    (("relu", "sigmoid"), "mse", 2),
]

OPTIMIZERS = [
    {"name": "sgd"},
    {"name": "sgd", "momentum": 0.7, "weight_decay": 0.1},
    {"name": "sgd", "weight_decay": 0.1, "l1": 0.05},
    {"name": "momentum", "momentum": 0.9},
    {"name": "nesterov", "momentum": 0.8, "weight_decay": 0.05, "l1": 0.02},
    {"name": "adagrad", "eps": 1e-6, "weight_decay": 0.2},
    {"name": "rmsprop", "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01, "l1": 0.01},
    {"name": "adam"},
    {"name": "adam", "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1},
    {"name": "adamw", "weight_decay": 0.2, "l1": 0.03, "beta2": 0.95},
]

UPDATES = [("online", ""), ("batch", ""), ("minibatch", "batch_size = 2")]  # 3 samples: the last batch is short

ROUNDINGS = [
    None,  # exact
    {"mode": "carry", "decimals": 4},
    {"mode": "carry", "decimals": 3, "rule": "half_even", "out": 5, "weight": 6, "state": 10, "moment": 7},
    {"mode": "carry", "decimals": 2, "rule": "truncate"},
    {"mode": "carry", "decimals": 1, "rule": "half_up"},  # coarse: ties and exact zeros (ReLU′(0)) are met
    {"mode": "exact", "decimals": 3, "rule": "truncate"},
]


def same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def assert_same_run(problem: Problem, replayed: bool = True) -> None:
    """Every update of both paths, value for value and type for type; `replayed`: whether the
    replay path is expected to replay any update rather than derive it."""
    done = []
    for u, r in zip(iterate_updates(problem), replay_updates(problem), strict=True):
        done.append(r.replayed)
        assert (u.epoch, u.batch, u.samples) == (r.epoch, r.batch, r.samples)
        for j, ps in enumerate(u.passes):
            want = {s.id: ps.derivation.values[s.id] for s in ps.derivation.steps}
            got = r.pass_values[j]()
            assert list(got) == list(want), (u.epoch, u.batch, j)
            bad = {k: (want[k], got[k]) for k in want if not same(want[k], got[k])}
            assert not bad, (u.epoch, u.batch, j, list(bad.items())[:3])
            assert same(r.losses[j], ps.derivation.values["loss"])
        result = u.result
        want = {s.id: result.values[s.id] for s in result.steps}
        got = r.result_values()
        assert all(same(want[k], got[k]) for k in want) and list(got) == list(want), (u.epoch, u.batch)
        carried = {**result.new_parameters(), **result.carried_state()}
        assert list(r.carried) == list(carried)
        assert all(same(to_value(r.carried[k]), to_value(to_replayed(v))) and same(to_value(r.carried[k]), v)
                   for k, v in carried.items()), (u.epoch, u.batch)
        new = result.new_parameters()
        assert list(r.new_parameters()) == list(new) and all(same(r.new_parameters()[k], v) for k, v in new.items())
    assert done and any(done) is replayed


@pytest.mark.parametrize("activations,loss,outputs", ACTIVATIONS, ids=lambda c: str(c))
@pytest.mark.parametrize("rounding", [CARRY, None], ids=["carry", "exact"])
def test_activations_and_losses(activations: tuple[str, str], loss: str, outputs: int, rounding: dict | None) -> None:
    # exact values of a piecewise-linear network double their digits with every update: two epochs
    assert_same_run(dense(activations, loss, rounding=rounding, outputs=outputs, epochs=3 if rounding else 2))


@pytest.mark.parametrize("update,top", UPDATES, ids=[u for u, _ in UPDATES])
@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_optimizers_and_batch_modes(optimizer: dict, update: str, top: str) -> None:
    assert_same_run(dense(update=update, top=top, optimizer=optimizer, rounding=CARRY, lr=0.1))


@pytest.mark.parametrize("rounding", ROUNDINGS, ids=lambda r: "exact" if r is None else ",".join(f"{k}={v}" for k, v in r.items()))
@pytest.mark.parametrize("network", [
    {"activations": ("relu", "sigmoid"), "loss": "mse", "update": "minibatch", "top": "batch_size = 2"},
    {"activations": ("tanh", "identity"), "loss": "half_sse", "top": "momentum = 0.9"},
    {"activations": ("sigmoid", "softmax"), "loss": "cross_entropy", "outputs": 2, "update": "batch",
     "optimizer": {"name": "nesterov", "momentum": 0.9}},
    {"activations": ("leaky_relu", "identity"), "loss": "sse", "optimizer": {"name": "rmsprop"}, "lr": 0.05},
], ids=["relu-minibatch", "tanh-momentum", "softmax-nesterov", "leaky-rmsprop"])
def test_rounding_modes_and_rules(network: dict, rounding: dict | None) -> None:
    assert_same_run(dense(rounding=rounding, **network))


@pytest.mark.parametrize("top", ['delta_convention = "gradient"', "shared_bias = true", "update_biases = false"])
@pytest.mark.parametrize("update,batch", [("online", ""), ("minibatch", "batch_size = 2")])
def test_conventions(top: str, update: str, batch: str) -> None:
    problem = dense(update=update, top=top + "\n" + batch, rounding=CARRY, shared_bias=top.startswith("shared"),
                    optimizer={"name": "momentum", "momentum": 0.5})
    assert_same_run(problem)


def example(name: str, epochs: int, rounding: str = '[rounding]\nmode = "carry"\ndecimals = 4\n') -> Problem:
    text = (ROOT / "examples" / f"{name}.toml").read_text(encoding="utf-8")
    return problem_from_toml(f"epochs = {epochs}\n" + text + "\n" + rounding)


@pytest.mark.parametrize("name", ["rnn_bptt", "conv_1x4x4"])
@pytest.mark.parametrize("mode", ["carry", "exact"])
def test_recurrent_and_convolutional(name: str, mode: str) -> None:
    assert_same_run(example(name, 4, f'[rounding]\nmode = "{mode}"\ndecimals = 4\n'))


def test_average_pooling_is_replayed() -> None:
    text = (ROOT / "examples" / "conv_2ch_pool.toml").read_text(encoding="utf-8").replace('kind = "max"', 'kind = "avg"')
    assert_same_run(problem_from_toml("epochs = 3\n" + text + '\n[rounding]\nmode = "carry"\ndecimals = 4\n'))


def test_max_pooling_is_derived_in_full() -> None:
    # which cell wins a window depends on the numbers: every pass is worked step by step
    assert_same_run(example("conv_2ch_pool", 3), replayed=False)


def test_xor_batch_run_and_its_epoch_table() -> None:
    """The benchmark's problem: replayed from the third update on, and the epoch table (losses and
    snapshots) equal to one summed from the derived passes by hand."""
    text = (ROOT / "examples" / "xor.toml").read_text(encoding="utf-8").replace("epochs = 10000", "epochs = 6")
    problem = problem_from_toml(text + '\n[rounding]\nmode = "carry"\n')
    assert_same_run(problem)
    history = engine_history(problem, problem.rounding, {2, 6})
    losses, snapshots = [], {}
    for update in iterate_updates(problem):
        total = sum(ps.derivation.values["loss"] for ps in update.passes)
        losses.append(problem.rounding.carry("loss", total))
        snapshots[update.epoch] = {f"w.{k[len('given.w.'):]}" if k.startswith("given.w.") else f"b.{k[len('given.b.'):]}": v
                                   for k, v in update.result.new_parameters().items()}
    assert history.losses == losses and all(isinstance(x, Fraction) for x in history.losses)
    assert history.snapshots == {2: snapshots[2], 6: snapshots[6]}


def test_a_pass_that_cannot_be_computed_is_the_engines_error() -> None:
    # an output that rounds to exactly 1 in the 19th update, long after replaying began: ln 0, the
    # same one-line error as the derivation's
    from stepcalc.errors import ProblemError

    problem = dense(("sigmoid", "sigmoid"), "bce", rounding={"mode": "carry", "decimals": 2}, lr=5.0, epochs=30)
    with pytest.raises(ProblemError) as derived:
        list(iterate_updates(problem))
    done = []
    with pytest.raises(ProblemError) as replayed:
        for update in replay_updates(problem):
            done.append(update.replayed)
    assert str(replayed.value) == str(derived.value) and "logarithm" in str(derived.value)
    assert len(done) > 3 and all(done[3:])
