"""The application layer in-process: app's functions give what the command line and the Python API
document, and the Format records say what each --format is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import stepcalc
from stepcalc import app
from stepcalc.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_WRONG, main
from stepcalc.errors import ProblemError
from stepcalc.render.formats import FORMATS, JSON, LATEX, MARKDOWN, TEXT, format_for, unicode_minus

from conftest import EXAMPLES, LINEAR

SEED001 = str(EXAMPLES / "seed001.toml")
CARRIED = str(EXAMPLES / "seed002_style.toml")  # [rounding] mode = "carry"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("fmt", ["text", "md", "latex", "json"])
def test_solve_is_what_the_command_writes(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    status, out, _ = cli(capsys, "solve", SEED001, "--format", fmt)
    assert status == EXIT_OK
    assert app.solve(app.load(SEED001), app.SolveOptions(format=fmt)) == out


def test_solve_options_match_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "solve", SEED001, "--format", "latex", "--digits", "6", "--fragment",
                         "--no-derivation")
    assert status == EXIT_OK
    options = app.SolveOptions(format="latex", digits=6, fragment=True, derivation=False)
    assert app.solve(SEED001, options) == out


def test_solve_of_a_run_is_what_the_command_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    problem = tmp_path / "run.toml"
    problem.write_text(LINEAR.format(extra="epochs = 3"), encoding="utf-8")
    status, out, _ = cli(capsys, "solve", str(problem), "--format", "md", "--full", "1", "--report-every", "2",
                         "--epoch-weights")
    assert status == EXIT_OK
    options = app.SolveOptions(format="md", full=1, report_every=2, epoch_weights=True)
    assert app.solve(str(problem), options) == out
    # With no update in full the header's first pass is worked on its own, and says the same.
    none_in_full = app.solve(str(problem), app.SolveOptions(format="md", full=0))
    assert none_in_full.split("## ")[1] == out.split("## ")[1]


def test_python_api_is_a_caller_of_app(tmp_path: Path) -> None:
    assert stepcalc.solve(SEED001).markdown() == app.solve(SEED001, app.SolveOptions(format="md"))
    problem = tmp_path / "run.toml"
    problem.write_text(LINEAR.format(extra="epochs = 2"), encoding="utf-8")
    run = stepcalc.solve(str(problem))
    assert isinstance(run, stepcalc.notebook.RunSolution)
    assert run.json() == app.solve(str(problem), app.SolveOptions(format="json"))


def test_carry_and_digits_are_refused_alike(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "solve", CARRIED, "--digits", "3")
    assert (status, out) == (EXIT_BAD_INPUT, "")
    with pytest.raises(app.DigitsRefused) as refused:
        app.solve(CARRIED, app.SolveOptions(digits=3))
    assert err == f"stepcalc: {refused.value}\n"
    assert isinstance(refused.value, ProblemError) and refused.value.key == "--digits"
    # The Python API raises the same error, which is still the ValueError it always was.
    with pytest.raises(ValueError, match="--digits: the problem's \\[rounding\\] mode is carry"):
        stepcalc.solve(CARRIED, digits=3)


def test_check_result_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    claims = str(EXAMPLES / "seed001.claims")
    status, out, _ = cli(capsys, "check", SEED001, claims, "--format", "json")
    result = app.check(SEED001, claims, app.CheckOptions(format="json"))
    assert (status, out) == (EXIT_WRONG, result.text) and result.any_wrong
    status, out, _ = cli(capsys, "check", str(EXAMPLES / "seed002.toml"), str(EXAMPLES / "seed002.claims"))
    result = app.check(str(EXAMPLES / "seed002.toml"), str(EXAMPLES / "seed002.claims"))
    assert (status, out) == (EXIT_OK, result.text) and not result.any_wrong


def test_check_refuses_a_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    problem = tmp_path / "run.toml"
    problem.write_text(LINEAR.format(extra=""), encoding="utf-8")
    status, _, err = cli(capsys, "check", str(problem), str(EXAMPLES / "seed001.claims"))
    with pytest.raises(ProblemError) as refused:
        app.check(str(problem), str(EXAMPLES / "seed001.claims"))
    assert status == EXIT_BAD_INPUT and err == f"stepcalc: {refused.value}\n"


def test_train_is_what_the_command_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    problem = tmp_path / "run.toml"
    problem.write_text(LINEAR.format(extra="epochs = 5"), encoding="utf-8")
    status, out, _ = cli(capsys, "train", str(problem), "--format", "json", "--epochs", "3")
    assert status == EXIT_OK
    assert app.train(str(problem), app.TrainOptions(format="json", epochs=3)) == out
    assert [h["epoch"] for h in json.loads(out)["history"]] == [1, 2, 3]


def test_generate_writes_what_the_command_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, _ = cli(capsys, "generate", "--arch", "2-2-1", "--count", "2", "--seed", "3", "--out",
                       str(tmp_path / "cli"))
    names = app.generate(app.GenerateOptions("2-2-1", tmp_path / "app", count=2, seed=3))
    assert status == EXIT_OK
    assert sorted(names) == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for name in names:
        assert (tmp_path / "app" / name).read_text(encoding="utf-8") == (tmp_path / "cli" / name).read_text(
            encoding="utf-8")


def test_options_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        app.SolveOptions().format = "md"  # type: ignore[misc]


def test_format_records() -> None:
    assert list(FORMATS) == ["text", "md", "latex", "json", "html"]  # the --format names: extended, never renamed
    assert [f.suffix for f in FORMATS.values()] == ["txt", "md", "tex", "json", "html"]
    assert (TEXT.dialect, MARKDOWN.dialect, LATEX.dialect) == ("text", "latex", "latex")
    assert [f.shows_math for f in (TEXT, MARKDOWN, LATEX, JSON)] == [False, True, True, False]
    assert format_for("md") is MARKDOWN and format_for(LATEX) is LATEX
    assert MARKDOWN.template("solution") == "md/solution.md.j2" and TEXT.template("run") == "text/run.txt.j2"
    assert all((Path(stepcalc.__file__).parent.parent / "templates" / f.template("solution")).is_file()
               for f in (TEXT, MARKDOWN, LATEX))
    # Inside LaTeX math "-" is the minus sign; Unicode text needs the real one.
    assert TEXT.signed("-0.5") == "−0.5" and MARKDOWN.signed("-0.5") == "-0.5" and TEXT.signed("0.5") == "0.5"
    assert unicode_minus("-1") == "−1"
    assert TEXT.math("E = \\sum_s E_s", "E = Σₛ Eₛ") == "E = Σₛ Eₛ"
    assert MARKDOWN.math("x^2", "x²") == "$x^2$" and MARKDOWN.display_math == ("$$", "$$")
    assert MARKDOWN.escape("a_b*") == "a\\_b\\*" and LATEX.escape("50%") == "50\\%" and TEXT.escape("a_b") == "a_b"
    # HTML: problem text and the LaTeX inside its math elements are both HTML-escaped.
    assert format_for("html").escape('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert format_for("html").math("a<b", "a<b") == '<span class="math">a&lt;b</span>'
    with pytest.raises(ValueError):
        format_for("pdf")
