"""`stepcalc solve` of training runs: the step-id prefixes, --full, the conventions stated, the epoch
table, momentum in the Δw formula, and the run's LaTeX and Markdown."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stepcalc.problem.validate import load_problem
from stepcalc.train.numeric import train

from conftest import EXAMPLES, LINEAR, CliRunner, compile_latex, katex_errors, markdown_math

RUN = 'title = "Two samples_& co"\n' + LINEAR


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(RUN.format(extra=extra), encoding="utf-8")
    return path


def solve_json(cli: CliRunner, path: Path, *args: str) -> dict:
    return json.loads(cli("solve", str(path), "--format", "json", *args, check=True).stdout)


def test_online_ids_and_values(cli: CliRunner, tmp_path: Path) -> None:
    document = solve_json(cli, write(tmp_path, "epochs = 2"))
    assert len(document["updates"]) == 4  # a short run is written out in full
    first, second, third = (u["steps"] for u in document["updates"][:3])
    assert first[0]["id"] == "net.o" and not any(s["id"].startswith(("e1.", "e2.")) for s in first)
    assert [s["id"] for s in second][:3] == ["e1.s2.net.o", "e1.s2.out.o", "e1.s2.loss"]
    assert third[0]["id"] == "e2.s1.net.o"
    values = {s["id"]: s["value"] for u in document["updates"] for s in u["steps"]}
    # By hand: sample 1 moves (0.5, 0.1) to (0.64, 0.24); sample 2 (y = 1.52) to (0.536, 0.188).
    assert values["w.x.o"] == pytest.approx(0.64, abs=1e-12)
    assert values["e1.s2.w.x.o"] == pytest.approx(0.536, abs=1e-12)
    assert values["e1.s2.b.o"] == pytest.approx(0.188, abs=1e-12)
    assert [h["epoch"] for h in document["history"]] == [1, 2]
    assert document["history"][0]["loss"] == pytest.approx(0.98 + 0.5 * 0.52**2, abs=1e-12)


def test_batch_ids_and_full(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, 'update = "batch"\nepochs = 6')
    document = solve_json(cli, path)
    assert len(document["updates"]) == 2  # six updates: more than a short run, the first two in full
    ids = [s["id"] for s in document["updates"][1]["steps"]]
    assert ids[0] == "e2.s1.net.o" and "e2.s2.grad.x.o" in ids and "e2.b1.w.x.o" in ids
    assert not any(".after." in i or i.endswith("loss_after") for i in ids)  # a batch pass stops at its gradients
    first = {s["id"]: s["value"] for s in document["updates"][0]["steps"]}
    assert first["e1.b1.grad.x.o"] == pytest.approx(-1.2, abs=1e-12)  # −1.4 + 0.2, by hand
    assert first["e1.b1.w.x.o"] == pytest.approx(0.62, abs=1e-12)
    assert len(solve_json(cli, path, "--full", "5")["updates"]) == 5
    assert solve_json(cli, path, "--full", "0")["updates"] == []
    assert [h["epoch"] for h in document["history"]] == list(range(1, 7))


def test_conventions_are_stated(cli: CliRunner, tmp_path: Path) -> None:
    text = cli("solve", str(write(tmp_path, 'update = "batch"')), check=True).stdout
    assert "The loss of a batch is the sum of its samples' losses" in text
    assert "E = E_1 + E_2 = 0.9800 + 0.0050 = 0.9850" in text
    assert "∂E/∂w_x,o = ∂E_1/∂w_x,o + ∂E_2/∂w_x,o = (−1.4000) + 0.2000 = −1.2000" in text
    mse = cli("solve", str(write(tmp_path, 'update = "batch"\nloss = "mse"')), check=True).stdout
    assert "mean over outputs and samples" in mse
    assert "E = (1/2)(E_1 + E_2)" in mse


def test_momentum_in_the_change(cli: CliRunner, tmp_path: Path) -> None:
    text = cli("solve", str(write(tmp_path, "momentum = 0.9")), check=True).stdout
    # First update: no previous change; the second adds 0.9 × the first (Δw = 0.14, by hand).
    assert "Δw_x,o = η δ_o x + α Δw_x,o(prev) = 0.1 × 1.4000 × 1 + 0.9 × 0.0000 = 0.1400" in text
    assert "+ 0.9 × 0.1400 = " in text


def test_epoch_table_matches_the_numeric_path(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, 'update = "batch"\nepochs = 30\nmomentum = 0.5')
    text = cli("solve", str(path), "--full", "1", "--epoch-weights", check=True).stdout
    table = text.split("Loss per epoch")[1].splitlines()
    rows = [line.split() for line in table if line.strip() and line.split()[0].replace(",", "").isdigit()]
    assert [r[0] for r in rows] == ["1", "3", "6", "9", "12", "15", "18", "21", "24", "27", "30"]
    result = train(load_problem(path), snapshot_epochs={30})
    assert float(rows[-1][1]) == pytest.approx(result.losses[29], abs=1e-6)
    assert float(rows[-1][2].replace("−", "-")) == pytest.approx(result.parameters["w.x.o"], abs=1e-6)


def test_run_latex_compiles_and_markdown_renders(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, 'update = "minibatch"\nbatch_size = 2\nmomentum = 0.5\nepochs = 2\n'
                           '[init]\nseed = 2\ndistribution = "uniform"\nscale = 0.5')
    path.write_text(path.read_text().replace("weights = [[[0.5]]]\n", ""))
    latex = cli("solve", str(path), "--format", "latex", "--epoch-weights", check=True).stdout
    assert r"Two samples\_\& co" in latex
    compile_latex(latex, tmp_path)
    md = cli("solve", str(path), "--format", "md", check=True).stdout
    assert "uniform distribution on $[-0.5, 0.5]$" in md
    assert katex_errors(markdown_math(md)) == []


def test_train_latex_compiles_and_markdown_renders(cli: CliRunner, tmp_path: Path) -> None:
    xor = str(EXAMPLES / "xor.toml")
    latex = cli("train", xor, "--epochs", "100", "--format", "latex", check=True).stdout
    compile_latex(latex, tmp_path)
    md = cli("train", xor, "--epochs", "100", "--format", "md", check=True).stdout
    assert katex_errors(markdown_math(md)) == []


def test_single_step_shows_the_draw_and_the_momentum_term(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text("learning_rate = 0.5\nmomentum = 0.9\n[init]\nseed = 3\n[network]\nlayers = [2, 1]\n"
                    "[[samples]]\nx = [1, 2]\nt = [1]\n", encoding="utf-8")
    problem = load_problem(path)
    w1, w2 = (row[0] for row in problem.weights[0])
    assert round(w1, 4) == w1 and round(w2, 4) == w2  # drawn weights are quoted as they are used
    text = cli("solve", str(path), check=True).stdout
    assert "drawn with seed 3 from the normal distribution N(0, 1²)" in text
    assert f"w_x1,o1 = {w1:.4f}".replace("-", "−") in text
    assert "α Δw_x1,o1(prev)" in text and "+ 0.9 × 0.0000 = " in text
    latex = cli("solve", str(path), "--format", "latex", check=True).stdout
    compile_latex(latex, tmp_path)
