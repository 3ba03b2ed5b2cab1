"""Update rules (optimizers): how a parameter's gradient becomes its change. One object each.

A rule owns its state (what it carries from one update to the next), its symbolic per-step formulas
(formula trees over the gradient, the parameter and its state, for the engine), its hyperparameters
(torch.optim's names and defaults) and its numpy form (for training), so that the engine, the matrix
layout and the numeric path cannot disagree on it.

The formulas are torch.optim's (its documentation's algorithm boxes), with g = ∂E/∂w + λ w + λ₁ sgn(w)
(L2 `weight_decay` and the optional L1 term; AdamW decays the weight apart from the gradient):

    sgd        Δw = −η g (+ α Δw(prev) with the top-level `momentum`, equal to torch's buffer form)
    momentum   m = μ m(prev) + g,                 Δw = −η m
    nesterov   m = μ m(prev) + g,                 Δw = −η (g + μ m)
    adagrad    v = v(prev) + g²,                  Δw = −η g/(√v + ε)
    rmsprop    v = α v(prev) + (1 − α) g²,        Δw = −η g/(√v + ε)
    adam       m = β₁ m(prev) + (1 − β₁) g,  v = β₂ v(prev) + (1 − β₂) g²,
               m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),  Δw = −η m̂/(√v̂ + ε)
    adamw      as adam on g without λ w, then Δw = −η (m̂/(√v̂ + ε) + λ w)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from stepcalc.engine import expr as ex
from stepcalc import ids

MOMENTUM = ex.Sym(ids.MOMENTUM, "alpha")
LEARNING_RATE = ex.Sym(ids.LEARNING_RATE, "eta")
BETA1 = ex.Sym(ids.BETA1, "beta1")
BETA2 = ex.Sym(ids.BETA2, "beta2")
EPS = ex.Sym(ids.EPS, "eps")
ALPHA = ex.Sym(ids.ALPHA, "sq_alpha")
WEIGHT_DECAY = ex.Sym(ids.WEIGHT_DECAY, "wd_lambda")
L1 = ex.Sym(ids.L1, "l1_lambda")
STEP = ex.Sym(ids.STEP, "step_t")

ONE = ex.num(1)
TWO = ex.num(2)

# The rounding class of each state value (a Step's kind): moments m, m̂; the squares' state v, v̂; the
# regularisation terms added to a gradient ("term", shown with the gradients' decimals, never a gradient step).
STATE_KINDS = {"m": "moment", "mhat": "moment", "v": "state", "vhat": "state", "decay": "term", "l1": "term"}


@dataclass(frozen=True)
class Slots:
    """The symbols one parameter's update is written in: its gradient ∂E/∂w, its value w, the state of
    the previous update (`previous`: role → symbol, e.g. m → m(prev)) and of this one (`current`)."""

    grad: ex.Sym | None  # None in the matrix layout, which writes the update of unregularised descent only
    param: ex.Expr
    previous: Mapping[str, ex.Sym]
    current: Mapping[str, ex.Sym]
    step: ex.Expr | None = None  # the gradient step as plain descent writes it (−η ∂E/∂w, or η δ y)


def sqrt(arg: ex.Expr) -> ex.Call:
    return ex.Call("sqrt", (arg,))


def _sum(*terms: ex.Expr) -> ex.Expr:
    return terms[0] if len(terms) == 1 else ex.Add(terms)


@dataclass(frozen=True)
class GradientDescent:
    """Δw = −η ∂E/∂w: the change is the gradient step itself (plus the regularisation terms)."""

    weight_decay: float = 0.0
    l1: float = 0.0
    name = "sgd"
    title = "gradient descent"
    torch = "SGD"

    # --- what the rule carries and computes --------------------------------------------------------
    @property
    def remembers_changes(self) -> bool:
        """Whether a change depends on the previous change (so it is carried to the next update)."""
        return "dw" in self.carried

    @property
    def carried(self) -> tuple[str, ...]:
        """The roles whose values the next update reads as `prev`: "dw" (the change), "m", "v"."""
        return ()

    @property
    def counts_steps(self) -> bool:
        """Whether the formulas read the update's number t (bias correction)."""
        return False

    @property
    def regularised(self) -> tuple[str, ...]:
        """The regularisation terms this problem uses: "decay" (λ w), "l1" (λ₁ sgn w)."""
        return (("decay",) if self.weight_decay else ()) + (("l1",) if self.l1 else ())

    @property
    def roles(self) -> tuple[str, ...]:
        """The state steps of one parameter's update, in order, before Δw."""
        return self.regularised

    @property
    def writes_matrix_update(self) -> bool:
        """Whether the update reads as W − η s aᵀ (+ momentum) in matrix form."""
        return not self.regularised

    def hyperparameters(self) -> dict[str, float]:
        values = {}
        if self.weight_decay:
            values[WEIGHT_DECAY.key] = self.weight_decay
        if self.l1:
            values[L1.key] = self.l1
        return values

    def settings(self) -> list[tuple[ex.Sym, float]]:
        """The hyperparameters as (symbol, value), in the order a sheet states them."""
        values = self.hyperparameters()
        return [(s, values[s.key]) for s in self.symbols() if s.key in values]

    def symbols(self) -> tuple[ex.Sym, ...]:
        return (MOMENTUM, BETA1, BETA2, ALPHA, EPS, WEIGHT_DECAY, L1)

    # --- formulas ----------------------------------------------------------------------------------
    def gradient(self, s: Slots) -> ex.Expr:
        """g: ∂E/∂w plus the regularisation terms that enter the gradient."""
        assert s.grad is not None, "a rule that reads the gradient needs its symbol"
        terms: list[ex.Expr] = [s.grad]
        terms += [s.current[r] for r in self.regularised if self.decay_in_gradient or r != "decay"]
        return _sum(*terms)

    @property
    def decay_in_gradient(self) -> bool:
        return True

    def formula(self, role: str, s: Slots) -> ex.Expr:
        """The formula of state step `role` (see `roles`)."""
        if role == "decay":
            return ex.Mul((WEIGHT_DECAY, s.param))
        if role == "l1":
            return ex.Mul((L1, ex.Call("sign", (s.param,))))
        raise KeyError(role)

    def change(self, s: Slots) -> ex.Expr:
        """Δw as a formula."""
        if not self.regularised and s.step is not None:
            return s.step
        return ex.Neg(ex.Mul((LEARNING_RATE, self.gradient(s))))

    # --- numpy -------------------------------------------------------------------------------------
    def np_state(self, parameter: Any) -> Any:
        return None

    def np_gradient(self, grad: Any, parameter: Any, np: Any) -> Any:
        if self.weight_decay and self.decay_in_gradient:
            grad = grad + self.weight_decay * parameter
        if self.l1:
            grad = grad + self.l1 * np.sign(parameter)
        return grad

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        """(the change, the new state) from the gradient ∂E/∂w, for arrays of parameters; t from 1."""
        if not (self.weight_decay or self.l1):
            return -eta * grad, state
        return -eta * self.np_gradient(grad, parameter, np), state


@dataclass(frozen=True)
class Momentum(GradientDescent):
    """Δw(n) = −η g + α Δw(n−1), starting from Δw(0) = 0: the top-level `momentum` key."""

    momentum: float = 0.0
    name = "sgd"
    title = "gradient descent with momentum"

    @property
    def carried(self) -> tuple[str, ...]:
        return ("dw",)

    def hyperparameters(self) -> dict[str, float]:
        return {MOMENTUM.key: self.momentum, **super().hyperparameters()}

    def change(self, s: Slots) -> ex.Expr:
        return ex.Add((super().change(s), ex.Mul((MOMENTUM, s.previous["dw"]))))

    def np_state(self, parameter: Any) -> Any:
        return parameter * 0.0

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        step, _ = super().np_change(grad, parameter, None, eta, t, np)
        change = self.momentum * state + step
        return change, change


# The [optimizer] keys each rule reads (besides `name`), with the attribute each sets.
OPTIMIZER_KEYS: dict[str, tuple[str, ...]] = {
    "sgd": ("momentum", "weight_decay", "l1"),
    "momentum": ("momentum", "weight_decay", "l1"),
    "nesterov": ("momentum", "weight_decay", "l1"),
    "adagrad": ("eps", "weight_decay", "l1"),
    "rmsprop": ("alpha", "eps", "weight_decay", "l1"),
    "adam": ("beta1", "beta2", "eps", "weight_decay", "l1"),
    "adamw": ("beta1", "beta2", "eps", "weight_decay", "l1"),
}

# torch.optim.SGD's default momentum is 0, which makes these plain descent: a problem file must give one.
NEEDS_MOMENTUM = ("momentum", "nesterov")


def update_rule(momentum: float | None, optimizer: GradientDescent | None = None) -> GradientDescent:
    """The rule a problem file asks for: its [optimizer], else plain gradient descent, or with `momentum`."""
    if optimizer is not None:
        return optimizer
    return GradientDescent() if momentum is None else Momentum(momentum=momentum)


def make_optimizer(name: str, settings: Mapping[str, float]) -> GradientDescent:
    """The rule `name` with `settings` (keys of OPTIMIZER_KEYS[name]); unset ones keep torch's defaults."""
    if name == "sgd":
        rest = {k: v for k, v in settings.items() if k != "momentum"}
        if "momentum" in settings:
            return Momentum(momentum=settings["momentum"], **rest)
        return GradientDescent(**rest)
    from stepcalc.concepts.optimizer_rules import OPTIMIZERS

    return OPTIMIZERS[name](**settings)


_ELSEWHERE = ("BufferMomentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW", "OPTIMIZERS")


def __getattr__(name: str) -> Any:
    """The stateful rules and the table of every rule by name, from optimizer_rules.py on first use."""
    if name in _ELSEWHERE:
        from stepcalc.concepts import optimizer_rules

        value = getattr(optimizer_rules, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

