"""Where the formulas come from: E written out, and for one weight per layer the chain rule taken
apart down to the delta-rule form (∂E/∂w = −δ_j y_i).

Every local derivative is sympy's (through `derivatives`: ∂E/∂y of the loss, f'(net) of the
activation, ∂net/∂w and ∂net/∂y of a weighted sum); this module only places them onto the units of
the network, as expression trees that the printers write in the chosen notation.
"""
from __future__ import annotations

from dataclasses import dataclass

from stepcalc.engine import derivatives
from stepcalc.engine import expr as ex
from stepcalc import ids as sid
from stepcalc.engine.derive import Derivation, weight_key
from stepcalc.engine.expr import Add, Mul, Neg, Sym
from stepcalc.engine.numbers import Value


@dataclass(frozen=True)
class Equation:
    """lhs = sides[0] = sides[1] = …"""

    lhs: ex.Expr
    sides: tuple[ex.Expr, ...]
    note: str = ""


@dataclass(frozen=True)
class Part:
    layer: int  # the layer whose incoming weight is derived (0: the error itself)
    equations: tuple[Equation, ...]


def _product(*factors: ex.Expr) -> ex.Expr:
    """Factors multiplied as written by hand: nested products flattened, factors of 1 left out."""
    flat: list[ex.Expr] = []
    for f in factors:
        flat.extend(f.factors if isinstance(f, Mul) else (f,))
    flat = [f for f in flat if f != ex.num(1)] or [ex.num(1)]
    return flat[0] if len(flat) == 1 else Mul(tuple(flat))


def _output(units: tuple[tuple[str, ...], ...], layer: int, unit: str) -> Sym:
    return Sym(sid.x(unit), "x", (unit,)) if layer == 0 else Sym(sid.out(unit), "out", (unit,))


class _Parts:
    def __init__(self, d: Derivation) -> None:
        self.d = d
        self.p = d.problem
        self.gradient = self.p.delta_convention == "gradient"

    def delta_form(self, delta: Sym, signal: Sym) -> ex.Expr:
        """∂E/∂w in the delta rule's words: −δ_j y_i (δ = −∂E/∂net) or δ_j y_i (δ = ∂E/∂net)."""
        product = Mul((delta, signal))
        return product if self.gradient else Neg(product)

    def dE_dnet(self, delta: Sym) -> ex.Expr:
        return delta if self.gradient else Neg(delta)

    def coupled_dE_dnet(self, factor_net: Sym, delta: Sym) -> list[Equation]:
        """∂E/∂net_k of a coupled (softmax) output, taken apart: the Jacobian entries ∂y_j/∂net_k of the
        activation, then Σ_j ∂E/∂y_j · ∂y_j/∂net_k with the loss's own ∂E/∂y_j (sympy's)."""
        p = self.p
        outputs = p.units[-1]
        k = outputs[0]
        outs = [Sym(sid.out(u), "out", (u,)) for u in outputs]
        activation = p.output_activation
        jacobians = [jacobian_symbol(j, k) for j in outputs]
        equations = [Equation(symbol, (activation.jacobian(outs, j, 0),),
                              "softmax couples the outputs: each depends on every net input" if j == 0 else "")
                     for j, symbol in enumerate(jacobians)]
        dE_dy = loss_gradients(self.d)
        named = Add(tuple(Mul((Sym(sid.chain_dE_dout(u), "dE_dout", (u,)), jac)) for u, jac in zip(outputs, jacobians)))
        summed = Add(tuple(_product(dE_dy[u], activation.jacobian(outs, j, 0)) for j, u in enumerate(outputs)))
        # the δ step's own formula (y cancelled by sympy where it divides), as ∂E/∂net
        gathered = self.d.step(delta.key).formula
        sides: list[ex.Expr] = [named, summed, gathered if self.gradient else Neg(gathered)]
        note = "the sum runs over every output"
        if p.loss == "cross_entropy" and all(sorted(s.t) == [0] * (len(s.t) - 1) + [1] for s in p.samples):
            # a one-hot target vector sums to 1, which collapses the sum to y_k − t_k (soft targets
            # keep the general form: the page claims only what holds exactly)
            sides.append(ex.sub(outs[0], Sym(sid.t(k), "t", (k,))))
            note += "; the targets are one-hot, so they sum to 1"
        sides.append(self.dE_dnet(delta))
        equations.append(Equation(factor_net, tuple(sides), note))
        return equations

    def weight(self, l: int) -> Part:
        """The first weight into the first unit of layer l, taken apart by the chain rule."""
        p, units = self.p, self.p.units
        source, target = units[l - 1][0], units[l][0]
        out, net = _output(units, l, target), Sym(sid.net(target), "net", (target,))
        signal = _output(units, l - 1, source)
        delta = Sym(sid.delta(target), "delta", (target,))
        grad = Sym(sid.grad_weight(source, target), "grad", (source, target))
        dnet_dw = ex.substitute(derivatives.net_partial("w"), {"_source": signal})
        factor_w = Sym(sid.chain_dnet_dw(source, target), "dnet_dw", (source, target))
        equations = []
        last = len(p.layers) - 1
        if l == last and p.output_activation.coupled:  # the outputs are coupled: ∂E/∂net_j as a whole
            factor_net = Sym(sid.chain_dE_dnet(target), "dE_dnet", (target,))
            equations.extend(self.coupled_dE_dnet(factor_net, delta))
            equations.append(Equation(grad, (Mul((factor_net, factor_w)), _product(self.dE_dnet(delta), dnet_dw),
                                             self.delta_form(delta, signal))))
        else:
            factor_out = Sym(sid.chain_dE_dout(target), "dE_dout", (target,))
            factor_act = Sym(sid.chain_dout_dnet(target), "dout_dnet", (target,))
            derivative = derivatives.activation_derivative(p.activations[l - 1])
            derivative = ex.substitute(derivative, {"_out": out, "_net": net})
            if l == last:
                template = derivatives.loss_error(p.loss, len(p.outputs), "gradient")
                dE_dout = ex.substitute(template, {"_t": Sym(sid.t(target), "t", (target,)), "_y": out})
            else:
                # ∂E/∂y_j = Σ_k ∂E/∂net_k · ∂net_k/∂y_j, with ∂net_k/∂y_j = w_jk from sympy
                nexts = units[l + 1]
                through = [ex.substitute(derivatives.net_partial("source"), {"_w": Sym(weight_key(target, k), "w", (target, k))})
                           for k in nexts]
                named = Add(tuple(Mul((Sym(sid.chain_dE_dnet(k), "dE_dnet", (k,)), w)) for k, w in zip(nexts, through)))
                dE_dout = Add(tuple(Mul((self.dE_dnet(Sym(sid.delta(k), "delta", (k,))), w)) for k, w in zip(nexts, through)))
                equations.append(Equation(factor_out, (named, dE_dout)))
            equations.append(Equation(grad, (Mul((factor_out, factor_act, factor_w)),
                                             _product(dE_dout, derivative, dnet_dw),
                                             self.delta_form(delta, signal))))
        equations.append(Equation(delta, (self.d.step(sid.delta(target)).formula,)))
        return Part(l, tuple(equations))


def jacobian_symbol(j: str, k: str) -> Sym:
    """∂y_j/∂net_k of a coupled output layer: a quantity of the derivation only, never a step."""
    return Sym(f"{sid.chain_dout_dnet(j)}.{k}", "dout_dnet_k", (j, k))


def loss_gradients(d: Derivation) -> dict[str, ex.Expr]:
    """∂E/∂y of each output (sympy's, from the loss), placed on the output units."""
    p = d.problem
    template = derivatives.loss_error(p.loss, len(p.outputs), "gradient")
    return {u: ex.substitute(template, {"_t": Sym(sid.t(u), "t", (u,)), "_y": Sym(sid.out(u), "out", (u,))})
            for u in p.units[-1]}


def derivation_values(d: Derivation, values: dict[str, Value]) -> dict[str, Value]:
    """`values` with the quantities only the derivation names: a coupled output layer's ∂E/∂y_j and
    Jacobian entries ∂y_j/∂net_k (k its first unit)."""
    p = d.problem
    values = dict(values)
    if not p.output_activation.coupled or p.recurrent_layer is not None:
        return values
    outputs = p.units[-1]
    outs = [Sym(sid.out(u), "out", (u,)) for u in outputs]
    for u, formula in loss_gradients(d).items():
        values[sid.chain_dE_dout(u)] = ex.evaluate(formula, values)
    for j, u in enumerate(outputs):
        values[jacobian_symbol(u, outputs[0]).key] = ex.evaluate(p.output_activation.jacobian(outs, j, 0), values)
    return values


def derivation_parts(d: Derivation) -> tuple[Part, ...]:
    """E written out, then one weight per layer from the output layer back to the first."""
    parts = _Parts(d)
    loss = d.step("loss")
    first = Part(0, (Equation(loss.lhs, (loss.formula,)),))
    return (first,) + tuple(parts.weight(l) for l in range(len(d.problem.layers) - 1, 0, -1))
