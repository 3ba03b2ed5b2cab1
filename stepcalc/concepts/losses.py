"""Losses: one object each. A loss knows its formula (display and symbolic term), the constant in
front of its sum over the outputs, its numpy forms for training, the outputs it needs (the
logarithms need outputs in (0, 1)) and whether a batch's loss is the mean of its samples' losses."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable

from stepcalc.concepts.activations import Activation


def _np_log(x: Any) -> Any:
    import numpy as np

    return np.log(x)


@dataclass(frozen=True)
class Loss:
    """A loss function: its formula in text and LaTeX (and for sympy) and its numeric forms."""

    name: str
    text: str  # the formula in plain text, for the README and text output
    latex: str
    scale: Callable[[int], Fraction]  # constant in front of the sum over the K outputs
    term: Callable[[Any, Any, Any], Any]  # (f, t, y) → one output's term, over sympy's namespace f
    np_loss: Callable[[Any, Any], Any]  # per sample: E(t, y) summed over outputs
    np_gradient: Callable[[Any, Any], Any]  # ∂E/∂y, elementwise
    needs_unit_interval: bool = False  # outputs must lie in (0, 1) for the logarithms
    batch_mean: bool = False  # a batch's loss is the mean of its samples' losses, not their sum

    def accepts(self, output: Activation) -> bool:
        """Whether an output layer of this activation gives every value the loss needs."""
        if not self.needs_unit_interval:
            return True
        low, high = output.output_range
        return 0.0 <= low and high <= 1.0

    def advice(self, output: Activation, outputs: int) -> str | None:
        """A warning when this loss on these outputs is allowed but almost certainly not meant."""
        if self.name == "cross_entropy" and outputs == 1 and not output.coupled:
            # −t ln y alone ignores the (1 − t) ln(1 − y) half: y is pushed up whatever t is
            return ("loss = \"cross_entropy\" on a single output only rewards a large y "
                    "(E = −t ln y has no (1 − t) ln(1 − y) term); for one sigmoid output "
                    "loss = \"bce\" is almost always meant")
        return None


LOSSES: dict[str, Loss] = {
    l.name: l
    for l in (
        Loss("half_sse", "E = ½ Σ (t − y)²", r"E = \frac{1}{2}\sum_k (t_k - y_k)^2", lambda k: Fraction(1, 2),
             lambda f, t, y: (t - y) ** 2,
             lambda t, y: 0.5 * ((t - y) ** 2).sum(axis=-1), lambda t, y: y - t),
        Loss("sse", "E = Σ (t − y)²", r"E = \sum_k (t_k - y_k)^2", lambda k: Fraction(1),
             lambda f, t, y: (t - y) ** 2,
             lambda t, y: ((t - y) ** 2).sum(axis=-1), lambda t, y: 2 * (y - t)),
        Loss("mse", "E = (1/K) Σ (t − y)² over the K outputs", r"E = \frac{1}{K}\sum_{k=1}^{K} (t_k - y_k)^2",
             lambda k: Fraction(1, k), lambda f, t, y: (t - y) ** 2,
             lambda t, y: ((t - y) ** 2).mean(axis=-1), lambda t, y: 2 * (y - t) / t.shape[-1], batch_mean=True),
        Loss("bce", "E = −Σ [t ln y + (1 − t) ln(1 − y)]",
             r"E = -\sum_k \left[t_k \ln y_k + (1 - t_k) \ln(1 - y_k)\right]", lambda k: Fraction(-1),
             lambda f, t, y: t * f.log(y) + (1 - t) * f.log(1 - y),
             lambda t, y: -(t * _np_log(y) + (1 - t) * _np_log(1 - y)).sum(axis=-1),
             lambda t, y: -(t / y) + (1 - t) / (1 - y), needs_unit_interval=True),
        Loss("cross_entropy", "E = −Σ t ln y", r"E = -\sum_k t_k \ln y_k", lambda k: Fraction(-1),
             lambda f, t, y: t * f.log(y),
             lambda t, y: -(t * _np_log(y)).sum(axis=-1), lambda t, y: -(t / y), needs_unit_interval=True),
    )
}
