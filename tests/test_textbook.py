"""Textbook fidelity: carried rounding, notation styles, chain-rule layout and derivations, bias options.

Expected numbers are computed by hand in the comments (and with math.exp where a sigmoid is
needed), or by central finite differences; never taken from stepcalc's own output.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.engine import expr as ex
from stepcalc.concepts.functions import NUMERIC_FUNCTIONS
from stepcalc.engine.derive import derive
from stepcalc.errors import ProblemError
from stepcalc.notation import STYLES
from stepcalc.problem.validate import load_problem, problem_from_mapping, problem_from_toml
from stepcalc.render.solution import render_solution

from conftest import EXAMPLES, CliRunner, compile_latex, katex_errors, markdown_math
from test_engine import independent_loss, random_problem

SEED001_NETWORK = """
[network]
layers = [2, 2, 1]
units = [["x1", "x2"], ["h1", "h2"], ["o"]]
weights = [[[0.2, 0.3], [0.2, 0.3]], [[0.3], [0.9]]]
[[samples]]
x = [0.35, 0.7]
t = [0.5]
"""

TEXTBOOK_ROUNDING = """
learning_rate = 1
[rounding]
mode = "{mode}"
net = 3
out = 3
weight = 3
delta = 4
grad = 4
dw = 4
"""


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def textbook(mode: str) -> str:
    return render_solution(derive(problem_from_toml(TEXTBOOK_ROUNDING.format(mode=mode) + SEED001_NETWORK)), "text")


# --- 1. rounding ------------------------------------------------------------------------------

def test_textbook_table_with_carried_rounding_digit_for_digit() -> None:
    # By hand, each value rounded (half up) before it is used: net/out/weights 3 decimals, δ/Δw 4.
    assert round(sigmoid(0.210), 6) == 0.552308  # → 0.552
    assert round(sigmoid(0.315), 6) == 0.578105  # → 0.578
    assert round(sigmoid(0.686), 6) == 0.665077  # → 0.665
    # net_o = 0.3 × 0.552 + 0.9 × 0.578 = 0.1656 + 0.5202 = 0.6858 → 0.686
    # δ_o  = 0.665 × 0.335 × (0.5 − 0.665) = 0.222775 × (−0.165) = −0.036757875 → −0.0368
    # δ_h1 = 0.552 × 0.448 × (0.3 × −0.0368) = 0.247296 × (−0.01104) = −0.0027301… → −0.0027
    # δ_h2 = 0.578 × 0.422 × (0.9 × −0.0368) = 0.243916 × (−0.03312) = −0.0080785… → −0.0081
    # Δw_x1,h1 = −0.0027 × 0.35 = −0.000945 → −0.0009 (half up on 0.00094|5 → 0.0009), w = 0.1991 → 0.199
    # Δw_x2,h1 = −0.0027 × 0.7 = −0.00189 → −0.0019, w = 0.1981 → 0.198
    # Δw_x1,h2 = −0.0081 × 0.35 = −0.002835 → −0.0028, w = 0.2972 → 0.297
    # Δw_x2,h2 = −0.0081 × 0.7 = −0.00567 → −0.0057, w = 0.2943 → 0.294
    # Δw_h1,o = −0.0368 × 0.552 = −0.0203136 → −0.0203, w = 0.2797 → 0.280
    # Δw_h2,o = −0.0368 × 0.578 = −0.0212704 → −0.0213, w = 0.8787 → 0.879
    table = [
        "net_h1 = w_x1,h1 x1 + w_x2,h1 x2 = 0.2 × 0.35 + 0.2 × 0.7 = 0.210",
        "net_h2 = w_x1,h2 x1 + w_x2,h2 x2 = 0.3 × 0.35 + 0.3 × 0.7 = 0.315",
        "y_h1 = σ(net_h1) = 1/(1 + e^(−net_h1)) = 1/(1 + e^(−0.210)) = 0.552",
        "y_h2 = σ(net_h2) = 1/(1 + e^(−net_h2)) = 1/(1 + e^(−0.315)) = 0.578",
        "net_o = w_h1,o y_h1 + w_h2,o y_h2 = 0.3 × 0.552 + 0.9 × 0.578 = 0.686",
        "y_o = σ(net_o) = 1/(1 + e^(−net_o)) = 1/(1 + e^(−0.686)) = 0.665",
        "δ_o = y_o(1 − y_o)(t_o − y_o) = 0.665 × (1 − 0.665) × (0.5 − 0.665) = −0.0368",
        "δ_h1 = y_h1(1 − y_h1)(w_h1,o δ_o) = 0.552 × (1 − 0.552) × (0.3 × (−0.0368)) = −0.0027",
        "δ_h2 = y_h2(1 − y_h2)(w_h2,o δ_o) = 0.578 × (1 − 0.578) × (0.9 × (−0.0368)) = −0.0081",
        "Δw_x1,h1 = η δ_h1 x1 = 1 × (−0.0027) × 0.35 = −0.0009",
        "w'_x1,h1 = w_x1,h1 + Δw_x1,h1 = 0.2 + (−0.0009) = 0.199",
        "w'_x2,h1 = w_x2,h1 + Δw_x2,h1 = 0.2 + (−0.0019) = 0.198",
        "w'_x1,h2 = w_x1,h2 + Δw_x1,h2 = 0.3 + (−0.0028) = 0.297",
        "Δw_x2,h2 = η δ_h2 x2 = 1 × (−0.0081) × 0.7 = −0.0057",
        "w'_x2,h2 = w_x2,h2 + Δw_x2,h2 = 0.3 + (−0.0057) = 0.294",
        "w'_h1,o = w_h1,o + Δw_h1,o = 0.3 + (−0.0203) = 0.280",
        "w'_h2,o = w_h2,o + Δw_h2,o = 0.9 + (−0.0213) = 0.879",
    ]
    lines = [line.strip() for line in textbook("carry").splitlines()]
    for expected in table:
        assert expected in lines
    d = derive(problem_from_toml(TEXTBOOK_ROUNDING.format(mode="carry") + SEED001_NETWORK))
    assert (d.values["dw.x1.h1"], d.values["w.h1.o"], d.values["net.o"]) == (
        Fraction(-9, 10000), Fraction(28, 100), Fraction(686, 1000))


def test_carrying_changes_a_later_digit_compared_with_exact() -> None:
    # Exact: δ_h1 = σ'(0.21)(0.3 δ_o) with full precision = −0.0027219…, Δw_x1,h1 = 0.35 δ_h1 = −0.000952… → −0.0010.
    # Carried: δ_h1 is −0.0027 when it is used, so Δw_x1,h1 = −0.0027 × 0.35 = −0.000945 → −0.0009.
    y_h1, y_h2 = sigmoid(0.21), sigmoid(0.315)
    y_o = sigmoid(0.3 * y_h1 + 0.9 * y_h2)
    delta_h1 = y_h1 * (1 - y_h1) * 0.3 * y_o * (1 - y_o) * (0.5 - y_o)
    assert f"{0.35 * delta_h1:.4f}" == "-0.0010"
    exact = [line.strip() for line in textbook("exact").splitlines()]
    carry = [line.strip() for line in textbook("carry").splitlines()]
    assert "Δw_x1,h1 = η δ_h1 x1 = 1 × (−0.0027) × 0.35 = −0.0010" in exact
    assert "Δw_x1,h1 = η δ_h1 x1 = 1 × (−0.0027) × 0.35 = −0.0009" in carry
    # The JSON value is the value carried on.
    document = json.loads(render_solution(
        derive(problem_from_toml(TEXTBOOK_ROUNDING.format(mode="carry") + SEED001_NETWORK)), "json"))
    values = {s["id"]: s["value"] for s in document["steps"]}
    assert values["dw.x1.h1"] == -0.0009 and values["delta.h1"] == -0.0027
    assert document["rounding"] == {"mode": "carry", "decimals": 4, "net": 3, "out": 3, "delta": 4, "grad": 4,
                                    "dw": 4, "weight": 3}


def test_half_up_and_trailing_zeros_in_carry_mode() -> None:
    # 2 decimals: net = 0.5 × 0.25 = 0.125 → 0.13 (half up, not 0.12); y = net (identity) shows 0.13.
    text = render_solution(derive(problem_from_toml("""
learning_rate = 1
[rounding]
mode = "carry"
decimals = 2
[network]
layers = [1, 1]
activation = "identity"
weights = [[[0.5]]]
[[samples]]
x = [0.25]
t = [0.5]
""")), "text")
    assert "net_o1 = w_x1,o1 x1 = 0.5 × 0.25 = 0.13" in text
    # δ = 0.5 − 0.13 = 0.37, Δw = 0.37 × 0.25 = 0.0925 → 0.09, w = 0.59; then 0.59 × 0.25 = 0.1475 → 0.15
    assert "w'_x1,o1 = w_x1,o1 + Δw_x1,o1 = 0.5 + 0.09 = 0.59" in text
    assert "net'_o1 = w'_x1,o1 x1 = 0.59 × 0.25 = 0.15" in text


def test_digits_overrides_display_in_exact_mode_and_is_refused_in_carry_mode(cli: CliRunner, tmp_path: Path) -> None:
    exact = tmp_path / "exact.toml"
    exact.write_text(TEXTBOOK_ROUNDING.format(mode="exact") + SEED001_NETWORK, encoding="utf-8")
    out = cli("solve", str(exact), "--digits", "6", check=True).stdout
    assert "= 0.552308" in out  # σ(0.21) = 0.5523079…
    carry = tmp_path / "carry.toml"
    carry.write_text(TEXTBOOK_ROUNDING.format(mode="carry") + SEED001_NETWORK, encoding="utf-8")
    result = cli("solve", str(carry), "--digits", "6")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "--digits" in result.stderr


@pytest.mark.parametrize("snippet, key", [
    ('[rounding]\nmode = "paper"', "rounding.mode"),
    ("[rounding]\ndecimals = -1", "rounding.decimals"),
    ("[rounding]\ndecimals = 99", "rounding.decimals"),
    ('[rounding]\nnet = "3"', "rounding.net"),
    ("[rounding]\nbias = 3", "rounding.bias"),
    ("rounding = 3", "rounding"),
    ('notation = "klingon"', "notation"),
    ('[notation]\nstyle = "klingon"', "notation.style"),
    ('[notation]\nweight = "w"', "notation.weight"),
    ('[notation]\nb = "w_{0{j}}"', "notation.b"),
    ('[notation]\nnet = "n_{1}"', "notation.net"),  # {1}: a net input is about one unit
    ('[notation]\nb_layer = "b_{n0}"', "notation.b_layer"),  # a layer's bias has no unit fields
    ("[notation]\nw = '\\input{{/etc/passwd}}'", "notation.w"),
    ('[notation]\ndelta = "θ_{n0}"', "notation.delta"),
    ('[notation]\ndelta = { latex = "\\\\delta_{{{n0}", text = "d" }', "notation.delta.latex"),
    ("[notation]\nb = { text = \"θ\" }", "notation.b.latex"),
    ('update_biases = "no"', "update_biases"),
    ("shared_bias = true", "shared_bias"),
])
def test_bad_textbook_keys_name_the_key(snippet: str, key: str) -> None:
    head, _, tail = snippet.partition("\n")
    text = "learning_rate = 1\n"
    if head.startswith("["):
        text += SEED001_NETWORK + "\n" + snippet + "\n"
    else:
        text += snippet + "\n" + SEED001_NETWORK
    with pytest.raises(ProblemError) as err:
        problem_from_toml(text, "p.toml")
    assert err.value.key == key, str(err.value)


def test_shared_bias_wants_one_number_per_layer() -> None:
    text = "learning_rate = 1\nshared_bias = true\n" + SEED001_NETWORK.replace(
        "weights =", "biases = [[0.1, 0.2], [0.3]]\nweights =")
    with pytest.raises(ProblemError) as err:
        problem_from_toml(text, "p.toml")
    assert err.value.key == "network.biases[0]" and "one number" in err.value.expected


def test_bad_key_from_the_cli_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('learning_rate = 1\nnotation = "klingon"\n' + SEED001_NETWORK, encoding="utf-8")
    result = cli("solve", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"stepcalc: {path}: notation: expected one of {', '.join(STYLES)}, got 'klingon'"]


# --- 2. notation styles -----------------------------------------------------------------------

BIASED = """
learning_rate = 0.5
delta_convention = "{convention}"
shared_bias = {shared}
[network]
layers = [2, 2, 2]
activation = ["tanh", "sigmoid"]
units = [["x1", "x2"], ["h1", "h2"], ["o1", "o2"]]
weights = [[[0.15, 0.25], [0.20, 0.30]], [[0.40, 0.50], [0.45, 0.55]]]
biases = {biases}
[[samples]]
x = [0.05, 0.10]
t = [0.01, 0.99]
"""


def biased(convention: str = "error", shared: bool = False) -> str:
    biases = "[0.35, 0.6]" if shared else "[[0.35, 0.3], [0.6, 0.55]]"
    return BIASED.format(convention=convention, shared=str(shared).lower(), biases=biases)


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("convention", ["error", "gradient"])
def test_style_changes_names_and_layout_only(convention: str, shared: bool) -> None:
    d = derive(problem_from_toml(biased(convention, shared)))
    documents = {name: json.loads(render_solution(d, "json", STYLES[name])) for name in STYLES}
    reference = [(s["id"], s["value"]) for s in documents["default"]["steps"]]
    for name, document in documents.items():
        # a chain-layout style adds its chain-rule factors (kind "chain"); every other step is the same
        assert [(s["id"], s["value"]) for s in document["steps"] if s["kind"] != "chain"] == reference, name
        assert any(s["kind"] == "chain" for s in document["steps"]) == (STYLES[name].layout == "chain"), name
    symbols = {document["steps"][0]["symbol"] for document in documents.values()}
    assert len(symbols) > 4  # the names do change


def style_documents(fmt: str) -> list[tuple[str, str]]:
    out = []
    for name in STYLES:
        for text in (biased("error", False), biased("gradient", True)):
            out.append((name, render_solution(derive(problem_from_toml(text)), fmt, STYLES[name], derivation=True)))
    return out


def test_every_style_renders_in_katex() -> None:
    spans = [span for _, markdown in style_documents("md") for span in markdown_math(markdown)]
    assert len(spans) > 500
    assert katex_errors(spans) == []


def test_every_style_compiles_with_pdflatex(tmp_path: Path) -> None:
    # One document with every style's body, to keep to a single pdflatex run.
    documents = style_documents("latex")
    first = documents[0][1]
    preamble = first[: first.index(r"\begin{document}") + len(r"\begin{document}")]
    bodies = [doc[doc.index(r"\begin{document}") + len(r"\begin{document}"): doc.index(r"\end{document}")]
              for _, doc in documents]
    pdf = compile_latex(preamble + "\n".join(bodies) + "\n\\end{document}\n", tmp_path)
    assert pdf.stat().st_size > 10000


def test_seed001_style_writes_the_documents_lines_with_correct_values() -> None:
    markdown = render_solution(derive(load_problem(EXAMPLES / "seed001_style.toml")), "md")
    # a_1 = 0.2 × 0.35 + 0.2 × 0.7 = 0.07 + 0.14 = 0.21; y_3 = σ(0.21) = 0.5523 (the document's 0.56 is a slip)
    assert round(sigmoid(0.21), 4) == 0.5523
    for line in [
        r"a_{1} = (w_{1,1} \times x_{1}) + (w_{2,1} \times x_{2}) = (0.2 \times 0.35) + (0.2 \times 0.7) = 0.2100",
        r"y_{3} = F(a_{1}) = \frac{1}{1 + e^{-a_{1}}} = \frac{1}{1 + e^{-0.2100}} = 0.5523",
        # δ_5 = 0.6651 × 0.3349 × (0.5 − 0.6651) = −0.036774… (the document: −0.0376)
        r"\delta_{5} = y_{5}(1 - y_{5})(y_{\mathrm{target}} - y_{5}) = 0.6651 \times (1 - 0.6651) \times (0.5 - 0.6651) = -0.0368",
        # δ_4 = 0.5781 × 0.4219 × (0.9 × −0.0368) = −0.00808 (the document: −0.0819)
        r"\delta_{4} = y_{4}(1 - y_{4})(w_{2,3} \times \delta_{5}) = 0.5781 \times (1 - 0.5781) \times (0.9 \times (-0.0368)) = -0.0081",
        # Δw_{2,3} = 1 × (−0.0368) × 0.5781 = −0.02127… → −0.0213 (the document: −0.022184)
        r"\Delta w_{2,3} = \eta \times \delta_{5} \times y_{4} = 1 \times (-0.0368) \times 0.5781 = -0.0213",
        r"w_{2,3}(\text{new}) = w_{2,3} + \Delta w_{2,3} = 0.9 + (-0.0213) = 0.8787",
    ]:
        assert f"$${line}$$" in markdown, line


def test_seed002_style_reproduces_the_exercise_with_three_carried_decimals() -> None:
    # Output = 1.0 × 0.5 + 0.8 × (−0.2) = 0.34; Error = 0.6 − 0.34 = 0.26;
    # adjustments 0.1 × 0.26 × 1.0 = 0.026 and 0.1 × 0.26 × 0.8 = 0.0208 → 0.021; weights 0.526, −0.179.
    text = render_solution(derive(load_problem(EXAMPLES / "seed002_style.toml")), "text")
    for line in [
        "Weighted sum of Output = (Weight 1 × Input 1) + (Weight 2 × Input 2) = (0.5 × 1) + ((−0.2) × 0.8) = 0.340",
        "Error of Output = Desired Output − Output = 0.6 − 0.340 = 0.260",
        "Weight 2 adjustment = Learning rate × Delta of Output × Input 2 = 0.1 × 0.260 × 0.8 = 0.021",
        "Updated weight 1 = Weight 1 + Weight 1 adjustment = 0.5 + 0.026 = 0.526",
        "Updated weight 2 = Weight 2 + Weight 2 adjustment = (−0.2) + 0.021 = −0.179",
    ]:
        assert "  " + line in text.splitlines(), line


def test_notation_table_overrides_single_symbols() -> None:
    text = """
learning_rate = 1
[notation]
style = "delta-rule"
b = { latex = "w_{{0{n0}}}", text = "w_0{n0}" }
delta = "Err_{n0}"
""" + biased().split("\n", 2)[2].replace('delta_convention = "error"\nshared_bias = false\n', "")
    p = problem_from_toml(text)
    rendered = render_solution(derive(p), "text")
    assert "I_3 = w_13 x_1 + w_23 x_2 + w_03" in rendered  # unit 3 = h1; its bias as a weight from unit 0
    assert render_solution(derive(p), "latex").count("w_{03}") > 0


def test_chain_layout_factors_are_the_chain_rule() -> None:
    p = problem_from_toml(biased())
    d = derive(p)
    from stepcalc.engine.chain import gradient_chains

    chains, values = gradient_chains(d)
    v = d.values
    # ∂E/∂out_o1 = y − t for ½Σ(t − y)²; ∂out/∂net = y(1 − y) for a sigmoid; 1 − y² for tanh.
    assert values["chain.dEdout.o1"] == pytest.approx(v["out.o1"] - 0.01, abs=1e-15)
    assert values["chain.doutdnet.o1"] == pytest.approx(v["out.o1"] * (1 - v["out.o1"]), abs=1e-15)
    assert values["chain.doutdnet.h1"] == pytest.approx(1 - v["out.h1"] ** 2, abs=1e-15)
    for step_id, chain in chains.items():
        product = ex.evaluate(chain.product, values)
        assert product == pytest.approx(v[step_id], rel=1e-12, abs=1e-15), step_id
    text = render_solution(d, "text", STYLES["chain-rule"])
    assert "∂E_total/∂w5 = ∂E_total/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5 = " in text


# --- 3. derivations ---------------------------------------------------------------------------

@pytest.mark.parametrize("example", ["seed001.toml", "seed004.toml", "softmax_classifier.toml"])
def test_every_side_of_the_derivation_has_the_gradients_value(example: str) -> None:
    from stepcalc.engine.chain import gradient_chains
    from stepcalc.engine.derivation import derivation_parts, derivation_values

    d = derive(load_problem(EXAMPLES / example))
    values = derivation_values(d, gradient_chains(d)[1])
    parts = derivation_parts(d)
    assert parts[0].equations[0].lhs.key == "loss"
    assert [part.layer for part in parts[1:]] == list(range(len(d.problem.layers) - 1, 0, -1))
    for part in parts:
        for eq in part.equations:
            expected = ex.evaluate(eq.lhs, values)
            for side in eq.sides:
                assert ex.evaluate(side, values) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_derivation_shows_the_sigmoid_derivative_in_terms_of_its_output(cli: CliRunner) -> None:
    out = cli("solve", str(EXAMPLES / "seed001.toml"), "--derivation", check=True).stdout
    assert "∂E/∂w_h1,o = ∂E/∂y_o · ∂y_o/∂net_o · ∂net_o/∂w_h1,o = (y_o − t_o) y_o(1 − y_o) y_h1 = −δ_o y_h1" in out
    assert out.index("Where the formulas come from") < out.index("Forward pass")
    assert "Where the formulas come from" not in cli("solve", str(EXAMPLES / "seed001.toml"), check=True).stdout
    latex = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "latex", check=True).stdout
    assert "Where the formulas come from" in latex
    assert "Where the formulas come from" not in cli(
        "solve", str(EXAMPLES / "seed001.toml"), "--format", "latex", "--no-derivation", check=True).stdout


# --- 4. bias conventions ----------------------------------------------------------------------

def test_fixed_biases_are_used_unchanged() -> None:
    p = problem_from_toml("update_biases = false\n" + biased())
    d = derive(p)
    assert not any(s.id.startswith(("grad.b.", "db.", "b.")) for s in d.steps)
    weights_only = derive(replace(p, update_biases=True))
    for key in ("w.h1.o1", "w.x2.h2", "delta.h1"):
        assert d.values[key] == weights_only.values[key]
    # after the update, net_o1 = w'_h1,o1 y'_h1 + w'_h2,o1 y'_h2 + 0.6 with the given bias 0.6
    net = d.values["w.h1.o1"] * d.values["after.out.h1"] + d.values["w.h2.o1"] * d.values["after.out.h2"] + 0.6
    assert d.values["after.net.o1"] == pytest.approx(net, rel=1e-15)
    assert d.new_parameters()["given.b.o1"] == Fraction(6, 10)
    render_solution(d, "text")


def test_shared_bias_ids_and_sum_of_deltas() -> None:
    d = derive(problem_from_toml(biased("error", True)))
    ids = [s.id for s in d.steps]
    assert {"grad.b.L1", "db.L1", "b.L1", "grad.b.L2", "db.L2", "b.L2"} <= set(ids)
    assert not any(i in ids for i in ("grad.b.h1", "b.o1"))
    v = d.values
    # δ = −∂E/∂net, so ∂E/∂b2 = −(δ_o1 + δ_o2) and b2' = 0.6 + η(δ_o1 + δ_o2)
    assert v["grad.b.L2"] == pytest.approx(-(v["delta.o1"] + v["delta.o2"]), rel=1e-15)
    assert v["b.L2"] == pytest.approx(0.6 + 0.5 * (v["delta.o1"] + v["delta.o2"]), rel=1e-15)
    assert "b2⁺ = b2 + Δb2" in render_solution(d, "text", STYLES["chain-rule"])


@st.composite
def bias_problem(draw: st.DrawFn) -> dict:
    hidden = draw(st.lists(st.integers(1, 3), min_size=0, max_size=2))
    layers = [draw(st.integers(1, 3))] + hidden + [draw(st.integers(1, 3))]
    rng = random.Random(draw(st.integers(0, 2**32)))
    shared = draw(st.booleans())
    acts = [draw(st.sampled_from(["sigmoid", "tanh", "identity"])) for _ in layers[1:]]
    data = {
        "learning_rate": 0.5,
        "loss": draw(st.sampled_from(["half_sse", "mse", "sse"])),
        "delta_convention": draw(st.sampled_from(["error", "gradient"])),
        "shared_bias": shared,
        "update_biases": draw(st.booleans()),
        "network": {"layers": layers, "activation": acts,
                    "weights": [[[round(rng.uniform(-1, 1), 3) for _ in range(b)] for _ in range(a)]
                                for a, b in zip(layers, layers[1:])],
                    "biases": ([round(rng.uniform(-0.5, 0.5), 2) for _ in layers[1:]] if shared else
                               [[round(rng.uniform(-0.5, 0.5), 2) for _ in range(n)] for n in layers[1:]])},
        "samples": [{"x": [round(rng.uniform(-1, 1), 2) for _ in range(layers[0])],
                     "t": [round(rng.uniform(0.05, 0.95), 2) for _ in range(layers[-1])]}],
    }
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bias_problem())
def test_bias_gradients_match_a_central_finite_difference(data: dict) -> None:
    d = derive(problem_from_mapping(data))
    layers = data["network"]["layers"]
    weights = data["network"]["weights"]
    raw = data["network"]["biases"]
    shared = data["shared_bias"]
    per_unit = [[b] * n for b, n in zip(raw, layers[1:])] if shared else raw
    h = 1e-6
    assert d.values["loss"] == pytest.approx(independent_loss(data, weights, per_unit), rel=1e-12, abs=1e-14)
    for l in range(len(layers) - 1):
        targets = [None] if shared else list(range(layers[l + 1]))
        for j in targets:
            plus = [row[:] for row in per_unit]
            minus = [row[:] for row in per_unit]
            for k in (range(layers[l + 1]) if j is None else [j]):
                plus[l][k] += h
                minus[l][k] -= h
            numeric = (independent_loss(data, weights, plus) - independent_loss(data, weights, minus)) / (2 * h)
            name = f"L{l + 1}" if shared else d.problem.units[l + 1][j]
            if data["update_biases"]:
                assert d.values[f"grad.b.{name}"] == pytest.approx(numeric, rel=1e-5, abs=1e-7), name
                given_bias = raw[l] if shared else raw[l][j]
                assert d.values[f"b.{name}"] == pytest.approx(given_bias - 0.5 * numeric, rel=1e-5, abs=1e-7)
            else:
                assert f"grad.b.{name}" not in d.values


# --- templates --------------------------------------------------------------------------------

def test_user_template_receives_the_documented_context(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "mine.j2"
    template.write_text(
        "{{ title }} [{{ style }}]\n"
        "{% for section in sections %}{% for group in section.groups %}{% for step in group.steps %}"
        "{{ step.id }}: {{ step.value }}\n{% endfor %}{% endfor %}{% endfor %}"
        "{% for row in weights %}{{ row.symbol }} {{ row.value }} {{ row.change }} {{ row.new }}\n{% endfor %}"
        "{% for part in derivation %}{{ part.title }}{% endfor %}\n", encoding="utf-8")
    out = cli("solve", str(EXAMPLES / "seed001_style.toml"), "--template", str(template), check=True).stdout
    assert out.startswith("Seed 001 in its own notation")
    assert "[seed001]" in out and "delta.o: −0.0368" in out and "w_1,3 0.3 −0.0203 0.2797" in out



def test_user_template_can_use_the_built_in_blocks(cli: CliRunner, tmp_path: Path) -> None:
    """A user template may import the macros the built-in templates are made of."""
    template = tmp_path / "mine.j2"
    template.write_text('{% import "md/_macros.md.j2" as m with context %}\n'
                        "# Mine: {{ title }}\n\n{{ m.given() }}\n{{ m.sections(sections) }}\n", encoding="utf-8")
    mine = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "md", "--template", str(template),
               check=True).stdout
    built_in = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "md", check=True).stdout
    given = built_in[built_in.index("## Given"):built_in.index("| Input |")]
    sections = built_in[built_in.index("## Forward pass"):built_in.index("## Weights before and after")]
    assert mine.startswith("# Mine: Seed 001") and given in mine and sections in mine


def test_broken_user_template_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "broken.j2"
    template.write_text("{% for x in %}\n", encoding="utf-8")
    result = cli("solve", str(EXAMPLES / "seed001.toml"), "--template", str(template))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(template) in result.stderr
    for body in ("{{ 1 / 0 }}", "{{ title.__class__.__mro__[1].__subclasses__() }}", "{{ nothing }}"):
        template.write_text(body, encoding="utf-8")
        result = cli("solve", str(EXAMPLES / "seed001.toml"), "--template", str(template))
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    json_output = cli("solve", str(EXAMPLES / "seed001.toml"), "--format", "json", "--template", str(template))
    assert json_output.returncode == 2 and "--format text, md or latex" in json_output.stderr
    missing = cli("solve", str(EXAMPLES / "seed001.toml"), "--template", str(tmp_path / "none.j2"))
    assert missing.returncode == 2 and "--template" in missing.stderr


@pytest.mark.parametrize("shared", [False, True])
def test_matrix_layout_equations_hold_for_the_unit_values(shared: bool) -> None:
    """Each matrix line's result is its formula multiplied out (by this test's own matrix arithmetic)."""
    from stepcalc.engine.matrix import matrix_equations

    d = derive(problem_from_toml(biased("gradient", shared)))
    equations, matrices, _, values = matrix_equations(d)

    def matmul(a: list, b: list) -> list:
        return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]

    def value(node: ex.Expr) -> list:
        if isinstance(node, ex.Sym):
            return [list(r) for r in matrices[node.key]] if node.key in matrices else [[values[node.key]]]
        if isinstance(node, ex.Add):
            total = value(node.terms[0])
            for term in node.terms[1:]:
                other = value(term)
                total = [[x + y for x, y in zip(r, s)] for r, s in zip(total, other)]
            return total
        if isinstance(node, ex.Neg):
            return [[-x for x in r] for r in value(node.arg)]
        if isinstance(node, ex.Mul):
            result = value(node.factors[0])
            for f in node.factors[1:]:
                other = value(f)
                result = [[result[0][0] * x for x in r] for r in other] if len(result) == len(result[0]) == 1 \
                    and len(other) > 1 else matmul(result, other)
            return result
        if isinstance(node, ex.Call):
            return [[NUMERIC_FUNCTIONS[node.func](x) for x in r] for r in value(node.args[0])]
        raise TypeError(node)

    assert [(e.section, e.layer, e.lhs.kind) for e in equations] == [
        ("forward", 1, "n_vec"), ("forward", 1, "a_vec"), ("forward", 2, "n_vec"), ("forward", 2, "a_vec"),
        ("backward", 2, "s_vec"), ("backward", 1, "s_vec"),
        ("update", 1, "W_new"), ("update", 1, "b_vec_new"), ("update", 2, "W_new"), ("update", 2, "b_vec_new")]
    for eq in equations:
        expected, got = value(eq.lhs), value(eq.formula)
        assert [len(r) for r in got] == [len(r) for r in expected], eq.lhs.key
        assert sum(got, []) == pytest.approx(sum(expected, []), rel=1e-12, abs=1e-15), eq.lhs.key
    text = render_solution(d, "text", STYLES["matrix"])
    bias = "b^1(0) 1 = [0.15 0.2; 0.25 0.3] [0.05; 0.1] + [0.35] [1; 1]" if shared else \
        "b^1(0) = [0.15 0.2; 0.25 0.3] [0.05; 0.1] + [0.35; 0.3]"
    assert "n^1 = W^1(0) a^0 + " + bias in text


def test_seed003_style_slopes_by_hand() -> None:
    # Linear 2-2-1: hidden = [1·0.5 + 2·0.1, 1·0.6 + 2·0.2] = [0.7, 1.0]; output 0.3·0.7 + 0.4·1.0 = 0.61
    # (the tutorial prints 0.32). error = 0.5 − 0.61 = −0.11; slope of the loss at the output 0.11;
    # hidden loss slopes 0.11·0.3 = 0.033 and 0.11·0.4 = 0.044; slope of weights[0][1][0] = 0.033 × 2 = 0.066;
    # weights'[0][1][0] = 0.1 − 0.01 × 0.066 = 0.09934; weights'[1][1][0] = 0.4 − 0.01 × 0.11 × 1.0 = 0.3989.
    markdown = (EXAMPLES / "seed003_style.md").read_text(encoding="utf-8")
    for line in [
        r"\mathrm{node\,in}^{(2)}_{0} = \mathrm{weights}[1]_{0,0} \times \mathrm{node}^{(1)}_{0} + "
        r"\mathrm{weights}[1]_{1,0} \times \mathrm{node}^{(1)}_{1} = 0.3 \times 0.70000 + 0.4 \times 1.00000 = 0.61000",
        r"\mathrm{loss\,slope}^{(1)}_{0} = \mathrm{loss\,slope\,in}^{(2)}_{0} \cdot \mathrm{weights}[1]_{0,0} = 0.11000 \times 0.3 = 0.03300",
        r"= 0.03300 \times 1.00000 \times 2 = 0.06600",
        r"\mathrm{weights}'[0]_{1,0} = \mathrm{weights}[0]_{1,0} + \Delta\mathrm{weights}[0]_{1,0} = 0.1 + (-0.00066) = 0.09934",
        r"\mathrm{weights}'[1]_{1,0} = \mathrm{weights}[1]_{1,0} + \Delta\mathrm{weights}[1]_{1,0} = 0.4 + (-0.00110) = 0.39890",
    ]:
        assert line in markdown, line


def test_every_built_in_symbol_passes_the_checks_made_on_user_symbols() -> None:
    from stepcalc.notation import SYMBOL_KINDS, check_template

    for style in STYLES.values():
        for kind in SYMBOL_KINDS:
            for latex, table in ((True, style.latex), (False, style.text)):
                if kind in table:
                    assert check_template(kind, table[kind], latex) is None, (style.name, kind, latex)


NUMBER = r"\(?−?\d+(?:\.\d+)?\)?"


def page_arithmetic_errors(text: str) -> tuple[int, list[str]]:
    """Lines "… = a × b × c = v" and "… = a + b = v": the shown numbers, multiplied or added and rounded
    half up to v's decimals, must give v. Returns how many lines were checked and the ones that fail."""
    import re
    from decimal import ROUND_HALF_UP, Decimal

    def number(token: str) -> Decimal:
        return Decimal(token.strip("()").replace("−", "-"))

    checked, errors = 0, []
    for line in text.splitlines():
        parts = line.strip().split(" = ")
        if len(parts) < 3:
            continue
        numbers, shown = parts[-2], parts[-1]
        if not re.fullmatch(r"−?\d+\.\d+", shown):
            continue
        for operator in (" × ", " + "):
            tokens = numbers.split(operator)
            if len(tokens) > 1 and all(re.fullmatch(NUMBER, t) for t in tokens):
                result = Decimal(1) if operator == " × " else Decimal(0)
                for t in tokens:
                    result = result * number(t) if operator == " × " else result + number(t)
                places = Decimal(1).scaleb(-len(shown.split(".")[1]))
                checked += 1
                if result.quantize(places, rounding=ROUND_HALF_UP) != number(shown):
                    errors.append(line.strip())
    return checked, errors


def test_the_page_arithmetic_check_catches_a_slip() -> None:
    # 0.0110 × 0.2473 × 0.35 = 0.000952… → 0.0010, so 0.0009 is a slip; 0.2 + (−0.0009) = 0.1991 → 0.199 holds
    assert page_arithmetic_errors("g = a b c = 0.0110 × 0.2473 × 0.3500 = 0.0009\nw = v + d = 0.2 + (−0.0009) = 0.199") == (
        2, ["g = a b c = 0.0110 × 0.2473 × 0.3500 = 0.0009"])


@pytest.mark.parametrize("style", list(STYLES))
def test_carry_mode_arithmetic_on_the_page_holds_in_every_style(style: str) -> None:
    carry = TEXTBOOK_ROUNDING.format(mode="carry").replace("learning_rate = 1", "learning_rate = 0.5")
    with_biases = biased()
    for network in (SEED001_NETWORK, with_biases[with_biases.index("[network]"):]):
        text = render_solution(derive(problem_from_toml(carry + network)), "text", STYLES[style])
        checked, errors = page_arithmetic_errors(text)
        assert checked > 10 and errors == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problem())
def test_chain_factors_and_derivation_sides_agree_with_the_gradients(data: dict) -> None:
    """On random networks (every activation and loss): the chain-rule factors multiply to each
    gradient, and every side of every derivation equation has the value of its left-hand side."""
    from stepcalc.engine.chain import gradient_chains
    from stepcalc.engine.derivation import derivation_parts, derivation_values

    d = derive(problem_from_mapping(data))
    chains, values = gradient_chains(d)
    assert set(chains) == {s.id for s in d.steps if s.kind == "grad"}
    for step_id, chain in chains.items():
        assert ex.evaluate(chain.product, values) == pytest.approx(
            d.values[step_id], rel=1e-9, abs=1e-12), step_id
    values = derivation_values(d, values)
    for part in derivation_parts(d):
        for eq in part.equations:
            expected = ex.evaluate(eq.lhs, values)
            for side in eq.sides:
                assert ex.evaluate(side, values) == pytest.approx(expected, rel=1e-9, abs=1e-12)
