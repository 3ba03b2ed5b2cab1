"""The engine: a `Problem` → a `Derivation`, the ordered steps of one backpropagation step.

Each step is a formula over symbols (an `expr` tree), and its value is that formula evaluated with
the values of the steps before it; so the substituted line and the result can never disagree.
Calculus (activation and loss derivatives) comes from sympy, through `derivatives`. Nothing here knows a format.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from stepcalc.engine import expr as ex
from stepcalc.engine import derivatives
from stepcalc import ids as sid
from stepcalc.errors import ProblemError
from stepcalc.engine.expr import Add, Mul, Neg, Sym
from stepcalc.engine.numbers import Rounding, Value, exact
from stepcalc.concepts.optimizers import STATE_KINDS, Slots
from stepcalc.problem.validate import Problem, layer_bias

SECTIONS = ("forward", "loss", "backward", "update", "after")


@dataclass(frozen=True)
class Step:
    """One worked line: lhs = formula [= expansion] = numbers = value, with its id and kind."""

    id: str
    kind: str  # net, out, loss, error, fprime, delta, grad, moment, state, dw, weight: also its rounding class
    section: str
    layer: int  # index of the layer the step belongs to (0 = input layer)
    lhs: Sym
    formula: ex.Expr
    value: Value  # exact (Fraction) where the arithmetic is, else a float
    expansion: ex.Expr | None = None  # a closed form written between the formula and the numbers
    group: str = ""  # the heading of its group when its layer number does not say it (convolutional steps)


@dataclass(frozen=True)
class Derivation:
    """A problem worked on one sample: its steps in order and every value by key."""

    problem: Problem
    sample: int  # index into problem.samples
    rounding: Rounding
    steps: tuple[Step, ...]
    values: dict[str, Value] = field(repr=False)  # every symbol's value: givens and steps

    def new_parameters(self) -> dict[str, Value]:
        """The updated weights and biases, keyed as given values, to start the next iteration from."""
        # A parameter without an update step (update_biases = false) starts the next iteration unchanged.
        return {key: self.values.get(sid.updated(key), self.values[key])
                for key in initial_parameters(self.problem)}

    def parameter_changes(self) -> dict[str, Value]:
        """This step's Δw and Δb, keyed as the next iteration's momentum term reads them (prev.dw.A.B);
        a parameter kept fixed (update_biases = false) has no change."""
        changes = {}
        for key in initial_parameters(self.problem):
            previous = previous_change_key(key)
            change = self.values.get(sid.change(key))
            if change is not None:
                changes[previous] = change
        return changes

    def carried_state(self) -> dict[str, float]:
        """Everything the problem's update rule carries to the next update: the changes (momentum),
        the optimizer's state as prev.m.A.B, prev.v.b.U, and the next update's number t."""
        rule = self.problem.update_rule
        carried = self.parameter_changes() if rule.remembers_changes else {}
        for key in initial_parameters(self.problem):
            parameter, names = sid.parameter_names(key)
            for role in rule.carried:
                if role != "dw" and sid.state_key(role, parameter, *names) in self.values:
                    carried[sid.previous_state_key(role, parameter, *names)] = self.values[sid.state_key(role, parameter, *names)]
        if rule.counts_steps:
            carried[sid.STEP] = self.values[sid.STEP] + 1
        return carried

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


# Keys of the given values; step ids are the keys of computed ones.
# (These names are what the rest of the package imports; the ids themselves come from `ids`.)
def weight_key(a: str, b: str) -> str:
    return sid.given_weight(a, b)


def bias_key(u: str) -> str:
    return sid.given_bias(u)


def previous_change_key(parameter_key: str) -> str:
    """given.w.A.B → prev.dw.A.B, given.b.U → prev.db.U: the change made in the previous iteration."""
    return sid.previous_change(parameter_key)


LEARNING_RATE = Sym(sid.LEARNING_RATE, "eta")

# Symbol kinds of (∂E/∂p, Δp, previous Δp, new p, old p) for each sort of parameter.
WEIGHT_KINDS = ("grad", "dw", "dw_prev", "w_new", "w")
BIAS_KINDS = ("grad_b", "db", "db_prev", "b_new", "b")
SHARED_BIAS_KINDS = ("grad_b_layer", "db_layer", "db_layer_prev", "b_layer_new", "b_layer")


def initial_parameters(problem: Problem) -> dict[str, Value]:
    """The problem's weights and biases, keyed as given values (given.w.A.B, given.b.U): exact decimals."""
    units = problem.units
    params: dict[str, Value] = {}
    for l, matrix in enumerate(problem.weights):
        for i, row in enumerate(matrix):
            for j, w in enumerate(row):
                params[weight_key(units[l][i], units[l + 1][j])] = exact(w)
    if problem.biases is not None:
        for l, row in enumerate(problem.biases):
            if problem.shared_bias:
                params[bias_key(layer_bias(l + 1))] = exact(row[0])
                continue
            for j, b in enumerate(row):
                params[bias_key(units[l + 1][j])] = exact(b)
    if problem.recurrent is not None:  # a recurrent hidden layer's weights u, hidden at t−1 → hidden at t
        hidden = units[1]
        params.update({sid.given_recurrent(hidden[i], hidden[j]): exact(u)
                       for i, row in enumerate(problem.recurrent) for j, u in enumerate(row)})
    if problem.conv is not None:
        from stepcalc.engine.convolution import kernel_parameters

        params.update(kernel_parameters(problem.conv))
    return params


class _Builder:
    def __init__(self, problem: Problem, sample: int, rounding: Rounding, params: dict[str, float]) -> None:
        self.p = problem
        self.rounding = rounding
        self.steps: list[Step] = []
        self.values: dict[str, Value] = {sid.LEARNING_RATE: problem.learning_rate}
        units = problem.units
        s = problem.samples[sample]
        for name, value in zip(units[0], s.x):
            self.values[sid.x(name)] = value
        for name, value in zip(units[-1], s.t):
            self.values[sid.t(name)] = value
        self.start_rule()
        self.values.update(params)

    def start_rule(self) -> None:
        """The update rule's settings, and its state before the first update (changes and moments 0, t = 1);
        a later update's `params` replace the state with what the update before it left. Every given
        value becomes exact: the decimals written in the file, so sums and products of them stay exact."""
        rule = self.p.update_rule
        self.values.update(rule.hyperparameters())
        parameters = initial_parameters(self.p)
        if rule.remembers_changes:
            self.values.update({previous_change_key(k): 0 for k in parameters})
        for key in parameters:
            parameter, names = sid.parameter_names(key)
            self.values.update({sid.previous_state_key(r, parameter, *names): 0 for r in rule.carried if r != "dw"})
        if rule.counts_steps:
            self.values[sid.STEP] = 1
        self.values = {k: exact(v) for k, v in self.values.items() if v is not None}

    def add(self, step_id: str, kind: str, section: str, layer: int, lhs: Sym, formula: ex.Expr,
            expansion: ex.Expr | None = None, group: str = "") -> Sym:
        overflow = ("cannot be computed: the numbers overflow (beyond ±1.8e308); "
                    "use smaller weights, inputs or learning_rate")
        try:
            value = ex.evaluate(formula, self.values)
            finite = math.isfinite(value)  # an exact value beyond a float's range overflows here
        except OverflowError:
            raise ProblemError(self.p.source, step_id, overflow) from None
        except (ArithmeticError, ValueError) as err:
            raise ProblemError(self.p.source, step_id, f"cannot be computed: {err}") from None
        if not finite:
            raise ProblemError(self.p.source, step_id, overflow)
        value = self.rounding.carry(kind, value)
        self.values[step_id] = value
        self.steps.append(Step(step_id, kind, section, layer, lhs, formula, value, expansion, group))
        return lhs

    # --- symbols -------------------------------------------------------------------------------
    def input_of(self, layer: int, unit: str, prefix: str = "") -> Sym:
        """What unit `unit` of `layer` passes on: an input value or a unit's output."""
        if layer == 0:
            return Sym(sid.x(unit), "x", (unit,))
        return Sym(sid.prefixed(prefix, sid.out(unit)), "out_new" if prefix else "out", (unit,))

    def bias(self, l: int, unit: str, new: bool) -> Sym:
        """The bias term of `unit` (in layer l): its own, or its layer's shared one; updated or given."""
        name, kind, units = (layer_bias(l), "b_layer", (str(l),)) if self.p.shared_bias else (unit, "b", (unit,))
        if new and self.p.update_biases:
            return Sym(sid.new_bias(name), kind + "_new", units)
        return Sym(bias_key(name), kind, units)

    # --- the passes ----------------------------------------------------------------------------
    def forward(self, section: str, new: bool) -> list[Sym]:
        p, units = self.p, self.p.units
        prefix = sid.AFTER if new else ""
        layer = p.layer_kind
        for l in range(1, len(p.layers)):
            nets = []
            inputs = [self.input_of(l - 1, source, prefix) for source in units[l - 1]]
            for j, unit in enumerate(units[l]):
                weights = [Sym(sid.new_weight(source, unit), "w_new", (source, unit)) if new
                           else Sym(weight_key(source, unit), "w", (source, unit)) for source in units[l - 1]]
                bias = self.bias(l, unit, new) if p.biases is not None else None
                lhs = Sym(sid.prefixed(prefix, sid.net(unit)), "net_new" if new else "net", (unit,))
                nets.append(self.add(lhs.key, "net", section, l, lhs, layer.net_formula(weights, inputs, bias)))
            self.activate(l, nets, section, prefix, new)
        return [self.input_of(len(p.layers) - 1, u, prefix) for u in units[-1]]

    def activate(self, l: int, nets: list[Sym], section: str, prefix: str, new: bool) -> None:
        activation = self.p.activation(l)
        for j, unit in enumerate(self.p.units[l]):
            lhs = self.input_of(l, unit, prefix)
            expansion = None
            if activation.show_explicit:
                expansion = ex.substitute(derivatives.activation_explicit(activation.name), {"_net": nets[j]})
            self.add(lhs.key, "out", section, l, lhs, activation.out_formula(nets, j), expansion)

    def loss(self, outs: list[Sym], step_id: str, lhs: Sym, section: str) -> None:
        p = self.p
        template = derivatives.loss_term(p.loss)
        terms = [ex.substitute(template, {"_t": Sym(sid.t(u), "t", (u,)), "_y": y})
                 for u, y in zip(p.outputs, outs)]
        body: ex.Expr = terms[0] if len(terms) == 1 else Add(tuple(terms))
        scale = p.loss_function.scale(len(outs))
        if len(terms) > 1 and scale == p.loss_function.scale(1) and section != "after":
            # a sum over the outputs: each output's own share on its line, as books print them
            for u, term in zip(p.outputs, terms):
                share = Sym(sid.loss_share(u), "E_unit", (u,))
                self.add(share.key, "loss", section, len(p.layers) - 1, share, _scaled(scale, term))
        self.add(step_id, "loss", section, len(p.layers) - 1, lhs, _scaled(scale, body))

    def backward(self) -> dict[str, Sym]:
        p, units = self.p, self.p.units
        last = len(p.layers) - 1
        error_template = derivatives.loss_error(p.loss, len(p.outputs), p.delta_convention)
        errors = []
        for u in p.outputs:
            kind = "err" if p.delta_convention == "error" else "dEdy"
            lhs = Sym(sid.error(u), kind, (u,))
            formula = ex.substitute(error_template, {"_t": Sym(sid.t(u), "t", (u,)), "_y": self.input_of(last, u)})
            errors.append((self.add(lhs.key, "error", "backward", last, lhs, formula), formula))
        deltas: dict[str, Sym] = {}
        output = p.output_activation
        outs = [self.input_of(last, v) for v in p.outputs]
        for u in p.outputs:
            self.derivative_step(last, u)
        for k, u in enumerate(p.outputs):
            lhs = Sym(sid.delta(u), "delta", (u,))
            if output.coupled:
                weighted_template = derivatives.loss_error_weighted(p.loss, len(p.outputs), p.delta_convention)
                weighted = [ex.substitute(weighted_template, {"_t": Sym(sid.t(v), "t", (v,)), "_y": y})
                            for v, y in zip(p.outputs, outs)]
                formula: ex.Expr = output.delta_formula(k, outs, weighted)
            else:
                formula = self.with_derivative(last, u, errors[k][1])
            deltas[u] = self.add(lhs.key, "delta", "backward", last, lhs, formula)
        for l in range(last - 1, 0, -1):
            signals = {}
            for u in units[l]:
                signals[u] = p.layer_kind.backward_signal([Sym(weight_key(u, v), "w", (u, v)) for v in units[l + 1]],
                                                          [deltas[v] for v in units[l + 1]])
                # the back-propagated error Σ_k w_uk δ_k on its own line (−∂E/∂y_u; ∂E/∂y_u with δ = ∂E/∂net)
                error = Sym(sid.error(u), "err_hidden" if p.delta_convention == "error" else "dEdy_hidden", (u,))
                self.add(error.key, "error", "backward", l, error, signals[u])
            for u in units[l]:
                self.derivative_step(l, u)
            for u in units[l]:
                signal = signals[u]
                lhs = Sym(sid.delta(u), "delta", (u,))
                deltas[u] = self.add(lhs.key, "delta", "backward", l, lhs, self.with_derivative(l, u, signal))
        return deltas

    def derivative_step(self, l: int, unit: str) -> None:
        """f′(net) of `unit` on its own line before its δ, where the activation has a derivative to show."""
        activation = self.p.activation(l)
        if activation.linear or activation.coupled:
            return
        derivative = derivatives.activation_derivative(self.p.activations[l - 1])
        derivative = ex.substitute(derivative, {"_out": self.input_of(l, unit), "_net": Sym(sid.net(unit), "net", (unit,))})
        lhs = Sym(sid.fprime(unit), "fprime", (unit,))
        self.add(lhs.key, "fprime", "backward", l, lhs, derivative)

    def with_derivative(self, l: int, unit: str, signal: ex.Expr) -> ex.Expr:
        """f'(net) × signal, with f' written as sympy derived it (σ' = y(1 − y)); no "1 ×"."""
        derivative = derivatives.activation_derivative(self.p.activations[l - 1])
        derivative = ex.substitute(derivative, {"_out": self.input_of(l, unit), "_net": Sym(sid.net(unit), "net", (unit,))})
        if derivative == ex.num(1):
            return signal
        factors = derivative.factors if isinstance(derivative, Mul) else (derivative,)
        return Mul(factors + (signal,))

    def update(self, deltas: dict[str, Sym]) -> None:
        p, units, layer = self.p, self.p.units, self.p.layer_kind
        for l in range(1, len(p.layers)):
            for j, target in enumerate(units[l]):
                delta = deltas[target]
                for i, source in enumerate(units[l - 1]):
                    ids = (source, target)
                    factors = layer.weight_gradient_factors(delta, self.input_of(l - 1, source))
                    self.update_parameter(l, "w", ids, ids, factors, WEIGHT_KINDS)
                if p.biases is not None and p.update_biases and not p.shared_bias:
                    self.update_parameter(l, "b", (target,), (target,), layer.bias_gradient_factors(delta), BIAS_KINDS)
            if p.biases is not None and p.update_biases and p.shared_bias:
                # One bias shared by the units of layer l: its gradient is the sum over those units.
                shared = [deltas[u] for u in units[l]]
                total: ex.Expr = shared[0] if len(shared) == 1 else Add(tuple(shared))
                self.update_parameter(l, "b", (layer_bias(l),), (str(l),), layer.bias_gradient_factors(total),
                                      SHARED_BIAS_KINDS)

    def update_parameter(self, l: int, parameter: str, names: tuple[str, ...], ids: tuple[str, ...],
                         factors: tuple[ex.Expr, ...], kinds: tuple[str, str, str, str, str]) -> None:
        """∂E/∂p, the change Δp (plus momentum) and the new value p + Δp of one weight ("w", names A, B) or
        bias ("b", name U or L2); `factors` multiply to ∂E/∂net × ∂net/∂p (δ y for a weight, δ for a bias)."""
        grad_kind = kinds[0]
        error_convention = self.p.delta_convention == "error"
        gradient = factors[0] if len(factors) == 1 else Mul(factors)
        grad_id = sid.parameter_keys(parameter, *names)[0]
        grad = self.add(grad_id, "grad", "update", l, Sym(grad_id, grad_kind, ids),
                        Neg(gradient) if error_convention else gradient)
        if self.p.learning_rate is None:  # a gradient-only problem stops here
            return
        step = Mul((LEARNING_RATE, *factors))
        self.apply_rule(l, parameter, names, ids, grad, step if error_convention else Neg(step), kinds)

    def apply_rule(self, l: int, parameter: str, names: tuple[str, ...], ids: tuple[str, ...], grad: Sym,
                   step: ex.Expr, kinds: tuple[str, str, str, str, str], group: str = "") -> None:
        """The update rule's state steps (m, v, m̂, v̂, decay, l1), the change Δp and the new value of one
        parameter, from its gradient `grad`; `step` is −η ∂E/∂p as plain descent writes it."""
        _, change_kind, previous_kind, new_kind, old_kind = kinds
        _, change_id, previous_id, new_id, given_id = sid.parameter_keys(parameter, *names)
        rule = self.p.update_rule
        old = Sym(given_id, old_kind, ids)
        previous = {"dw": Sym(previous_id, previous_kind, ids)}
        previous.update({r: Sym(sid.previous_state_key(r, parameter, *names), f"{r}_prev:{old_kind}", ids)
                         for r in rule.carried if r != "dw"})
        current = {r: Sym(sid.state_key(r, parameter, *names), f"{r}:{old_kind}", ids) for r in rule.roles}
        slots = Slots(grad, old, previous, current, step)
        for role in rule.roles:
            self.add(current[role].key, STATE_KINDS[role], "update", l, current[role], rule.formula(role, slots),
                     group=group)
        change = self.add(change_id, "dw", "update", l, Sym(change_id, change_kind, ids), rule.change(slots), group=group)
        self.add(new_id, "weight", "update", l, Sym(new_id, new_kind, ids), Add((old, change)), group=group)


def _scaled(scale: Fraction, body: ex.Expr) -> ex.Expr:
    """`body` times the loss's constant, written as a person would: −body, body, ½ body."""
    if scale == -1:
        return Neg(body)
    if scale == 1:
        return body
    return Mul((ex.Num(Fraction(scale)), body))


def derive(problem: Problem, sample: int = 0, rounding: Rounding | None = None,
           params: dict[str, float] | None = None) -> Derivation:
    """Every step of one training step on sample `sample`, then the forward pass with the new weights
    (without a learning rate: up to the gradients).

    `params` (keyed as `initial_parameters` returns them) replaces the problem's weights and biases,
    so that later iterations start from earlier results. `rounding` defaults to the problem's [rounding].
    """
    if problem.recurrent_layer is not None:  # unrolled through time: backpropagation through time
        from stepcalc.engine.recurrent import derive_recurrent

        return derive_recurrent(problem, sample, rounding, params)
    rounding = rounding or problem.rounding
    if problem.conv is not None:
        from stepcalc.engine.convolution import derive_convolutional

        return derive_convolutional(problem, sample, rounding, initial_parameters(problem) if params is None else params)
    b = _Builder(problem, sample, rounding, initial_parameters(problem) if params is None else params)
    outs = b.forward("forward", new=False)
    b.loss(outs, "loss", Sym("loss", "E"), "loss")
    deltas = b.backward()
    b.update(deltas)
    if problem.learning_rate is not None:
        outs_after = b.forward("after", new=True)
        b.loss(outs_after, "loss_after", Sym("loss_after", "E_new"), "after")
    return Derivation(problem, sample, rounding, tuple(b.steps), b.values)


def batch_inputs(d: Derivation) -> dict[str, str]:
    """What a batch update reads from one sample's pass: its key there (sK.loss, sK.grad.A.B) → the pass's own."""
    return {sid.in_sample(d.sample + 1, key): key for key in ["loss"] + [s.id for s in d.steps if s.kind == "grad"]}


def batch_update(passes: tuple[Derivation, ...], rounding: Rounding | None = None,
                 params: dict[str, float] | None = None) -> Derivation:
    """One update from several samples' passes (all at the same `params`): their losses and
    gradients summed (mse: averaged over the samples, as its loss is a mean), then Δw and the new weights.

    Per-sample values enter as `sK.loss`, `sK.grad.A.B`, `sK.grad.b.U` or `sK.grad.b.L2` (K = the sample's
    number, from 1). Biases kept fixed (update_biases = false) get no steps; a shared bias gets the sum
    of its per-sample gradients, each already summed over the layer's units.
    """
    first = passes[0]
    p = first.problem
    rounding = rounding or first.rounding
    b = _Builder(p, first.sample, rounding, initial_parameters(p) if params is None else params)
    numbers = [d.sample + 1 for d in passes]
    for d in passes:
        for key, own in batch_inputs(d).items():
            b.values[key] = d.values[own]

    def total(key: str, kind: str, units: tuple[str, ...]) -> ex.Expr:
        terms = Add(tuple(Sym(sid.in_sample(k, key), kind, units + (str(k),)) for k in numbers))
        return Mul((ex.Num(Fraction(1, len(numbers))), terms)) if p.loss_function.batch_mean else terms

    last = len(p.layers) - 1
    b.add("loss", "loss", "loss", last, Sym("loss", "E"), total("loss", "E_s", ()))
    units = p.units
    for l in range(1, len(p.layers)):
        for target in units[l]:
            for source in units[l - 1]:
                ids = (source, target)
                grad_id = sid.grad_weight(*ids)
                grad = b.add(grad_id, "grad", "update", l, Sym(grad_id, "grad", ids),
                             total(grad_id, "grad_s", ids))
                b.apply_rule(l, "w", ids, ids, grad, Neg(Mul((LEARNING_RATE, grad))), WEIGHT_KINDS)
            if p.biases is not None and p.update_biases and not p.shared_bias:
                batch_bias(b, l, target, (target,), "grad_b", "db", "b", total(sid.grad_bias(target), "grad_bs", (target,)))
        if p.biases is not None and p.update_biases and p.shared_bias:
            name = layer_bias(l)
            batch_bias(b, l, name, (str(l),), "grad_b_layer", "db_layer", "b_layer",
                       total(sid.grad_bias(name), "grad_b_layer_s", (str(l),)))
    if p.conv is not None:
        from stepcalc.engine.convolution import batch_kernels

        batch_kernels(b, total)
    return Derivation(p, first.sample, rounding, tuple(b.steps), b.values)


def batch_bias(b: _Builder, l: int, name: str, ids: tuple[str, ...], grad_kind: str, change_kind: str, kind: str,
               summed: ex.Expr) -> None:
    """A bias's batch update: the summed gradient, Δb (with momentum) and the new bias; `name` is a
    unit, or the layer (L2) of a shared bias."""
    grad_id = sid.grad_bias(name)
    grad = b.add(grad_id, "grad", "update", l, Sym(grad_id, grad_kind, ids), summed)
    b.apply_rule(l, "b", (name,), ids, grad, Neg(Mul((LEARNING_RATE, grad))),
                 (grad_kind, change_kind, change_kind + "_prev", kind + "_new", kind))
