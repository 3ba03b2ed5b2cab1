"""Shared test helpers: running the CLI, and the external tools (pdflatex, KaTeX) some tests need."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Mapping, Protocol

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KATEX_SCRIPT = Path(__file__).resolve().parent / "katex_check.js"
KATEX_MODULES = ROOT / ".ci" / "node_modules"

# A 1-1 linear unit with a bias and two samples: small enough to work training runs by hand.
LINEAR = """
learning_rate = 0.1
{extra}
[network]
layers = [1, 1]
activation = "identity"
units = [["x"], ["o"]]
weights = [[[0.5]]]
biases = [[0.1]]
[[samples]]
x = [1]
t = [2]
[[samples]]
x = [2]
t = [1]
"""


_CACHE_HOME: Path | None = None
_SAVED_CACHE_HOME: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Point XDG_CACHE_HOME at a temporary folder before collection, which already renders some
    solutions: the derivative memo and compiled templates of the run are kept there, never in the
    user's ~/.cache, and are shared by all tests (and the processes they start) for speed."""
    global _CACHE_HOME, _SAVED_CACHE_HOME
    _SAVED_CACHE_HOME = os.environ.get("XDG_CACHE_HOME")
    _CACHE_HOME = Path(tempfile.mkdtemp(prefix="stepcalc-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = str(_CACHE_HOME)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CACHE_HOME is None:
        return
    if _SAVED_CACHE_HOME is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = _SAVED_CACHE_HOME
    shutil.rmtree(_CACHE_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def cache_home() -> Path:
    """The run's XDG cache folder (see pytest_configure)."""
    assert _CACHE_HOME is not None
    return _CACHE_HOME


def clear_caches() -> None:
    """Forget what stepcalc keeps per process: the open derivative memo and the Jinja environment
    (both tied to the cache folder they were made with). Modules not yet imported are left alone."""
    derivatives = sys.modules.get("stepcalc.engine.derivatives")
    if derivatives is not None:
        derivatives._memo.cache_clear()
    templating = sys.modules.get("stepcalc.render.templating")
    if templating is not None:
        templating.environment.cache_clear()


@pytest.fixture(autouse=True)
def isolated_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test, and every process it starts, uses the run's cache folder; a test of the cache
    itself may point XDG_CACHE_HOME elsewhere (monkeypatch or a subprocess env) and call clear_caches()."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    clear_caches()
    yield cache_home
    clear_caches()


def require_tool(name: str) -> str:
    """The tool's path; skip when it is missing, unless CI demands it (STEPCALC_REQUIRE_TOOLS=1)."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{name} is required (STEPCALC_REQUIRE_TOOLS=1) but not installed")
    pytest.skip(f"{name} not installed")


def run_cli_process(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m stepcalc ARGS` in a process of its own; only for tests that need a real process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "stepcalc", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"stepcalc {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


class CliRunner(Protocol):
    def __call__(self, *args: str, cwd: Path = ROOT, env: Mapping[str, str | None] | None = None,
                 check: bool = False) -> subprocess.CompletedProcess[str]: ...


@pytest.fixture
def cli() -> CliRunner:
    """`stepcalc ARGS` run in this process (no interpreter start-up): a CompletedProcess with the
    exit status and what went to stdout and stderr. `cwd` and `env` (None unsets a variable) hold
    for that call only; the per-process caches are cleared before and after it."""
    from stepcalc.cli import main

    def run(*args: str, cwd: Path = ROOT, env: Mapping[str, str | None] | None = None,
            check: bool = False) -> subprocess.CompletedProcess[str]:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(cwd)
            for name, value in (env or {}).items():
                if value is None:
                    patch.delenv(name, raising=False)
                else:
                    patch.setenv(name, value)
            clear_caches()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    try:
                        status = main(list(args))
                    except SystemExit as exit_:  # argparse: usage errors, --help, --version
                        status = exit_.code
            finally:
                clear_caches()
        if status is None:
            status = 0
        elif not isinstance(status, int):  # sys.exit("message") prints it and exits 1
            err.write(f"{status}\n")
            status = 1
        result = subprocess.CompletedProcess(["stepcalc", *args], status, out.getvalue(), err.getvalue())
        if check and result.returncode != 0:
            raise AssertionError(f"stepcalc {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    return run


def compile_latex(source: str, workdir: Path) -> Path:
    """Compile a standalone LaTeX document with pdflatex; fail with its log on error."""
    pdflatex = require_tool("pdflatex")
    tex = workdir / "doc.tex"
    tex.write_text(source, encoding="utf-8")
    from stepcalc.generate.exercises import MAX_LATEX_RUNS, needs_rerun

    for _ in range(MAX_LATEX_RUNS):  # until the table widths are stable, as `generate --pdf` does
        result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
                                cwd=workdir, capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
            raise AssertionError(f"pdflatex failed: {errors or result.stdout[-2000:]}")
        if not needs_rerun(result.stdout):
            break
    assert not needs_rerun(result.stdout), "pdflatex still asks for another run"
    return workdir / "doc.pdf"


MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def markdown_math(markdown: str) -> list[tuple[str, bool]]:
    """Every math span of a Markdown text: (TeX, display?)."""
    return [(m.group(1) if m.group(1) is not None else m.group(2), m.group(1) is not None)
            for m in MATH.finditer(markdown)]


def katex_errors(spans: list[tuple[str, bool]]) -> list[str]:
    """Render each span with KaTeX (throwOnError); return the error messages."""
    node = require_tool("node")
    if not (KATEX_MODULES / "katex").is_dir():
        if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
            pytest.fail("KaTeX is required but .ci/node_modules/katex is missing (run: cd .ci && npm install)")
        pytest.skip("KaTeX not installed (cd .ci && npm install)")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in spans])
    env = dict(os.environ, NODE_PATH=str(KATEX_MODULES))
    result = subprocess.run([node, str(KATEX_SCRIPT)], input=payload, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
