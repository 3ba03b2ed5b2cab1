"""Each gradient written as the chain rule, ∂E/∂w = ∂E/∂out · ∂out/∂net · ∂net/∂w, every factor a
formula of its own with its value (the "chain" layout of a notation style).

The factors are built from the same pieces as the engine's steps (the loss's ∂E/∂y and the
activation's f' as sympy derived them, the weights and outputs of the derivation) and evaluated
like them; the gradient's own value stays the engine's step value.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import AbstractSet

from stepcalc.engine import derivatives
from stepcalc.engine import expr as ex
from stepcalc import ids as sid
from stepcalc.engine.derive import Derivation, Step, weight_key
from stepcalc.engine.expr import Add, Mul, Neg, Sym


@dataclass(frozen=True)
class Factor:
    lhs: Sym
    formula: ex.Expr


@dataclass(frozen=True)
class Chain:
    step: Step
    product: ex.Expr  # over the factors' symbols
    definitions: tuple[Factor, ...]  # the factors first needed by this gradient, in order


class ChainBuilder:
    """Factors are defined once, the first time a gradient needs them; `values` holds their values."""

    def __init__(self, d: Derivation) -> None:
        self.d = d
        self.p = d.problem
        self.values = dict(d.values)
        self.defined: set[str] = set()
        self.pending: list[Factor] = []
        self.layer_of = {u: l for l, layer in enumerate(self.p.units) for u in layer}

    def define(self, key: str, kind: str, unit_names: tuple[str, ...], formula: ex.Expr) -> Sym:
        lhs = Sym(key, kind, unit_names)
        if key not in self.defined:
            value = ex.evaluate(formula, self.values)
            # a factor that is just another value (∂net/∂w = y_i) keeps that value's own rounding
            self.values[key] = value if isinstance(formula, Sym) else self.d.rounding.carry("grad", value)
            self.defined.add(key)
            self.pending.append(Factor(lhs, formula))
        return lhs

    def output_of(self, unit: str) -> Sym:
        l = self.layer_of[unit]
        return Sym(sid.x(unit), "x", (unit,)) if l == 0 else Sym(sid.out(unit), "out", (unit,))

    def is_softmax(self, unit: str) -> bool:
        return self.p.activation(self.layer_of[unit]).coupled

    def dE_dout(self, unit: str) -> Sym:
        l, last = self.layer_of[unit], len(self.p.layers) - 1
        if l == last:
            template = derivatives.loss_error(self.p.loss, len(self.p.outputs), "gradient")
            formula = ex.substitute(template, {"_t": Sym(sid.t(unit), "t", (unit,)), "_y": self.output_of(unit)})
        else:
            formula = Add(tuple(Mul((self.dE_dnet(v), Sym(weight_key(unit, v), "w", (unit, v))))
                                for v in self.p.units[l + 1]))
        return self.define(sid.chain_dE_dout(unit), "dE_dout", (unit,), formula)

    def dout_dnet(self, unit: str) -> Sym:
        derivative = derivatives.activation_derivative(self.p.activations[self.layer_of[unit] - 1])
        formula = ex.substitute(derivative, {"_out": self.output_of(unit), "_net": Sym(sid.net(unit), "net", (unit,))})
        return self.define(sid.chain_dout_dnet(unit), "dout_dnet", (unit,), formula)

    def dE_dnet(self, unit: str) -> Sym:
        if self.is_softmax(unit):  # softmax couples the outputs: ∂E/∂net is the engine's δ (up to sign)
            delta = Sym(sid.delta(unit), "delta", (unit,))
            formula: ex.Expr = delta if self.p.delta_convention == "gradient" else Neg(delta)
        else:
            formula = Mul((self.dE_dout(unit), self.dout_dnet(unit)))
        return self.define(sid.chain_dE_dnet(unit), "dE_dnet", (unit,), formula)

    def local(self, unit: str) -> tuple[Sym, ...]:
        """∂E/∂out_j · ∂out_j/∂net_j, or ∂E/∂net_j where the output is a softmax."""
        if self.is_softmax(unit):
            return (self.dE_dnet(unit),)
        return (self.dE_dout(unit), self.dout_dnet(unit))

    def chain(self, step: Step) -> Chain:
        self.pending = []
        units = step.lhs.units
        if step.lhs.kind == "grad":
            source, target = units
            local = self.local(target)
            factor = self.define(sid.chain_dnet_dw(source, target), "dnet_dw", (source, target), self.output_of(source))
            product: ex.Expr = Mul(local + (factor,))
        elif step.lhs.kind == "grad_b":  # ∂net/∂b = 1, left out; a threshold's ∂net/∂θ = −1 is written
            product = Mul(self.local(units[0]) + self.p.layer_kind.bias_factors())
        else:  # a layer's shared bias: the sum over its units
            layer = int(units[0])
            total: ex.Expr = Add(tuple(self.dE_dnet(u) for u in self.p.units[layer]))
            factors = self.p.layer_kind.bias_factors()
            product = Mul((total,) + factors) if factors else total
        return Chain(step, product, tuple(self.pending))


def gradient_chains(d: Derivation) -> tuple[dict[str, Chain], dict[str, float]]:
    """The chain of every gradient step, by step id, and the values of all the factors (none for a
    recurrent network, whose gradients are written as sums over time instead)."""
    if d.problem.recurrent_layer is not None:
        return {}, {}
    builder = ChainBuilder(d)
    chains = {s.id: builder.chain(s) for s in d.steps if s.kind == "grad"}
    return chains, builder.values


CHAIN_KIND = "chain"  # the steps' kind (and rounding class: a gradient's) of the chain-rule factors


def with_chain_steps(d: Derivation, claimed: AbstractSet[str] = frozenset()) -> Derivation:
    """`d` with each chain-rule factor a step of its own (kind "chain"), placed before the first
    gradient that needs it, and the factors' values added; for the JSON output and `check` of a
    chain-layout style. `d` itself is returned for a recurrent network (no chains).

    `claimed`: the step ids a claimant gave. A factor's formula is then written over the claimed
    factors, with each unclaimed factor replaced by its own formula, so that a factor or gradient
    worked from a claimant's wrong factor (or output) is carried; a gradient none of whose factors
    was claimed keeps the engine's formula (δ_j y_i), as in every other style."""
    if d.problem.recurrent_layer is not None:
        return d
    builder = ChainBuilder(d)
    inlined: dict[str, ex.Expr] = {}  # unclaimed factor → its formula over claimed factors and values
    steps: list[Step] = []
    for s in d.steps:
        if s.kind != "grad":
            steps.append(s)
            continue
        chain = builder.chain(s)
        for f in chain.definitions:
            key = f.lhs.key
            formula = ex.substitute(f.formula, inlined)
            if key not in claimed:
                inlined[key] = formula
            layer = builder.layer_of[f.lhs.units[-1]]
            steps.append(Step(key, CHAIN_KIND, s.section, layer, f.lhs, formula if claimed else f.formula,
                              builder.values[key]))
        product = ex.substitute(chain.product, inlined)
        if any(sym.key in claimed and sym.key in builder.defined for sym in ex.symbols(product)):
            s = replace(s, formula=product, expansion=None)
        steps.append(s)
    return replace(d, steps=tuple(steps), values=builder.values)
