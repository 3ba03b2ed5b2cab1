"""torch.optim's update rules with a state of their own: the momentum buffer, Nesterov, AdaGrad, RMSprop,
Adam and AdamW (formulas in optimizers.py's docstring). One object each, as the rules in optimizers.py,
and reached through it (`optimizers.Adam`, `optimizers.OPTIMIZERS`): apart so that a problem without an
[optimizer] table does not define them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stepcalc.engine import expr as ex
from stepcalc.concepts.optimizers import (ALPHA, BETA1, BETA2, EPS, LEARNING_RATE, MOMENTUM, ONE, STEP, TWO,
                                          GradientDescent, Slots, sqrt)


@dataclass(frozen=True)
class BufferMomentum(GradientDescent):
    """torch's SGD with momentum: a buffer m = μ m(prev) + g and Δw = −η m."""

    momentum: float = 0.0
    name = "momentum"
    title = "momentum (torch's buffer form)"

    @property
    def carried(self) -> tuple[str, ...]:
        return ("m",)

    @property
    def roles(self) -> tuple[str, ...]:
        return self.regularised + ("m",)

    @property
    def writes_matrix_update(self) -> bool:
        return False

    def hyperparameters(self) -> dict[str, float]:
        return {MOMENTUM.key: self.momentum, **super().hyperparameters()}

    def formula(self, role: str, s: Slots) -> ex.Expr:
        if role == "m":
            return ex.Add((ex.Mul((MOMENTUM, s.previous["m"])), self.gradient(s)))
        return super().formula(role, s)

    def change(self, s: Slots) -> ex.Expr:
        return ex.Neg(ex.Mul((LEARNING_RATE, s.current["m"])))

    def np_state(self, parameter: Any) -> Any:
        return parameter * 0.0

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        g = self.np_gradient(grad, parameter, np)
        m = self.momentum * state + g
        return -eta * m, m


@dataclass(frozen=True)
class Nesterov(BufferMomentum):
    """torch's SGD with nesterov = True: m = μ m(prev) + g, Δw = −η (g + μ m)."""

    name = "nesterov"
    title = "Nesterov momentum"

    def change(self, s: Slots) -> ex.Expr:
        return ex.Neg(ex.Mul((LEARNING_RATE, ex.Add((self.gradient(s), ex.Mul((MOMENTUM, s.current["m"])))))))

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        g = self.np_gradient(grad, parameter, np)
        m = self.momentum * state + g
        return -eta * (g + self.momentum * m), m


@dataclass(frozen=True)
class Adagrad(GradientDescent):
    """torch's Adagrad (lr_decay = 0, initial_accumulator_value = 0): v = v(prev) + g², Δw = −η g/(√v + ε)."""

    eps: float = 1e-10
    name = "adagrad"
    title = "AdaGrad"
    torch = "Adagrad"

    @property
    def carried(self) -> tuple[str, ...]:
        return ("v",)

    @property
    def roles(self) -> tuple[str, ...]:
        return self.regularised + ("v",)

    @property
    def writes_matrix_update(self) -> bool:
        return False

    def hyperparameters(self) -> dict[str, float]:
        return {EPS.key: self.eps, **super().hyperparameters()}

    def accumulate(self, s: Slots) -> ex.Expr:
        return ex.Add((s.previous["v"], ex.Pow(self.gradient(s), TWO)))

    def formula(self, role: str, s: Slots) -> ex.Expr:
        if role == "v":
            return self.accumulate(s)
        return super().formula(role, s)

    def change(self, s: Slots) -> ex.Expr:
        return ex.Neg(ex.Div(ex.Mul((LEARNING_RATE, self.gradient(s))), ex.Add((sqrt(s.current["v"]), EPS))))

    def np_state(self, parameter: Any) -> Any:
        return parameter * 0.0

    def np_accumulate(self, g: Any, state: Any) -> Any:
        state += g * g  # the rule's own array (np_state), updated in place
        return state

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        g = self.np_gradient(grad, parameter, np)
        v = self.np_accumulate(g, state)
        return (-eta * g) / (np.sqrt(v) + self.eps), v


@dataclass(frozen=True)
class RMSprop(Adagrad):
    """torch's RMSprop (momentum = 0, centered = False): v = α v(prev) + (1 − α) g², Δw = −η g/(√v + ε)."""

    eps: float = 1e-8
    alpha: float = 0.99
    name = "rmsprop"
    title = "RMSprop"
    torch = "RMSprop"

    def hyperparameters(self) -> dict[str, float]:
        return {ALPHA.key: self.alpha, **super().hyperparameters()}

    def accumulate(self, s: Slots) -> ex.Expr:
        return ex.Add((ex.Mul((ALPHA, s.previous["v"])),
                       ex.Mul((ex.sub(ONE, ALPHA), ex.Pow(self.gradient(s), TWO)))))

    def np_accumulate(self, g: Any, state: Any) -> Any:
        state *= self.alpha
        state += (1 - self.alpha) * (g * g)
        return state


@dataclass(frozen=True)
class Adam(GradientDescent):
    """torch's Adam (amsgrad = False): bias-corrected moments, Δw = −η m̂/(√v̂ + ε)."""

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name = "adam"
    title = "Adam"
    torch = "Adam"

    @property
    def carried(self) -> tuple[str, ...]:
        return ("m", "v")

    @property
    def counts_steps(self) -> bool:
        return True

    @property
    def roles(self) -> tuple[str, ...]:
        return self.regularised + ("m", "v", "mhat", "vhat")

    @property
    def writes_matrix_update(self) -> bool:
        return False

    def hyperparameters(self) -> dict[str, float]:
        return {BETA1.key: self.beta1, BETA2.key: self.beta2, EPS.key: self.eps, **super().hyperparameters()}

    def formula(self, role: str, s: Slots) -> ex.Expr:
        g = self.gradient(s)
        if role == "m":
            return ex.Add((ex.Mul((BETA1, s.previous["m"])), ex.Mul((ex.sub(ONE, BETA1), g))))
        if role == "v":
            return ex.Add((ex.Mul((BETA2, s.previous["v"])), ex.Mul((ex.sub(ONE, BETA2), ex.Pow(g, TWO)))))
        if role == "mhat":
            return ex.Div(s.current["m"], ex.sub(ONE, ex.Pow(BETA1, STEP)))
        if role == "vhat":
            return ex.Div(s.current["v"], ex.sub(ONE, ex.Pow(BETA2, STEP)))
        return super().formula(role, s)

    def adaptive_step(self, s: Slots) -> ex.Expr:
        return ex.Div(s.current["mhat"], ex.Add((sqrt(s.current["vhat"]), EPS)))

    def change(self, s: Slots) -> ex.Expr:
        return ex.Neg(ex.Div(ex.Mul((LEARNING_RATE, s.current["mhat"])), ex.Add((sqrt(s.current["vhat"]), EPS))))

    def np_state(self, parameter: Any) -> Any:
        return (parameter * 0.0, parameter * 0.0)

    def np_change(self, grad: Any, parameter: Any, state: Any, eta: float, t: int, np: Any) -> tuple[Any, Any]:
        g = self.np_gradient(grad, parameter, np)
        m, v = state  # arrays of this rule's own (np_state), updated in place
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * (g * g)
        # m̂/(√v̂ + ε) with the bias corrections as scalars, as torch computes it
        step = m / (np.sqrt(v) * (1 / math.sqrt(1 - self.beta2 ** t)) + self.eps)
        step *= -eta / (1 - self.beta1 ** t)
        if self.weight_decay and not self.decay_in_gradient:
            step -= (eta * self.weight_decay) * parameter
        return step, state


@dataclass(frozen=True)
class AdamW(Adam):
    """torch's AdamW: Adam on the gradient without λ w, and the weight decayed apart: Δw = −η (m̂/(√v̂ + ε) + λ w)."""

    weight_decay: float = 0.01
    name = "adamw"
    title = "AdamW"
    torch = "AdamW"

    @property
    def decay_in_gradient(self) -> bool:
        return False

    def change(self, s: Slots) -> ex.Expr:
        if "decay" not in self.regularised:
            return super().change(s)
        return ex.Neg(ex.Mul((LEARNING_RATE, ex.Add((self.adaptive_step(s), s.current["decay"])))))


OPTIMIZERS: dict[str, type[GradientDescent]] = {
    "sgd": GradientDescent, "momentum": BufferMomentum, "nesterov": Nesterov,
    "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW,
}
