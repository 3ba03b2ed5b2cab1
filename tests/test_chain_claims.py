"""The chain-rule factors of the chain layout as steps: listed by `solve --format json` and marked by
`check` with error carried forward. Expected values are worked by hand here (seed 001)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from conftest import EXAMPLES


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


# Seed 001 by hand: inputs 0.35, 0.7; weights x→h 0.2/0.3, h1→o 0.3, h2→o 0.9; t = 0.5; half_sse.
X1, X2, T = 0.35, 0.7, 0.5
Y_H1, Y_H2 = sigmoid(0.2 * X1 + 0.2 * X2), sigmoid(0.3 * X1 + 0.3 * X2)  # σ(0.21), σ(0.315)
Y_O = sigmoid(0.3 * Y_H1 + 0.9 * Y_H2)
DE_DOUT_O = Y_O - T  # ∂(½(t − y)²)/∂y
DOUT_DNET_O = Y_O * (1 - Y_O)  # σ′ = y(1 − y)
DE_DNET_O = DE_DOUT_O * DOUT_DNET_O
DE_DOUT_H1 = DE_DNET_O * 0.3  # Σ_k ∂E/∂net_k · w_h1,k
DOUT_DNET_H1 = Y_H1 * (1 - Y_H1)
FACTORS = {
    "chain.dEdout.o": DE_DOUT_O, "chain.doutdnet.o": DOUT_DNET_O, "chain.dEdnet.o": DE_DNET_O,
    "chain.dEdout.h1": DE_DOUT_H1, "chain.doutdnet.h1": DOUT_DNET_H1,
    "chain.dnetdw.h1.o": Y_H1, "chain.dnetdw.x2.h1": X2,
}


@pytest.fixture()
def chain_problem(tmp_path: Path) -> Path:
    text = (EXAMPLES / "seed001.toml").read_text(encoding="utf-8")
    path = tmp_path / "chain.toml"
    path.write_text(text.replace('loss = "half_sse"\n', 'loss = "half_sse"\nnotation = "chain-rule"\n'), encoding="utf-8")
    return path


def test_hand_values_are_the_seed():
    assert round(Y_O, 6) == 0.665074 and round(DE_DNET_O, 6) == 0.036770


def test_json_lists_the_factors_before_their_gradient(cli, chain_problem):
    result = cli("solve", str(chain_problem), "--format", "json", check=True)
    steps = json.loads(result.stdout)["steps"]
    by_id = {s["id"]: s for s in steps}
    for key, value in FACTORS.items():
        assert by_id[key]["kind"] == "chain"
        assert by_id[key]["value"] == pytest.approx(value, rel=1e-12), key
    assert by_id["chain.dEdout.o"]["symbol"] == "∂E_total/∂out_o"
    order = [s["id"] for s in steps]
    assert order.index("chain.dnetdw.h1.o") < order.index("grad.h1.o")
    assert order.index("chain.doutdnet.o") < order.index("grad.x1.h1")
    # the gradient is still the engine's step, with its value
    assert by_id["grad.h1.o"]["value"] == pytest.approx(DE_DNET_O * Y_H1, rel=1e-12)


def test_json_of_other_styles_has_no_factors(cli):
    result = cli("solve", "examples/seed001.toml", "--format", "json", check=True)
    assert not any(s["id"].startswith("chain.") for s in json.loads(result.stdout)["steps"])


def verdicts(cli, problem: Path, tmp_path: Path, claims: str) -> dict[str, dict]:
    path = tmp_path / "claims.toml"
    path.write_text("[claims]\n" + claims, encoding="utf-8")
    result = cli("check", str(problem), str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return {v["id"]: v for v in json.loads(result.stdout)["verdicts"]}


def test_correct_factor_claims_are_correct(cli, chain_problem, tmp_path):
    claims = "\n".join(f'"{key}" = {value:.6f}' for key, value in FACTORS.items())
    marked = verdicts(cli, chain_problem, tmp_path, claims)
    assert {key: v["verdict"] for key, v in marked.items()} == {key: "correct" for key in FACTORS}


def test_factor_symbol_names_are_claims(cli, chain_problem, tmp_path):
    claims = f'"∂E_total/∂out_o" = {DE_DOUT_O:.5f}\n"dout_o/dnet_o" = {DOUT_DNET_O:.5f}\n'
    marked = verdicts(cli, chain_problem, tmp_path, claims)
    assert marked["chain.dEdout.o"]["verdict"] == "correct"
    assert marked["chain.doutdnet.o"]["verdict"] == "correct"


def test_wrong_factor_is_carried_into_the_gradient(cli, chain_problem, tmp_path):
    wrong = 0.2  # ∂E/∂out_o claimed as 0.2 (true 0.165074)
    grad_from_wrong = wrong * DOUT_DNET_O * Y_H1  # ∂E/∂w5 = ∂E/∂out_o · ∂out_o/∂net_o · ∂net_o/∂w5
    grad_true = DE_DNET_O * Y_H1
    assert abs(grad_from_wrong - grad_true) > 0.001  # the claims below tell the two apart
    claims = (f'"chain.dEdout.o" = {wrong:.4f}\n"grad.h1.o" = {grad_from_wrong:.5f}\n'
              f'"chain.dEdnet.o" = {wrong * DOUT_DNET_O:.5f}\n')
    marked = verdicts(cli, chain_problem, tmp_path, claims)
    assert marked["chain.dEdout.o"]["verdict"] == "wrong"
    assert marked["grad.h1.o"]["verdict"] == "carried"
    assert marked["chain.dEdnet.o"]["verdict"] == "carried"


def test_wrong_output_carries_into_the_factors(cli, chain_problem, tmp_path):
    y = 0.68  # out_o claimed as 0.68 (true 0.665074)
    claims = f'"out.o" = {y}\n"chain.dEdout.o" = {y - T:.4f}\n"chain.doutdnet.o" = {y * (1 - y):.4f}\n'
    marked = verdicts(cli, chain_problem, tmp_path, claims)
    assert [marked[k]["verdict"] for k in ("out.o", "chain.dEdout.o", "chain.doutdnet.o")] == ["wrong", "carried", "carried"]


def test_gradient_without_claimed_factors_carries_from_delta(cli, chain_problem, tmp_path):
    delta = -0.04  # δ_o claimed wrong; the gradient from it, as in every other style: −δ_o y_h1
    claims = f'"delta.o" = {delta}\n"grad.h1.o" = {-delta * Y_H1:.5f}\n'
    marked = verdicts(cli, chain_problem, tmp_path, claims)
    assert marked["grad.h1.o"]["verdict"] == "carried"


def test_factor_ids_in_other_styles_are_refused(cli, tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text('[claims]\n"chain.dEdout.o" = 0.165\n', encoding="utf-8")
    result = cli("check", "examples/seed001.toml", str(path))
    assert result.returncode == 2
    assert "chain.dEdout.o" in result.stderr and "matches no step" in result.stderr


def forward(w_h: list[list[float]], w_o: list[float]) -> tuple[list[float], float]:
    """Hidden outputs and y_o of seed 001's network (no biases); w_h[j] = (w_x1,hj, w_x2,hj)."""
    hidden = [sigmoid(a * X1 + b * X2) for a, b in w_h]
    return hidden, sigmoid(sum(w * y for w, y in zip(w_o, hidden)))


def test_run_prefixed_factor_is_carried_from_claimed_weights(cli, chain_problem, tmp_path):
    """Two epochs of one sample (η = 1): the second pass's ∂E/∂out_o from the claimant's own new w5."""
    text = chain_problem.read_text(encoding="utf-8").replace("learning_rate = 1\n", "learning_rate = 1\nepochs = 2\n")
    run = tmp_path / "run.toml"
    run.write_text(text, encoding="utf-8")
    d_o = DE_DNET_O  # ∂E/∂net_o; hidden ∂E/∂net_hj = d_o w_hj,o y_hj(1 − y_hj), through the old weights
    d_h = [d_o * w * y * (1 - y) for w, y in zip((0.3, 0.9), (Y_H1, Y_H2))]
    w_h = [[0.2 - d_h[0] * X1, 0.2 - d_h[0] * X2], [0.3 - d_h[1] * X1, 0.3 - d_h[1] * X2]]
    w_o = [0.3 - d_o * Y_H1, 0.9 - d_o * Y_H2]
    true_second = forward(w_h, w_o)[1] - T
    mine = 0.2  # w5⁺ claimed wrong (true 0.279691)
    own_second = forward(w_h, [mine, w_o[1]])[1] - T
    assert abs(own_second - true_second) > 0.001
    marked = verdicts(cli, run, tmp_path, f'"w.h1.o" = {mine}\n"e2.s1.chain.dEdout.o" = {own_second:.5f}\n')
    assert marked["w.h1.o"]["verdict"] == "wrong"
    assert marked["e2.s1.chain.dEdout.o"]["verdict"] == "carried"
    marked = verdicts(cli, run, tmp_path, f'"e2.s1.chain.dEdout.o" = {true_second:.5f}\n')
    assert marked["e2.s1.chain.dEdout.o"]["verdict"] == "correct"
    steps = json.loads(cli("solve", str(run), "--format", "json", check=True).stdout)
    ids = [s["id"] for item in steps["updates"] for s in item["steps"]]
    assert "e2.s1.chain.dEdout.o" in ids
