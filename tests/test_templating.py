"""The built-in templates ship compiled ahead of time: the committed modules must be exactly what
compiling templates/ gives now, and the built-in environment must load them, not the .j2 sources."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from stepcalc.render import templating

COMPILED = Path(templating.__file__).resolve().parent / "compiled"


def test_the_compiled_templates_equal_a_compilation_of_the_sources_now() -> None:
    fresh = templating.compiled_sources()
    committed = {f.name: f.read_text(encoding="utf-8") for f in COMPILED.glob("*.py")}
    assert sorted(committed) == sorted(fresh), "run: python tools/compile_templates.py"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"{stale} differ from templates/; run: python tools/compile_templates.py"


def test_every_template_source_has_a_compiled_module() -> None:
    sources = {p.relative_to(templating.template_dir()).as_posix() for p in templating.template_dir().rglob("*.j2")}
    from stepcalc.render.compiled import MODULES

    assert set(MODULES) == sources
    assert all((COMPILED / f"{module}.py").is_file() for module, _ in MODULES.values())


def test_the_builtin_environment_loads_the_compiled_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    templating.environment.cache_clear()
    compiled_from_source: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled_from_source.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    try:
        env = templating.environment()
        env.get_template("md/solution.md.j2")
        assert type(env.loader).__name__ == "CompiledLoader"
        assert compiled_from_source == []
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template("md/none.md.j2")
    finally:
        templating.environment.cache_clear()


def test_a_template_edited_since_it_was_compiled_is_compiled_from_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    shutil.copytree(templating.template_dir(), tmp_path / "templates")
    edited = tmp_path / "templates" / "text" / "check.txt.j2"
    edited.write_text("edited {{ 6 * 7 }}\n", encoding="utf-8")
    monkeypatch.setattr(templating, "template_dir", lambda: tmp_path / "templates")
    templating.environment.cache_clear()
    try:
        env = templating.environment()
        assert type(env.loader).__name__ == "CompiledLoader"
        assert env.get_template("text/check.txt.j2").render() == "edited 42\n"
        assert env.get_template("text/run.txt.j2").filename.endswith("t_text_run_txt.py")  # unchanged: compiled
    finally:
        templating.environment.cache_clear()


def test_another_jinja2_compiles_from_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled code calls the runtime of the jinja2 that made it; any other version gets the sources."""
    from stepcalc.render import compiled

    monkeypatch.setattr(compiled, "JINJA2_VERSION", "0.0")
    templating.environment.cache_clear()
    try:
        env = templating.environment()
        assert isinstance(env.loader, jinja2.FileSystemLoader)
        assert env.get_template("text/solution.txt.j2").filename.endswith("solution.txt.j2")
    finally:
        templating.environment.cache_clear()
