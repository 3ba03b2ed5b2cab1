"""Step ids and value keys: every one is built here, and taken apart only by `parse`.

A Derivation's `values` hold given values and computed steps under one set of keys; a step's id is the
key of its value. The ids are a user contract (JSON output, `check` claims and the committed examples
depend on them; README "Steps and their ids"), so their spelling must never change. U, A, B are unit
names (no dots, no spaces: problem.NAME_PATTERN), L is a layer number, K a sample number from 1.

Given values (not steps):
    x.U              input of input unit U
    t.U              target of output unit U
    given.w.A.B      weight A→B as the problem (or the previous update) gives it
    given.b.U        bias of unit U; given.b.L2 is layer 2's shared bias (`layer_bias`)
    prev.dw.A.B      the change made to weight A→B by the previous update (momentum)
    prev.db.U        the same for a bias
    learning_rate    η
    momentum         α

Steps:
    net.U, out.U     net input and output of unit U
    loss             the loss E
    loss.U           output unit U's share of a loss that is a sum over the outputs
    err.U            −∂E/∂y_U (∂E/∂y_U in the gradient convention); a hidden unit's is Σ_k w_Uk δ_k
    fprime.U         f′(net_U), the derivative of unit U's activation at its net input
    delta.U          δ of unit U
    grad.A.B         ∂E/∂w of weight A→B
    dw.A.B, w.A.B    the change added to weight A→B, its new value
    grad.b.U         ∂E/∂b of the bias of U (U may be a shared bias, L2)
    db.U, b.U        the change added to that bias, its new value
    after.net.U, after.out.U, loss_after
                     the forward pass with the new weights

Values of the worked steps' derivations, not steps themselves:
    sK.ID                 the value ID of sample K, summed by a batch update (s2.grad.A.B, s1.loss)
    chain.dEdout.U        ∂E/∂out_U      chain.doutdnet.U   ∂out_U/∂net_U
    chain.dEdnet.U        ∂E/∂net_U      chain.dnetdw.A.B   ∂net_B/∂w_AB
    matrix.KIND.L         matrix KIND (W, W_T, W_new, b_vec, a_vec, s_vec, Fdot, …) of layer L
    dE_dnet.U             ∂E/∂net_U as the delta rule names it (a symbol only, never a value)

Run prefixes, put before a step id in a training run:
    eE.sS.ID         step ID of sample S's pass in epoch E
    eE.bB.ID         step ID of batch update B of epoch E

`grad.b.U` and the weight gradient `grad.A.B` of a unit named "b" are spelled alike; `parse` reads
such an id as the bias gradient.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

AFTER = "after."  # prefix of the forward pass with the new weights
LOSS = "loss"
LOSS_AFTER = "loss_after"
LEARNING_RATE = "learning_rate"
MOMENTUM = "momentum"

# Every dotted form: its name, the fixed words it starts with, how many names follow them.
# Order matters where two forms have as many parts: grad.b.U is tried before grad.A.B.
FORMS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("x", ("x",), 1),
    ("t", ("t",), 1),
    ("given_weight", ("given", "w"), 2),
    ("given_bias", ("given", "b"), 1),
    ("previous_weight_change", ("prev", "dw"), 2),
    ("previous_bias_change", ("prev", "db"), 1),
    ("net", ("net",), 1),
    ("out", ("out",), 1),
    ("loss", (LOSS,), 0),
    ("loss_share", (LOSS,), 1),
    ("loss_after", (LOSS_AFTER,), 0),
    ("learning_rate", (LEARNING_RATE,), 0),
    ("momentum", (MOMENTUM,), 0),
    ("error", ("err",), 1),
    ("fprime", ("fprime",), 1),
    ("delta", ("delta",), 1),
    ("grad_bias", ("grad", "b"), 1),
    ("grad_weight", ("grad",), 2),
    ("weight_change", ("dw",), 2),
    ("new_weight", ("w",), 2),
    ("bias_change", ("db",), 1),
    ("new_bias", ("b",), 1),
    ("chain_dE_dout", ("chain", "dEdout"), 1),
    ("chain_dout_dnet", ("chain", "doutdnet"), 1),
    ("chain_dE_dnet", ("chain", "dEdnet"), 1),
    ("chain_dnet_dw", ("chain", "dnetdw"), 2),
    ("matrix", ("matrix",), 2),
    ("dE_dnet", ("dE_dnet",), 1),
)
_HEADS = {name: head for name, head, _ in FORMS}

# The forms of a weight's and a bias's keys, in the order of _ROLES.
_ROLES = ("gradient", "change", "previous_change", "new", "given")
_PARAMETER_FORMS = {
    "w": ("grad_weight", "weight_change", "previous_weight_change", "new_weight", "given_weight"),
    "b": ("grad_bias", "bias_change", "previous_bias_change", "new_bias", "given_bias"),
}
_GIVEN_FORMS = {"given_weight": "w", "given_bias": "b"}

_RUN_PREFIX = re.compile(r"e(\d+)\.([sb])(\d+)\.")
_SAMPLE_PREFIX = re.compile(r"s(\d+)\.")


def _build(form: str, *names: str) -> str:
    return ".".join(_HEADS[form] + names)


# --- given values --------------------------------------------------------------------------------
def x(unit: str) -> str:
    return _build("x", unit)


def t(unit: str) -> str:
    return _build("t", unit)


def given_weight(a: str, b: str) -> str:
    return _build("given_weight", a, b)


def given_bias(unit: str) -> str:
    return _build("given_bias", unit)


def previous_weight_change(a: str, b: str) -> str:
    return _build("previous_weight_change", a, b)


def previous_bias_change(unit: str) -> str:
    return _build("previous_bias_change", unit)


def layer_bias(layer: int) -> str:
    """The name a layer's shared bias goes by in ids where a unit's name would be: L2 (b.L2, grad.b.L2)."""
    return f"L{layer}"


# --- steps ---------------------------------------------------------------------------------------
def net(unit: str) -> str:
    return _build("net", unit)


def out(unit: str) -> str:
    return _build("out", unit)


def error(unit: str) -> str:
    return _build("error", unit)


def delta(unit: str) -> str:
    return _build("delta", unit)


def fprime(unit: str) -> str:
    return _build("fprime", unit)


def loss_share(unit: str) -> str:
    return _build("loss_share", unit)


def grad_weight(a: str, b: str) -> str:
    return _build("grad_weight", a, b)


def weight_change(a: str, b: str) -> str:
    return _build("weight_change", a, b)


def new_weight(a: str, b: str) -> str:
    return _build("new_weight", a, b)


def grad_bias(unit: str) -> str:
    return _build("grad_bias", unit)


def bias_change(unit: str) -> str:
    return _build("bias_change", unit)


def new_bias(unit: str) -> str:
    return _build("new_bias", unit)


def after(step_id: str) -> str:
    """The same step in the forward pass with the new weights: net.U → after.net.U."""
    return AFTER + step_id


def parameter_keys(parameter: str, *names: str) -> tuple[str, str, str, str, str]:
    """A weight's ("w", A, B) or a bias's ("b", U) keys: gradient, change, previous change, new value, given value."""
    grad, change, previous, new, given = (_build(form, *names) for form in _PARAMETER_FORMS[parameter])
    return grad, change, previous, new, given


# --- a given parameter's other keys --------------------------------------------------------------
def is_given_parameter(key: str) -> bool:
    """given.w.A.B or given.b.U."""
    parsed = _parse_or_none(key)
    return parsed is not None and parsed.kind in _GIVEN_FORMS and not parsed.prefix and parsed.sample is None


def _parameter_key(given_key: str, role: str) -> str:
    if not is_given_parameter(given_key):
        raise ValueError(f"not a given weight or bias: {given_key!r}")
    parsed = parse(given_key)
    return _build(_PARAMETER_FORMS[_GIVEN_FORMS[parsed.kind]][_ROLES.index(role)], *parsed.units)


def updated(given_key: str) -> str:
    """given.w.A.B → w.A.B, given.b.U → b.U: the step that computes the parameter's new value."""
    return _parameter_key(given_key, "new")


def change(given_key: str) -> str:
    """given.w.A.B → dw.A.B, given.b.U → db.U: the step that computes the change made to it."""
    return _parameter_key(given_key, "change")


def previous_change(given_key: str) -> str:
    """given.w.A.B → prev.dw.A.B, given.b.U → prev.db.U: the change made in the previous iteration."""
    return _parameter_key(given_key, "previous_change")


# --- values of derivations -----------------------------------------------------------------------
def sample_prefix(sample: int) -> str:
    """sK.: a batch update's per-sample values (K from 1)."""
    return f"s{sample}."


def in_sample(sample: int, key: str) -> str:
    """grad.A.B of sample 2 → s2.grad.A.B."""
    return sample_prefix(sample) + key


def chain_dE_dout(unit: str) -> str:
    return _build("chain_dE_dout", unit)


def chain_dout_dnet(unit: str) -> str:
    return _build("chain_dout_dnet", unit)


def chain_dE_dnet(unit: str) -> str:
    return _build("chain_dE_dnet", unit)


def chain_dnet_dw(a: str, b: str) -> str:
    return _build("chain_dnet_dw", a, b)


def matrix(kind: str, layer: int) -> str:
    """matrix.W.1: matrix `kind` of layer `layer` in the matrix form of a step."""
    return _build("matrix", kind, str(layer))


def dE_dnet(unit: str) -> str:
    """The delta rule's ∂E/∂net_U: a symbol written, never a value."""
    return _build("dE_dnet", unit)


# --- run prefixes --------------------------------------------------------------------------------
def pass_prefix(epoch: int, sample: int) -> str:
    """eE.sS.: the steps of sample S's pass in epoch E (both from 1)."""
    return f"e{epoch}.s{sample}."


def batch_prefix(epoch: int, batch: int) -> str:
    """eE.bB.: the steps of batch update B of epoch E (both from 1)."""
    return f"e{epoch}.b{batch}."


def prefixed(prefix: str, step_id: str) -> str:
    """A step id under a run prefix ("" for none) or AFTER."""
    return prefix + step_id


def prefix_parts(prefix: str) -> tuple[str, ...]:
    """e1.s2. → ("e1", "s2"); "" → ()."""
    if not prefix:
        return ()
    match = _RUN_PREFIX.fullmatch(prefix)
    if match is None:
        raise ValueError(f"not a run prefix: {prefix!r}")
    epoch, letter, number = match.groups()
    return f"e{epoch}", f"{letter}{number}"


# --- the parser ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepId:
    """An id taken apart: `kind` is a name of FORMS; matrix keys have units (KIND, L)."""

    kind: str
    units: tuple[str, ...] = ()
    prefix: str = ""  # run prefix, eE.sS. or eE.bB.; "" outside a run
    sample: int | None = None  # K of a batch's per-sample value sK.
    after: bool = False  # after.net.U, after.out.U

    def __str__(self) -> str:
        key = _build(self.kind, *self.units)
        if self.after:
            key = after(key)
        if self.sample is not None:
            key = in_sample(self.sample, key)
        return prefixed(self.prefix, key)


def _parse_or_none(key: str) -> StepId | None:
    prefix = ""
    match = _RUN_PREFIX.match(key)
    if match:
        prefix, key = match.group(0), key[match.end():]
    sample = None
    match = _SAMPLE_PREFIX.match(key)
    if match:
        sample, key = int(match.group(1)), key[match.end():]
    is_after = key.startswith(AFTER)
    if is_after:
        key = key.removeprefix(AFTER)
    parts = tuple(key.split("."))
    for name, head, count in FORMS:
        if len(parts) == len(head) + count and parts[:len(head)] == head and all(parts[len(head):]):
            if is_after and name not in ("net", "out"):
                return None
            return StepId(name, parts[len(head):], prefix, sample, is_after)
    return None


def parse(step_id: str) -> StepId:
    """The one place ids are taken apart; a ValueError for a string that is no id."""
    parsed = _parse_or_none(step_id)
    if parsed is None:
        raise ValueError(f"not a step id or value key: {step_id!r}")
    return parsed
