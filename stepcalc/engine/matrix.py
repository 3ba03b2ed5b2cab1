"""The layer-by-layer matrix form of one training step (the "matrix" layout of a notation style):

    n^m = W^m a^{m−1} + b^m (or − θ^m, thresholds on a constant −1),   a^m = f^m(n^m),
    s^M = Ḟ^M(n^M) ∂F/∂a^M,   s^m = Ḟ^m(n^m) (W^{m+1})^T s^{m+1},
    W^m(1) = W^m(0) − α s^m (a^{m−1})^T,   b^m(1) = b^m(0) − α s^m   (+ γ ΔW^m_prev with momentum),

with s^m = ∂F/∂n^m the sensitivities and Ḟ^m(n^m) the derivative matrix (f'(n_j) on its diagonal). Each equation is a tree over matrix-valued symbols; every matrix holds the values
of the derivation's own steps (or of the chain-rule factors, for ∂F/∂a and f'), so the matrix lines
repeat the unit-by-unit results and never compute new ones.
"""
from __future__ import annotations

from dataclasses import dataclass

from stepcalc.engine import expr as ex
from stepcalc import ids as sid
from stepcalc.concepts.optimizers import Slots
from stepcalc.engine.derive import Derivation, bias_key, layer_bias
from stepcalc.engine.expr import Add, Call, Mul, Neg, Sym

Matrix = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class MatrixEquation:
    section: str  # forward, backward or update: where it is shown
    layer: int
    lhs: Sym
    formula: ex.Expr
    kind: str  # the rounding class of the result's entries


def _terms(e: ex.Expr) -> tuple[ex.Expr, ...]:
    return e.terms if isinstance(e, Add) else (e,)


def column(values: list[float]) -> Matrix:
    return tuple((v,) for v in values)


class _MatrixForm:
    def __init__(self, d: Derivation, chain_values: dict[str, float]) -> None:
        self.d = d
        self.p = d.problem
        self.v = chain_values  # the derivation's values and the chain-rule factors'
        self.matrices: dict[str, Matrix] = {}
        self.kinds: dict[str, str | None] = {}  # rounding class of each matrix's entries; None: given values

    def sym(self, key: str, kind: str, layer: int, value: Matrix, entry_kind: str | None) -> Sym:
        self.matrices[key] = value
        self.kinds[key] = entry_kind
        return Sym(key, kind, (str(layer),))

    def weights(self, m: int, new: bool = False, transposed: bool = False) -> Sym:
        units = self.p.units
        key = sid.new_weight if new else sid.given_weight
        # W^m has one row per unit of layer m: row i holds the weights into unit i
        rows = tuple(tuple(self.v[key(a, b)] for a in units[m - 1]) for b in units[m])
        if transposed:
            rows = tuple(zip(*rows))
        kind = "W_new" if new else "W_T" if transposed else "W"
        return self.sym(sid.matrix(kind, m), kind, m, rows, "weight" if new else None)

    def bias(self, m: int, new: bool = False) -> Sym:
        """b^m: one entry per unit, or the layer's one shared bias (a 1×1 matrix, spread by a vector of ones)."""
        units = self.p.units[m]
        names = [layer_bias(m)] if self.p.shared_bias else list(units)
        values = [self.v[sid.new_bias(n) if new else bias_key(n)] for n in names]
        kind = "b_vec_new" if new else "b_vec"
        return self.sym(sid.matrix(kind, m), kind, m, column(values), "weight" if new else None)

    def previous_changes(self, m: int, bias: bool = False) -> Sym:
        """ΔW^m or Δb^m of the previous update (momentum): the changes the engine's steps add α times."""
        units = self.p.units
        if bias:
            names = [layer_bias(m)] if self.p.shared_bias else list(units[m])
            return self.sym(sid.matrix("db_vec_prev", m), "db_vec_prev", m,
                            column([self.v[sid.previous_bias_change(n)] for n in names]), "dw")
        rows = tuple(tuple(self.v[sid.previous_weight_change(a, b)] for a in units[m - 1]) for b in units[m])
        return self.sym(sid.matrix("dW_prev", m), "dW_prev", m, rows, "dw")

    def with_momentum(self, terms: tuple[ex.Expr, ...], m: int, bias: bool = False) -> ex.Expr:
        rule = self.p.update_rule
        if not rule.remembers_changes:
            return Add(terms)
        # W − α s aᵀ + γ ΔW(prev): the rule's change written after the old value
        (old, step) = terms
        previous = self.previous_changes(m, bias)
        return Add((old,) + _terms(rule.change(Slots(None, old, {"dw": previous}, {}, step))))

    def ones(self, m: int, transposed: bool = False) -> Sym:
        count = len(self.p.units[m])
        kind = "ones_T" if transposed else "ones"
        return self.sym(sid.matrix(kind, m), kind, m, ((1.0,) * count,) if transposed else column([1.0] * count), None)

    def bias_term(self, m: int) -> ex.Expr:
        """The bias's share of n^m as the layer kind writes it: + b^m, or − θ^m for thresholds."""
        return self.p.layer_kind.bias_term(Mul((self.bias(m), self.ones(m))) if self.p.shared_bias else self.bias(m))

    def outputs(self, m: int, transposed: bool = False) -> Sym:
        units = self.p.units[m]
        values = [self.v[sid.x(u) if m == 0 else sid.out(u)] for u in units]
        value = (tuple(values),) if transposed else column(values)
        kind = "a_vec_T" if transposed else "a_vec"
        return self.sym(sid.matrix(kind, m), kind, m, value, None if m == 0 else "out")

    def sensitivities(self, m: int) -> Sym:
        return self.sym(sid.matrix("s_vec", m), "s_vec", m, column([self.v[sid.chain_dE_dnet(u)] for u in self.p.units[m]]), "delta")

    def derivative_matrix(self, m: int) -> Sym:
        """Ḟ^m(n^m): f'(net_j) of each unit on the diagonal (softmax layers, whose matrix is full, are not shown)."""
        units = self.p.units[m]
        rows = tuple(tuple(self.v[sid.chain_dout_dnet(u)] if i == j else 0.0 for j in range(len(units)))
                     for i, u in enumerate(units))
        return self.sym(sid.matrix("Fdot", m), "Fdot", m, rows, "grad")

    def equations(self) -> list[MatrixEquation]:
        p, last = self.p, len(self.p.layers) - 1
        units = p.units
        eqs: list[MatrixEquation] = []
        for m in range(1, last + 1):
            net = self.sym(sid.matrix("n_vec", m), "n_vec", m, column([self.v[sid.net(u)] for u in units[m]]), "net")
            product: ex.Expr = Mul((self.weights(m), self.outputs(m - 1)))
            eqs.append(MatrixEquation("forward", m, net, Add((product, self.bias_term(m))) if p.biases is not None else product, "net"))
            out = self.outputs(m)
            activation = p.activation(m)
            formula: ex.Expr = net if activation.linear else Call(activation.name, (net,))
            eqs.append(MatrixEquation("forward", m, out, formula, "out"))
        for m in range(last, 0, -1):
            if m == last and p.output_activation.coupled:
                continue  # sympy simplifies ∂F/∂n through the softmax as a whole: the unit lines show it
            if m == last:
                signal: tuple[ex.Expr, ...] = (self.sym(sid.matrix("dF_da", m), "dF_da", m,
                                                        column([self.v[sid.chain_dE_dout(u)] for u in units[m]]), "grad"),)
            else:
                signal = (self.weights(m + 1, transposed=True), self.sensitivities(m + 1))
            eqs.append(MatrixEquation("backward", m, self.sensitivities(m), Mul((self.derivative_matrix(m),) + signal), "delta"))
        if p.learning_rate is None:  # a gradient-only problem has no update
            return eqs
        alpha = Sym("learning_rate", "eta")
        # An adaptive rule (Adam …) changes each entry by its own state: no matrix product to write.
        for m in range(1, last + 1 if p.update_rule.writes_matrix_update else 1):
            change = Mul((alpha, self.sensitivities(m), self.outputs(m - 1, transposed=True)))
            eqs.append(MatrixEquation("update", m, self.weights(m, new=True),
                                      self.with_momentum((self.weights(m), Neg(change)), m), "weight"))
            if p.biases is not None and p.update_biases:
                # a shared bias moves by the sum of its units' sensitivities: 1ᵀ s^m
                # α s^m (or α 1ᵀ s^m), times a threshold's ∂n/∂θ = (−1)
                change = Mul(((alpha, self.ones(m, transposed=True), self.sensitivities(m)) if p.shared_bias
                              else (alpha, self.sensitivities(m))) + p.layer_kind.bias_factors())
                eqs.append(MatrixEquation("update", m, self.bias(m, new=True),
                                          self.with_momentum((self.bias(m), Neg(change)), m, bias=True),
                                          "weight"))
        return eqs


def matrix_equations(d: Derivation) -> tuple[list[MatrixEquation], dict[str, Matrix], dict[str, str | None],
                                             dict[str, float]]:
    """The matrix equations of `d` in order, the value of every matrix symbol, its entries' rounding
    class, and the scalar values (the derivation's and the chain-rule factors') they were read from."""
    from stepcalc.engine.chain import ChainBuilder

    if d.problem.recurrent_layer is not None:  # no matrix form of the unrolled network
        return [], {}, {}, {}
    chain = ChainBuilder(d)
    for layer in d.problem.units[1:]:
        for unit in layer:
            chain.dE_dnet(unit)  # s_j = ∂F/∂net_j, with ∂F/∂y_j and f'(net_j) on the way
    form = _MatrixForm(d, chain.values)
    eqs = form.equations()
    return eqs, form.matrices, form.kinds, chain.values
