"""stepcalc check on a training run: prefixed claims, and error carried forward across updates.

The run is conftest's LINEAR unit (identity, ½(t − y)², η = 1/10, w = 1/2, b = 1/10; samples
x = 1, t = 2 and x = 2, t = 1), worked by hand below in exact fractions, never from stepcalc.
"""
from __future__ import annotations

import json
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from conftest import LINEAR, CliRunner

ETA = F(1, 10)
SAMPLES = ((F(1), F(2)), (F(2), F(1)))  # (x, t)


def online_update(w: F, b: F, x: F, t: F) -> dict[str, F]:
    """One online step of the linear unit by hand: δ = t − y, Δw = η δ x, Δb = η δ."""
    net = w * x + b
    delta = t - net
    return {"net.o": net, "out.o": net, "loss": (t - net) ** 2 / 2, "delta.o": delta,
            "dw.x.o": ETA * delta * x, "w.x.o": w + ETA * delta * x, "db.o": ETA * delta, "b.o": b + ETA * delta}


def write(tmp_path: Path, claims: str, extra: str = "") -> tuple[str, str]:
    problem, claimed = tmp_path / "run.toml", tmp_path / "claims.toml"
    problem.write_text(LINEAR.format(extra=extra), encoding="utf-8")
    claimed.write_text("[claims]\n" + claims, encoding="utf-8")
    return str(problem), str(claimed)


def verdicts(cli: CliRunner, problem: str, claims: str) -> tuple[int, dict[str, dict]]:
    result = cli("check", problem, claims, "--format", "json")
    return result.returncode, {v["id"]: v for v in json.loads(result.stdout)["verdicts"]}


def test_the_hand_worked_run() -> None:
    first = online_update(F(1, 2), F(1, 10), *SAMPLES[0])
    assert (first["w.x.o"], first["b.o"]) == (F(16, 25), F(6, 25))  # 0.64, 0.24
    second = online_update(first["w.x.o"], first["b.o"], *SAMPLES[1])
    assert (second["net.o"], second["delta.o"], second["w.x.o"], second["b.o"]) == (
        F(38, 25), F(-13, 25), F(67, 125), F(47, 250))  # 1.52, −0.52, 0.536, 0.188


def test_correct_prefixed_claims_are_correct(cli: CliRunner, tmp_path: Path) -> None:
    second = online_update(F(16, 25), F(6, 25), *SAMPLES[1])
    claims = "".join(f'"e1.s2.{key}" = {float(second[key])}\n' for key in ("net.o", "loss", "delta.o", "w.x.o", "b.o"))
    status, found = verdicts(cli, *write(tmp_path, '"w.x.o" = 0.64\n' + claims))
    assert status == 0
    assert list(found) == ["w.x.o", "e1.s2.net.o", "e1.s2.loss", "e1.s2.delta.o", "e1.s2.w.x.o", "e1.s2.b.o"]
    assert {v["verdict"] for v in found.values()} == {"correct"}
    assert F(found["e1.s2.w.x.o"]["correct"]).limit_denominator(1000) == F(67, 125)


def test_a_wrong_new_weight_is_carried_into_the_next_pass(cli: CliRunner, tmp_path: Path) -> None:
    # The claimant's w.x.o is 0.7 (true 0.64); their b.o is unclaimed, so the true 0.24.
    theirs = online_update(F(7, 10), F(6, 25), *SAMPLES[1])
    assert theirs["net.o"] == F(41, 25)  # 0.7 × 2 + 0.24 = 1.64; the true net is 1.52
    assert theirs["delta.o"] == F(-16, 25)  # 1 − 1.64
    assert theirs["w.x.o"] == F(143, 250)  # 0.7 + 0.1 × (−0.64) × 2 = 0.572
    claims = ('"w.x.o" = 0.7\n"e1.s2.net.o" = 1.64\n"e1.s2.delta.o" = -0.64\n"e1.s2.w.x.o" = 0.572\n'
              '"e1.s2.b.o" = 0.188\n')
    status, found = verdicts(cli, *write(tmp_path, claims))
    assert status == 1
    assert found["w.x.o"]["verdict"] == "wrong"
    # Each worked from the claimant's own earlier numbers: carried, with that value reported.
    for key in ("net.o", "delta.o", "w.x.o"):
        assert found[f"e1.s2.{key}"]["verdict"] == "carried", key
        assert found[f"e1.s2.{key}"]["carried"] == pytest.approx(float(theirs[key]), abs=1e-12)
    # b.o never met the wrong weight: the true 0.24 + 0.1 × (−0.52) = 0.188 is correct.
    assert found["e1.s2.b.o"]["verdict"] == "correct"


def test_true_and_wrong_values_after_a_wrong_weight(cli: CliRunner, tmp_path: Path) -> None:
    # The true value stays correct (correct is tried first, as for a single step); a value neither
    # true (1.52) nor from the claimant's weight (1.64) is wrong, and reports what theirs gives.
    status, found = verdicts(cli, *write(tmp_path, '"w.x.o" = 0.7\n"e1.s2.net.o" = 1.52\n"e1.s2.delta.o" = 0.3\n'))
    assert status == 1
    assert found["e1.s2.net.o"]["verdict"] == "correct"
    assert found["e1.s2.delta.o"]["verdict"] == "wrong"
    # δ = t − y with the claimant's own y: unclaimed, so from their weight, 1 − 1.64 = −0.64.
    assert found["e1.s2.delta.o"]["carried"] == pytest.approx(-0.64, abs=1e-12)


def test_error_carried_forward_into_the_next_epoch(cli: CliRunner, tmp_path: Path) -> None:
    first = online_update(F(1, 2), F(1, 10), *SAMPLES[0])
    second = online_update(first["w.x.o"], first["b.o"], *SAMPLES[1])
    true_next = online_update(second["w.x.o"], second["b.o"], *SAMPLES[0])
    assert true_next["net.o"] == F(181, 250)  # 0.536 + 0.188 = 0.724
    theirs = online_update(F(3, 5), second["b.o"], *SAMPLES[0])  # their e1.s2.w.x.o is 0.6
    assert theirs["net.o"] == F(197, 250)  # 0.6 + 0.188 = 0.788
    status, found = verdicts(cli, *write(tmp_path, '"e1.s2.w.x.o" = 0.6\n"e2.s1.net.o" = 0.788\n"e2.s1.b.o" = 0.3092',
                                         extra="epochs = 2"))
    assert status == 1
    assert found["e1.s2.w.x.o"]["verdict"] == "wrong"
    assert found["e2.s1.net.o"]["verdict"] == "carried"
    # b.o: 0.188 + 0.1 × (2 − 0.788) = 0.3092 from their weight; the true one is 0.188 + 0.1 × 1.276.
    assert theirs["b.o"] == F(773, 2500) and true_next["b.o"] == F(789, 2500)
    assert found["e2.s1.b.o"]["verdict"] == "carried"


def test_a_batch_update_carries_claimed_sample_gradients(cli: CliRunner, tmp_path: Path) -> None:
    # Batch: both samples at w = 1/2, b = 1/10; ∂E/∂w = −δ x summed over them.
    grads = [-(t - (F(1, 2) * x + F(1, 10))) * x for x, t in SAMPLES]
    assert grads == [F(-7, 5), F(1, 5)]  # −1.4, 0.2
    total = sum(grads)
    new_w = F(1, 2) - ETA * total  # 0.62
    claims = '"e1.s2.grad.x.o" = 0.3\n"e1.b1.grad.x.o" = -1.1\n"e1.b1.w.x.o" = 0.62\n"grad.x.o" = -1.4\n'
    status, found = verdicts(cli, *write(tmp_path, claims, extra='update = "batch"'))
    assert status == 1
    assert found["grad.x.o"]["verdict"] == "correct"
    assert found["e1.s2.grad.x.o"]["verdict"] == "wrong"
    assert found["e1.b1.grad.x.o"]["verdict"] == "carried"  # −1.4 + 0.3 = −1.1
    assert found["e1.b1.grad.x.o"]["correct"] == pytest.approx(float(total), abs=1e-12)
    assert found["e1.b1.w.x.o"]["verdict"] == "correct" and new_w == F(31, 50)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_reports_name_the_prefixed_steps(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    result = cli("check", *write(tmp_path, '"w.x.o" = 0.7\n"e1.s2.net.o" = 1.64\n'), "--format", fmt)
    assert result.returncode == 1 and result.stderr == ""
    line = next(line for line in result.stdout.splitlines() if "e1.s2.net.o" in line)
    assert "carried" in line and "1.52" in line
    assert "0.7" in result.stdout.split("e1.s2.net.o", 1)[1]  # the working uses the claimant's weight
    assert "2 claims: 0 correct, 1 carried forward, 1 wrong." in result.stdout.replace("*", "")


@pytest.mark.parametrize("claims, extra, expected", [
    ('"e1.s3.net.o" = 1', "", "names no pass or batch update of this run"),
    ('"e2.s1.net.o" = 1', "", "names no pass or batch update of this run"),
    ('"e1.b1.w.x.o" = 1', "", "names no pass or batch update of this run"),  # online: no batch steps
    ('"e1.s1.net.o" = 1', "", "the run's first pass has no prefix; expected net.o"),
    ('"e1.s2.nett.o" = 1', "", "matches no step"),
    # A pass in a batch stops at its gradients; the batch update has the new weights.
    ('"e1.s2.w.x.o" = 1', 'update = "batch"', "is a step of the batch update; expected e1.b1.w.x.o"),
    ('"w.x.o" = 1', 'update = "batch"', "is a step of the batch update; expected e1.b1.w.x.o"),
    ('"e1.s2.net.o" = 1\n"e1.s2.net_o" = 2', "", "names step e1.s2.net.o"),
])
def test_unknown_prefixed_ids(cli: CliRunner, tmp_path: Path, claims: str, extra: str, expected: str) -> None:
    result = cli("check", *write(tmp_path, claims + "\n", extra=extra))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    key = claims.split('"')[1] if "net_o" not in claims else "e1.s2.net_o"
    assert key in result.stderr


SIGMOID_RUN = """
learning_rate = 0.5
[network]
layers = [1, 1]
activation = "sigmoid"
units = [["x"], ["o"]]
weights = [[[0.3]]]
biases = [[0.1]]
[[samples]]
x = [1]
t = [1]
[[samples]]
x = [0.5]
t = [0]
"""


def test_a_later_pass_writes_its_computed_weights_with_the_weights_decimals(cli: CliRunner, tmp_path: Path) -> None:
    # After the first update w and b are computed (σ makes them irrational): the working of a wrong
    # claim in e1.s2 shows them rounded to 4 decimals, as solve does, never as 0.3618766…
    (tmp_path / "run.toml").write_text(SIGMOID_RUN, encoding="utf-8")
    (tmp_path / "claims.toml").write_text('[claims]\n"e1.s2.net.o" = 0.9\n', encoding="utf-8")
    result = cli("check", "run.toml", "claims.toml", cwd=tmp_path)
    assert result.returncode == 1
    import math

    y = 1 / (1 + math.exp(-0.4))
    delta = y * (1 - y) * (1 - y)  # the first update by hand
    w, b = 0.3 + 0.5 * delta, 0.1 + 0.5 * delta
    assert f"{w:.4f} × 0.5 + {b:.4f}" in result.stdout
    assert not re.search(r"\d\.\d{5,}", result.stdout)
