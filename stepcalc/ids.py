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
    momentum         α (sgd's `momentum`; μ of the momentum and nesterov optimizers)
    beta1, beta2, eps, alpha, weight_decay, l1
                     the [optimizer]'s hyperparameters (alpha: RMSprop's smoothing constant)
    step             t, the number of the update (from 1), for Adam's bias correction
    prev.m.A.B, prev.v.A.B, prev.m.b.U, prev.v.b.U
                     the optimizer's state after the previous update (0 before the first)

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
    m.A.B, v.A.B, mhat.A.B, vhat.A.B, decay.A.B, l1.A.B
                     the optimizer's state of weight A→B before its change: first moment or momentum
                     buffer, second moment (RMSprop's square average, AdaGrad's sum), their bias-corrected
                     forms, the weight-decay term λ w and the L1 term λ₁ sgn(w)
    m.b.U, v.b.U, mhat.b.U, vhat.b.U, decay.b.U, l1.b.U
                     the same for the bias of U
    after.net.U, after.out.U, loss_after
                     the forward pass with the new weights

Convolutional layers (names built by `pixel`, `conv_cell`, `pool_cell`, `kernel`, `kernel_bias`):
    x.x1_2_3         input pixel of channel 1, row 2, column 3 (a given value)
    net.f1_2_3_4, out.f1_2_3_4, delta.f1_2_3_4
                     cell (3, 4) of filter 2's feature map in convolutional layer 1
    out.p1_2_1_2, delta.p1_2_1_2
                     a pooled cell of that layer
    given.k.K, grad.K, dk.K, k.K
                     kernel weight K = k1_2_1_3_3 (layer 1, filter 2, input channel 1, row 3, col 3)
    given.kb.KB, grad.KB, dkb.KB, kb.KB
                     filter bias KB = kb1_2; prev.dk.K and prev.dkb.KB are their previous changes

Values of the worked steps' derivations, not steps themselves:
    sK.ID                 the value ID of sample K, summed by a batch update (s2.grad.A.B, s1.loss)
    chain.dEdout.U        ∂E/∂out_U      chain.doutdnet.U   ∂out_U/∂net_U
    chain.dEdnet.U        ∂E/∂net_U      chain.dnetdw.A.B   ∂net_B/∂w_AB
    matrix.KIND.L         matrix KIND (W, W_T, W_new, b_vec, a_vec, s_vec, Fdot, …) of layer L
    dE_dnet.U             ∂E/∂net_U as the delta rule names it (a symbol only, never a value)

Run prefixes, put before a step id in a training run:
    eE.sS.ID         step ID of sample S's pass in epoch E
    eE.bB.ID         step ID of batch update B of epoch E

Recurrent networks (backpropagation through time), with H, G hidden units:
    tN.ID            a value at time step N (from 1) of the unrolled network: t2.x.U, t2.t.U (given),
                     t2.net.U, t2.out.U, t2.loss, t2.err.U, t2.delta.U, and t2.grad.A.B, t2.grad.u.H.G,
                     t2.grad.b.U (that step's contribution to the gradient); after.t2.net.U,
                     after.t2.out.U, t2.loss_after in the forward pass with the new weights
    t0.out.H         the initial state h0 (a given value)
    given.u.H.G      recurrent weight from H at t−1 to G at t; prev.du.H.G its previous change
    grad.u.H.G, du.H.G, u.H.G
                     its gradient summed over time, its change and its new value

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
BETA1 = "beta1"
BETA2 = "beta2"
EPS = "eps"
ALPHA = "alpha"
WEIGHT_DECAY = "weight_decay"
L1 = "l1"
STEP = "step"
# The optimizer's per-parameter state steps, in the order an update computes them.
STATE_ROLES = ("decay", "l1", "m", "v", "mhat", "vhat")
# The state an optimizer carries to the next update as prev.ROLE.
CARRIED_ROLES = ("m", "v")

# Every dotted form: its name, the fixed words it starts with, how many names follow them.
# Order matters where two forms have as many parts: grad.b.U is tried before grad.A.B.
FORMS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("x", ("x",), 1),
    ("t", ("t",), 1),
    ("given_weight", ("given", "w"), 2),
    ("given_bias", ("given", "b"), 1),
    ("previous_weight_change", ("prev", "dw"), 2),
    ("previous_bias_change", ("prev", "db"), 1),
    ("given_recurrent", ("given", "u"), 2),
    ("previous_recurrent_change", ("prev", "du"), 2),
    ("net", ("net",), 1),
    ("out", ("out",), 1),
    ("loss", (LOSS,), 0),
    ("loss_share", (LOSS,), 1),
    ("loss_after", (LOSS_AFTER,), 0),
    ("learning_rate", (LEARNING_RATE,), 0),
    ("momentum", (MOMENTUM,), 0),
    ("beta1", (BETA1,), 0),
    ("beta2", (BETA2,), 0),
    ("eps", (EPS,), 0),
    ("alpha", (ALPHA,), 0),
    ("weight_decay", (WEIGHT_DECAY,), 0),
    ("l1_lambda", (L1,), 0),
    ("step", (STEP,), 0),
    *((f"previous_state_bias_{r}", ("prev", r, "b"), 1) for r in CARRIED_ROLES),
    *((f"previous_state_recurrent_{r}", ("prev", r, "u"), 2) for r in CARRIED_ROLES),
    *((f"previous_state_weight_{r}", ("prev", r), 2) for r in CARRIED_ROLES),
    *((f"previous_state_kernel_{r}", ("prev", r), 1) for r in CARRIED_ROLES),
    *((f"state_bias_{r}", (r, "b"), 1) for r in STATE_ROLES),
    *((f"state_recurrent_{r}", (r, "u"), 2) for r in STATE_ROLES),
    *((f"state_weight_{r}", (r,), 2) for r in STATE_ROLES),
    *((f"state_kernel_{r}", (r,), 1) for r in STATE_ROLES),
    ("error", ("err",), 1),
    ("fprime", ("fprime",), 1),
    ("delta", ("delta",), 1),
    ("grad_bias", ("grad", "b"), 1),
    ("grad_recurrent", ("grad", "u"), 2),
    ("grad_weight", ("grad",), 2),
    ("recurrent_change", ("du",), 2),
    ("new_recurrent", ("u",), 2),
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
    # convolutional layers: a kernel weight or a filter's bias is one name (k1_2_1_3_3, kb1_2)
    ("given_kernel", ("given", "k"), 1),
    ("given_kernel_bias", ("given", "kb"), 1),
    ("previous_kernel_change", ("prev", "dk"), 1),
    ("previous_kernel_bias_change", ("prev", "dkb"), 1),
    ("grad_kernel", ("grad",), 1),
    ("kernel_change", ("dk",), 1),
    ("new_kernel", ("k",), 1),
    ("kernel_bias_change", ("dkb",), 1),
    ("new_kernel_bias", ("kb",), 1),
)
_HEADS = {name: head for name, head, _ in FORMS}
assert len(_HEADS) == len(FORMS), "two forms share a name"

# Forms whose one name must be a kernel weight's (k1_2_1_3_3) or a filter bias's (kb1_2): grad.x1 is no id.
_KERNEL = re.compile(r"k\d+(?:_\d+){4}")
_KERNEL_BIAS = re.compile(r"kb\d+_\d+")
_NAME_RULES = {
    "given_kernel": (_KERNEL,), "previous_kernel_change": (_KERNEL,), "kernel_change": (_KERNEL,),
    "new_kernel": (_KERNEL,), "given_kernel_bias": (_KERNEL_BIAS,), "previous_kernel_bias_change": (_KERNEL_BIAS,),
    "kernel_bias_change": (_KERNEL_BIAS,), "new_kernel_bias": (_KERNEL_BIAS,), "grad_kernel": (_KERNEL, _KERNEL_BIAS),
    # an optimizer's state of a kernel weight or filter bias: m.k1_1_1_2_2, prev.v.kb1_1
    **{f"{state}_kernel_{r}": (_KERNEL, _KERNEL_BIAS) for state in ("state", "previous_state") for r in STATE_ROLES},
}

# The forms of a weight's and a bias's keys, in the order of _ROLES.
_ROLES = ("gradient", "change", "previous_change", "new", "given")
_PARAMETER_FORMS = {
    "w": ("grad_weight", "weight_change", "previous_weight_change", "new_weight", "given_weight"),
    "b": ("grad_bias", "bias_change", "previous_bias_change", "new_bias", "given_bias"),
    "u": ("grad_recurrent", "recurrent_change", "previous_recurrent_change", "new_recurrent", "given_recurrent"),
    "k": ("grad_kernel", "kernel_change", "previous_kernel_change", "new_kernel", "given_kernel"),
    "kb": ("grad_kernel", "kernel_bias_change", "previous_kernel_bias_change", "new_kernel_bias", "given_kernel_bias"),
}
_GIVEN_FORMS = {"given_weight": "w", "given_bias": "b", "given_recurrent": "u", "given_kernel": "k",
                "given_kernel_bias": "kb"}

_RUN_PREFIX = re.compile(r"e(\d+)\.([sb])(\d+)\.")
_SAMPLE_PREFIX = re.compile(r"s(\d+)\.")
_TIME_PREFIX = re.compile(r"t(\d+)\.")


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


# --- convolutional layers (all numbers from 1) ----------------------------------------------------
def pixel(channel: int, row: int, col: int) -> str:
    """An input pixel's name: x{channel}_{row}_{col}; its value is x.x1_2_3."""
    return f"x{channel}_{row}_{col}"


def conv_cell(layer: int, feature: int, row: int, col: int) -> str:
    """A feature-map cell of convolutional layer `layer`, filter `feature`: f1_2_1_3 (net., out., delta.)."""
    return f"f{layer}_{feature}_{row}_{col}"


def pool_cell(layer: int, feature: int, row: int, col: int) -> str:
    """A pooled cell after convolutional layer `layer`: p1_2_1_2 (out., delta.)."""
    return f"p{layer}_{feature}_{row}_{col}"


def kernel(layer: int, feature: int, channel: int, row: int, col: int) -> str:
    """A kernel weight's name: k{L}_{filter}_{channel}_{i}_{j}; given.k.K, grad.K, dk.K and k.K are its keys."""
    return f"k{layer}_{feature}_{channel}_{row}_{col}"


def kernel_bias(layer: int, feature: int) -> str:
    """A filter's bias: kb{L}_{filter}; given.kb.KB, grad.KB, dkb.KB and kb.KB are its keys."""
    return f"kb{layer}_{feature}"


def given_kernel(name: str) -> str:
    return _build("given_kernel", name)


def given_kernel_bias(name: str) -> str:
    return _build("given_kernel_bias", name)


def after(step_id: str) -> str:
    """The same step in the forward pass with the new weights: net.U → after.net.U."""
    return AFTER + step_id


def parameter_keys(parameter: str, *names: str) -> tuple[str, str, str, str, str]:
    """A weight's ("w", A, B), a bias's ("b", U), a kernel weight's ("k", K) or a filter bias's ("kb", KB) keys: gradient, change, previous change, new value, given value."""
    grad, change, previous, new, given = (_build(form, *names) for form in _PARAMETER_FORMS[parameter])
    return grad, change, previous, new, given


def given_recurrent(a: str, b: str) -> str:
    """The recurrent weight from hidden unit A at t−1 to hidden unit B at t, as given."""
    return _build("given_recurrent", a, b)


def grad_recurrent(a: str, b: str) -> str:
    return _build("grad_recurrent", a, b)


def new_recurrent(a: str, b: str) -> str:
    return _build("new_recurrent", a, b)


def time_prefix(step: int) -> str:
    """tN.: a value at time step N of an unrolled recurrent network (t0. is the initial state)."""
    return f"t{step}."


def at_time(step: int, key: str) -> str:
    """out.h1 at time step 2 → t2.out.h1; after.out.h1 at time step 2 → after.t2.out.h1."""
    if key.startswith(AFTER):
        return AFTER + time_prefix(step) + key.removeprefix(AFTER)
    return time_prefix(step) + key


_STATE_OWNER = {"w": "weight", "b": "bias", "u": "recurrent", "k": "kernel", "kb": "kernel"}


def state_key(role: str, parameter: str, *names: str) -> str:
    """A parameter's optimizer state in this update: ("m", "w", A, B) → m.A.B, ("v", "b", U) → v.b.U."""
    return _build(f"state_{_STATE_OWNER[parameter]}_{role}", *names)


def previous_state_key(role: str, parameter: str, *names: str) -> str:
    """The state the previous update left: ("m", "w", A, B) → prev.m.A.B, ("v", "b", U) → prev.v.b.U."""
    return _build(f"previous_state_{_STATE_OWNER[parameter]}_{role}", *names)


# --- a given parameter's other keys --------------------------------------------------------------
def is_given_parameter(key: str) -> bool:
    """given.w.A.B, given.b.U or given.u.H.G."""
    parsed = parse_or_none(key)
    return (parsed is not None and parsed.kind in _GIVEN_FORMS and not parsed.prefix and parsed.sample is None
            and parsed.time is None)


def _parameter_key(given_key: str, role: str) -> str:
    if not is_given_parameter(given_key):
        raise ValueError(f"not a given weight or bias: {given_key!r}")
    parsed = parse(given_key)
    return _build(_PARAMETER_FORMS[_GIVEN_FORMS[parsed.kind]][_ROLES.index(role)], *parsed.units)


def parameter_names(given_key: str) -> tuple[str, tuple[str, ...]]:
    """given.w.A.B → ("w", (A, B)), given.b.U → ("b", (U,))."""
    if not is_given_parameter(given_key):
        raise ValueError(f"not a given weight or bias: {given_key!r}")
    parsed = parse(given_key)
    return _GIVEN_FORMS[parsed.kind], parsed.units


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


def split_run_prefix(key: str) -> tuple[str, str]:
    """e1.s2.out.h1 → ("e1.s2.", "out.h1"); a key without a run prefix → ("", key)."""
    match = _RUN_PREFIX.match(key)
    if match is None:
        return "", key
    return match.group(0), key[match.end():]


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
    time: int | None = None  # N of a recurrent network's time step tN.

    def __str__(self) -> str:
        key = _build(self.kind, *self.units)
        if self.time is not None:
            key = time_prefix(self.time) + key
        if self.after:
            key = after(key)
        if self.sample is not None:
            key = in_sample(self.sample, key)
        return prefixed(self.prefix, key)


def parse_or_none(key: str) -> StepId | None:
    """`key` taken apart, or None for a string that is no id (as `parse`, without the exception)."""
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
    time = None
    match = _TIME_PREFIX.match(key)
    if match:
        time, key = int(match.group(1)), key[match.end():]
    parts = tuple(key.split("."))
    for name, head, count in FORMS:
        if len(parts) == len(head) + count and parts[:len(head)] == head and all(parts[len(head):]):
            if name in _NAME_RULES and not any(rule.fullmatch(parts[-1]) for rule in _NAME_RULES[name]):
                continue
            if is_after and name not in ("net", "out"):
                return None
            return StepId(name, parts[len(head):], prefix, sample, is_after, time)
    return None


def parse(step_id: str) -> StepId:
    """The one place ids are taken apart; a ValueError for a string that is no id."""
    parsed = parse_or_none(step_id)
    if parsed is None:
        raise ValueError(f"not a step id or value key: {step_id!r}")
    return parsed
