"""`--audience student`: pages handed to students say in plain words how numbers are rounded and
name no problem file, no problem-file key and no tool; `--audience teacher` (the default) is today's output."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import stepcalc
from stepcalc.errors import StepcalcError

from conftest import EXAMPLES, CliRunner, compile_latex

# A carry-mode exercise: the rounding table is exactly the jargon a student page must not show.
CARRY = """title = "One step, rounded as on paper"
learning_rate = 0.5
loss = "half_sse"

[rounding]
mode = "carry"
decimals = 3

[network]
layers = [2, 2, 1]
activation = "sigmoid"
units = [["x1", "x2"], ["h1", "h2"], ["o"]]
weights = [[[0.1, 0.4], [-0.3, 0.2]], [[0.5], [-0.6]]]

[[samples]]
x = [1.0, 0.5]
t = [1.0]
"""

# Two epochs of online updates with biases kept fixed: the run's notes name keys for a teacher.
RUN = """title = "Two epochs"
learning_rate = 0.5
loss = "half_sse"
epochs = 2
update_biases = false

[network]
layers = [2, 1]
activation = "sigmoid"
units = [["x1", "x2"], ["o"]]
weights = [[[0.2], [-0.1]]]
biases = [[0.1]]

[[samples]]
x = [1.0, 0.0]
t = [1.0]

[[samples]]
x = [0.0, 1.0]
t = [0.0]
"""

# The sentences a student reads, as the feature promises them (written here, not taken from stepcalc).
CARRY_SENTENCE = ("Each result is rounded to 3 decimals as it is worked, and the rounded value is used "
                  "from then on, as on paper.")
EXACT_SENTENCE = "Numbers are rounded to 4 decimals; each result is worked from the unrounded values before it"

# TikZ colour names (\definecolor{stepcalc0}…) are identifiers in the source, never printed; nor is
# the address of a Markdown image (the diagram's SVG file beside the page).
TIKZ_COLOUR = re.compile(r"stepcalc\d+")
IMAGE_ADDRESS = re.compile(r"\]\([^)]*\)")


def tool_jargon(page: str, file_name: str) -> list[str]:
    """The file, tool and key words found on a student's page (none expected)."""
    visible = IMAGE_ADDRESS.sub("]", TIKZ_COLOUR.sub("", page))
    found = [word for word in (file_name, Path(file_name).stem, "stepcalc", "[rounding]", r"\[rounding\]",
                               "mode =", "rounding.mode", "biases =", "bias =", "torch", "Python",
                               "file order") if word in visible]
    found += re.findall(r"\bcarr(?:y|ies|ied)\b", visible, re.I)
    return found


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "md", "latex"])
def test_student_page_of_a_carry_problem_names_no_file_key_or_tool(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    problem = write(tmp_path, "p322.toml", CARRY)
    page = cli("solve", str(problem), "--format", fmt, "--audience", "student", check=True).stdout
    assert tool_jargon(page, "p322.toml") == []
    assert CARRY_SENTENCE in page
    assert "Worked solution of one backpropagation step." in page
    if fmt == "latex":
        compile_latex(page, tmp_path)


@pytest.mark.parametrize("fmt", ["text", "md", "latex"])
def test_teacher_page_still_names_the_file_and_the_rounding_key(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    problem = write(tmp_path, "p322.toml", CARRY)
    default = cli("solve", str(problem), "--format", fmt, check=True).stdout
    assert cli("solve", str(problem), "--format", fmt, "--audience", "teacher", check=True).stdout == default
    assert "written by stepcalc from" in default and "p322.toml" in default


def test_student_page_of_an_exact_problem_says_results_use_unrounded_values(cli: CliRunner, tmp_path: Path) -> None:
    problem = tmp_path / "seed001.toml"
    shutil.copy(EXAMPLES / "seed001.toml", problem)
    page = cli("solve", str(problem), "--format", "md", "--audience", "student", check=True).stdout
    assert EXACT_SENTENCE in page
    assert tool_jargon(page, "seed001.toml") == []


def test_default_audience_writes_the_committed_example(cli: CliRunner, tmp_path: Path) -> None:
    # As the freshness tests do: written with -o next to its diagram, compared byte for byte.
    problem = tmp_path / "seed001.toml"
    shutil.copy(EXAMPLES / "seed001.toml", problem)
    for args in ((), ("--audience", "teacher")):
        out = tmp_path / "seed001.md"
        cli("solve", str(problem), "--format", "md", "-o", str(out), *args, check=True)
        assert out.read_bytes() == (EXAMPLES / "seed001.md").read_bytes()


@pytest.mark.parametrize("fmt", ["text", "md", "latex"])
def test_student_training_run_names_no_file_or_key(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    problem = write(tmp_path, "run7.toml", RUN)
    page = cli("solve", str(problem), "--format", fmt, "--audience", "student", check=True).stdout
    assert tool_jargon(page, "run7.toml") == []
    assert "Worked solution of a training run (2 epochs, 2 samples)." in page
    assert "only the weights are updated." in page  # the bias rule, without its key
    teacher = cli("solve", str(problem), "--format", fmt, check=True).stdout
    assert re.search(r"update\\?_biases = false", teacher) and "run7.toml" in teacher  # Markdown escapes _


@pytest.mark.parametrize("command", ["solve", "generate"])
def test_unknown_audience_is_one_line_and_exit_2(cli: CliRunner, tmp_path: Path, command: str) -> None:
    args = ([str(EXAMPLES / "seed001.toml")] if command == "solve"
            else ["--arch", "2-2-1", "--out", str(tmp_path / "out")])
    result = cli(command, *args, "--audience", "pupil")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--audience" in result.stderr
    assert not (tmp_path / "out").exists()


def test_command_line_offers_the_renderers_audiences() -> None:
    from stepcalc.cli import AUDIENCES as OFFERED
    from stepcalc.render.notes import AUDIENCES

    assert OFFERED == AUDIENCES


def test_generate_writes_student_solutions(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--arch", "2-2-1", "--count", "2", "--out", str(out), "--format", "md,latex",
        "--rounding", "carry:3", "--audience", "student", check=True)
    solutions = sorted(out.glob("*-solution.*"))
    assert len(solutions) == 4
    for path in solutions:
        page = path.read_text(encoding="utf-8")
        assert tool_jargon(page, path.name.split("-solution")[0] + ".toml") == [], path.name
        assert CARRY_SENTENCE in page, path.name
    teacher = tmp_path / "teacher"
    cli("generate", "--arch", "2-2-1", "--count", "1", "--out", str(teacher), "--rounding", "carry:3", check=True)
    assert "written by stepcalc from variant-01.toml" in (teacher / "variant-01-solution.md").read_text(encoding="utf-8")


def test_python_api_takes_the_audience(tmp_path: Path) -> None:
    problem = write(tmp_path, "p322.toml", CARRY)
    solution = stepcalc.solve(problem, audience="student")
    assert tool_jargon(solution.text(), "p322.toml") == []
    assert CARRY_SENTENCE in solution.markdown()
    assert "written by stepcalc from p322.toml" in stepcalc.solve(problem).text()
    with pytest.raises(StepcalcError, match="audience: expected teacher or student"):
        stepcalc.solve(problem, audience="pupil")
