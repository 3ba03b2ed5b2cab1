"""Backpropagation through time: a recurrent problem → a `Derivation` of the unrolled network.

The forward pass runs through the time steps (hidden layer, then output layer, at each step); the
per-step losses add up to E. The backward pass runs from the last step to the first: the output δ at
t, then the hidden δ at t, which gathers the output δs at t and the hidden δs at t + 1 through the
recurrent weights, then that step's contribution to each gradient. Each gradient is the sum of its
contributions; the updates and the forward pass with the new weights follow. Formulas come from the
layer kind (`concepts.layers.Recurrent`) and sympy's derivatives, as for a dense network.
"""
from __future__ import annotations

from fractions import Fraction

from stepcalc import ids as sid
from stepcalc.engine import derivatives
from stepcalc.engine import expr as ex
from stepcalc.engine.derivation import Equation
from stepcalc.engine.derive import LEARNING_RATE, Derivation, Step, _Builder, initial_parameters
from stepcalc.engine.expr import Add, Mul, Neg, Sym
from stepcalc.engine.numbers import Rounding
from stepcalc.notation import TIME_MARK
from stepcalc.problem.recurrent import SequenceSample
from stepcalc.problem.validate import Problem

HIDDEN, OUTPUT = 1, 2  # the layers' indices


def timed(key: str, kind: str, step: int, *units: str) -> Sym:
    """The symbol of `key` at time step `step` (t2.out.h1, written y_h1(2))."""
    return Sym(sid.at_time(step, key), kind + TIME_MARK, units + (str(step),))


def backward_window(problem: Problem, steps: int) -> range:
    """The time steps the backward pass covers, last first: all, or the last `truncate` of them."""
    first = 1 if problem.truncate is None else max(1, steps - problem.truncate + 1)
    return range(steps, first - 1, -1)


class _Unrolled(_Builder):
    def __init__(self, problem: Problem, sample: int, rounding: Rounding, params: dict[str, float]) -> None:
        self.p = problem
        self.rounding = rounding
        self.steps = []
        self.values = {sid.LEARNING_RATE: problem.learning_rate}
        seq = problem.samples[sample]
        assert isinstance(seq, SequenceSample)
        self.seq = seq
        inputs, hidden, outputs = problem.units
        for step, (xs, ts) in enumerate(zip(seq.xs, seq.ts), start=1):
            self.values.update({sid.at_time(step, sid.x(u)): v for u, v in zip(inputs, xs)})
            if ts is not None:
                self.values.update({sid.at_time(step, sid.t(u)): v for u, v in zip(outputs, ts)})
        self.values.update({sid.at_time(0, sid.out(h)): v for h, v in zip(hidden, problem.h0)})
        self.start_rule()
        self.values.update(params)

    # --- symbols -------------------------------------------------------------------------------
    def weight(self, a: str, b: str, new: bool) -> Sym:
        return Sym(sid.new_weight(a, b), "w_new", (a, b)) if new else Sym(sid.given_weight(a, b), "w", (a, b))

    def recurrent_weight(self, a: str, b: str, new: bool) -> Sym:
        return Sym(sid.new_recurrent(a, b), "u_new", (a, b)) if new else Sym(sid.given_recurrent(a, b), "u", (a, b))

    def unit_bias(self, unit: str, new: bool) -> Sym | None:
        if self.p.biases is None:
            return None
        if new and self.p.update_biases:
            return Sym(sid.new_bias(unit), "b_new", (unit,))
        return Sym(sid.given_bias(unit), "b", (unit,))

    def output(self, unit: str, step: int, new: bool) -> Sym:
        """y_U(t); the initial state y_H(0) is given, the same before and after the update."""
        if step == 0:
            return timed(sid.out(unit), "out", 0, unit)
        return timed(sid.after(sid.out(unit)) if new else sid.out(unit), "out_new" if new else "out", step, unit)

    def input_at(self, unit: str, step: int) -> Sym:
        return timed(sid.x(unit), "x", step, unit)

    def target_at(self, unit: str, step: int) -> Sym:
        return timed(sid.t(unit), "t", step, unit)

    def has_target(self, step: int) -> bool:
        return self.seq.ts[step - 1] is not None

    # --- the passes ----------------------------------------------------------------------------
    def unrolled_forward(self, section: str, new: bool) -> None:
        p = self.p
        inputs, hidden, outputs = p.units
        layer = p.recurrent_layer
        assert layer is not None
        net_kind, loss_section = ("net_new", "after") if new else ("net", "loss")
        for step in range(1, self.seq.steps + 1):
            xs = [self.input_at(u, step) for u in inputs]
            previous = [self.output(k, step - 1, new) for k in hidden]
            nets = []
            for h in hidden:
                formula = layer.net_formula([self.weight(i, h, new) for i in inputs], xs,
                                            [self.recurrent_weight(k, h, new) for k in hidden], previous,
                                            self.unit_bias(h, new))
                nets.append(self.timed_step(sid.net(h), net_kind, step, h, HIDDEN, section, formula, new))
            self.timed_activation(HIDDEN, hidden, nets, step, section, new)
            states = [self.output(h, step, new) for h in hidden]
            nets = []
            for o in outputs:
                formula = p.layer_kind.net_formula([self.weight(h, o, new) for h in hidden], states,
                                                   self.unit_bias(o, new))
                nets.append(self.timed_step(sid.net(o), net_kind, step, o, OUTPUT, section, formula, new))
            self.timed_activation(OUTPUT, outputs, nets, step, section, new)
        losses = []
        for step in range(1, self.seq.steps + 1):
            if self.has_target(step):
                losses.append(self.step_loss(step, loss_section, new))
        total: ex.Expr = losses[0] if len(losses) == 1 else Add(tuple(losses))
        key, kind = (sid.LOSS_AFTER, "E_new") if new else (sid.LOSS, "E")
        self.add(key, "loss", loss_section, OUTPUT, Sym(key, kind), total)

    def timed_step(self, key: str, kind: str, step: int, unit: str, layer: int, section: str, formula: ex.Expr,
                   new: bool, expansion: ex.Expr | None = None, rounding_kind: str = "net") -> Sym:
        lhs = timed(sid.after(key) if new else key, kind, step, unit)
        return self.add(lhs.key, rounding_kind, section, layer, lhs, formula, expansion)

    def timed_activation(self, l: int, units: tuple[str, ...], nets: list[Sym], step: int, section: str,
                         new: bool) -> None:
        activation = self.p.activation(l)
        for j, unit in enumerate(units):
            expansion = None
            if activation.show_explicit:
                expansion = ex.substitute(derivatives.activation_explicit(activation.name), {"_net": nets[j]})
            self.timed_step(sid.out(unit), "out_new" if new else "out", step, unit, l, section,
                            activation.out_formula(nets, j), new, expansion, "out")

    def step_loss(self, step: int, section: str, new: bool) -> Sym:
        """E(t): the problem's loss over the outputs at time step t."""
        p = self.p
        template = derivatives.loss_term(p.loss)
        terms = [ex.substitute(template, {"_t": self.target_at(u, step), "_y": self.output(u, step, new)})
                 for u in p.outputs]
        body: ex.Expr = terms[0] if len(terms) == 1 else Add(tuple(terms))
        scale = p.loss_function.scale(len(terms))
        formula: ex.Expr = Neg(body) if scale == -1 else body if scale == 1 else Mul((ex.Num(Fraction(scale)), body))
        key = sid.at_time(step, sid.LOSS_AFTER if new else sid.LOSS)
        return self.add(key, "loss", section, OUTPUT, Sym(key, ("E_new" if new else "E") + TIME_MARK, (str(step),)),
                        formula)

    def slope_times(self, l: int, unit: str, step: int, signal: ex.Expr) -> ex.Expr:
        """f'(net(t)) × signal, with f' as sympy derived it; no "1 ×"."""
        derivative = derivatives.activation_derivative(self.p.activations[l - 1])
        derivative = ex.substitute(derivative, {"_out": self.output(unit, step, False),
                                                "_net": timed(sid.net(unit), "net", step, unit)})
        if derivative == ex.num(1):
            return signal
        factors = derivative.factors if isinstance(derivative, Mul) else (derivative,)
        return Mul(factors + (signal,))

    def contribution(self, step: int, grad_key: str, kind: str, units: tuple[str, ...], l: int,
                     factors: tuple[ex.Expr, ...]) -> ex.Expr:
        """One time step's share of a gradient as a step (t2.grad.A.B); returns its product, for the sum."""
        product: ex.Expr = factors[0] if len(factors) == 1 else Mul(factors)
        if self.p.delta_convention == "error":
            product = Neg(product)
        key = sid.at_time(step, grad_key)
        self.add(key, "grad", "backward", l, Sym(key, kind + TIME_MARK, units + (str(step),)), product)
        return product

    def unrolled_backward(self) -> dict[str, list[ex.Expr]]:
        """The δs from the last time step back, and each step's contributions: grad id → their products."""
        p = self.p
        inputs, hidden, outputs = p.units
        layer = p.recurrent_layer
        assert layer is not None
        error_template = derivatives.loss_error(p.loss, len(outputs), p.delta_convention)
        output = p.output_activation
        error_kind = "err" if p.delta_convention == "error" else "dEdy"
        contributions: dict[str, list[ex.Expr]] = {}
        later: list[Sym] = []
        biases = p.biases is not None and p.update_biases

        def share(step: int, grad_key: str, kind: str, units: tuple[str, ...], l: int, *factors: ex.Expr) -> None:
            contributions.setdefault(grad_key, []).append(self.contribution(step, grad_key, kind, units, l, factors))

        for step in backward_window(p, self.seq.steps):
            deltas_out: list[Sym] = []
            if self.has_target(step):
                outs = [self.output(v, step, False) for v in outputs]
                errors = []
                for u, y in zip(outputs, outs):
                    formula = ex.substitute(error_template, {"_t": self.target_at(u, step), "_y": y})
                    self.timed_step(sid.error(u), error_kind, step, u, OUTPUT, "backward", formula, False,
                                    rounding_kind="error")
                    errors.append(formula)
                for k, u in enumerate(outputs):
                    if output.coupled:
                        weighted_template = derivatives.loss_error_weighted(p.loss, len(outputs), p.delta_convention)
                        weighted = [ex.substitute(weighted_template, {"_t": self.target_at(v, step), "_y": y})
                                    for v, y in zip(outputs, outs)]
                        formula = output.delta_formula(k, outs, weighted)
                    else:
                        formula = self.slope_times(OUTPUT, u, step, errors[k])
                    deltas_out.append(self.timed_step(sid.delta(u), "delta", step, u, OUTPUT, "backward", formula,
                                                      False, rounding_kind="delta"))
            deltas_hidden = []
            for h in hidden:
                signal = layer.backward_signal([self.weight(h, o, False) for o in outputs] if deltas_out else [],
                                               deltas_out, [self.recurrent_weight(h, m, False) for m in hidden]
                                               if later else [], later)
                deltas_hidden.append(self.timed_step(sid.delta(h), "delta", step, h, HIDDEN, "backward",
                                                     self.slope_times(HIDDEN, h, step, signal), False,
                                                     rounding_kind="delta"))
            for h, delta in zip(hidden, deltas_hidden):
                for i in inputs:
                    share(step, sid.grad_weight(i, h), "grad", (i, h), HIDDEN,
                          *layer.contribution_factors(delta, self.input_at(i, step)))
                for k in hidden:
                    share(step, sid.grad_recurrent(k, h), "grad_u", (k, h), HIDDEN,
                          *layer.contribution_factors(delta, self.output(k, step - 1, False)))
                if biases:
                    share(step, sid.grad_bias(h), "grad_b", (h,), HIDDEN, delta)
            for o, delta in zip(outputs, deltas_out):
                for h in hidden:
                    share(step, sid.grad_weight(h, o), "grad", (h, o), OUTPUT,
                          *p.layer_kind.weight_gradient_factors(delta, self.output(h, step, False)))
                if biases:
                    share(step, sid.grad_bias(o), "grad_b", (o,), OUTPUT, delta)
            later = deltas_hidden
        return contributions

    def unrolled_update(self, contributions: dict[str, list[ex.Expr]]) -> None:
        """∂E/∂p as the sum of its contributions over time, then Δp = −η ∂E/∂p (the update rule's) and p + Δp."""
        p = self.p
        inputs, hidden, outputs = p.units
        biases = p.biases is not None and p.update_biases
        order: list[tuple[str, tuple[str, ...], int, tuple[str, str, str, str, str]]] = []
        for h in hidden:
            order += [("w", (i, h), HIDDEN, ("grad", "dw", "dw_prev", "w_new", "w")) for i in inputs]
            order += [("u", (k, h), HIDDEN, ("grad_u", "du", "du_prev", "u_new", "u")) for k in hidden]
            if biases:
                order.append(("b", (h,), HIDDEN, ("grad_b", "db", "db_prev", "b_new", "b")))
        for o in outputs:
            order += [("w", (h, o), OUTPUT, ("grad", "dw", "dw_prev", "w_new", "w")) for h in hidden]
            if biases:
                order.append(("b", (o,), OUTPUT, ("grad_b", "db", "db_prev", "b_new", "b")))
        for parameter, names, l, (grad_kind, change_kind, previous_kind, new_kind, old_kind) in order:
            grad_id, change_id, previous_id, new_id, given_id = sid.parameter_keys(parameter, *names)
            terms = contributions.get(grad_id, [])
            total: ex.Expr = terms[0] if len(terms) == 1 else Add(tuple(terms)) if terms else ex.num(0)
            grad = self.add(grad_id, "grad", "update", l, Sym(grad_id, grad_kind, names), total)
            self.apply_rule(l, parameter, names, names, grad, Neg(Mul((LEARNING_RATE, grad))),
                            (grad_kind, change_kind, previous_kind, new_kind, old_kind))


def derive_recurrent(problem: Problem, sample: int = 0, rounding: Rounding | None = None,
                     params: dict[str, float] | None = None) -> Derivation:
    """Every step of one BPTT training step on sequence `sample`, then the forward pass with the new
    weights; `params` (keyed as `initial_parameters` returns them) replaces the problem's parameters."""
    rounding = rounding or problem.rounding
    b = _Unrolled(problem, sample, rounding, initial_parameters(problem) if params is None else params)
    b.unrolled_forward("forward", new=False)
    b.unrolled_update(b.unrolled_backward())
    b.unrolled_forward("after", new=True)
    return Derivation(problem, sample, rounding, tuple(b.steps), b.values)


def recurrent_derivation_parts(d: Derivation) -> tuple[tuple[str, tuple[Equation, ...]], ...]:
    """Where the BPTT formulas come from, on this network's own units: E as the sum over time, one
    weight into the output layer, the recursion of a hidden δ (through the output at t and the
    hidden layer at t + 1), and one recurrent weight, each gradient a sum over the time steps.
    The local derivatives are sympy's: f'(net), ∂E/∂y of the loss, and ∂net/∂w = y, ∂net/∂y = w of
    a weighted sum (a recurrent net input is one too: u_ij y_i(t−1) + the rest)."""
    p = d.problem
    inputs, hidden, outputs = p.units
    error = p.delta_convention == "error"
    steps = max(sid.parse(s.id).time or 0 for s in d.steps)
    window = list(backward_window(p, steps))
    loss = d.step(sid.LOSS)
    parts = [("The error, summed over the time steps", (Equation(loss.lhs, (loss.formula,)),))]

    def dE_dnet(unit: str, step: int) -> Sym:
        return timed(sid.chain_dE_dnet(unit), "dE_dnet", step, unit)

    def delta(unit: str, step: int) -> Sym:
        return timed(sid.delta(unit), "delta", step, unit)

    def as_delta(unit: str, step: int) -> ex.Expr:
        return Neg(delta(unit, step)) if error else delta(unit, step)

    def source_output(unit: str, step: int) -> Sym:
        return timed(sid.out(unit), "out", step, unit)

    def weight_part(title: str, grad: Step, target: str, factor: Sym, source_at: "dict[int, ex.Expr]") -> None:
        steps_used = [t for t in window if sid.at_time(t, grad.id) in d.values]
        dnet_dw = derivatives.net_partial("w")
        chain = Add(tuple(Mul((dE_dnet(target, t), timed(factor.key, factor.kind, t, *factor.units)))
                          for t in steps_used))
        placed = Add(tuple(Mul((dE_dnet(target, t), ex.substitute(dnet_dw, {"_source": source_at[t]})))
                           for t in steps_used))
        parts.append((title, (Equation(grad.lhs, (chain, placed, grad.formula)),)))

    a, o = hidden[0], outputs[0]
    weight_part("A weight into the output layer", d.step(sid.grad_weight(a, o)), o,
                Sym(sid.chain_dnet_dw(a, o), "dnet_dw", (a, o)), {t: source_output(a, t) for t in window})

    # the recursion, at the earliest step that has both an output δ and a later hidden δ
    h = hidden[0]
    step = next((t for t in window if t + 1 in window and sid.at_time(t, sid.delta(o)) in d.values),
                window[-1])
    through = ex.substitute(derivatives.net_partial("source"), {})
    named: list[ex.Expr] = []
    numbered: list[ex.Expr] = []
    if sid.at_time(step, sid.delta(o)) in d.values:
        for k in outputs:
            w = ex.substitute(through, {"_w": Sym(sid.given_weight(h, k), "w", (h, k))})
            named.append(Mul((dE_dnet(k, step), w)))
            numbered.append(Mul((as_delta(k, step), w)))
    if step + 1 in window:
        for m in hidden:
            u = ex.substitute(through, {"_w": Sym(sid.given_recurrent(h, m), "u", (h, m))})
            named.append(Mul((dE_dnet(m, step + 1), u)))
            numbered.append(Mul((as_delta(m, step + 1), u)))
    dE_dout = timed(sid.chain_dE_dout(h), "dE_dout", step, h)
    slope = timed(sid.chain_dout_dnet(h), "dout_dnet", step, h)
    derivative = ex.substitute(derivatives.activation_derivative(p.activations[0]),
                               {"_out": source_output(h, step), "_net": timed(sid.net(h), "net", step, h)})
    hidden_delta = d.step(sid.at_time(step, sid.delta(h)))
    parts.append((f"The recursion of a hidden delta (time step {step})", (
        Equation(dE_dout, (Add(tuple(named)), Add(tuple(numbered)))),
        Equation(dE_dnet(h, step), (Mul((dE_dout, slope)), Mul((Add(tuple(numbered)), derivative)))),
        Equation(hidden_delta.lhs, (Neg(dE_dnet(h, step)) if error else dE_dnet(h, step), hidden_delta.formula)))))

    target = hidden[1] if len(hidden) > 1 else hidden[0]
    weight_part("A recurrent weight", d.step(sid.grad_recurrent(h, target)), target,
                Sym(sid.chain_dnet_dw(h, target), "dnet_du", (h, target)), {t: source_output(h, t - 1) for t in window})
    return tuple(parts)
