"""What each quantity is called: one table of symbols per notation style and output format.

A `Sym` says what it denotes (kind and units); a `Notation` turns that into LaTeX or plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .expr import Sym

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
}


# Characters pdflatex cannot typeset from UTF-8 input without extra packages: Greek as math.
GREEK = dict(zip("αβγδεζηθικλμνξπρστυφχψωΔΣΩ−", [
    r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\zeta", r"\eta", r"\theta", r"\iota",
    r"\kappa", r"\lambda", r"\mu", r"\nu", r"\xi", r"\pi", r"\rho", r"\sigma", r"\tau", r"\upsilon",
    r"\phi", r"\chi", r"\psi", r"\omega", r"\Delta", r"\Sigma", r"\Omega", "-"]))


def _latex_char(c: str) -> str:
    if c in LATEX_SPECIALS:
        return LATEX_SPECIALS[c]
    if c in GREEK:
        return r"\ensuremath{" + GREEK[c] + "}"
    if ord(c) < 32:
        return " "
    if ord(c) > 255:  # outside T1/Latin-1: show the code point rather than fail the compile
        return rf"\texttt{{[U+{ord(c):04X}]}}"
    return c


def latex_escape(text: str) -> str:
    """Text from a problem file, made safe for LaTeX text mode (it is data, never commands)."""
    return "".join(_latex_char(c) for c in text)


_SIMPLE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_LETTERS_DIGITS = re.compile(r"^([A-Za-z]+)([0-9]+)$")


def latex_unit(name: str) -> str:
    """A unit name as a subscript: plain letters and digits as they are, anything else as text."""
    return name if _SIMPLE.match(name) else r"\text{" + latex_escape(name) + "}"


def latex_input(name: str) -> str:
    """An input unit's value: x1 → x_{1}; other names as upright text."""
    m = _LETTERS_DIGITS.match(name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    return name if _SIMPLE.match(name) else r"\text{" + latex_escape(name) + "}"


@dataclass(frozen=True)
class Notation:
    """Symbol templates per kind; {0}, {1} are the unit names (already formatted for the output)."""

    name: str
    latex: dict[str, str]
    text: dict[str, str]

    def symbol(self, sym: Sym, fmt: str) -> str:
        if fmt == "latex":
            if sym.kind == "x":
                return latex_input(sym.units[0])
            units = [latex_unit(u) for u in sym.units]
            return self.latex[sym.kind].format(*units)
        if sym.kind == "x":
            return sym.units[0]
        return self.text[sym.kind].format(*sym.units)


DEFAULT = Notation(
    "default",
    latex={
        "net": r"\mathrm{{net}}_{{{0}}}",
        "out": "y_{{{0}}}",
        "t": "t_{{{0}}}",
        "err": r"-\frac{{\partial E}}{{\partial y_{{{0}}}}}",
        "dEdy": r"\frac{{\partial E}}{{\partial y_{{{0}}}}}",
        "delta": r"\delta_{{{0}}}",
        "w": "w_{{{0},{1}}}",
        "b": "b_{{{0}}}",
        "eta": r"\eta",
        "E": "E",
        "grad": r"\frac{{\partial E}}{{\partial w_{{{0},{1}}}}}",
        "dw": r"\Delta w_{{{0},{1}}}",
        "w_new": r"w^{{\mathrm{{new}}}}_{{{0},{1}}}",
        "grad_b": r"\frac{{\partial E}}{{\partial b_{{{0}}}}}",
        "db": r"\Delta b_{{{0}}}",
        "b_new": r"b^{{\mathrm{{new}}}}_{{{0}}}",
        "net_new": r"\mathrm{{net}}^{{\mathrm{{new}}}}_{{{0}}}",
        "out_new": r"y^{{\mathrm{{new}}}}_{{{0}}}",
        "E_new": r"E^{{\mathrm{{new}}}}",
        # training runs: momentum, the previous change, one sample's share of a batch
        "alpha": r"\alpha",
        "dw_prev": r"\Delta w^{{\mathrm{{prev}}}}_{{{0},{1}}}",
        "db_prev": r"\Delta b^{{\mathrm{{prev}}}}_{{{0}}}",
        "E_s": "E_{{{0}}}",
        "grad_s": r"\frac{{\partial E_{{{2}}}}}{{\partial w_{{{0},{1}}}}}",
        "grad_bs": r"\frac{{\partial E_{{{1}}}}}{{\partial b_{{{0}}}}}",
    },
    text={
        "net": "net_{0}",
        "out": "y_{0}",
        "t": "t_{0}",
        "err": "−∂E/∂y_{0}",
        "dEdy": "∂E/∂y_{0}",
        "delta": "δ_{0}",
        "w": "w_{0},{1}",
        "b": "b_{0}",
        "eta": "η",
        "E": "E",
        "grad": "∂E/∂w_{0},{1}",
        "dw": "Δw_{0},{1}",
        "w_new": "w'_{0},{1}",
        "grad_b": "∂E/∂b_{0}",
        "db": "Δb_{0}",
        "b_new": "b'_{0}",
        "net_new": "net'_{0}",
        "out_new": "y'_{0}",
        "E_new": "E'",
        "alpha": "α",
        "dw_prev": "Δw_{0},{1}(prev)",
        "db_prev": "Δb_{0}(prev)",
        "E_s": "E_{0}",
        "grad_s": "∂E_{2}/∂w_{0},{1}",
        "grad_bs": "∂E_{1}/∂b_{0}",
    },
)

STYLES: dict[str, Notation] = {DEFAULT.name: DEFAULT}
