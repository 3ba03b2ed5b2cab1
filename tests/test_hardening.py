"""Adversarial input: every case is one line on stderr and exit 2, or it works; never an internal error."""
from __future__ import annotations

import re
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


@pytest.mark.parametrize("number", ["0." + "2" * 400, "5e-1000", "1" + "0" * 5000, "1e-51"])
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


def test_swapped_check_arguments_say_so(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "c.claims").write_text(CLAIMS, encoding="utf-8")
    one_line_refusal(cli("check", "c.claims", "p.toml", cwd=tmp_path), "c.claims",
                     "looks like a claims file", "usage: check PROBLEM CLAIMS")
    one_line_refusal(cli("check", "p.toml", "p.toml", cwd=tmp_path), "p.toml: this looks like a problem file; "
                     "usage: check PROBLEM CLAIMS")


@pytest.mark.parametrize("output, needle", [("", "-o: expected a file name"), ("out/", "-o out/: is a directory"),
                                            ("existing", "is a directory")])
def test_output_names_that_are_no_file_are_refused(cli: CliRunner, tmp_path: Path, output: str, needle: str) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "existing").mkdir()
    one_line_refusal(cli("solve", "p.toml", "-o", output, cwd=tmp_path), needle)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["existing", "p.toml"]


def test_the_output_extension_gives_the_format(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    for name, opening in (("guess.tex", "\\documentclass"), ("guess.json", "{"), ("guess.md", "# Seed 001"),
                          ("guess.txt", "Seed 001"), ("guess.out", "Seed 001")):
        assert cli("solve", "p.toml", "-o", name, cwd=tmp_path).returncode == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(opening), name
    assert cli("solve", "p.toml", "-o", "same.md", "--format", "md", cwd=tmp_path).returncode == 0
    one_line_refusal(cli("solve", "p.toml", "-o", "guess.tex", "--format", "md", cwd=tmp_path),
                     "extension says latex", "--format is md")
    one_line_refusal(cli("train", "p.toml", "-o", "t.md", "--format", "json", cwd=tmp_path), "extension says md")


def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open("/dev/full", "w") as full:  # a real process: the interpreter's own last flush must not fail
        result = subprocess.run([sys.executable, "-m", "stepcalc", "solve", "p.toml"], cwd=tmp_path, stdout=full,
                                stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr == "stepcalc: standard output: cannot write (No space left on device)\n"


def test_a_console_without_unicode_gets_ascii_spellings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from stepcalc.cli import main

    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for encoding in ("cp1252", "latin-1", "ascii"):
        raw = io.BytesIO()
        console = io.TextIOWrapper(raw, encoding=encoding)
        monkeypatch.setattr("sys.stdout", console)
        assert main(["solve", "p.toml"]) == 0
        console.flush()
        text = raw.getvalue().decode(encoding)
        assert text.isascii()
        assert "delta_o = " in text and "Delta w_h1,o = eta delta_o y_h1" in text
        assert "E = 1/2 Sum (t - y)^2" in text


def test_a_check_table_on_an_ascii_console_keeps_its_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The columns are measured on the ASCII spellings ("delta_h1", not "δ_h1"), so every row's
    # verdict starts where the header's "Verdict" does.
    import io

    from stepcalc.cli import main

    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "c.toml").write_text('[claims]\n"delta.h1" = 0.5\n"dw.x1.h1" = 0.1\n"net.h1" = 0.21\n',
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr("sys.stdout", console)
    assert main(["check", "p.toml", "c.toml"]) == 1
    console.flush()
    lines = raw.getvalue().decode("cp1252").splitlines()
    header = next(line for line in lines if line.startswith("Step"))
    column = header.index("Verdict")
    rows = [line for line in lines if "(delta.h1)" in line or "(dw.x1.h1)" in line or "(net.h1)" in line]
    assert len(rows) == 3
    assert all(re.match(r"(correct|wrong)", row[column:]) for row in rows), rows


def test_ascii_spellings() -> None:
    from stepcalc.render.ascii import ascii_spelling

    assert ascii_spelling("δₕ = σ′(net) × (−0.5) · wₖ₁ → Δw, ŷ²") == "delta_h = sigma'(net) * (-0.5) * w_{k1} -> Delta w, y^2"
    assert ascii_spelling("plain") == "plain"


def test_generate_says_what_it_wrote(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("generate", "--arch", "2-1", "--count", "2", "--format", "md,latex", "--out", str(tmp_path / "v"))
    assert result.returncode == 0, result.stderr
    written = sorted(f.name for f in (tmp_path / "v").iterdir())
    assert result.stdout.splitlines()[0] == f"wrote {len(written)} files for 2 variants to {tmp_path / 'v'}:"
    assert "2 problem files, 4 exercise sheets, 4 solutions" in result.stdout
    assert "answer key: answer-key.json, answer-key.md, answer-key.tex" in result.stdout


def test_every_option_has_help() -> None:
    import argparse

    from stepcalc.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"


@pytest.mark.parametrize("entry", [["Sym", "x"], ["Num", 1, 0], ["Num", "1", 2], ["Add", 5], ["Call", "os.system", []],
                                   ["Sym", 5, "net", []], {"Add": []}, "Neg", 7, [["Neg"] * 3],
                                   ["Neg"] * 1 + [["Neg", ["Neg", ["Num", 1, 1]]]]])
def test_memo_entries_of_the_wrong_shape_are_derived_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           entry: object) -> None:
    import json

    from conftest import clear_caches
    from stepcalc.engine import derivatives
    from stepcalc.engine import expr as ex

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clear_caches()
    fresh = derivatives.activation_derivative("sigmoid")  # derived and written
    memo_file = next((tmp_path / "stepcalc").glob("derivatives-*.json"))
    entries = json.loads(memo_file.read_text(encoding="utf-8"))
    key = "activation_derivative|sigmoid"
    entries[key] = entry
    memo_file.write_text(json.dumps(entries), encoding="utf-8")
    clear_caches()
    again = derivatives.activation_derivative("sigmoid")
    if entry == ["Neg"] * 1 + [["Neg", ["Neg", ["Num", 1, 1]]]]:  # a well-formed node is taken as it is
        assert again == ex.Neg(ex.Neg(ex.Neg(ex.Num(__import__("fractions").Fraction(1)))))
        return
    assert again == fresh
    assert json.loads(memo_file.read_text(encoding="utf-8"))[key] == derivatives._to_json(fresh)  # overwritten
    clear_caches()


def test_a_memo_file_that_is_no_table_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from conftest import clear_caches
    from stepcalc.engine import derivatives

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clear_caches()
    derivatives.activation_derivative("tanh")
    memo_file = next((tmp_path / "stepcalc").glob("derivatives-*.json"))
    for text in ("[1, 2]", "[" * 100_000 + "]" * 100_000):
        memo_file.write_text(text, encoding="utf-8")
        clear_caches()
        derivatives.activation_derivative("tanh")
        assert "activation_derivative|tanh" in json.loads(memo_file.read_text(encoding="utf-8"))
    clear_caches()


def test_a_relative_cache_home_is_ignored(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    home = tmp_path / "home"
    result = cli("solve", "p.toml", "--format", "md", cwd=tmp_path, env={"XDG_CACHE_HOME": "cache", "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "cache").exists()  # never in the folder the command runs in
    assert list((home / ".cache" / "stepcalc").glob("derivatives-*.json"))


def test_nothing_executable_is_kept_in_the_cache(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    for fmt in ("text", "md", "latex"):
        assert cli("solve", "p.toml", "--format", fmt, cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "c")}).returncode == 0
    kept = [f.relative_to(tmp_path / "c").as_posix() for f in (tmp_path / "c").rglob("*") if f.is_file()]
    assert kept and all(name.startswith("stepcalc/derivatives-") and name.endswith(".json") for name in kept), kept


def _lock(folder: Path, locked: bool) -> bool:
    """Make `folder` read-only (or writable again), for root too (chattr +i); False when impossible."""
    import os
    import shutil
    import stat
    import subprocess

    if os.geteuid() != 0:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR if locked else stat.S_IRWXU)
        return True
    chattr = shutil.which("chattr")
    return chattr is not None and subprocess.run([chattr, "+i" if locked else "-i", str(folder)],
                                                 capture_output=True).returncode == 0


def test_a_read_only_cache_folder_is_no_error(cli: CliRunner, tmp_path: Path) -> None:
    import os

    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    locked = tmp_path / "locked"
    folders = [locked / "stepcalc" / "templates", locked / "stepcalc", locked]
    folders[0].mkdir(parents=True)
    if not all(_lock(folder, True) for folder in folders):
        for folder in folders:
            _lock(folder, False)
        pytest.skip("cannot make a folder read-only here (root without chattr)")
    try:
        for fmt in ("text", "md", "latex"):
            result = cli("solve", "p.toml", "--format", fmt, cwd=tmp_path, env={"XDG_CACHE_HOME": str(locked)})
            assert result.returncode == 0, result.stderr
            assert result.stderr == ""
    finally:
        for folder in folders:
            _lock(folder, False)
    assert os.listdir(locked / "stepcalc" / "templates") == []


@pytest.mark.parametrize("template, needle", [
    ("{{ 'a' * 10**12 }}", "refusing to repeat"),
    ("{{ [0] * 10**12 }}", "refusing to repeat"),
    ("{% set n = 10 %}{{ n ** 10000000000 }}", "number that large"),
    ("{{ title.ljust(10**12) }}", "width or count"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself"),
])
def test_a_users_template_cannot_exhaust_memory_or_stack(cli: CliRunner, tmp_path: Path, template: str,
                                                         needle: str) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "t.j2").write_text(template, encoding="utf-8")
    one_line_refusal(cli("solve", "p.toml", "--template", "t.j2", cwd=tmp_path), "t.j2: --template", needle)


def test_a_users_template_that_runs_too_long_is_stopped(cli: CliRunner, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from stepcalc.render import sandbox

    monkeypatch.setattr(sandbox, "TEMPLATE_SECONDS", 0.5)
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    # 10^10 loop turns that build nothing: no size bound applies, only the clock
    (tmp_path / "t.j2").write_text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                                   encoding="utf-8")
    start = time.monotonic()
    one_line_refusal(cli("solve", "p.toml", "--template", "t.j2", cwd=tmp_path), "t.j2: --template",
                     "still running after 0.5 s")
    assert time.monotonic() - start < 10


def test_a_users_template_cannot_write_without_end(cli: CliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Each turn writes a few characters: no single operation is large, only the whole output.
    from stepcalc.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_TEMPLATE_OUTPUT", 100_000)
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "t.j2").write_text("{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{{ b }}"
                                   "{% endfor %}{% endfor %}", encoding="utf-8")
    one_line_refusal(cli("solve", "p.toml", "--template", "t.j2", cwd=tmp_path), "t.j2: --template",
                     "more than 100,000 characters")


def test_the_time_limit_holds_outside_the_main_thread_too() -> None:
    import threading

    from stepcalc.render.sandbox import TemplateTimeout, time_limit

    outcome: list[str] = []

    def loop() -> None:  # code called inside the limit, as a template's render is
        while True:
            pass

    def spin() -> None:
        try:
            with time_limit(0.2):
                loop()
        except TemplateTimeout:
            outcome.append("stopped")

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    worker.join(10)
    assert outcome == ["stopped"]


def test_a_users_template_may_still_repeat_and_compute(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "t.j2").write_text("{{ '=' * 3 }} {{ 2 ** 10 }} {{ architecture.center(7) }}|", encoding="utf-8")
    result = cli("solve", "p.toml", "--template", "t.j2", cwd=tmp_path)
    assert result.stdout == "=== 1024  2-2-1 |"


def test_python_api_refuses_what_the_command_line_refuses() -> None:
    import stepcalc
    from stepcalc.errors import ProblemError

    with pytest.raises(ProblemError, match=r"<dict>: 1: expected text keys, got int 1"):
        stepcalc.solve({1: 2})
    data = __import__("tomllib").loads(SEED)
    data["network"][("units",)] = 3
    with pytest.raises(ProblemError, match=r"network\.\('units',\): expected text keys"):
        stepcalc.solve(data)
    for digits in (-1, 16, 1000, 2.5, True):
        with pytest.raises(ProblemError, match="digits: expected a whole number of decimals from 0 to 15") as caught:
            stepcalc.solve(SEED, digits=digits)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError)
    out_h1 = 1 / (1 + __import__("math").exp(-(0.35 * 0.2 + 0.7 * 0.2)))  # σ(net_h1), net_h1 = 0.21
    assert f"{out_h1:.15f}" in stepcalc.solve(SEED, digits=15).text()  # the limit itself works


SATURATED_BCE = SEED.replace('loss = "half_sse"', 'loss = "bce"').replace("[[0.3], [0.9]]", "[[300], [900]]") \
    .replace("t = [0.5]", "t = [0]")  # σ(net_o) is exactly 1.0 as a float: ln(1 − y) = ln 0
OVERFLOWING = SEED.replace('activation = "sigmoid"', 'activation = "identity"')


@pytest.mark.parametrize("text, key, needle", [
    (SATURATED_BCE, "loss", "logarithm of 0.0"),
    (SATURATED_BCE.replace('loss = "bce"', 'loss = "bce"\nepochs = 3'), "loss", "logarithm of 0.0"),
    (OVERFLOWING.replace("learning_rate = 1", "learning_rate = 1e300").replace("[[0.3], [0.9]]", "[[1e200], [1e200]]"),
     "loss", "overflow"),
    (OVERFLOWING.replace("learning_rate = 1", "learning_rate = 1e150\nepochs = 50"), "loss_after", "overflow"),
])
def test_runs_that_cannot_be_computed_raise_at_solve(text: str, key: str, needle: str) -> None:
    import stepcalc
    from stepcalc.errors import ProblemError

    with pytest.raises(ProblemError, match=needle) as caught:
        stepcalc.solve(text)
    assert caught.value.key.endswith(key)


def test_a_diverging_numeric_run_is_a_problem_error() -> None:
    from stepcalc import app
    from stepcalc.errors import ProblemError

    with pytest.raises(ProblemError, match="training diverged") as caught:
        app.train(OVERFLOWING.replace("learning_rate = 1", "learning_rate = 1e150\nepochs = 50"))
    assert caught.value.key == "learning_rate"


@pytest.mark.parametrize("name", ["h\\u0001", "h\\u007f", "h\\u200b", "h\\u0085"])
def test_unit_names_with_control_characters_are_refused(cli: CliRunner, tmp_path: Path, name: str) -> None:
    (tmp_path / "p.toml").write_text(SEED.replace('["h1", "h2"]', f'["{name}", "h2"]'), encoding="utf-8")
    one_line_refusal(cli("solve", "p.toml", "--format", "md", cwd=tmp_path), "network.units[1][0]", "printable")


HTML_NAMES = SEED.replace('["h1", "h2"]', '["<details>", "<img>"]').replace('["o"]', '["<!--"]') \
    .replace('title = "', 'title = "<script>x</script> &lt;b&gt; ')


def test_no_problem_supplied_string_reaches_markdown_as_html(cli: CliRunner, tmp_path: Path) -> None:
    from conftest import katex_errors, markdown_math

    (tmp_path / "p.toml").write_text(HTML_NAMES, encoding="utf-8")
    markdown = cli("solve", "p.toml", "--format", "md", cwd=tmp_path, check=True).stdout
    assert "<" not in markdown  # as text &lt;, in math \textless{}
    assert "&lt;script&gt;x&lt;/script&gt; &amp;lt;b&amp;gt;" in markdown
    assert r"\text{\textless{}details\textgreater{}}" in markdown
    assert katex_errors(markdown_math(markdown)) == []


def test_html_in_a_latex_unit_name_compiles(cli: CliRunner, tmp_path: Path) -> None:
    from conftest import compile_latex

    (tmp_path / "p.toml").write_text(HTML_NAMES, encoding="utf-8")
    compile_latex(cli("solve", "p.toml", "--format", "latex", cwd=tmp_path, check=True).stdout, tmp_path)


@pytest.mark.parametrize("symbol, needle", [
    ("<img src=x onerror=alert(1)>{0}", "expected LaTeX math in ASCII"),
    ("w&{0}", "expected LaTeX math in ASCII"),
    ("w^{0}^{1}", "double superscript"),
    ("w_{0}_{1}", "double subscript"),
    ("w_{{{0}{1}}}^", "'^' without anything"),
    ("\\\\frac w_{{{0}}}", "\\frac without its arguments"),
    ("\\\\hat", "\\hat without its argument"),
    ("w_{{{0}", "a { without its }"),
])
def test_notation_symbols_are_checked_by_a_grammar(cli: CliRunner, tmp_path: Path, symbol: str, needle: str) -> None:
    (tmp_path / "p.toml").write_text(SEED + f'\n[notation]\nw = "{symbol}"\n', encoding="utf-8")
    one_line_refusal(cli("solve", "p.toml", cwd=tmp_path), "notation.w", needle)


def test_well_formed_symbols_still_pass(cli: CliRunner, tmp_path: Path) -> None:
    from stepcalc.notation import latex_grammar_error

    for good in ("w_{ij}", "x^2_1", "\\hat{y}_{k}^{2}", "\\theta^{(1)}_{ij}", "\\frac{a}{b}", "w\\,x", "{}^{a}b",
                 "\\frac 1 2"):
        assert latex_grammar_error(good) is None, good
    (tmp_path / "p.toml").write_text(SEED + '\n[notation]\nw = "\\\\theta^{{(1)}}_{{{0}{1}}}"\n', encoding="utf-8")
    assert "\\theta^{(1)}_{" in cli("solve", "p.toml", "--format", "md", cwd=tmp_path, check=True).stdout


def test_a_long_json_history_is_written_in_bounded_pieces() -> None:
    import json
    import tracemalloc

    import numpy as np

    from stepcalc.render.train import training_json
    from stepcalc.train.numeric import TrainingResult

    epochs = 300_000
    losses = np.linspace(1.0, 0.001, epochs)
    result = TrainingResult(epochs, losses, {"w.x1.o": 0.25}, [[0.5]], None)
    tracemalloc.start()
    total = longest = 0
    for piece in training_json(result, None):
        total += len(piece)
        longest = max(longest, len(piece))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert total > 20_000_000 and longest < 1_000_000  # 300,000 rows in pieces of 10,000
    assert peak < 5_000_000  # never the whole 20 MB document, nor a list of 300,000 rows
    # the pieces make the document json.dumps writes, every epoch in it
    small = TrainingResult(7, losses[:7], {"w.x1.o": 0.25}, [[0.5]], None)
    document = json.loads("".join(training_json(small, 3)))
    assert [row["epoch"] for row in document["history"]] == [1, 3, 6, 7]
    assert document["history"][1]["loss"] == float(losses[2])


def test_a_variant_is_numbered_the_same_way_everywhere(cli: CliRunner, tmp_path: Path) -> None:
    import re

    cli("generate", "--arch", "2-1", "--count", "2", "--format", "md,latex", "--out", str(tmp_path), check=True)
    for name in ("variant-02-sheet.md", "variant-02-sheet.tex", "variant-02-solution.md"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert re.findall(r"Variant (\d+)", text) and set(re.findall(r"Variant (\d+)", text)) == {"02"}, name
    key = (tmp_path / "answer-key.md").read_text(encoding="utf-8")
    assert "| V01 | V02 |" in key and "V1 " not in key


def test_train_text_shows_the_drawn_starting_weights(cli: CliRunner) -> None:
    import random
    import re

    text = cli("train", "examples/xor.toml", "--epochs", "2", check=True).stdout
    block = text.split("Starting weights (drawn)\n", 1)[1].split("\n\n", 1)[0]
    shown = dict(re.findall(r"^  (\S+) = (\S+)$", block, re.M))
    # The draw by hand: seed 1, N(0, 1), layer by layer, row by row (x1's row first), 4 decimals.
    rng = random.Random(1)
    first = [[rng.normalvariate(0.0, 1.0) for _ in range(4)] for _ in range(2)]
    assert shown["w_x1,h1"] == f"{first[0][0]:.4f}".replace("-", "−")
    assert shown["w_x2,h1"] == f"{first[1][0]:.4f}".replace("-", "−")
    assert shown["w_x1,h4"] == f"{first[0][3]:.4f}".replace("-", "−")
    assert shown["b_o"] == "0"
    # weights given in the file are in the file: no such block
    assert "Starting weights" not in cli("train", "examples/seed001.toml", "--epochs", "2", check=True).stdout


def test_no_ascii_arrow_among_the_unicode_ones(cli: CliRunner) -> None:
    for args in (("solve", "examples/seed001.toml"), ("train", "examples/xor.toml", "--epochs", "2")):
        text = cli(*args, check=True).stdout
        assert "->" not in text and "→" in text, args


def test_a_claim_written_as_a_program_writes_floats_is_marked(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(SEED, encoding="utf-8")
    (tmp_path / "c.claims").write_text('[claims]\n"net.h1" = 0.21000000000000002\n"dw.x1.h1" = -9.5e-40\n',
                                       encoding="utf-8")
    result = cli("check", "p.toml", "c.claims", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    verdicts = {v["id"]: v["verdict"] for v in __import__("json").loads(result.stdout)["verdicts"]}
    # 0.35 × 0.2 + 0.7 × 0.2 is exactly 0.21: the float leftover 2e-17 is outside the claim's ±5e-18; Δw is not 0
    assert verdicts == {"net.h1": "wrong", "dw.x1.h1": "wrong"}
