"""Malformed input: one line on stderr naming the file and the key, exit status 2, no traceback."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from stepcalc.cli import main

from conftest import CliRunner, run_cli_process

GOOD = """
learning_rate = 0.5
[network]
layers = [2, 1]
weights = [[[0.1], [0.2]]]
[[samples]]
x = [1, 2]
t = [0.5]
"""

# (name, file text, text the message must contain: the key and what was expected)
CASES = [
    ("syntax", "learning_rate = = 0.5", ["(syntax)", "invalid TOML"]),
    ("missing_rate", GOOD.replace("learning_rate = 0.5", "epochs = 2"), ["learning_rate", "missing", "training run"]),
    ("text_rate", GOOD.replace("0.5\n[network]", '"fast"\n[network]'), ["learning_rate", "expected a number", "fast"]),
    ("negative_rate", GOOD.replace("learning_rate = 0.5", "learning_rate = -1"), ["learning_rate", "positive"]),
    ("nan", GOOD.replace("x = [1, 2]", "x = [nan, 2]"), ["samples[0].x[0]", "finite"]),
    ("inf", GOOD.replace("weights = [[[0.1], [0.2]]]", "weights = [[[inf], [0.2]]]"), ["network.weights[0][0][0]", "finite"]),
    ("bool", GOOD.replace("t = [0.5]", "t = [true]"), ["samples[0].t[0]", "boolean"]),
    ("text_weight", GOOD.replace("[[[0.1], [0.2]]]", '[[["a"], [0.2]]]'), ["network.weights[0][0][0]", "text 'a'"]),
    ("shape", GOOD.replace("[[[0.1], [0.2]]]", "[[[0.1], [0.2], [0.3]]]"), ["network.weights[0]", "list of 2"]),
    ("row_shape", GOOD.replace("[[[0.1], [0.2]]]", "[[[0.1, 0.3], [0.2]]]"), ["network.weights[0][0]", "list of 1"]),
    ("activation", GOOD.replace("layers = [2, 1]", 'layers = [2, 1]\nactivation = "swish"'), ["network.activation", "sigmoid", "swish"]),
    ("loss", GOOD.replace("learning_rate = 0.5", 'learning_rate = 0.5\nloss = "hinge"'), ["loss", "half_sse", "hinge"]),
    ("no_samples", "samples = []\n" + GOOD.split("[[samples]]")[0], ["samples", "empty"]),
    ("x_length", GOOD.replace("x = [1, 2]", "x = [1]"), ["samples[0].x", "list of 2"]),
    ("t_length", GOOD.replace("t = [0.5]", "t = [0.5, 0.1]"), ["samples[0].t", "list of 1"]),
    ("unknown_key", GOOD + "\nlearnin_rate = 2\n", ["learnin_rate", "unknown key"]),
    ("layers_text", GOOD.replace("layers = [2, 1]", 'layers = "2-1"'), ["network.layers", "expected a list"]),
    ("layers_zero", GOOD.replace("layers = [2, 1]", "layers = [2, 0]"), ["network.layers[1]", "≥ 1"]),
    ("biases_shape", GOOD.replace("weights = [[[0.1], [0.2]]]", "weights = [[[0.1], [0.2]]]\nbiases = [[0.1, 0.2]]"), ["network.biases[0]", "list of 1"]),
    ("duplicate_units", GOOD.replace("layers = [2, 1]", 'layers = [2, 1]\nunits = [["a", "a"], ["o"]]'), ["network.units[0][1]", "twice"]),
    ("dotted_unit", GOOD.replace("layers = [2, 1]", 'layers = [2, 1]\nunits = [["a.b", "c"], ["o"]]'), ["network.units[0][0]", "without dots"]),
    ("bce_target", GOOD.replace("learning_rate = 0.5", 'learning_rate = 0.5\nloss = "bce"').replace("t = [0.5]", "t = [2]"), ["samples[0].t[0]", "[0, 1]"]),
    ("softmax_hidden", GOOD.replace("layers = [2, 1]", 'layers = [2, 1]\nactivation = ["softmax"]'), ["network.activation", "softmax"]),
    ("convention", GOOD.replace("learning_rate = 0.5", 'learning_rate = 0.5\ndelta_convention = "sign"'), ["delta_convention", "error, gradient"]),
    ("too_large", GOOD.replace("layers = [2, 1]", "layers = [2, 1000000, 1]"), ["network.layers", "too large"]),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
                        expected: list[str]) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert str(path) in err
    for fragment in expected:
        assert fragment in err, (fragment, err)


def test_missing_unreadable_and_binary_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path, phrase in [(tmp_path / "absent.toml", "not found"), (tmp_path, "directory"), (binary, "UTF-8")]:
        assert main(["solve", str(path)]) == 2
        err = capsys.readouterr().err
        assert str(path) in err and phrase in err and err.count("\n") == 1


def test_json_problem_errors_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"learning_rate": 0.5,', encoding="utf-8")
    assert main(["solve", str(path)]) == 2
    assert "invalid JSON" in capsys.readouterr().err
    path.write_text("[1, 2]", encoding="utf-8")
    assert main(["solve", str(path)]) == 2
    assert "expected a JSON object" in capsys.readouterr().err


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    # A real `python -m stepcalc`: its exit status and everything the interpreter writes to stderr.
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace("x = [1, 2]", 'x = [1, "two"]'), encoding="utf-8")
    result = run_cli_process("solve", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"stepcalc: {path}: samples[0].x[1]: expected a number, got text 'two'"


def test_a_huge_network_is_refused_fast(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(GOOD.replace("layers = [2, 1]", "layers = [2, 100000, 100000, 1]"), encoding="utf-8")
    start = time.perf_counter()
    result = cli("solve", str(path))
    assert result.returncode == 2 and "too large to write out by hand" in result.stderr
    assert time.perf_counter() - start < 5


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["solve", "x.toml", "--format", "pdf"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["solve", "x.toml", "--digits", "many"])
    assert exit_info.value.code == 2


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import EXAMPLES

    target = tmp_path / "no" / "such" / "dir" / "out.md"
    assert main(["solve", str(EXAMPLES / "seed002.toml"), "-o", str(target)]) == 2
    assert "cannot write output" in capsys.readouterr().err


def test_json_and_toml_problems_are_the_same_problem(tmp_path: Path) -> None:
    import json
    import tomllib
    from dataclasses import replace

    from conftest import EXAMPLES
    from stepcalc.problem.validate import load_problem

    toml_path = EXAMPLES / "seed004.toml"
    json_path = tmp_path / "seed004.json"
    json_path.write_text(json.dumps(tomllib.loads(toml_path.read_text())), encoding="utf-8")
    assert replace(load_problem(json_path), source="") == replace(load_problem(toml_path), source="")


HOSTILE_SYMBOLS = [
    ('delta = "{0:>99999999}"', "not a plain field name"),  # would write gigabytes
    ('delta = "{0.__class__}"', "not a plain field name"),  # attribute access
    ('delta = { latex = "^^5cinput{{/etc/hostname}}", text = "d" }', "'^^' is not allowed"),  # TeX's ^^5c is \\
]


@pytest.mark.parametrize("line,phrase", HOSTILE_SYMBOLS)
def test_notation_symbols_are_plain_templates(tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str,
                                              phrase: str) -> None:
    path = tmp_path / "n.toml"
    path.write_text(GOOD.replace("[network]", f"[notation]\n{line}\n[network]"), encoding="utf-8")
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert "notation.delta" in err and phrase in err and err.count("\n") == 1


def test_huge_values_are_written_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(GOOD.replace("x = [1, 2]", "x = [1e30, 2]").replace("[network]", 'loss = "sse"\n[network]')
                    .replace("[network]\n", '[network]\nactivation = "identity"\n'), encoding="utf-8")
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    # net = 0.1 × 10³⁰ + 0.2 × 2 = 10²⁹ + 0.4 exactly, written out in full with 4 decimals
    assert "0.1 × 1000000000000000000000000000000 + 0.2 × 2 = 100000000000000000000000000000.4000" in out


def test_bad_arguments_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["solve", "x.toml", "--digits", "16"], ["train", "x.toml", "--epochs", "99999999999"],
                 ["train", "x.toml", "--epochs", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
