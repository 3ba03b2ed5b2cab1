"""The sympy-derived forms, the disk memo of them, and the numeric forms held equal to sympy's."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from stepcalc.engine import derivatives, symbolic
from stepcalc.engine.expr import evaluate
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.concepts.losses import LOSSES

from conftest import EXAMPLES, ROOT

POINTS = [-2.0, -0.3, 0.21, 1.7]


X = sp.Symbol("x")
# Closed forms written here, independently of the package's own symbolic definitions.
CLOSED_FORMS = {
    "sigmoid": 1 / (1 + sp.exp(-X)),
    "identity": X,
    "tanh": sp.tanh(X),
    "relu": sp.Piecewise((X, X > 0), (0, True)),
    "leaky_relu": sp.Piecewise((X, X > 0), (sp.Rational(1, 100) * X, True)),
    "softplus": sp.log(1 + sp.exp(X)),
    "elu": sp.Piecewise((X, X > 0), (sp.exp(X) - 1, True)),
    "gelu": X * (1 + sp.erf(X / sp.sqrt(2))) / 2,
}


def test_every_elementwise_activation_has_a_closed_form_here() -> None:
    assert sorted(CLOSED_FORMS) == sorted(a for a in ACTIVATIONS if not ACTIVATIONS[a].coupled)


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_activation_forms_agree(name: str) -> None:
    activation = ACTIVATIONS[name]
    explicit = CLOSED_FORMS[name]
    for z in POINTS + [-0.0001, 3.5]:
        exact = float(explicit.subs(X, z).evalf(30))
        out = activation.forward(z)
        assert out == pytest.approx(exact, abs=1e-14)
        assert float(activation.np_forward(np.array([z]))[0]) == pytest.approx(exact, abs=1e-14)
        # f'(net), as the engine writes it, against sympy's derivative of the closed form written above.
        slope = float(sp.diff(explicit, X).subs(X, z).evalf(30))
        written = derivatives.activation_derivative(name)
        assert evaluate(written, {"_net": z, "_out": out}) == pytest.approx(slope, abs=1e-12)
        assert float(activation.np_derivative(np.array([z]), np.array([out]))[0]) == pytest.approx(slope, abs=1e-12)
        assert activation.slope(z, out) == pytest.approx(slope, abs=1e-12)


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_kinked_activations_take_the_left_slope_at_zero(name: str) -> None:
    written = derivatives.activation_derivative(name)
    assert evaluate(written, {"_net": 0.0, "_out": 0.0}) == {"relu": 0.0, "leaky_relu": 0.01}[name]


@pytest.mark.parametrize("name", ["sigmoid", "softplus"])
def test_explicit_forms_are_the_closed_forms(name: str) -> None:
    written = derivatives.activation_explicit(name)
    for z in POINTS:
        assert evaluate(written, {"_net": z}) == pytest.approx(float(CLOSED_FORMS[name].subs(X, z)), abs=1e-14)


def test_sigmoid_derivative_is_written_in_its_output() -> None:
    from stepcalc.notation import DEFAULT
    from stepcalc.render.printer import Printer

    from stepcalc.engine.expr import Sym, substitute

    on_unit = substitute(derivatives.activation_derivative("sigmoid"), {"_out": Sym("out.o", "out", ("o",))})
    assert Printer(DEFAULT, "text").doprint(on_unit) == "y_o(1 − y_o)"
    on_unit = substitute(derivatives.activation_derivative("tanh"), {"_out": Sym("out.o", "out", ("o",))})
    assert Printer(DEFAULT, "text").doprint(on_unit) == "1 − y_o²"


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("convention", ["error", "gradient"])
def test_loss_error_terms_are_the_derivative_of_the_loss(name: str, convention: str) -> None:
    t, y = 0.3, 0.6
    outputs = 2
    loss = LOSSES[name]
    h = 1e-6
    energy = lambda v: float(loss.scale(outputs)) * evaluate(derivatives.loss_term(name), {"_t": t, "_y": v})
    slope = (energy(y + h) - energy(y - h)) / (2 * h)
    written = evaluate(derivatives.loss_error(name, outputs, convention), {"_t": t, "_y": y})
    assert written == pytest.approx(-slope if convention == "error" else slope, rel=1e-6)
    tv, yv = np.array([[t, t]]), np.array([[y, y]])
    assert float(loss.np_gradient(tv, yv)[0, 0]) == pytest.approx(slope, rel=1e-6)
    assert float(loss.np_loss(tv, yv)[0]) == pytest.approx(2 * energy(y), rel=1e-12)


def test_memo_gives_the_same_output_as_deriving_afresh(tmp_path: Path) -> None:
    # A process each: whether sympy gets imported is only visible in a fresh interpreter.
    outputs = []
    for env_extra in ({"STEPCALC_NO_CACHE": "1"}, {"XDG_CACHE_HOME": str(tmp_path)}, {"XDG_CACHE_HOME": str(tmp_path)}):
        env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
        result = subprocess.run([sys.executable, "-c",
                                 "import sys, stepcalc.cli as c; c.main(sys.argv[1:]); "
                                 "print('sympy' in sys.modules, file=sys.stderr)",
                                 "solve", str(EXAMPLES / "seed004.toml"), "--format", "json"],
                                env=env, capture_output=True, text=True, check=True)
        outputs.append((result.stdout, result.stderr.strip()))
    assert outputs[0][0] == outputs[1][0] == outputs[2][0]
    # Deriving imports sympy; with the memo filled, a solve does not need it.
    assert [o[1] for o in outputs] == ["True", "True", "False"]
    assert list((tmp_path / "stepcalc").glob("derivatives-*.json"))
