"""stepcalc.ids: every id form built, then taken apart again by the one parser.

The expected strings are written out: they are the user contract of README "Steps and their ids"."""
from pathlib import Path

import pytest

from stepcalc import ids
from stepcalc.ids import StepId
from stepcalc.problem.validate import load_problem

ROOT = Path(__file__).resolve().parent.parent

# (built id, the same id written out, what parse makes of it)
FORMS = [
    (ids.x("x1"), "x.x1", StepId("x", ("x1",))),
    (ids.t("o_2"), "t.o_2", StepId("t", ("o_2",))),
    (ids.given_weight("x1", "h_1"), "given.w.x1.h_1", StepId("given_weight", ("x1", "h_1"))),
    (ids.given_bias("h2"), "given.b.h2", StepId("given_bias", ("h2",))),
    (ids.given_bias(ids.layer_bias(2)), "given.b.L2", StepId("given_bias", ("L2",))),
    (ids.previous_weight_change("in_1", "out_1"), "prev.dw.in_1.out_1", StepId("previous_weight_change", ("in_1", "out_1"))),
    (ids.previous_bias_change("o1"), "prev.db.o1", StepId("previous_bias_change", ("o1",))),
    (ids.LEARNING_RATE, "learning_rate", StepId("learning_rate")),
    (ids.MOMENTUM, "momentum", StepId("momentum")),
    (ids.net("h_1"), "net.h_1", StepId("net", ("h_1",))),
    (ids.out("h10"), "out.h10", StepId("out", ("h10",))),
    (ids.LOSS, "loss", StepId("loss")),
    (ids.LOSS_AFTER, "loss_after", StepId("loss_after")),
    (ids.error("o1"), "err.o1", StepId("error", ("o1",))),
    (ids.delta("hidden_3"), "delta.hidden_3", StepId("delta", ("hidden_3",))),
    (ids.fprime("h_1"), "fprime.h_1", StepId("fprime", ("h_1",))),
    (ids.loss_share("o2"), "loss.o2", StepId("loss_share", ("o2",))),
    (ids.grad_weight("x1", "h1"), "grad.x1.h1", StepId("grad_weight", ("x1", "h1"))),
    (ids.weight_change("h_2", "o_1"), "dw.h_2.o_1", StepId("weight_change", ("h_2", "o_1"))),
    (ids.new_weight("h2", "o1"), "w.h2.o1", StepId("new_weight", ("h2", "o1"))),
    (ids.grad_bias("o1"), "grad.b.o1", StepId("grad_bias", ("o1",))),
    (ids.grad_bias(ids.layer_bias(3)), "grad.b.L3", StepId("grad_bias", ("L3",))),
    (ids.bias_change("h_1"), "db.h_1", StepId("bias_change", ("h_1",))),
    (ids.new_bias("h1"), "b.h1", StepId("new_bias", ("h1",))),
    (ids.after(ids.net("h_1")), "after.net.h_1", StepId("net", ("h_1",), after=True)),
    (ids.after(ids.out("o1")), "after.out.o1", StepId("out", ("o1",), after=True)),
    (ids.in_sample(2, ids.grad_weight("x1", "h1")), "s2.grad.x1.h1", StepId("grad_weight", ("x1", "h1"), sample=2)),
    (ids.in_sample(12, ids.LOSS), "s12.loss", StepId("loss", sample=12)),
    (ids.in_sample(1, ids.grad_bias("L2")), "s1.grad.b.L2", StepId("grad_bias", ("L2",), sample=1)),
    (ids.chain_dE_dout("o_1"), "chain.dEdout.o_1", StepId("chain_dE_dout", ("o_1",))),
    (ids.chain_dout_dnet("h1"), "chain.doutdnet.h1", StepId("chain_dout_dnet", ("h1",))),
    (ids.chain_dE_dnet("h2"), "chain.dEdnet.h2", StepId("chain_dE_dnet", ("h2",))),
    (ids.chain_dnet_dw("x_1", "h1"), "chain.dnetdw.x_1.h1", StepId("chain_dnet_dw", ("x_1", "h1"))),
    (ids.matrix("W", 1), "matrix.W.1", StepId("matrix", ("W", "1"))),
    (ids.matrix("db_vec_prev", 2), "matrix.db_vec_prev.2", StepId("matrix", ("db_vec_prev", "2"))),
    (ids.dE_dnet("o1"), "dE_dnet.o1", StepId("dE_dnet", ("o1",))),
    # run prefixes, and unit names that look like prefixes or kinds
    (ids.prefixed(ids.pass_prefix(1, 2), ids.net("h1")), "e1.s2.net.h1", StepId("net", ("h1",), prefix="e1.s2.")),
    (ids.prefixed(ids.batch_prefix(10, 3), ids.new_weight("x1", "o1")), "e10.b3.w.x1.o1",
     StepId("new_weight", ("x1", "o1"), prefix="e10.b3.")),
    (ids.prefixed(ids.pass_prefix(2, 1), ids.after(ids.out("o1"))), "e2.s1.after.out.o1",
     StepId("out", ("o1",), prefix="e2.s1.", after=True)),
    (ids.prefixed(ids.batch_prefix(1, 1), ids.LOSS), "e1.b1.loss", StepId("loss", prefix="e1.b1.")),
    (ids.out("e1"), "out.e1", StepId("out", ("e1",))),
    (ids.delta("s2"), "delta.s2", StepId("delta", ("s2",))),
    (ids.new_weight("net", "w"), "w.net.w", StepId("new_weight", ("net", "w"))),
    (ids.net("after"), "net.after", StepId("net", ("after",))),
]


@pytest.mark.parametrize("built, written, parsed", FORMS, ids=[f[1] for f in FORMS])
def test_built_ids_are_spelled_as_documented_and_parse_back(built, written, parsed):
    assert built == written
    assert ids.parse(written) == parsed
    assert str(parsed) == written


def test_prefixes():
    assert ids.pass_prefix(3, 4) == "e3.s4."
    assert ids.batch_prefix(3, 1) == "e3.b1."
    assert ids.sample_prefix(5) == "s5."
    assert ids.AFTER == "after."
    assert ids.prefixed("", "net.h1") == "net.h1"
    assert ids.prefix_parts("e1.s2.") == ("e1", "s2")
    assert ids.prefix_parts("e12.b3.") == ("e12", "b3")
    assert ids.prefix_parts("") == ()
    with pytest.raises(ValueError):
        ids.prefix_parts("s2.")


def test_parameter_keys():
    assert ids.parameter_keys("w", "x1", "h1") == ("grad.x1.h1", "dw.x1.h1", "prev.dw.x1.h1", "w.x1.h1", "given.w.x1.h1")
    assert ids.parameter_keys("b", "h_1") == ("grad.b.h_1", "db.h_1", "prev.db.h_1", "b.h_1", "given.b.h_1")
    assert ids.parameter_keys("b", "L2") == ("grad.b.L2", "db.L2", "prev.db.L2", "b.L2", "given.b.L2")


def test_a_given_parameters_other_keys():
    assert ids.updated("given.w.x_1.h1") == "w.x_1.h1"
    assert ids.updated("given.b.L2") == "b.L2"
    assert ids.change("given.w.x1.h1") == "dw.x1.h1"
    assert ids.change("given.b.o1") == "db.o1"
    assert ids.previous_change("given.w.x1.h1") == "prev.dw.x1.h1"
    assert ids.previous_change("given.b.o_1") == "prev.db.o_1"
    assert ids.is_given_parameter("given.w.x1.h1")
    assert ids.is_given_parameter("given.b.h1")
    for key in ("w.x1.h1", "x.x1", "given.x1", "prev.dw.x1.h1", "learning_rate", "e1.s1.given.b.h1"):
        assert not ids.is_given_parameter(key), key
    with pytest.raises(ValueError):
        ids.updated("w.x1.h1")


def test_a_bias_gradient_and_a_weight_gradient_from_a_unit_named_b_are_spelled_alike():
    assert ids.grad_weight("b", "o1") == ids.grad_bias("o1") == "grad.b.o1"
    assert ids.parse("grad.b.o1").kind == "grad_bias"


@pytest.mark.parametrize("text", ["", "net", "net.", "net.h1.h2", "grad.x1", "after.delta.h1", "given.x.x1",
                                  "e1.net.h1", "unknown.h1", "loss.o1.o2", "fprime", "matrix.W"])
def test_what_is_no_id(text):
    with pytest.raises(ValueError):
        ids.parse(text)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.stem)
def test_every_key_the_engine_makes_parses_back(path):
    """Every value key and symbol of an example's step, its chain factors and matrices, in training runs too."""
    from stepcalc.engine.chain import gradient_chains
    from stepcalc.engine.expr import symbols
    from stepcalc.engine.iterations import work_updates
    from stepcalc.engine.matrix import matrix_equations

    problem = load_problem(path)
    for update in work_updates(problem, 2):
        worked = [(ps.derivation, ps.prefix, True) for ps in update.passes]
        if update.batch_step is not None:  # sums of the passes: no chains or matrices of its own
            worked.append((update.batch_step, update.batch_prefix, False))
        for d, prefix, one_sample in worked:
            keys = set(d.values) | {s.id for s in d.steps}
            keys |= {sym.key for s in d.steps for sym in symbols(s.formula)}
            if one_sample and problem.conv is None:  # the chain and matrix layouts are refused for conv nets
                keys |= set(gradient_chains(d)[1]) | set(matrix_equations(d)[1])
            for key in keys:
                assert str(ids.parse(key)) == key
            for s in d.steps:
                parsed = ids.parse(ids.prefixed(prefix, s.id))
                assert parsed.prefix == prefix and str(parsed) == ids.prefixed(prefix, s.id)
