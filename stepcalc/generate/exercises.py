"""`stepcalc generate`: a directory of exercise variants, their sheets and solutions, and one answer key.

Per variant NAME (variant-01, variant-02, …): NAME.toml (the problem file), NAME-sheet.FMT (givens
and questions) and NAME-solution.FMT (the worked step); for the run: answer-key.json and
answer-key.FMT. FMT is md and/or latex (.tex); --pdf compiles every .tex to a PDF next to it.
The quiz formats write one bank for the run: quiz-moodle.xml, quiz-qti.zip, quiz.gift (see lms.py).
Nothing depends on the clock or the output directory, so the same arguments give the same bytes.
"""
from __future__ import annotations

import gc
import itertools
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from stepcalc.errors import StepcalcError
from stepcalc.render.formats import format_for
from stepcalc.engine.numbers import as_float, plain
from stepcalc.figures.labels import figure_path_for, network_svg
from stepcalc.render.solution import Writer, render_solution, solution_context
from stepcalc.generate.sheets import answered_steps, render_answer_key, render_sheet, rounding_note
from stepcalc.concepts.activations import ACTIVATIONS
from stepcalc.generate.lms import Credit
from stepcalc.generate.variants import Spec, Variant, iter_variants

DOCUMENTS = ("md", "latex")  # sheets, solutions and the answer key as documents
QUIZZES = {"moodle": "quiz-moodle.xml", "qti": "quiz-qti.zip", "gift": "quiz.gift"}  # format → file
FORMATS = DOCUMENTS + tuple(QUIZZES)
KEY_NAME = "answer-key"
# pdfTeX takes its dates and document id from these, so that a PDF is the same on every run.
REPRODUCIBLE_TEX = {"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}


@dataclass(frozen=True)
class Request:
    spec: Spec
    seed: int
    count: int
    formats: tuple[str, ...]
    pdf: bool = False
    ask: tuple[str, ...] | None = None  # quiz questions: --ask names (None: all)
    partial: tuple[Credit, ...] = ()  # quiz partial credit
    audience: str = "teacher"  # the worked solutions' readers (the answer key is always a teacher's)


def parse_formats(text: str) -> tuple[str, ...]:
    """"md,latex" → ("md", "latex"): each named once, in the order of FORMATS."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    usage = f"expected {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, several joined by commas (e.g. md,latex,moodle)"
    for name in names:
        if name not in FORMATS:
            raise StepcalcError(f"--format: {usage}, got {name!r}")
    if not names:
        raise StepcalcError(f"--format: {usage}")
    return tuple(f for f in FORMATS if f in names)


def settings(spec: Spec) -> dict[str, Any]:
    """The settings that decide the numbers, for the answer key."""
    output = ACTIVATIONS[spec.activations[-1]]
    targets: Any = "one-hot" if output.coupled else list(spec.target_range or output.target_range)
    return {"activation": list(spec.activations), "loss": spec.loss, "learning_rate": spec.learning_rate,
            "biases": spec.biases, "decimals": spec.decimals, "weight_range": list(spec.weight_range),
            "input_range": list(spec.input_range), "target_range": targets, "min_delta": spec.delta_floor,
            "notation": spec.notation or "default", "rounding": dict(spec.rounding) or {"mode": "exact"},
            "optimizer": spec.optimizer or "sgd", "updates": spec.updates,
            **({} if spec.steps is None else {"kind": "recurrent", "steps": spec.steps})}


def answer_key(request: Request, variants: list[Variant]) -> dict[str, Any]:
    """The answer key's document (answer-key.json): every step's value and its display per variant."""
    entries = []
    for v in variants:
        d = v.derivation
        shown = Writer(d, "text")  # each value as the text solution shows it
        steps = answered_steps(d, v.later)
        writers = {id(d): shown, **{id(later): Writer(later, "text") for _, later in v.later}}
        entries.append({"variant": v.number, "problem": f"{v.name}.toml",
                        "answers": {key: as_float(s.value) for key, s, _ in steps},
                        "display": {key: writers[id(step_d)].number(s.value, s.kind) for key, s, step_d in steps}})
    return {"arch": request.spec.arch, "seed": request.seed, "count": request.count,
            "settings": settings(request.spec), "variants": entries}


def answer_key_json(request: Request, variants: list[Variant]) -> str:
    return json.dumps(answer_key(request, variants), indent=2, ensure_ascii=False) + "\n"


def _heading(request: Request, variants: list[Variant], fmt: str) -> dict[str, str]:
    spec = request.spec
    escape = format_for(fmt).escape
    described = (f"activations {', '.join(spec.activations)}; loss {spec.loss}; "
                 f"learning rate {plain(spec.learning_rate)}; {'with' if spec.biases else 'no'} biases"
                 + (f"; optimizer {spec.optimizer}" if spec.optimizer else "")
                 + (f"; {spec.updates} updates" if spec.updates > 1 else ""))
    return {"title": escape(f"Answer key: {request.count} variants of a {spec.described} network (seed {request.seed})"),
            "settings": escape(described),
            "rounding": escape(rounding_note(variants[0].derivation.rounding)),
            "problems": escape(f"{variants[0].name}.toml to {variants[-1].name}.toml")}


def _solution(v: Variant, fmt: str, diagram_file: str | None, context: dict[str, Any],
              audience: str = "teacher") -> str:
    """One update's worked step, or the worked run of several updates (as `stepcalc solve` writes it)."""
    if not v.later:
        return render_solution(v.derivation, fmt, diagram_file=diagram_file, context=context, audience=audience)
    from stepcalc.app import SolveOptions, solve

    return solve(v.problem, SolveOptions(format=fmt, audience=audience))


def render_files(request: Request) -> dict[str, str | bytes]:
    """File name → content, for every file of the run (PDFs aside); the QTI zip is bytes."""
    return dict(iter_files(request))


def iter_files(request: Request) -> Iterator[tuple[str, str | bytes]]:
    """(file name, content) for every file of the run (PDFs aside), each variant's as it is drawn:
    only the derivations, which the answer key and the quizzes need, are kept until the end."""
    quizzes = [fmt for fmt in request.formats if fmt in QUIZZES]
    if not quizzes and (request.ask is not None or request.partial):
        raise StepcalcError(f"--{'ask' if request.ask is not None else 'partial'}: sets the questions of a quiz; "
                            f"add {', '.join(QUIZZES)} to --format (e.g. --format md,moodle)")
    documents = [fmt for fmt in request.formats if fmt in DOCUMENTS]
    variants: list[Variant] = []
    try:
        for v in iter_variants(request.spec, request.seed, request.count):
            variants.append(v)
            files: dict[str, str | bytes] = {f"{v.name}.toml": v.toml}
            for fmt in documents:
                suffix = format_for(fmt).suffix
                sheet_figure = solution_figure = None
                if fmt == "md":  # diagrams as SVG files next to the Markdown, as `solve -o` writes them
                    sheet_figure = figure_path_for(f"{v.name}-sheet.md", "network").name
                    files[sheet_figure] = network_svg(v.derivation, givens=True)
                    if not v.later:  # a worked run embeds its own figures
                        solution_figure = figure_path_for(f"{v.name}-solution.md", "network").name
                        files[solution_figure] = network_svg(v.derivation)
                # one written-out solution serves both the sheet (its givens and questions) and the solution
                solution = solution_context(v.derivation, fmt, derivation=fmt == "latex", audience=request.audience)
                files[f"{v.name}-sheet.{suffix}"] = render_sheet(v.derivation, fmt, f"Variant {v.padded}", v.later,
                                                                 sheet_figure, solution)
                files[f"{v.name}-solution.{suffix}"] = _solution(v, fmt, solution_figure, solution, request.audience)
            yield from files.items()
            # The variants kept for the answer key would be scanned again by every garbage collection,
            # so each variant would cost more than the one before: leave what exists now out of them
            # (until the answer key is written, too: a full collection then would scan them all).
            gc.freeze()
        yield from _key_files(request, variants, documents, quizzes)
    finally:  # also when a draw fails part way
        gc.unfreeze()


def _key_files(request: Request, variants: list[Variant], documents: list[str],
               quizzes: list[str]) -> Iterator[tuple[str, str | bytes]]:
    """The answer key's files (and the quiz banks) of the variants drawn."""
    key = answer_key(request, variants)
    files: dict[str, str | bytes] = {f"{KEY_NAME}.json": json.dumps(key, indent=2, ensure_ascii=False) + "\n"}
    first = variants[0]
    symbols = {}
    for prefix, d in (("", first.derivation), *first.later):
        symbols.update({prefix + line["id"]: line["lhs"] for section in solution_context(d, "latex")["sections"]
                        for group in section["groups"] for line in group["steps"] if "id" in line})
    labels = [f"V{v.padded}" for v in variants]
    derivations = [v.derivation for v in variants]
    later = [v.later for v in variants]
    for fmt in documents:
        files[f"{KEY_NAME}.{format_for(fmt).suffix}"] = render_answer_key(derivations, labels, fmt, symbols,
                                                                _heading(request, variants, fmt), later)
    if quizzes:
        files.update(render_quizzes(request, key, variants, quizzes))
    yield from files.items()


def render_quizzes(request: Request, key: dict[str, Any], variants: list[Variant],
                   formats: list[str]) -> dict[str, str | bytes]:
    """The quiz banks, their expected values taken from the answer key's document `key`."""
    from stepcalc.generate import gift, moodle, qti
    from stepcalc.generate.lms import ASK, quiz_bank

    bank = quiz_bank(key, variants, request.ask or tuple(ASK), request.partial)
    writers = {"moodle": moodle.moodle_xml, "qti": qti.qti_zip, "gift": gift.gift}
    return {QUIZZES[fmt]: writers[fmt](bank) for fmt in formats}


def generate(request: Request, out: Path) -> list[str]:
    """Write the run's files into `out` (created if missing); return their names."""
    pdflatex = None
    if request.pdf:
        if "latex" not in request.formats:
            raise StepcalcError("--pdf: compiles the LaTeX files; add latex to --format (e.g. --format md,latex)")
        pdflatex = shutil.which("pdflatex")
        if pdflatex is None:
            raise StepcalcError("--pdf: pdflatex is not installed (install TeX Live, or leave out --pdf)")
    files = iter_files(request)
    first = next(files)  # bad settings are reported before the folder is made
    names = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in itertools.chain([first], files):
            if isinstance(content, bytes):
                (out / name).write_bytes(content)
            else:
                (out / name).write_text(content, encoding="utf-8")
            names.append(name)
    except OSError as err:
        raise StepcalcError(f"{out}: cannot write output ({err.strerror or err})") from None
    if pdflatex is not None:
        tex = [name for name in names if name.endswith(".tex")]
        compile_pdfs(pdflatex, out, tex)
        names += [name.removesuffix(".tex") + ".pdf" for name in tex]
    return names


MAX_LATEX_RUNS = 4


def needs_rerun(log: str) -> bool:
    """Whether pdflatex's output says a further run would change the document."""
    return "Rerun LaTeX" in log or "Rerun to get" in log or "run LaTeX again" in log


def compile_pdfs(pdflatex: str, out: Path, names: list[str]) -> None:
    """pdflatex on each file, in parallel; only the PDFs land in `out` (logs stay in a temporary directory)."""
    env = dict(os.environ, **REPRODUCIBLE_TEX)
    with tempfile.TemporaryDirectory(prefix="stepcalc-") as tmp, \
            ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for result in pool.map(lambda name: _compile(pdflatex, out, name, Path(tmp), env), names):
            if result:
                raise StepcalcError(result)


def _compile(pdflatex: str, out: Path, name: str, tmp: Path, env: dict[str, str]) -> str:
    """Compile out/name; return an error message, or "" when the PDF is in place."""
    stem = name.removesuffix(".tex")
    build = tmp / stem
    build.mkdir()
    shutil.copyfile(out / name, build / name)  # compiled under its own name in a directory of its own
    # Column widths and references settle over runs: run again while LaTeX asks for it.
    for _ in range(MAX_LATEX_RUNS):
        try:
            result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", name],
                                    cwd=build, env=env, capture_output=True, text=True, errors="replace", timeout=300)
        except subprocess.TimeoutExpired:
            return f"{out / name}: pdflatex took longer than 300 s"
        if result.returncode != 0:
            errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
            return f"{out / name}: pdflatex failed: {errors[0] if errors else 'see its log'}"
        if not needs_rerun(result.stdout):
            break
    shutil.copyfile(build / f"{stem}.pdf", out / f"{stem}.pdf")
    return ""
