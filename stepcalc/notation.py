"""What each quantity is called: one table of symbols per notation style and output format.

A `Sym` says what it denotes (kind and units); a `Notation` turns that into LaTeX or plain text.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping

from stepcalc.engine.expr import Sym

if TYPE_CHECKING:
    from stepcalc.problem.validate import Problem

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    # As commands, never as the characters: Markdown keeps its math for a browser, which reads < as HTML.
    "<": r"\textless{}", ">": r"\textgreater{}",
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
_LETTER_DIGITS = re.compile(r"^[A-Za-z][0-9]*$")


def _word(letters: str) -> str:
    """Letters of a name in math: one letter is a variable (italic); a word is upright, or `cat`
    would be set as the product c·a·t."""
    return letters if len(letters) == 1 else r"\mathrm{" + letters + "}"


_NUMBERED_CELL = re.compile(r"^([A-Za-z]+[0-9]+)((?:_[0-9]+)+)$")


@lru_cache(maxsize=4096)
def latex_unit(name: str) -> str:
    """A unit name as a subscript: h1 and o as they are, a word (cat, out2) upright, a numbered cell
    p1_2_1_2 as p1_{2,1,2}, anything else as text."""
    cell = _NUMBERED_CELL.match(name)
    if cell:
        return cell.group(1) + "_{" + ",".join(cell.group(2)[1:].split("_")) + "}"
    if not _SIMPLE.match(name):
        return r"\text{" + latex_escape(name) + "}"
    return name if _LETTER_DIGITS.match(name) else _word(name)


def latex_input(name: str) -> str:
    """An input unit's value: x1 → x_{1}, in2 → \\mathrm{in}_{2}; other names as upright text."""
    m = _LETTERS_DIGITS.match(name)
    if m:
        return f"{_word(m.group(1))}_{{{m.group(2)}}}"
    return _word(name) if _SIMPLE.match(name) else r"\text{" + latex_escape(name) + "}"


@lru_cache(maxsize=1024)
def _named_fields(template: str) -> bool:
    """Whether `template` has a named field ({n0}, {k}) besides the positional {0}, {1}."""
    return any(name is not None and name != "" and not name.isdigit()
               for _, name, _, _ in string.Formatter().parse(template))


@dataclass(frozen=True)
class UnitIndex:
    """Where each unit sits, for styles that number units: field values for symbol templates.

    For the units {0}, {1} of a symbol: n = number 1..N across all layers (inputs first), p = position
    in its layer (1-based), i = position from 0, l = layer (0 = inputs), a = number among the non-input
    units, s = "" for the only unit of its layer else ",n", u = a word label (Input 1, Hidden 2,
    Output); k = the weight's (or bias's) number in reading order (w1, w2, …), m = the layer the
    quantity belongs to (its target unit's layer), nn = the two unit numbers written together (14, or
    1,10 when one has two digits).
    """

    units: tuple[tuple[str, ...], ...]
    fields: Mapping[str, dict[str, str]] = field(repr=False)
    weight_numbers: Mapping[tuple[str, str], int] = field(repr=False)

    @classmethod
    def of(cls, units: tuple[tuple[str, ...], ...]) -> "UnitIndex":
        fields: dict[str, dict[str, str]] = {}
        number, non_input = 0, 0
        last = len(units) - 1
        for l, layer in enumerate(units):
            for p, name in enumerate(layer, start=1):
                number += 1
                non_input += l > 0
                alone = len(layer) == 1
                role = "Input" if l == 0 else "Output" if l == last else "Hidden"
                if l not in (0, last) and last > 2:  # several hidden layers: Hidden 2.1 (layer 2, unit 1)
                    label = f"{role} {l}" if alone else f"{role} {l}.{p}"
                else:
                    label = role if alone and l else f"{role} {p}"
                fields[name] = {"n": str(number), "p": str(p), "i": str(p - 1), "l": str(l),
                                "a": str(non_input if l else p), "s": "" if alone else f",{number}", "u": label}
        weight_numbers: dict[tuple[str, str], int] = {}
        for l in range(1, len(units)):  # reading order: unit by unit, its incoming weights in turn
            for target in units[l]:
                for source in units[l - 1]:
                    weight_numbers[(source, target)] = len(weight_numbers) + 1
        return cls(units, fields, weight_numbers)

    def of_symbol(self, sym: Sym) -> dict[str, str]:
        values: dict[str, str] = {}
        for position, unit in enumerate(sym.units):
            for name, value in self.fields.get(unit, {}).items():
                values[f"{name}{position}"] = value
        if len(sym.units) == 2:
            values["k"] = str(self.weight_numbers.get((sym.units[0], sym.units[1]), ""))
            numbers = (values.get("n0", ""), values.get("n1", ""))
            values["nn"] = "".join(numbers) if all(len(n) == 1 for n in numbers) else ",".join(numbers)
        elif sym.units:
            values["k"] = values.get("a0", "")
        last = sym.units[-1] if sym.units else ""
        values["m"] = self.fields[last]["l"] if last in self.fields else last
        return values


# What a symbol of each kind is about, which decides the fields its template can use: most kinds
# are about one unit, these about a weight (two units), nothing, or a layer (given as {0}).
WEIGHT_KINDS = frozenset({"w", "grad", "dw", "w_new", "dnet_dw", "dw_prev", "u", "grad_u", "du", "u_new", "du_prev",
                          "dnet_du"})
PLAIN_KINDS = frozenset({"eta", "E", "E_new", "alpha", "beta1", "beta2", "eps", "sq_alpha", "wd_lambda", "l1_lambda",
                         "step_t"})
# Training runs: a sample's own loss and gradients carry the sample's label as their last "unit".
SAMPLE_KINDS = {"E_s": 1, "grad_bs": 2, "grad_s": 3}
# Symbols of training runs that are another symbol with a mark: one sample's share of a batch (its
# sample number as a superscript) and the previous change (momentum). A style that renames the base
# symbol gets these written from its own name, unless it names them itself.
SAMPLE_OF = {"E_s": "E", "grad_s": "grad", "grad_bs": "grad_b", "grad_b_layer_s": "grad_b_layer",
             "grad_k_s": "grad_k", "grad_kb_s": "grad_kb"}
PREVIOUS_OF = {"dw_prev": "dw", "db_prev": "db", "db_layer_prev": "db_layer", "du_prev": "du"}
# A recurrent network's value at one time step: the kind KIND + TIME_MARK, the time step as its last
# "unit"; written as the symbol of KIND followed by (t): y_h1(2), δ_o1(3).
TIME_MARK = "@t"
MARKED_OF = {**SAMPLE_OF, **PREVIOUS_OF}
# A hidden unit's back-propagated error is written as an output's unless a style names it apart
# (one that numbers units within their layer needs the layer to tell error[0] of h1 from that of o).
HIDDEN_OF = {"err_hidden": "err", "dEdy_hidden": "dEdy"}
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# An optimizer's state of a parameter: written as a mark on that parameter's symbol (see Notation.state).
STATE_LATEX = {"m": "m", "v": "v", "mhat": r"\hat{m}", "vhat": r"\hat{v}", "decay": r"\mathrm{wd}", "l1": r"\mathrm{L1}"}
STATE_TEXT = {"m": "m", "v": "v", "mhat": "m̂", "vhat": "v̂", "decay": "wd", "l1": "L1"}
LAYER_KINDS = frozenset({"b_layer", "b_layer_new", "grad_b_layer", "db_layer", "db_layer_prev", "W", "W_T", "W_new",
                         "b_vec", "b_vec_new", "n_vec", "a_vec", "a_vec_T", "s_vec", "Fdot", "dF_da", "ones", "ones_T",
                         "dW_prev", "db_vec_prev"})

# LaTeX a [notation] symbol may contain: it is written into documents, so only math, never commands
# that read files or change the document.
LATEX_COMMANDS = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "text", "hat", "bar", "tilde", "dot", "ddot", "vec",
    "prime", "partial", "nabla", "frac", "cdot", "times", "ast", "star", "circ", "quad", ",", ";", "!", " ",
    "{", "}", "_", "ell",
})
_FIELD = re.compile(r"^(\d|[a-z]+\d?)$")
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_LATEX_PLAIN = re.compile(r"^[A-Za-z0-9 _^{}()\[\],.'+\-*/|:;=!]*$")  # no < > &: HTML in Markdown
# Commands of LATEX_COMMANDS that take arguments, and how many.
_ARGUMENTS = {"frac": 2, "mathrm": 1, "mathit": 1, "mathbf": 1, "mathsf": 1, "mathtt": 1, "text": 1, "hat": 1,
              "bar": 1, "tilde": 1, "dot": 1, "ddot": 1, "vec": 1}
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|.", re.S)


class _Malformed(Exception):
    pass


def latex_grammar_error(latex: str) -> str | None:
    """What keeps `latex` (a symbol, fields filled in) from compiling as math, by a small grammar:
    atoms (a character, a {group} or a command with its arguments), each with at most one
    subscript and one superscript, each of which has an argument. None when it is well formed."""
    tokens = [t for t in _TOKEN.findall(latex) if not t.isspace()]  # math mode skips spaces
    position = 0

    def sequence(closed: bool) -> None:
        nonlocal position
        scripts: set[str] = set()
        while position < len(tokens):
            token = tokens[position]
            if token == "}":
                if not closed:
                    raise _Malformed("unbalanced braces: a } without its {")
                position += 1
                return
            if token in ("^", "_"):
                if token in scripts:
                    raise _Malformed(f"double {'superscript' if token == '^' else 'subscript'} (write "
                                     f"x{token}{{ab}}, or x{token}{{a}}{{}}{token}{{b}})")
                scripts.add(token)
                position += 1
                argument(token)
                continue
            scripts = set()
            atom()
        if closed:
            raise _Malformed("unbalanced braces: a { without its }")

    def argument(after: str) -> None:
        if position >= len(tokens) or tokens[position] in ("^", "_", "}"):
            raise _Malformed(f"{after!r} without anything to raise or lower after it")
        atom()

    def atom() -> None:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "{":
            sequence(True)
        elif token.startswith("\\") and token[1:] in _ARGUMENTS:
            for _ in range(_ARGUMENTS[token[1:]]):
                if position >= len(tokens) or tokens[position] in ("^", "_", "}"):
                    raise _Malformed(f"{token} without its argument{'s' if _ARGUMENTS[token[1:]] > 1 else ''}, "
                                     f"e.g. {token}{{a}}" + ("{b}" if _ARGUMENTS[token[1:]] > 1 else ""))
                atom()

    try:
        sequence(False)
    except _Malformed as err:
        return str(err)
    return None


def sample_fields(kind: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Sample unit names and fields of a symbol of `kind` (see UnitIndex), to try a template with."""
    if kind in PLAIN_KINDS:
        return (), {"m": "1"}
    if kind in LAYER_KINDS:
        return ("1",), {"k": "", "m": "1"}
    if kind == "grad_b_layer_s":  # a layer's shared bias, one sample's share: {0} layer, {1} sample
        return ("1", "1"), {"k": "", "m": "1"}
    if kind in CONV_KINDS:
        return tuple("1" * CONV_KINDS[kind]), {"m": "1"}
    count = SAMPLE_KINDS.get(kind, 2 if kind in WEIGHT_KINDS else 1)
    fields = {f"{name}{position}": "1" for name in "npilasu" for position in range(count)}
    fields.update({"k": "1", "m": "1"} | ({"nn": "12"} if count == 2 else {}))
    return ("a", "b", "c")[:count], fields


def check_template(kind: str, template: str, latex: bool) -> str | None:
    """None when `template` can write symbols of `kind`; otherwise what is wrong, for the error message."""
    names, fields = sample_fields(kind)
    try:
        # Only plain fields such as {0} or {n0}: no format specs ({0:>9999}), conversions or attributes.
        for _, name, spec, conversion in string.Formatter().parse(template):
            if name is not None and (spec or conversion or not _FIELD.match(name)):
                return (f"symbol template {template!r}: field {{{name}{'!' + conversion if conversion else ''}"
                        f"{':' + spec if spec else ''}}} is not a plain field name such as {{0}} or {{n0}}")
        written = template.format(*names, **fields)
    except (KeyError, IndexError, ValueError) as err:
        available = [f"{{{i}}}" for i in range(len(names))] + ["{" + f + "}" for f in sorted(fields)]
        return (f"cannot use symbol template {template!r} ({type(err).__name__}: {err}); a {kind} symbol has the "
                f"fields {' '.join(available)}; write a literal brace twice")
    if not latex:
        return None
    if "^^" in written:  # TeX reads ^^5c as a backslash: a way round the command check below
        return f"'^^' is not allowed in a LaTeX symbol, got {template!r}"
    commands = _LATEX_COMMAND.findall(written)
    unknown = sorted({c for c in commands if c not in LATEX_COMMANDS})
    if unknown:
        return f"LaTeX command(s) {', '.join(chr(92) + c for c in unknown)} not allowed in a symbol; use math only"
    if not _LATEX_PLAIN.match(_LATEX_COMMAND.sub("", written)):
        return (f"expected LaTeX math in ASCII (letters, digits, _ ^ {{ }} and \\commands such as \\theta), "
                f"got {template!r}; give {{ latex = \"…\", text = \"…\" }} to write the text form in Unicode")
    malformed = latex_grammar_error(written)
    if malformed:
        return f"{malformed}, in {template!r} (after the fields are filled in)"
    return None


@dataclass(frozen=True)
class Notation:
    """Symbol templates per kind; {0}, {1} are the unit names (already formatted for the output),
    named fields come from a `UnitIndex` (see there). Besides names a style chooses a few layout
    settings, never values: `layout` "chain" writes each gradient as the chain rule, "matrix" adds
    each layer's equations in matrix form (n^m = W^m a^{m−1} + b^m …), `bracket_terms`
    puts each product of a sum in parentheses, `times_symbols` writes × between symbols too, and
    `functions` renames activations (σ → F).
    """

    name: str
    latex: dict[str, str]
    text: dict[str, str]
    layout: str = "steps"
    bracket_terms: bool = False
    times_symbols: bool = False
    functions: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # name → (latex, text)
    gradient_convention: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # kinds renamed when δ = ∂E/∂net
    index: UnitIndex | None = None

    def symbol(self, sym: Sym, fmt: str) -> str:
        table = self.latex if fmt == "latex" else self.text
        if ":" in sym.kind and sym.kind not in table:
            return self.state(sym, fmt)
        if sym.kind == "x" and "x" not in table:
            return latex_input(sym.units[0]) if fmt == "latex" else sym.units[0]
        if sym.kind in HIDDEN_OF and sym.kind not in table:
            return self.symbol(Sym(sym.key, HIDDEN_OF[sym.kind], sym.units), fmt)
        if sym.kind == "dout_dnet_k" and "dout_dnet_k" not in table:  # ∂y_j/∂net_k, in this style's names
            out, net = (self.symbol(Sym(sym.key, kind, (unit,)), fmt) for kind, unit in zip(("out", "net"), sym.units))
            return rf"\frac{{\partial {out}}}{{\partial {net}}}" if fmt == "latex" else f"∂{out}/∂{net}"
        if sym.kind == "fprime" and "fprime" not in table:  # f′ of the unit's net input, in this style's names
            net = self.symbol(Sym(sym.key, "net", sym.units), fmt)
            return f"f'({net})" if fmt == "latex" else f"f′({net})"
        if sym.kind not in table and sym.kind in MARKED_OF:
            return self.marked(sym, fmt)
        if sym.kind.endswith(TIME_MARK):
            return self.timed(sym, fmt)
        plain_units = fmt != "latex" or sym.kind in CONV_KINDS  # convolutional symbols carry positions: digits
        units = sym.units if plain_units else [latex_unit(u) for u in sym.units]
        template = table[sym.kind]
        if not _named_fields(template):  # {0}, {1} only (the default style): no unit's fields to work out
            return template.format(*units)
        fields = self.index.of_symbol(sym) if self.index is not None else {}
        return template.format(*units, **fields)

    def marked(self, sym: Sym, fmt: str) -> str:
        """A run's symbol written from its base: (∂E/∂w_13)⁽²⁾ for sample 2's share, Δw_13(prev)."""
        base_kind = MARKED_OF[sym.kind]
        if sym.kind in PREVIOUS_OF:
            base = self.symbol(Sym(sym.key, base_kind, sym.units), fmt)
            return rf"{{{base}}}^{{\mathrm{{prev}}}}" if fmt == "latex" else f"{base}(prev)"
        base = self.symbol(Sym(sym.key, base_kind, sym.units[:-1]), fmt)
        sample = sym.units[-1]
        if fmt == "latex":
            return (rf"\left({base}\right)^{{({sample})}}" if r"\frac" in base else rf"{{{base}}}^{{({sample})}}")
        wrapped = f"({base})" if any(c in base for c in "/ ^") else base
        return wrapped + f"({sample})".translate(SUPERSCRIPT_DIGITS).replace("(", "⁽").replace(")", "⁾")

    def timed(self, sym: Sym, fmt: str) -> str:
        """A value at one time step: y_h1(2); a symbol with a fraction or a sign in parentheses first."""
        base = self.symbol(Sym(sym.key, sym.kind.removesuffix(TIME_MARK), sym.units[:-1]), fmt)
        step = sym.units[-1]
        if fmt == "latex":
            return rf"\left({base}\right)({step})" if (r"\frac" in base or base.startswith("-")) else rf"{{{base}}}({step})"
        wrapped = f"({base})" if any(c in base for c in "/ −") else base
        return f"{wrapped}({step})"

    def state(self, sym: Sym, fmt: str) -> str:
        """An optimizer's state of a parameter, written from the parameter's own symbol in this style:
        kind "m:w" is m of w (m_{w_{1,3}}, m[w_1,3]), "v_prev:b" the v the previous update left."""
        role, base_kind = sym.kind.split(":")
        previous = role.endswith("_prev")
        role = role.removesuffix("_prev")
        base = self.symbol(Sym(sym.key, base_kind, sym.units), fmt)
        if fmt == "latex":
            head = STATE_LATEX[role]
            mark = r"^{\mathrm{prev}}" if previous else ""
            return f"{head}{mark}_{{{base}}}"
        return f"{STATE_TEXT[role]}[{base}]" + ("(prev)" if previous else "")

    def function_name(self, name: str, fmt: str) -> str | None:
        if name not in self.functions:
            return None
        return self.functions[name][0 if fmt == "latex" else 1]

    def with_symbols(self, symbols: tuple[tuple[str, str, str], ...]) -> "Notation":
        """This style with some symbols replaced: (kind, latex template, text template)."""
        if not symbols:
            return self
        named = {k for k, _, _ in symbols}
        # a run's marked symbol follows its base when the base is renamed and it is not
        stale = {k for k, base in MARKED_OF.items() if base in named and k not in named}
        latex = {k: v for k, v in self.latex.items() if k not in stale}
        text = {k: v for k, v in self.text.items() if k not in stale}
        return replace(self, latex={**latex, **{k: l for k, l, _ in symbols}},
                       text={**text, **{k: t for k, _, t in symbols}})

    def for_problem(self, units: tuple[tuple[str, ...], ...], convention: str,
                    symbols: tuple[tuple[str, str, str], ...] = (), bias_input: int = 1) -> "Notation":
        """Bound to one network's units (for numbered styles), its delta convention, its bias input
        (−1: every bias is a threshold, written θ) and its overrides."""
        bound = self
        if convention == "gradient" and self.gradient_convention:
            bound = bound.with_symbols(tuple((k, l, t) for k, (l, t) in self.gradient_convention.items()))
        if bias_input == -1:
            bound = bound.with_symbols(tuple((k, _threshold(bound.latex[k], True), _threshold(bound.text[k], False))
                                             for k in BIAS_SYMBOL_KINDS if k in bound.latex and k in bound.text))
        return replace(bound.with_symbols(symbols), index=UnitIndex.of(units))


# The symbols of a bias, whose letter b becomes θ when the bias is a threshold on a constant −1 input.
BIAS_SYMBOL_KINDS = ("b", "b_new", "grad_b", "db", "db_prev", "grad_bs", "b_layer", "b_layer_new", "grad_b_layer",
                     "db_layer", "db_layer_prev", "grad_b_layer_s", "b_vec", "b_vec_new", "db_vec_prev")
_BIAS_LETTER = re.compile(r"(?<![A-Za-z\\])b(?![A-Za-z])")


def _threshold(template: str, latex: bool) -> str:
    """A bias symbol's template with the letter b written θ (b_{h1} → θ_{h1}, ∂E/∂b → ∂E/∂θ); a style
    that names biases in words (Bias of …) or already writes θ is left as it is."""
    return _BIAS_LETTER.sub(lambda m: r"\theta " if latex else "θ", template).replace(r"\theta _", r"\theta_").replace(
        r"\theta ^", r"\theta^")


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
        "E_unit": "E_{{{0}}}",
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
        "E_unit": "E_{0}",
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

# Symbols only some problems need (a shared bias per layer; the chain-rule factors): added to the
# default table here so that the tables above stay exactly what the default output has always used.
DEFAULT.latex.update({
    "b_layer": "b_{{L{0}}}",
    "b_layer_new": r"b^{{\mathrm{{new}}}}_{{L{0}}}",
    "grad_b_layer": r"\frac{{\partial E}}{{\partial b_{{L{0}}}}}",
    "db_layer": r"\Delta b_{{L{0}}}",
    "dE_dout": r"\frac{{\partial E}}{{\partial y_{{{0}}}}}",
    "dout_dnet": r"\frac{{\partial y_{{{0}}}}}{{\partial \mathrm{{net}}_{{{0}}}}}",
    "dnet_dw": r"\frac{{\partial \mathrm{{net}}_{{{1}}}}}{{\partial w_{{{0},{1}}}}}",
    "dE_dnet": r"\frac{{\partial E}}{{\partial \mathrm{{net}}_{{{0}}}}}",
})
DEFAULT.text.update({
    "b_layer": "b_L{0}", "b_layer_new": "b'_L{0}", "grad_b_layer": "∂E/∂b_L{0}", "db_layer": "Δb_L{0}",
    "dE_dout": "∂E/∂y_{0}", "dout_dnet": "∂y_{0}/∂net_{0}", "dnet_dw": "∂net_{1}/∂w_{0},{1}",
    "dE_dnet": "∂E/∂net_{0}",
})

# Training runs with a shared bias: one sample's share of its gradient, and its previous change.
DEFAULT.latex.update({
    "grad_b_layer_s": r"\frac{{\partial E_{{{1}}}}}{{\partial b_{{L{0}}}}}",
    "db_layer_prev": r"\Delta b^{{\mathrm{{prev}}}}_{{L{0}}}",
})
DEFAULT.text.update({"grad_b_layer_s": "∂E_{1}/∂b_L{0}", "db_layer_prev": "Δb_L{0}(prev)"})

# The matrix layout's symbols: {0} is the layer m.
DEFAULT.latex.update({
    "W": "W^{{{0}}}", "W_T": "(W^{{{0}}})^{{T}}", "W_new": r"W^{{{0}}}_{{\mathrm{{new}}}}",
    "b_vec": "b^{{{0}}}", "b_vec_new": r"b^{{{0}}}_{{\mathrm{{new}}}}", "n_vec": "n^{{{0}}}", "a_vec": "a^{{{0}}}",
    "a_vec_T": "(a^{{{0}}})^{{T}}", "s_vec": "s^{{{0}}}", "Fdot": r"\dot{{F}}^{{{0}}}(n^{{{0}}})",
    "dF_da": r"\frac{{\partial E}}{{\partial a^{{{0}}}}}", "ones": r"\mathbf{{1}}", "ones_T": r"\mathbf{{1}}^{{T}}",
})
DEFAULT.text.update({
    "W": "W^{0}", "W_T": "(W^{0})ᵀ", "W_new": "W'^{0}", "b_vec": "b^{0}", "b_vec_new": "b'^{0}", "n_vec": "n^{0}",
    "a_vec": "a^{0}", "a_vec_T": "(a^{0})ᵀ", "s_vec": "s^{0}", "Fdot": "Ḟ^{0}(n^{0})", "dF_da": "∂E/∂a^{0}",
    "ones": "1", "ones_T": "1ᵀ",
})
# With momentum, the matrix update adds the previous changes.
DEFAULT.latex.update({"dW_prev": r"\Delta W^{{{0}}}_{{\mathrm{{prev}}}}", "db_vec_prev": r"\Delta b^{{{0}}}_{{\mathrm{{prev}}}}"})
DEFAULT.text.update({"dW_prev": "ΔW^{0}(prev)", "db_vec_prev": "Δb^{0}(prev)"})

# Recurrent networks: the recurrent weights u (hidden unit A at t−1 → hidden unit B at t).
DEFAULT.latex.update({
    "u": "u_{{{0},{1}}}", "grad_u": r"\frac{{\partial E}}{{\partial u_{{{0},{1}}}}}", "du": r"\Delta u_{{{0},{1}}}",
    "u_new": r"u^{{\mathrm{{new}}}}_{{{0},{1}}}",
    "dnet_du": r"\frac{{\partial \mathrm{{net}}_{{{1}}}}}{{\partial u_{{{0},{1}}}}}",
})
DEFAULT.text.update({"u": "u_{0},{1}", "grad_u": "∂E/∂u_{0},{1}", "du": "Δu_{0},{1}", "u_new": "u'_{0},{1}",
                     "dnet_du": "∂net_{1}/∂u_{0},{1}"})

# The optimizers' hyperparameters and the update's number t (Adam's bias correction).
DEFAULT.latex.update({"beta1": r"\beta_{{1}}", "beta2": r"\beta_{{2}}", "eps": r"\epsilon", "sq_alpha": r"\alpha",
                      "wd_lambda": r"\lambda", "l1_lambda": r"\lambda_{{1}}", "step_t": "t"})
DEFAULT.text.update({"beta1": "β₁", "beta2": "β₂", "eps": "ε", "sq_alpha": "α", "wd_lambda": "λ", "l1_lambda": "λ₁",
                     "step_t": "t"})

# Convolutional layers: {0} is the layer, then filter (or channel), row, column; a kernel weight has
# layer, filter, input channel, kernel row, kernel column; a filter bias layer and filter.
_CELL = "{{{1},{2},{3}}}"
DEFAULT.latex.update({
    "pixel": "x_{{{0},{1},{2}}}",
    "conv_net": r"\mathrm{{net}}^{{({0})}}_" + _CELL, "conv_out": "y^{{({0})}}_" + _CELL,
    "conv_delta": r"\delta^{{({0})}}_" + _CELL,
    "conv_net_new": r"\mathrm{{net}}^{{({0})\,\mathrm{{new}}}}_" + _CELL,
    "conv_out_new": r"y^{{({0})\,\mathrm{{new}}}}_" + _CELL,
    "pool_out": "p^{{({0})}}_" + _CELL, "pool_out_new": r"p^{{({0})\,\mathrm{{new}}}}_" + _CELL,
    "pool_delta": r"\delta^{{p({0})}}_" + _CELL,
    "k": "k^{{({0})}}_{{{1},{2},{3},{4}}}", "k_new": r"k^{{({0})\,\mathrm{{new}}}}_{{{1},{2},{3},{4}}}",
    "grad_k": r"\frac{{\partial E}}{{\partial k^{{({0})}}_{{{1},{2},{3},{4}}}}}",
    "dk": r"\Delta k^{{({0})}}_{{{1},{2},{3},{4}}}",
    "dk_prev": r"\Delta k^{{({0})\,\mathrm{{prev}}}}_{{{1},{2},{3},{4}}}",
    "kb": "b^{{({0})}}_{{{1}}}", "kb_new": r"b^{{({0})\,\mathrm{{new}}}}_{{{1}}}",
    "grad_kb": r"\frac{{\partial E}}{{\partial b^{{({0})}}_{{{1}}}}}", "dkb": r"\Delta b^{{({0})}}_{{{1}}}",
    "dkb_prev": r"\Delta b^{{({0})\,\mathrm{{prev}}}}_{{{1}}}",
})
DEFAULT.text.update({
    "pixel": "x{0}_{1}_{2}",
    "conv_net": "net_f{0}_{1}_{2}_{3}", "conv_out": "y_f{0}_{1}_{2}_{3}", "conv_delta": "δ_f{0}_{1}_{2}_{3}",
    "conv_net_new": "net'_f{0}_{1}_{2}_{3}", "conv_out_new": "y'_f{0}_{1}_{2}_{3}",
    "pool_out": "p{0}_{1}_{2}_{3}", "pool_out_new": "p'{0}_{1}_{2}_{3}", "pool_delta": "δ_p{0}_{1}_{2}_{3}",
    "k": "k{0}_{1}_{2}_{3}_{4}", "k_new": "k'{0}_{1}_{2}_{3}_{4}", "grad_k": "∂E/∂k{0}_{1}_{2}_{3}_{4}",
    "dk": "Δk{0}_{1}_{2}_{3}_{4}", "dk_prev": "Δk{0}_{1}_{2}_{3}_{4}(prev)",
    "kb": "kb{0}_{1}", "kb_new": "kb'{0}_{1}", "grad_kb": "∂E/∂kb{0}_{1}", "dkb": "Δkb{0}_{1}",
    "dkb_prev": "Δkb{0}_{1}(prev)",
})
# How many numbers the convolutional symbols carry as their "units".
CONV_KINDS = {"pixel": 3, "conv_net": 4, "conv_out": 4, "conv_delta": 4, "conv_net_new": 4, "conv_out_new": 4,
              "pool_out": 4, "pool_out_new": 4, "pool_delta": 4, "k": 5, "k_new": 5, "grad_k": 5, "dk": 5,
              "dk_prev": 5, "kb": 2, "kb_new": 2, "grad_kb": 2, "dkb": 2, "dkb_prev": 2}

# Every symbol a [notation] table may replace.
SYMBOL_KINDS = ("x", *DEFAULT.latex)


def _style(name: str, symbols: Mapping[str, tuple[str, str]], **settings: object) -> Notation:
    """A style: the default table with some symbols replaced, given as kind → (latex, text)."""
    return replace(DEFAULT.with_symbols(tuple((k, l, t) for k, (l, t) in symbols.items())), name=name, **settings)


DELTA_RULE = _style("delta-rule", {
    # Units numbered 1..N across the layers (inputs first): I_j net input, O_j output, Err_j, θ_j, w_ij.
    "x": ("x_{{{n0}}}", "x_{n0}"),
    "net": ("I_{{{n0}}}", "I_{n0}"),
    "out": ("O_{{{n0}}}", "O_{n0}"),
    "t": ("T_{{{n0}}}", "T_{n0}"),
    "err": (r"-\frac{{\partial E}}{{\partial O_{{{n0}}}}}", "−∂E/∂O_{n0}"),
    "dEdy": (r"\frac{{\partial E}}{{\partial O_{{{n0}}}}}", "∂E/∂O_{n0}"),
    "delta": (r"\mathrm{{Err}}_{{{n0}}}", "Err_{n0}"),
    "w": ("w_{{{nn}}}", "w_{nn}"),
    "b": (r"\theta_{{{n0}}}", "θ_{n0}"),
    "b_layer": (r"\theta^{{({0})}}", "θ^({0})"),
    "grad": (r"\frac{{\partial E}}{{\partial w_{{{nn}}}}}", "∂E/∂w_{nn}"),
    "dw": (r"\Delta w_{{{nn}}}", "Δw_{nn}"),
    "w_new": (r"w^{{\mathrm{{new}}}}_{{{nn}}}", "w'_{nn}"),
    "grad_b": (r"\frac{{\partial E}}{{\partial \theta_{{{n0}}}}}", "∂E/∂θ_{n0}"),
    "db": (r"\Delta\theta_{{{n0}}}", "Δθ_{n0}"),
    "b_new": (r"\theta^{{\mathrm{{new}}}}_{{{n0}}}", "θ'_{n0}"),
    "grad_b_layer": (r"\frac{{\partial E}}{{\partial \theta^{{({0})}}}}", "∂E/∂θ^({0})"),
    "db_layer": (r"\Delta\theta^{{({0})}}", "Δθ^({0})"),
    "b_layer_new": (r"\theta^{{({0})\,\mathrm{{new}}}}", "θ'^({0})"),
    "net_new": (r"I^{{\mathrm{{new}}}}_{{{n0}}}", "I'_{n0}"),
    "dE_dout": (r"\frac{{\partial E}}{{\partial O_{{{n0}}}}}", "∂E/∂O_{n0}"),
    "dout_dnet": (r"\frac{{\partial O_{{{n0}}}}}{{\partial I_{{{n0}}}}}", "∂O_{n0}/∂I_{n0}"),
    "dnet_dw": (r"\frac{{\partial I_{{{n1}}}}}{{\partial w_{{{nn}}}}}", "∂I_{n1}/∂w_{nn}"),
    "dE_dnet": (r"\frac{{\partial E}}{{\partial I_{{{n0}}}}}", "∂E/∂I_{n0}"),
    "out_new": (r"O^{{\mathrm{{new}}}}_{{{n0}}}", "O'_{n0}"),
})

CHAIN_RULE = _style("chain-rule", {
    # The blog walk-through: net_{h1}, out_{h1}, E_total, w1, w2, … in reading order, b1, b2 per layer.
    "out": (r"\mathrm{{out}}_{{{0}}}", "out_{0}"),
    "t": (r"\mathrm{{target}}_{{{0}}}", "target_{0}"),
    "E": (r"E_{{\mathrm{{total}}}}", "E_total"),
    "E_new": (r"E^{{+}}_{{\mathrm{{total}}}}", "E⁺_total"),
    "err": (r"-\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial \mathrm{{out}}_{{{0}}}}}", "−∂E_total/∂out_{0}"),
    "dEdy": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial \mathrm{{out}}_{{{0}}}}}", "∂E_total/∂out_{0}"),
    "w": ("w_{{{k}}}", "w{k}"),
    "b": ("b_{{{k}}}", "b{k}"),
    "b_layer": ("b_{{{0}}}", "b{0}"),
    "grad": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial w_{{{k}}}}}", "∂E_total/∂w{k}"),
    "dw": (r"\Delta w_{{{k}}}", "Δw{k}"),
    "w_new": ("w^{{+}}_{{{k}}}", "w{k}⁺"),
    "grad_b": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial b_{{{k}}}}}", "∂E_total/∂b{k}"),
    "db": (r"\Delta b_{{{k}}}", "Δb{k}"),
    "b_new": ("b^{{+}}_{{{k}}}", "b{k}⁺"),
    "grad_b_layer": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial b_{{{0}}}}}", "∂E_total/∂b{0}"),
    "db_layer": (r"\Delta b_{{{0}}}", "Δb{0}"),
    "b_layer_new": ("b^{{+}}_{{{0}}}", "b{0}⁺"),
    "net_new": (r"\mathrm{{net}}^{{+}}_{{{0}}}", "net⁺_{0}"),
    "out_new": (r"\mathrm{{out}}^{{+}}_{{{0}}}", "out⁺_{0}"),
    "dE_dout": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial \mathrm{{out}}_{{{0}}}}}", "∂E_total/∂out_{0}"),
    "dout_dnet": (r"\frac{{\partial \mathrm{{out}}_{{{0}}}}}{{\partial \mathrm{{net}}_{{{0}}}}}", "∂out_{0}/∂net_{0}"),
    "dnet_dw": (r"\frac{{\partial \mathrm{{net}}_{{{1}}}}}{{\partial w_{{{k}}}}}", "∂net_{1}/∂w{k}"),
    "dE_dnet": (r"\frac{{\partial E_{{\mathrm{{total}}}}}}{{\partial \mathrm{{net}}_{{{0}}}}}", "∂E_total/∂net_{0}"),
}, layout="chain")

MATRIX = _style("matrix", {
    # Layer superscripts m, Hagan's order for weights (w^m_{i,j}: unit j of layer m−1 → unit i of
    # layer m), inputs p, performance index F, learning rate α, W(0) before and W(1) after the step.
    "x": ("p_{{{p0}}}", "p_{p0}"),
    "net": ("n^{{{m}}}_{{{p0}}}", "n^{m}_{p0}"),
    "out": ("a^{{{m}}}_{{{p0}}}", "a^{m}_{p0}"),
    "t": ("t_{{{p0}}}", "t_{p0}"),
    "E": (r"\hat{{F}}", "F"),
    "E_new": (r"\hat{{F}}(1)", "F(1)"),
    "err": (r"-\frac{{\partial \hat{{F}}}}{{\partial a^{{{m}}}_{{{p0}}}}}", "−∂F/∂a^{m}_{p0}"),
    "dEdy": (r"\frac{{\partial \hat{{F}}}}{{\partial a^{{{m}}}_{{{p0}}}}}", "∂F/∂a^{m}_{p0}"),
    "delta": (r"\delta^{{{m}}}_{{{p0}}}", "δ^{m}_{p0}"),  # −s (error convention); s itself below
    "eta": (r"\alpha", "α"),
    "alpha": (r"\gamma", "γ"),  # α is the learning rate here; Hagan's momentum coefficient is γ
    "sq_alpha": (r"\rho", "ρ"),  # RMSprop's smoothing constant, as α is taken
    "w": ("w^{{{m}}}_{{{p1},{p0}}}(0)", "w^{m}_{p1},{p0}(0)"),
    "b": ("b^{{{m}}}_{{{p0}}}(0)", "b^{m}_{p0}(0)"),
    "b_layer": ("b^{{{0}}}(0)", "b^{0}(0)"),
    "grad": (r"\frac{{\partial \hat{{F}}}}{{\partial w^{{{m}}}_{{{p1},{p0}}}}}", "∂F/∂w^{m}_{p1},{p0}"),
    "dw": (r"\Delta w^{{{m}}}_{{{p1},{p0}}}", "Δw^{m}_{p1},{p0}"),
    "w_new": ("w^{{{m}}}_{{{p1},{p0}}}(1)", "w^{m}_{p1},{p0}(1)"),
    "grad_b": (r"\frac{{\partial \hat{{F}}}}{{\partial b^{{{m}}}_{{{p0}}}}}", "∂F/∂b^{m}_{p0}"),
    "db": (r"\Delta b^{{{m}}}_{{{p0}}}", "Δb^{m}_{p0}"),
    "b_new": ("b^{{{m}}}_{{{p0}}}(1)", "b^{m}_{p0}(1)"),
    "grad_b_layer": (r"\frac{{\partial \hat{{F}}}}{{\partial b^{{{0}}}}}", "∂F/∂b^{0}"),
    "db_layer": (r"\Delta b^{{{0}}}", "Δb^{0}"),
    "b_layer_new": ("b^{{{0}}}(1)", "b^{0}(1)"),
    "net_new": ("n^{{{m}}}_{{{p0}}}(1)", "n^{m}_{p0}(1)"),
    "dE_dout": (r"\frac{{\partial \hat{{F}}}}{{\partial a^{{{m}}}_{{{p0}}}}}", "∂F/∂a^{m}_{p0}"),
    "dout_dnet": (r"\frac{{\partial a^{{{m}}}_{{{p0}}}}}{{\partial n^{{{m}}}_{{{p0}}}}}", "∂a^{m}_{p0}/∂n^{m}_{p0}"),
    "dnet_dw": (r"\frac{{\partial n^{{{m}}}_{{{p1}}}}}{{\partial w^{{{m}}}_{{{p1},{p0}}}}}", "∂n^{m}_{p1}/∂w^{m}_{p1},{p0}"),
    "dE_dnet": (r"\frac{{\partial \hat{{F}}}}{{\partial n^{{{m}}}_{{{p0}}}}}", "∂F/∂n^{m}_{p0}"),
    "out_new": ("a^{{{m}}}_{{{p0}}}(1)", "a^{m}_{p0}(1)"),
    "W_new": ("W^{{{0}}}(1)", "W^{0}(1)"),
    "W": ("W^{{{0}}}(0)", "W^{0}(0)"),
    "W_T": ("(W^{{{0}}})^{{T}}", "(W^{0})ᵀ"),
    "b_vec": ("b^{{{0}}}(0)", "b^{0}(0)"),
    "b_vec_new": ("b^{{{0}}}(1)", "b^{0}(1)"),
    "dF_da": (r"\frac{{\partial \hat{{F}}}}{{\partial a^{{{0}}}}}", "∂F/∂a^{0}"),
}, layout="matrix", gradient_convention={"delta": ("s^{{{m}}}_{{{p0}}}", "s^{m}_{p0}")})

SEED001 = _style("seed001", {
    # As seed 001 writes its example: inputs x_1, x_2; weighted sums a_1, a_2, a_3 numbered over the
    # non-input units; outputs y_3, y_4, y_5 and δ numbered over all units; w_{i,j} from the i-th
    # unit of the layer below to the unit of weighted sum a_j; F the activation.
    "x": ("x_{{{p0}}}", "x_{p0}"),
    "net": ("a_{{{a0}}}", "a_{a0}"),
    "out": ("y_{{{n0}}}", "y_{n0}"),
    "t": (r"y_{{\mathrm{{target}}{s0}}}", "y_target{s0}"),
    "err": (r"\mathrm{{Error}}_{{{n0}}}", "Error_{n0}"),
    "dEdy": (r"\frac{{\partial E}}{{\partial y_{{{n0}}}}}", "∂E/∂y_{n0}"),
    "delta": (r"\delta_{{{n0}}}", "δ_{n0}"),
    "w": ("w_{{{p0},{a1}}}", "w_{p0},{a1}"),
    "b": ("b_{{{a0}}}", "b_{a0}"),
    "grad": (r"\frac{{\partial E}}{{\partial w_{{{p0},{a1}}}}}", "∂E/∂w_{p0},{a1}"),
    "dw": (r"\Delta w_{{{p0},{a1}}}", "Δw_{p0},{a1}"),
    "w_new": (r"w_{{{p0},{a1}}}(\text{{new}})", "w_{p0},{a1}(new)"),
    "grad_b": (r"\frac{{\partial E}}{{\partial b_{{{a0}}}}}", "∂E/∂b_{a0}"),
    "db": (r"\Delta b_{{{a0}}}", "Δb_{a0}"),
    "b_new": (r"b_{{{a0}}}(\text{{new}})", "b_{a0}(new)"),
    "net_new": (r"a_{{{a0}}}(\text{{new}})", "a_{a0}(new)"),
    "dE_dout": (r"\frac{{\partial E}}{{\partial y_{{{n0}}}}}", "∂E/∂y_{n0}"),
    "dout_dnet": (r"\frac{{\partial y_{{{n0}}}}}{{\partial a_{{{a0}}}}}", "∂y_{n0}/∂a_{a0}"),
    "dnet_dw": (r"\frac{{\partial a_{{{a1}}}}}{{\partial w_{{{p0},{a1}}}}}", "∂a_{a1}/∂w_{p0},{a1}"),
    "dE_dnet": (r"\frac{{\partial E}}{{\partial a_{{{a0}}}}}", "∂E/∂a_{a0}"),
    "out_new": (r"y_{{{n0}}}(\text{{new}})", "y_{n0}(new)"),
    "E_new": (r"E(\text{{new}})", "E(new)"),
}, bracket_terms=True, times_symbols=True, functions={"sigmoid": ("F", "F")})

SEED002 = _style("seed002", {
    # The exercise's words: Input 1, Weight 1, Output, Desired output, Error, Weight 1 adjustment.
    "x": (r"\text{{{u0}}}", "{u0}"),
    "net": (r"\text{{Weighted sum of {u0}}}", "Weighted sum of {u0}"),
    "out": (r"\text{{{u0}}}", "{u0}"),
    "t": (r"\text{{Desired {u0}}}", "Desired {u0}"),
    "err": (r"\text{{Error of {u0}}}", "Error of {u0}"),
    "dEdy": (r"\text{{Loss slope at {u0}}}", "Loss slope at {u0}"),
    "delta": (r"\text{{Delta of {u0}}}", "Delta of {u0}"),
    "eta": (r"\text{{Learning rate}}", "Learning rate"),
    "E": (r"\text{{Loss}}", "Loss"),
    "E_new": (r"\text{{New loss}}", "New loss"),
    "w": (r"\text{{Weight {k}}}", "Weight {k}"),
    "b": (r"\text{{Bias of {u0}}}", "Bias of {u0}"),
    "grad": (r"\text{{Gradient of weight {k}}}", "Gradient of weight {k}"),
    "dw": (r"\text{{Weight {k} adjustment}}", "Weight {k} adjustment"),
    "w_new": (r"\text{{Updated weight {k}}}", "Updated weight {k}"),
    "grad_b": (r"\text{{Gradient of the bias of {u0}}}", "Gradient of the bias of {u0}"),
    "db": (r"\text{{Bias adjustment of {u0}}}", "Bias adjustment of {u0}"),
    "b_new": (r"\text{{Updated bias of {u0}}}", "Updated bias of {u0}"),
    "net_new": (r"\text{{New weighted sum of {u0}}}", "New weighted sum of {u0}"),
    "dE_dout": (r"\text{{Loss slope at {u0}}}", "Loss slope at {u0}"),
    "dout_dnet": (r"\text{{Activation slope at {u0}}}", "Activation slope at {u0}"),
    "dnet_dw": (r"\text{{Input of weight {k}}}", "Input of weight {k}"),
    "dE_dnet": (r"\text{{Loss slope at the sum of {u0}}}", "Loss slope at the sum of {u0}"),
    "out_new": (r"\text{{New {u0}}}", "New {u0}"),
}, bracket_terms=True, times_symbols=True)

SEED003 = _style("seed003", {
    # The tutorial's code: input_data[i], weights[l][i][j] counted from 0, node values per layer,
    # and every gradient a "slope": value at the weight's input node × slope of the loss at its
    # output node × slope of the activation there.
    "x": (r"\mathrm{{input}}_{{{i0}}}", "input[{i0}]"),
    "net": (r"\mathrm{{node\,in}}^{{({l0})}}_{{{i0}}}", "node_in[{l0}][{i0}]"),
    "out": (r"\mathrm{{node}}^{{({l0})}}_{{{i0}}}", "node[{l0}][{i0}]"),
    "t": (r"\mathrm{{actual}}_{{{i0}}}", "actual[{i0}]"),
    "err": (r"\mathrm{{error}}_{{{i0}}}", "error[{i0}]"),
    "err_hidden": (r"\mathrm{{error}}^{{({l0})}}_{{{i0}}}", "error[{l0}][{i0}]"),
    "delta": (r"\mathrm{{delta}}^{{({l0})}}_{{{i0}}}", "delta[{l0}][{i0}]"),
    "w": (r"\mathrm{{weights}}[{l0}]_{{{i0},{i1}}}", "weights[{l0}][{i0}][{i1}]"),
    "eta": (r"\mathrm{{learning\,rate}}", "learning_rate"),
    "grad": (r"\mathrm{{slope}}[{l0}]_{{{i0},{i1}}}", "slopes[{l0}][{i0}][{i1}]"),
    "dw": (r"\Delta\mathrm{{weights}}[{l0}]_{{{i0},{i1}}}", "Δweights[{l0}][{i0}][{i1}]"),
    "w_new": (r"\mathrm{{weights}}'[{l0}]_{{{i0},{i1}}}", "weights'[{l0}][{i0}][{i1}]"),
    "net_new": (r"\mathrm{{node\,in}}'^{{({l0})}}_{{{i0}}}", "node_in'[{l0}][{i0}]"),
    "out_new": (r"\mathrm{{node}}'^{{({l0})}}_{{{i0}}}", "node'[{l0}][{i0}]"),
    "dE_dout": (r"\mathrm{{loss\,slope}}^{{({l0})}}_{{{i0}}}", "loss_slope[{l0}][{i0}]"),
    "dout_dnet": (r"\mathrm{{activation\,slope}}^{{({l0})}}_{{{i0}}}", "activation_slope[{l0}][{i0}]"),
    "dnet_dw": (r"\mathrm{{input\,value}}[{l0}]_{{{i0},{i1}}}", "input_value[{l0}][{i0}][{i1}]"),
    "dE_dnet": (r"\mathrm{{loss\,slope\,in}}^{{({l0})}}_{{{i0}}}", "loss_slope_in[{l0}][{i0}]"),
}, layout="chain", times_symbols=True)

STYLES: dict[str, Notation] = {n.name: n for n in (DEFAULT, DELTA_RULE, CHAIN_RULE, MATRIX, SEED001, SEED002, SEED003)}


def problem_style(p: "Problem", notation: Notation | None = None) -> Notation:
    """The style to write `p` in (its `notation`, unless one is given), bound to its units, delta
    convention and [notation] symbols."""
    style = STYLES[p.notation] if notation is None else notation
    return style.for_problem(p.units, p.delta_convention, p.notation_symbols, p.bias_input)
