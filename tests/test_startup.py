"""The fixed cost of a process: what a warm solve to Markdown loads, and what it no longer builds."""
from __future__ import annotations

import html
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout

import pytest

from conftest import ROOT, CliRunner
from stepcalc import cli as command_line

COMMANDS = ("solve", "train", "check", "generate")


def _help(parser: object, *words: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args([*words, "--help"])  # type: ignore[attr-defined]
    return out.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_parser_built_for_one_command_helps_and_parses_as_the_whole_one(command: str) -> None:
    whole, one, none = command_line.build_parser(), command_line.build_parser((command,)), command_line.build_parser(())
    assert _help(one, command) == _help(whole, command)
    assert _help(one) == _help(whole) == _help(none)
    assert "--arch" in _help(whole, "generate") and "--epochs" in _help(whole, "train")


def test_the_command_is_the_first_word_that_is_no_option() -> None:
    assert command_line._commands_in(["solve", "p.toml", "--format", "md"]) == ("solve",)
    assert command_line._commands_in(["--version"]) == ()
    assert command_line._commands_in(["-h", "generate", "--out", "x"]) == ("generate",)
    assert command_line._commands_in(["sovle", "p.toml"]) == ()  # unknown: the top-level parser says so


def test_help_and_version_load_no_concept(cli: CliRunner) -> None:
    code = ("import sys, contextlib, io\n"
            "from stepcalc.cli import main\n"
            "for words in (['--help'], ['--version']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        try: main(words)\n"
            "        except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('stepcalc.')))\n"
            "print(sorted(m for m in ('typing', 'shutil', 'pathlib') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            check=True, capture_output=True, text=True)
    assert result.stdout.split("\n")[:2] == ["['stepcalc.cli', 'stepcalc.errors']", "[]"]
    assert "generate" in cli("--help").stdout


def test_an_unknown_command_is_still_one_line(cli: CliRunner) -> None:
    result = cli("sovle", "p.toml")
    assert result.returncode == 2
    assert "invalid choice: 'sovle'" in result.stderr and result.stderr.count("\n") == 1


def test_the_svg_escape_is_html_escape() -> None:
    from stepcalc.figures.svg import _html_escape

    for text in ("", "a<b>&c", "\"quoted\" 'single'", "&amp; already", "<script>alert('x')</script>", "σ′ → ≥"):
        assert _html_escape(text) == html.escape(text, quote=True)
        assert _html_escape(text, quote=False) == html.escape(text, quote=False)


def test_a_warm_solve_to_markdown_loads_only_what_it_uses() -> None:
    """A separate process is the point: this one has imported everything long ago."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "stepcalc", "solve", "examples/seed001.toml", "--format", "md"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # the derivation memo warm
    code = ("import io, json, sys, contextlib\n"
            "from stepcalc.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    status = main(['solve', 'examples/seed001.toml', '--format', 'md'])\n"
            "print(json.dumps([status, sorted(sys.modules)]))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    status, modules = json.loads(result.stdout)
    assert status == 0
    unused = {"sympy", "numpy", "html", "stepcalc.figures.curve", "stepcalc.train.options", "stepcalc.check.options",
              "stepcalc.generate.options", "stepcalc.render.compiled.t_md_run_md", "stepcalc.concepts.optimizer_rules"}
    assert not unused & set(modules), unused & set(modules)
    assert {"stepcalc.render.compiled.t_md_solution_md", "stepcalc.render.compiled.t_md__macros_md"} <= set(modules)


def test_the_app_records_of_other_commands_load_on_first_use() -> None:
    from stepcalc import app
    from stepcalc.check.options import CheckOptions, CheckResult
    from stepcalc.generate.options import GenerateOptions
    from stepcalc.train.options import TrainOptions

    assert (app.TrainOptions, app.CheckOptions, app.CheckResult, app.GenerateOptions) == (
        TrainOptions, CheckOptions, CheckResult, GenerateOptions)
    assert app.TrainOptions(format="json").epochs is None
    with pytest.raises(AttributeError):
        app.NoSuchOptions  # noqa: B018
    from stepcalc.concepts.activations import DEFAULT_ACTIVATION

    assert GenerateOptions("2-1", "out").activation == DEFAULT_ACTIVATION


def test_the_stateful_update_rules_load_on_first_use_and_every_rule_has_its_keys() -> None:
    from stepcalc.concepts import optimizer_rules, optimizers

    assert optimizers.Adam is optimizer_rules.Adam and optimizers.OPTIMIZERS is optimizer_rules.OPTIMIZERS
    assert tuple(optimizers.OPTIMIZERS) == tuple(optimizers.OPTIMIZER_KEYS)  # validation offers the keys' names
    assert type(optimizers.make_optimizer("rmsprop", {"alpha": 0.9})).__name__ == "RMSprop"


@pytest.mark.parametrize("columns", ["100", "60", "0", "-3", "wide", None])
def test_the_help_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert command_line._terminal_columns() == shutil.get_terminal_size().columns
