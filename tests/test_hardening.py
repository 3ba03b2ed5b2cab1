"""Adversarial input: every case is one line on stderr and exit 2, or it works; never an internal error."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, CliRunner

SEED = (ROOT / "examples" / "seed001.toml").read_text(encoding="utf-8")
CLAIMS = (ROOT / "examples" / "seed001.claims").read_text(encoding="utf-8")


def one_line_refusal(result: object, *needles: str) -> str:
    """The result of a refused command: exit 2 and one line on stderr containing `needles`."""
    assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
    err: str = result.stderr  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and "internal error" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("name, text, needles", [
    ("huge.json", '{"learning_rate": 1' + "0" * 400 + "}", ["huge.json", "100 digits"]),
    ("long.json", '{"learning_rate": 1' + "0" * 5000 + "}", ["long.json", "100 digits"]),
    ("long.toml", SEED.replace("learning_rate = 1", "learning_rate = 1" + "0" * 5000), ["long.toml", "digits"]),
    ("deep.json", "[" * 100_000 + "]" * 100_000, ["deep.json", "nested too deeply"]),
    ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n", ["deep.toml", "nested too deeply"]),
    ("bom.toml", "\ufeff" + SEED, ["bom.toml", "byte-order mark"]),
    ("bom.json", '\ufeff{"learning_rate": 1}', ["bom.json", "byte-order mark"]),
])
def test_hostile_problem_files(cli: CliRunner, tmp_path: Path, name: str, text: str, needles: list[str]) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    one_line_refusal(cli("solve", name, cwd=tmp_path), *needles)


def test_an_integer_beyond_floats_is_refused_as_a_number(cli: CliRunner, tmp_path: Path) -> None:
    # 400 digits are within what TOML reads, but no float holds them.
    (tmp_path / "p.toml").write_text(SEED.replace("x = [0.35, 0.7]", "x = [1" + "0" * 400 + ", 0.7]"), encoding="utf-8")
    one_line_refusal(cli("solve", "p.toml", cwd=tmp_path), "samples[0].x[0]", "finite")


@pytest.mark.parametrize("number", ["0." + "2" * 400, "5e-1000", "1" + "0" * 5000])
def test_hostile_claims(cli: CliRunner, tmp_path: Path, number: str) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "c.claims").write_text(CLAIMS.replace('"net.h1" = 0.21 ', f'"net.h1" = {number} '), encoding="utf-8")
    one_line_refusal(cli("check", "p.toml", "c.claims", cwd=tmp_path), "c.claims")


@pytest.mark.parametrize("args, needle", [
    (["--learning-rate", "inf"], "--learning-rate"),
    (["--learning-rate", "nan"], "--learning-rate"),
    (["--arch", "\u00b2-1"], "--arch"),
    (["--rounding", "carry:\u00b2"], "--rounding"),
    (["--rounding", "exact,out=\u00b3"], "--rounding"),
])
def test_hostile_generate_options(cli: CliRunner, tmp_path: Path, args: list[str], needle: str) -> None:
    arch = [] if "--arch" in args else ["--arch", "2-2-1"]
    one_line_refusal(cli("generate", *arch, *args, "--out", str(tmp_path / "out")), needle)
    assert not (tmp_path / "out").exists()


def test_a_huge_weight_range_is_drawn_from_without_listing_it(cli: CliRunner, tmp_path: Path) -> None:
    import time

    start = time.perf_counter()
    wide = cli("generate", "--arch", "2-1", "--activation", "identity", "--weight-range", "-1000000000",
               "1000000000", "--out", str(tmp_path / "wide"))
    assert time.perf_counter() - start < 10  # the 2e10 grid points are counted, not built
    assert wide.returncode == 0, wide.stderr
    from stepcalc.generate.variants import _Points

    points = _Points(-3, 3, {0, 3})  # the list it stands for: -3 -2 -1 1 2
    assert len(points) == 5 and [points[i] for i in range(5)] == [-3, -2, -1, 1, 2]
    with pytest.raises(IndexError):
        points[5]
