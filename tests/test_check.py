"""stepcalc check: verdicts worked out by hand here, never taken from stepcalc's own output.

Tolerance rule: half a unit in the last decimal place the claim is written with.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

from stepcalc.check.marking import check
from stepcalc.check.claim_keys import loose, resolve_claims, step_names
from stepcalc.check.claims import claims_from_toml, load_claims
from stepcalc.engine.derive import derive
from stepcalc.errors import ProblemError
from stepcalc.notation import DEFAULT, STYLES, Notation
from stepcalc.engine.numbers import Rounding
from stepcalc.problem.validate import load_problem
from stepcalc.render.solution import problem_notation

from conftest import EXAMPLES, CliRunner, katex_errors, markdown_math


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def verdicts_of(result) -> dict[str, dict]:
    return {v["id"]: v for v in json.loads(result.stdout)["verdicts"]}


def check_toml(problem: str, text: str, rounding: Rounding | None = None):
    """The verdicts of the claims in `text` (TOML) about examples/`problem`, through the Python API."""
    d = derive(load_problem(EXAMPLES / problem), rounding=rounding)
    claims = resolve_claims(d, claims_from_toml(text, "claims.toml"), DEFAULT, "claims.toml")
    return {v.step.id: v for v in check(d, claims)}


# --- seed 001: the published worked example ----------------------------------------------------------
# The true values, by hand: inputs 0.35, 0.7; weights x→h 0.2/0.3, h1→o 0.3, h2→o 0.9; η = 1; t = 0.5.
X1, X2, T = 0.35, 0.7, 0.5
NET_H1 = 0.2 * X1 + 0.2 * X2  # 0.21
NET_H2 = 0.3 * X1 + 0.3 * X2  # 0.315
Y_H1, Y_H2 = sigmoid(NET_H1), sigmoid(NET_H2)  # 0.552308, 0.578105
NET_O = 0.3 * Y_H1 + 0.9 * Y_H2  # 0.685987
Y_O = sigmoid(NET_O)  # 0.665074
ERR_O = T - Y_O  # −0.165074
DELTA_O = Y_O * (1 - Y_O) * (T - Y_O)  # −0.036770
DELTA_H1 = Y_H1 * (1 - Y_H1) * 0.3 * DELTA_O  # −0.0027276
DELTA_H2 = Y_H2 * (1 - Y_H2) * 0.9 * DELTA_O  # −0.0080714
NEW = {  # w.A.B = old + η δ_B y_A
    "w.x1.h1": 0.2 + DELTA_H1 * X1, "w.x2.h1": 0.2 + DELTA_H1 * X2,
    "w.x1.h2": 0.3 + DELTA_H2 * X1, "w.x2.h2": 0.3 + DELTA_H2 * X2,
    "w.h1.o": 0.3 + DELTA_O * Y_H1, "w.h2.o": 0.9 + DELTA_O * Y_H2,
}
AFTER_Y_H1 = sigmoid(NEW["w.x1.h1"] * X1 + NEW["w.x2.h1"] * X2)  # 0.551895
AFTER_Y_H2 = sigmoid(NEW["w.x1.h2"] * X1 + NEW["w.x2.h2"] * X2)  # 0.576899
AFTER_Y_O = sigmoid(NEW["w.h1.o"] * AFTER_Y_H1 + NEW["w.h2.o"] * AFTER_Y_H2)  # 0.659554

# id: (expected verdict, diagnosis, true value, carried value or None when no direct input is claimed)
SEED001 = {
    # a_1 = 0.21 (±0.005): the true 0.21 exactly → correct.
    "net.h1": ("correct", None, NET_H1, None),
    # a_2 = 0.315 (±0.0005): exactly 0.315 → correct.
    "net.h2": ("correct", None, NET_H2, None),
    # y_3 = 0.56 (±0.005): σ(0.21) = 0.55231, off by 0.0077. Its input a_1 was claimed as 0.21, the
    # true value, so the carried value is σ(0.21) again → wrong. No sign or decimal slip fits.
    "out.h1": ("wrong", None, Y_H1, sigmoid(0.21)),
    # y_4 = 0.59 (±0.005): σ(0.315) = 0.57811, off by 0.0119; carried σ(0.315) as well → wrong.
    "out.h2": ("wrong", None, Y_H2, sigmoid(0.315)),
    # a_3 = 0.702 (±0.0005): true 0.68599. From the claimed y_3 = 0.56, y_4 = 0.59 it is
    # 0.3 × 0.56 + 0.9 × 0.59 = 0.699 (the seed used 0.57 for y_3 here), 0.003 away → wrong.
    "net.o": ("wrong", None, NET_O, 0.3 * 0.56 + 0.9 * 0.59),
    # y_5 = 0.67 (±0.005): σ(0.68599) = 0.66507, 0.0049 away → correct. (From the claimed a_3 = 0.702
    # it would be 0.6686; correct takes precedence.)
    "out.o": ("correct", None, Y_O, sigmoid(0.702)),
    # Error = 0.5 − 0.67 = −0.17 (±0.005): true t − y = −0.16507, 0.0049 away → correct.
    "err.o": ("correct", None, ERR_O, 0.5 - 0.67),
    # δ_5 = −0.0376 (±0.00005): true −0.036770, off by 0.00083. From the claimed y_5 = 0.67:
    # 0.67 × 0.33 × (0.5 − 0.67) = −0.037587, 0.000013 away → carried.
    "delta.o": ("carried", None, DELTA_O, 0.67 * 0.33 * (0.5 - 0.67)),
    # δ_3 = −0.0027 (±0.00005): true −0.0027276, 0.0000276 away → correct.
    "delta.h1": ("correct", None, DELTA_H1, 0.56 * 0.44 * 0.3 * -0.0376),
    # δ_4 = −0.0819 (±0.00005): true −0.0080714. From the claimed y_4 = 0.59, δ_5 = −0.0376:
    # 0.59 × 0.41 × 0.9 × (−0.0376) = −0.0081859; ten times that is −0.081859, 0.000041 from the
    # claim → wrong, decimal_shift (the seed's slip).
    "delta.h2": ("wrong", "decimal_shift", DELTA_H2, 0.59 * 0.41 * 0.9 * -0.0376),
    # Δw_{1,1} = 0.000945 (±0.0000005): true η δ_3 x_1 = −0.00095466. From the claimed δ_3 = −0.0027:
    # 1 × (−0.0027) × 0.35 = −0.000945; the claim is its negative → wrong, sign.
    "dw.x1.h1": ("wrong", "sign", DELTA_H1 * X1, -0.0027 * 0.35),
    # w_{1,1}(new) = 0.200945 (±0.0000005): true 0.19904534. From the claimed Δw_{1,1}:
    # 0.2 + 0.000945 = 0.200945 exactly → carried (the error carried forward from the sign slip).
    "w.x1.h1": ("carried", None, NEW["w.x1.h1"], 0.2 + 0.000945),
    # w_{2,1}(new) = 0.269445: true 0.19809069, no Δw_{2,1} claimed → wrong; no diagnosis fits.
    "w.x2.h1": ("wrong", None, NEW["w.x2.h1"], None),
    # w_{1,2}(new) = 0.273225: true 0.29717500 → wrong.
    "w.x1.h2": ("wrong", None, NEW["w.x1.h2"], None),
    # w_{2,2}(new) = 0.18534 (±0.000005): true 0.29435000 → wrong.
    "w.x2.h2": ("wrong", None, NEW["w.x2.h2"], None),
    # w_{1,3}(new) = 0.086615: true 0.27969149 → wrong.
    "w.h1.o": ("wrong", None, NEW["w.h1.o"], None),
    # Δw_{2,3} = −0.022184 (±0.0000005): true −0.0212571. From the claimed δ_5 and y_4:
    # 1 × (−0.0376) × 0.59 = −0.022184 exactly → carried.
    "dw.h2.o": ("carried", None, DELTA_O * Y_H2, -0.0376 * 0.59),
    # w_{2,3}(new) = 0.877816: true 0.87874292. From the claimed Δw_{2,3}: 0.9 − 0.022184 = 0.877816 → carried.
    "w.h2.o": ("carried", None, NEW["w.h2.o"], 0.9 - 0.022184),
    # After the update, y_3 = 0.57: true 0.551895, its net not claimed → wrong.
    "after.out.h1": ("wrong", None, AFTER_Y_H1, None),
    # y_4 = 0.56: true 0.576899 → wrong.
    "after.out.h2": ("wrong", None, AFTER_Y_H2, None),
    # y_5 = 0.61: true 0.659554 → wrong.
    "after.out.o": ("wrong", None, AFTER_Y_O, None),
}


def test_seed001_published_numbers(cli: CliRunner) -> None:
    result = cli("check", "examples/seed001.toml", "examples/seed001.claims", "--format", "json")
    assert result.returncode == 1, result.stderr  # some claims are wrong
    got = verdicts_of(result)
    assert set(got) == set(SEED001)
    for step_id, (verdict, diagnosis, true, carried) in SEED001.items():
        v = got[step_id]
        assert (v["verdict"], v["diagnosis"]) == (verdict, diagnosis), step_id
        assert v["correct"] == pytest.approx(true, abs=1e-12), step_id
        if carried is None:
            assert v["carried"] is None, step_id
        else:
            assert v["carried"] == pytest.approx(carried, abs=1e-12), step_id


def test_seed001_claims_file_holds_the_seed_numbers() -> None:
    # The committed example says what the seed says (a typo there would make the test above moot).
    published = {"net.h1": 0.21, "net.h2": 0.315, "out.h1": 0.56, "out.h2": 0.59, "net.o": 0.702,
                 "out.o": 0.67, "err.o": -0.17, "delta.o": -0.0376, "delta.h1": -0.0027, "delta.h2": -0.0819,
                 "dw.h2.o": -0.022184, "w.h2.o": 0.877816, "dw.x1.h1": 0.000945, "w.x1.h1": 0.200945,
                 "w.x1.h2": 0.273225, "w.h1.o": 0.086615, "w.x2.h1": 0.269445, "w.x2.h2": 0.18534,
                 "after.out.h1": 0.57, "after.out.h2": 0.56, "after.out.o": 0.61}
    assert {c.key: c.value for c in load_claims(EXAMPLES / "seed001.claims")} == {
        key: Fraction(str(value)) for key, value in published.items()}


def test_seed001_text_report_names_verdicts_and_working(cli: CliRunner) -> None:
    result = cli("check", "examples/seed001.toml", "examples/seed001.claims", env={"COLUMNS": "1000"})  # unwrapped
    assert result.returncode == 1
    rows = {line.split("(")[1].split(")")[0]: line for line in result.stdout.splitlines() if ") " in line}
    # y_3: the line of working with the right numbers, σ(0.21) = 0.5523.
    assert "1/(1 + e^(−0.2100)) = 0.5523" in rows["out.h1"] and "wrong" in rows["out.h1"]
    # δ_5 carried: the working with the claimant's own y_5 = 0.67, as written.
    assert "0.67 × (1 − 0.67) × (0.5 − 0.67) = −0.0376" in rows["delta.o"] and "carried" in rows["delta.o"]
    # The new w_{1,1} from the claimed Δw: 0.2 + 0.000945.
    assert "0.2 + 0.000945 = 0.200945" in rows["w.x1.h1"]
    assert "wrong (sign)" in rows["dw.x1.h1"] and "wrong (decimal_shift)" in rows["delta.h2"]
    assert "21 claims: 5 correct, 4 carried forward, 12 wrong." in result.stdout


def test_markdown_report_renders(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("check", "examples/seed001.toml", "examples/seed001.claims", "--format", "md")
    assert result.returncode == 1
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 21 and all(line.count(" | ") == 4 for line in table[2:])
    spans = markdown_math(result.stdout)
    assert spans
    assert katex_errors(spans) == []


# --- seeds 002 and 003 ----------------------------------------------------------------------------------
def test_seed002_published_answers_check_clean(cli: CliRunner) -> None:
    # By hand: y = 1.0 × 0.5 + 0.8 × (−0.2) = 0.34; error 0.6 − 0.34 = 0.26; Δw_1 = 0.1 × 0.26 × 1.0 = 0.026;
    # Δw_2 = 0.1 × 0.26 × 0.8 = 0.0208, claimed 0.021 (3 decimals, ±0.0005: 0.0002 away → correct);
    # w_1 = 0.526; w_2 = −0.2 + 0.0208 = −0.1792, claimed −0.179 (0.0002 away → correct).
    result = cli("check", "examples/seed002.toml", "examples/seed002.claims", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    got = verdicts_of(result)
    truth = {"out.o": 0.34, "err.o": 0.26, "dw.x1.o": 0.026, "dw.x2.o": 0.0208, "w.x1.o": 0.526, "w.x2.o": -0.1792}
    assert set(got) == set(truth)
    for step_id, value in truth.items():
        assert got[step_id]["verdict"] == "correct"
        assert got[step_id]["correct"] == pytest.approx(value, abs=1e-12)


def test_seed003_output_is_flagged_with_the_correct_value(cli: CliRunner) -> None:
    # By hand: h1 = 0.5 × 1 + 0.1 × 2 = 0.7, h2 = 0.6 × 1 + 0.2 × 2 = 1.0, o = 0.3 × 0.7 + 0.4 × 1.0 = 0.61.
    result = cli("check", "examples/seed003.toml", "examples/seed003.claims", "--format", "json")
    assert result.returncode == 1
    v = verdicts_of(result)["out.o"]
    assert v["verdict"] == "wrong" and v["claimed"] == 0.32
    assert v["correct"] == pytest.approx(0.61, abs=1e-12)
    text = cli("check", "examples/seed003.toml", "examples/seed003.claims").stdout
    assert "0.3 × 0.7000 + 0.4 × 1.0000 = 0.6100" in text and "0.6100" in text


# --- tolerance: the precision a claim is written with ------------------------------------------------
@pytest.mark.parametrize("written,tolerance,places", [
    ("0.56", 0.005, 2), ("0.000945", 0.0000005, 6), ("0.560", 0.0005, 3), ("-0.0376", 0.00005, 4),
    ("2", 0.5, 0), ("1e-3", 0.0005, 3), ("0.000_945", 0.0000005, 6), ("1.5e2", 5, 0),
])
def test_tolerance_is_half_a_unit_in_the_last_written_place(written: str, tolerance: float, places: int) -> None:
    (claim,) = claims_from_toml(f'[claims]\n"out.o" = {written}\n')
    assert claim.tolerance == pytest.approx(tolerance, rel=1e-12)
    assert claim.places == places


def test_json_claims_keep_trailing_zeros(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text('{"claims": {"out.o": 0.670, "net.o": 1}}', encoding="utf-8")
    claims = {c.key: c for c in load_claims(path)}
    assert claims["out.o"].tolerance == pytest.approx(0.0005) and claims["out.o"].text == "0.670"
    assert claims["net.o"].tolerance == 0.5


def test_trailing_zero_tightens_the_verdict() -> None:
    # y_5 = 0.67 is within ±0.005 of 0.66507, but 0.670 claims ±0.0005 and is 0.0049 off.
    assert check_toml("seed001.toml", '[claims]\n"out.o" = 0.67')["out.o"].verdict == "correct"
    assert check_toml("seed001.toml", '[claims]\n"out.o" = 0.670')["out.o"].verdict == "wrong"


def test_json_claims_file_through_the_cli(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text('{"claims": {"out.o": 0.61}}', encoding="utf-8")  # seed 003: 0.61 is right
    result = cli("check", "examples/seed003.toml", str(path))
    assert result.returncode == 0, result.stderr
    assert "correct" in result.stdout


# --- diagnoses --------------------------------------------------------------------------------------
def test_sign_of_the_correct_value() -> None:
    # Δw_{h1,o} = η δ_o y_h1 = −0.036770 × 0.552308 = −0.020309; claimed +0.0203 → sign.
    v = check_toml("seed001.toml", '[claims]\n"dw.h1.o" = 0.0203')["dw.h1.o"]
    assert (v.verdict, v.diagnosis.name, v.diagnosis.basis) == ("wrong", "sign", "correct")


def test_decimal_shift_to_the_left() -> None:
    # net_h1 = 0.21; 0.021 is a tenth of it (two significant digits written).
    v = check_toml("seed001.toml", '[claims]\n"net.h1" = 0.021')["net.h1"]
    assert (v.verdict, v.diagnosis.name, v.diagnosis.power) == ("wrong", "decimal_shift", -1)


def test_one_significant_digit_is_not_diagnosed_as_a_shift() -> None:
    # 0.02 (±0.005) would "match" 0.21 / 10 = 0.021, but one written digit says too little.
    v = check_toml("seed001.toml", '[claims]\n"net.h1" = 0.02')["net.h1"]
    assert v.verdict == "wrong" and v.diagnosis is None


def test_updated_weight_in_the_backward_pass() -> None:
    # δ_h1 worked with the new w_{h1,o} = 0.3 + δ_o y_h1 = 0.279691 instead of 0.3:
    # 0.552308 × 0.447692 × 0.279691 × (−0.036770) = −0.0025429 (true δ_h1 = −0.0027276).
    slip = Y_H1 * (1 - Y_H1) * (0.3 + DELTA_O * Y_H1) * DELTA_O
    v = check_toml("seed001.toml", f'[claims]\n"delta.h1" = {slip:.6f}')["delta.h1"]
    assert (v.verdict, v.diagnosis.name) == ("wrong", "updated_weight")
    assert v.diagnosis.reference == pytest.approx(slip, abs=1e-12)


def test_forgotten_derivative_factor() -> None:
    # δ_o without y(1 − y): t − y_o = 0.5 − 0.665074 = −0.165074, claimed to 4 decimals.
    v = check_toml("seed001.toml", f'[claims]\n"delta.o" = {T - Y_O:.4f}')["delta.o"]
    assert (v.verdict, v.diagnosis.name) == ("wrong", "no_derivative")


def test_rounded_too_early() -> None:
    # y_o from net_o = 0.685987 rounded to 0.69: σ(0.69) = 1/(1 + e^−0.69) = 0.665967 → 0.6660, while
    # the true y_o = 0.665074 is 0.00089 away (> ±0.00005). Rounding to 1 decimal gives σ(0.7) = 0.6682.
    assert round(sigmoid(0.69), 4) == 0.6660 and abs(sigmoid(NET_O) - 0.6660) > 0.00005
    v = check_toml("seed001.toml", '[claims]\n"out.o" = 0.6660')["out.o"]
    assert (v.verdict, v.diagnosis.name, v.diagnosis.power) == ("wrong", "rounded_early", 2)
    assert v.diagnosis.reference == pytest.approx(sigmoid(0.69), abs=1e-12)


def test_rounded_too_early_is_explained(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text('[claims]\n"out.o" = 0.6660\n', encoding="utf-8")
    result = cli("check", "examples/seed001.toml", str(path), env={"COLUMNS": "1000"})
    assert result.returncode == 1
    assert "rounded too early: from inputs rounded to 2 decimals it is 0.6660" in result.stdout


def test_no_derivative_diagnosis_for_identity_units() -> None:
    # Seed 002 is linear: δ_o = t − y = 0.26 is simply correct, nothing was left out.
    v = check_toml("seed002.toml", '[claims]\n"delta.o" = 0.26')["delta.o"]
    assert v.verdict == "correct"


def test_carried_through_a_hidden_delta() -> None:
    # δ_h2 from a wrong claimed δ_o = −0.0400 (four decimals: ±0.00005, and the true −0.0368 is not
    # within that): y_h2 (1 − y_h2) × 0.9 × (−0.04) = −0.0087806 → claim −0.0088.
    carried = Y_H2 * (1 - Y_H2) * 0.9 * -0.04
    assert round(carried, 4) == -0.0088
    verdicts = check_toml("seed001.toml", '[claims]\n"delta.o" = -0.0400\n"delta.h2" = -0.0088')
    assert verdicts["delta.o"].verdict == "wrong"
    assert verdicts["delta.h2"].verdict == "carried"
    assert verdicts["delta.h2"].carried == pytest.approx(carried, abs=1e-12)


# --- carry mode: the problem's rounding decides the true values -------------------------------------
def test_carry_mode_values_are_the_rounded_ones() -> None:
    # Carrying 4 decimals: y_h1 = 0.5523, δ_o = −0.0368 (from 0.6651 × 0.3349 × (−0.1651) = −0.036775),
    # δ_h1 = 0.5523 × 0.4477 × 0.3 × (−0.0368) = −0.0027298 → −0.0027, Δw_{x1,h1} = −0.0027 × 0.35
    # = −0.000945 → −0.0009 (half-up at the 4th decimal), w = 0.2 − 0.0009 = 0.1991.
    # Exact: Δw = −0.00095466 → −0.0009 is 0.000055 off (> ±0.00005), w = 0.199045 → 0.1991 too.
    claims = '[claims]\n"dw.x1.h1" = -0.0009\n"w.x1.h1" = 0.1991'
    carry = check_toml("seed001.toml", claims, Rounding("carry", 4))
    exact = check_toml("seed001.toml", claims, Rounding("exact", 4))
    assert carry["dw.x1.h1"].verdict == "correct" and carry["w.x1.h1"].verdict == "correct"
    assert exact["dw.x1.h1"].verdict == "wrong"
    # Exact: the new weight follows from the claimed Δw (0.2 − 0.0009 = 0.1991): carried.
    assert exact["w.x1.h1"].verdict == "carried"


def test_carry_mode_from_the_problem_file(cli: CliRunner, tmp_path: Path) -> None:
    # The same claims as above through the CLI: the problem's [rounding] decides (exit 0 carried, 1 exact).
    claims = tmp_path / "claims.toml"
    claims.write_text('[claims]\n"dw.x1.h1" = -0.0009\n"w.x1.h1" = 0.1991\n', encoding="utf-8")
    problem = tmp_path / "carry.toml"
    problem.write_text((EXAMPLES / "seed001.toml").read_text(encoding="utf-8")
                       + '\n[rounding]\nmode = "carry"\ndecimals = 4\n', encoding="utf-8")
    assert cli("check", str(problem), str(claims)).returncode == 0
    assert cli("check", "examples/seed001.toml", str(claims)).returncode == 1


# --- keys: step ids and the notation's names ---------------------------------------------------------
def test_the_problem_notation_names_are_accepted(cli: CliRunner, tmp_path: Path) -> None:
    # examples/seed001_style.toml is seed 001 in its own notation: y_3 = out.h1, a_3 = net.o, δ_5 =
    # delta.o, w_{1,1} = x1→h1 (a weight's name means its new value), w_{2,3}(new) = h2→o.
    claims = tmp_path / "claims.toml"
    claims.write_text('[claims]\ny3 = 0.5523\na_3 = 0.686\ndelta5 = -0.0368\nw11 = 0.199\n'
                      '"w_2,3(new)" = 0.8787\n"Δw_1,1" = -0.000955\n', encoding="utf-8")
    result = cli("check", "examples/seed001_style.toml", str(claims), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(verdicts_of(result)) == {"out.h1", "net.o", "delta.o", "w.x1.h1", "w.h2.o", "dw.x1.h1"}
    # The default notation's y_h1 is no name in this style.
    claims.write_text("[claims]\ny_h1 = 0.5523\n", encoding="utf-8")
    result = cli("check", "examples/seed001_style.toml", str(claims))
    assert result.returncode == 2 and "claims.y_h1: matches no step" in result.stderr



def test_default_notation_names_are_accepted() -> None:
    text = ('[claims]\ny_h1 = 0.5523\ndelta_o = -0.0368\nnet_h2 = 0.315\n"w_x1,h1" = 0.199\n'
            '"δ_h1" = -0.0027\n"Δw_h2,o" = -0.0213')
    got = check_toml("seed001.toml", text)
    assert set(got) == {"out.h1", "delta.o", "net.h2", "w.x1.h1", "delta.h1", "dw.h2.o"}
    assert all(v.verdict == "correct" for v in got.values())


def test_dotted_keys_without_quotes() -> None:
    got = check_toml("seed001.toml", "[claims]\nout.h1 = 0.5523\ndelta.o = -0.0368\n")
    assert set(got) == {"out.h1", "delta.o"}


def test_a_notation_supplies_its_own_names() -> None:
    # A style that numbers its symbols (y3 for the output of h1) resolves through its own table.
    numbered = Notation("numbered", latex=DEFAULT.latex, text={**DEFAULT.text, "out": "y{0}", "delta": "delta[{0}]"})
    d = derive(load_problem(EXAMPLES / "seed001.toml"))
    claims = claims_from_toml('[claims]\nyh1 = 0.5523\n"delta[o]" = -0.0368\n', "c.toml")
    assert set(resolve_claims(d, claims, numbered, "c.toml")) == {"out.h1", "delta.o"}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_step_name_of_every_style_resolves_to_its_step(style: str) -> None:
    # Exactly as the style writes it (text and LaTeX) and in the loose form (δ_{h1} → deltah1).
    for example in ("seed001", "seed002", "seed003", "seed004", "softmax_classifier"):
        d = derive(load_problem(EXAMPLES / f"{example}.toml"))
        notation = problem_notation(d, STYLES[style])
        names = step_names(d, notation)
        for s in d.steps:
            for key in (notation.symbol(s.lhs, "text"), notation.symbol(s.lhs, "latex"),
                        loose(notation.symbol(s.lhs, "text"))):
                assert names.resolve(key, "c.toml") == s.id, (example, key)


def test_a_name_two_steps_share_is_refused() -> None:
    clash = Notation("clash", latex=DEFAULT.latex, text={**DEFAULT.text, "out_new": "y_{0}"})
    d = derive(load_problem(EXAMPLES / "seed001.toml"))
    with pytest.raises(ProblemError, match=r"ambiguous.*after\.out\.h1.*out\.h1"):
        resolve_claims(d, claims_from_toml('[claims]\ny_h1 = 0.5\n', "c.toml"), clash, "c.toml")


# --- bad input: exit 2, one line naming the file, the key and what was expected ----------------------
CLAIMS_ERRORS = [
    ("unknown_key", '[claims]\n"out.h3" = 0.5\n', ["claims.out.h3", "matches no step", "did you mean", "out.h1"]),
    ("typo_name", '[claims]\n"y_hl" = 0.5\n', ["claims.y_hl", "matches no step", "y_h1"]),
    ("text_number", '[claims]\n"out.h1" = "0.56a"\n', ["claims.out.h1", "expected a number", "text '0.56a'"]),
    ("text_two_points", '[claims]\n"out.h1" = "1.2.3"\n', ["claims.out.h1", "expected a number"]),
    ("text_bad_groups", '[claims]\n"out.h1" = "12,34"\n', ["claims.out.h1", "expected a number"]),
    ("boolean", '[claims]\n"out.h1" = true\n', ["claims.out.h1", "expected a number", "boolean"]),
    ("list", '[claims]\n"out.h1" = [0.5]\n', ["claims.out.h1", "expected a number", "list"]),
    ("nan", '[claims]\n"out.h1" = nan\n', ["claims.out.h1", "finite"]),
    ("given", '[claims]\nx1 = 0.35\n', ["claims.x1", "given value x.x1", "not a computed step"]),
    ("twice", '[claims]\n"out.h1" = 0.55\ny_h1 = 0.55\n', ["claims.y_h1", "out.h1", "one claim per step"]),
    ("no_table", '"out.h1" = 0.55\n', ["out.h1", "unknown key", "[claims]"]),
    ("missing", 'title = "x"\n', ["title", "unknown key"]),
    ("empty", "[claims]\n", ["claims", "empty"]),
    ("syntax", "[claims\n", ["(syntax)", "invalid TOML"]),
    ("newline_key", '[claims]\n"out\\nh1" = 0.5\n', ["claims.'out\\nh1'", "matches no step"]),
]


@pytest.mark.parametrize("name,text,expected", CLAIMS_ERRORS, ids=[c[0] for c in CLAIMS_ERRORS])
def test_bad_claims_file(cli: CliRunner, tmp_path: Path, name: str, text: str, expected: list[str]) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", "examples/seed001.toml", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_json_nan_claim(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text('{"claims": {"out.h1": NaN}}', encoding="utf-8")
    result = cli("check", "examples/seed001.toml", str(path))
    assert result.returncode == 2 and "claims.out.h1" in result.stderr and "finite" in result.stderr


def test_problem_that_does_not_load(cli: CliRunner, tmp_path: Path) -> None:
    problem = tmp_path / "broken.toml"
    problem.write_text("learning_rate = -1\n", encoding="utf-8")
    result = cli("check", str(problem), "examples/seed001.claims")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(problem) in result.stderr and "learning_rate" in result.stderr


def test_a_training_run_marks_its_first_pass_unprefixed(cli: CliRunner, tmp_path: Path) -> None:
    # A second sample changes nothing before the first update: unprefixed ids are the first pass.
    problem = tmp_path / "two.toml"
    text = (EXAMPLES / "seed002.toml").read_text(encoding="utf-8")
    problem.write_text(text + "\n[[samples]]\nx = [0.0, 1.0]\nt = [0.1]\n", encoding="utf-8")
    run = cli("check", str(problem), "examples/seed002.claims", "--format", "json")
    single = cli("check", "examples/seed002.toml", "examples/seed002.claims", "--format", "json")
    assert run.returncode == single.returncode == 0 and run.stdout == single.stdout


def test_missing_files(cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    for args in (("examples/seed001.toml", str(missing)), (str(missing), "examples/seed001.claims")):
        result = cli("check", *args)
        assert result.returncode == 2 and result.stderr == f"stepcalc: {missing}: file not found\n"


def test_exit_statuses(cli: CliRunner) -> None:
    assert cli("check", "examples/seed002.toml", "examples/seed002.claims").returncode == 0
    assert cli("check", "examples/seed003.toml", "examples/seed003.claims").returncode == 1
    assert cli("check", "examples/seed002.toml").returncode == 2  # usage: CLAIMS missing
    assert cli("check", "examples/seed002.toml", "examples/seed002.claims", "--format", "pdf").returncode == 2


def _delta_h1_claims(learning_rate: float, claim: str):
    """The verdict of `delta.h1 = claim` on seed 001 with another learning rate (δ is the same, only
    the new weight, and so the updated-weight slip, moves)."""
    from stepcalc.problem.validate import problem_from_toml

    text = (EXAMPLES / "seed001.toml").read_text(encoding="utf-8").replace("learning_rate = 1",
                                                                          f"learning_rate = {learning_rate}")
    d = derive(problem_from_toml(text, "p.toml"))
    claims = resolve_claims(d, claims_from_toml(f'[claims]\n"delta.h1" = {claim}', "c.toml"), DEFAULT, "c.toml")
    return check(d, claims)[0]


def test_a_near_miss_is_no_diagnosis() -> None:
    # δ_h1 = y(1 − y)·w·δ_o = −0.0027276; with the new w = 0.3 + η δ_o y_h1 (η = 0.065) it is −0.0027156.
    # Claimed −0.00272 (±0.000005): within the slip's tolerance, but only 0.76 of a last-place unit from
    # the correct value: a plain slip of the last digit, not "worked with the updated weight".
    correct = Y_H1 * (1 - Y_H1) * 0.3 * DELTA_O
    slip = Y_H1 * (1 - Y_H1) * (0.3 + 0.065 * DELTA_O * Y_H1) * DELTA_O
    claim = -0.00272
    assert abs(claim - slip) <= 0.000005 < abs(claim - correct) and abs(claim - correct) < 0.00001
    v = _delta_h1_claims(0.065, "-0.00272")
    # Not the updated-weight slip; the claim is exactly the correct value chopped after 5 decimals
    # (−0.0027276 → −0.00272, rounded −0.00273), which is the diagnosis it gets.
    assert v.verdict == "wrong" and v.diagnosis is not None and v.diagnosis.name == "truncated"


def test_a_clear_slip_is_still_diagnosed() -> None:
    # η = 1: the slip gives −0.0025429, 18.5 units of the claim's last place from the correct −0.0027276.
    slip = Y_H1 * (1 - Y_H1) * (0.3 + DELTA_O * Y_H1) * DELTA_O
    v = _delta_h1_claims(1, f"{slip:.5f}")
    assert (v.verdict, v.diagnosis.name) == ("wrong", "updated_weight")



def test_the_text_table_is_wrapped_to_the_terminal(cli: CliRunner) -> None:
    wide = cli("check", "examples/seed001.toml", "examples/seed001.claims", env={"COLUMNS": "1000"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 200  # what needs wrapping
    for columns in ("100", "120"):
        narrow = cli("check", "examples/seed001.toml", "examples/seed001.claims", env={"COLUMNS": columns}).stdout
        assert max(len(line) for line in narrow.splitlines()) <= int(columns)
        # the same words, continued lines indented to the explanation column
        indent = wide.splitlines()[3].index("Explanation")
        assert all(line.startswith(" " * indent) for line in narrow.splitlines() if line.startswith(" "))
        assert narrow.split() == wide.split()
    # a continued equation starts its line with "="
    lines = cli("check", "examples/seed001.toml", "examples/seed001.claims", env={"COLUMNS": "100"}).stdout.splitlines()
    assert any(line.strip().startswith("= 1/(1 + e^(−0.2100)) = 0.5523") for line in lines)
