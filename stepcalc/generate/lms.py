"""Quiz banks for learning-management systems, built from a run of exercise variants.

`quiz_bank` gathers what every system's file shows, per variant: the problem sheet as HTML (the
givens, the givens-only network diagram as an SVG data URI, how to round) and one numerical
question per asked step, whose expected value is the answer key's displayed value (never recomputed)
with the tolerance `stepcalc check` uses: half a unit of the shown decimals. `--partial 50:2` adds
50 % of the mark within twice that. The writers (moodle.py, qti.py, gift.py) only lay the bank out
in their system's syntax; the sheet's layout is templates/lms/sheet.html.j2.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Sequence

from stepcalc.errors import StepcalcError

if TYPE_CHECKING:
    from stepcalc.generate.variants import Variant

# --ask names → the derivation's sections they ask for. The loss closes the forward pass; the output
# errors belong with the deltas; loss_after is the forward pass with the new weights, ending in the loss.
ASK = {"forward": ("forward", "loss"), "deltas": ("backward",), "updates": ("update",), "loss_after": ("after",)}
# Grades Moodle accepts for a partial answer (GIFT refuses others on import); 100 is the full mark.
MOODLE_GRADES = (90, 80, 75, 70, 60, 50, 40, 30, 25, 20, 10, 5)

ECF_FEEDBACK = (
    "Each answer is marked on its own against the worked solution: {credit}. The quiz cannot mark a "
    "later answer from your own earlier ones (error carried forward), so a slip early on also makes the "
    "answers that use it wrong here. To have your numbers marked with error carried forward, write them "
    "into a claims file (step = number, e.g. out.h1 = 0.5523) and run")
# A quiz asks for numbers only: the sheet's "say whether the loss fell" is left out.
AFTER_QUESTION = "Forward pass with the new parameters: compute the outputs and the loss again"
CARRY_NOTE = ("The expected answers are the carried values: each result is worked from the rounded "
              "results before it, as on paper, and can differ in the last digit from a calculation in "
              "full precision.")


@dataclass(frozen=True)
class Credit:
    """`percent` of the mark within `factor` times the tolerance of a full mark."""

    percent: int
    factor: Decimal


@dataclass(frozen=True)
class Answer:
    percent: int  # of the question's mark
    value: str  # the expected value as a plain decimal ("-0.0368")
    tolerance: str  # accepted distance from it, a plain decimal ("0.00005")

    @property
    def bounds(self) -> tuple[str, str]:
        """The accepted interval [value − tolerance, value + tolerance], exact in decimal."""
        value, tolerance = Decimal(self.value), Decimal(self.tolerance)
        return _plain(value - tolerance), _plain(value + tolerance)


@dataclass(frozen=True)
class Question:
    step_id: str
    symbol: str  # LaTeX, escaped for HTML
    decimals: int  # the decimals the answer is asked to
    answers: tuple[Answer, ...]  # the full mark first


@dataclass(frozen=True)
class QuestionGroup:
    title: str  # a layer's name, HTML-escaped ("" when a section has one group)
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSection:
    text: str  # what to compute, HTML-escaped
    groups: tuple[QuestionGroup, ...]


@dataclass(frozen=True)
class QuizVariant:
    number: int
    name: str  # variant-01: its problem file is NAME.toml
    title: str  # plain text
    sheet: dict[str, Any]  # the sheet template's context, escaped for HTML
    sections: tuple[QuestionSection, ...]
    feedback: str  # general feedback, HTML
    carried: bool  # carry rounding: the expected values are the carried ones

    def asking(self, q: Question, where: str) -> str:
        """The HTML text of one step's own question; `where` says where the problem sheet is."""
        places = f"{q.decimals} decimal{'s' if q.decimals != 1 else ''}"
        rounding = f"{places}, worked from your rounded results before it" if self.carried else places
        return f"<p>{self.title}: \\({q.symbol}\\) = ? (to {rounding}; the problem sheet is {where})</p>"

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for g in s.groups for q in g.questions]

    def html(self, blanks: dict[str, str] | None = None) -> str:
        """The sheet as HTML; with `blanks` (step id → the answer field's markup) the questions follow."""
        from stepcalc.render.templating import environment

        sections = []
        if blanks is not None:
            sections = [{"text": s.text, "groups": [{"title": g.title if len(s.groups) > 1 else "",
                                                     "questions": [{"symbol": q.symbol, "blank": blanks[q.step_id]}
                                                                   for q in g.questions]}
                                                    for g in s.groups]} for s in self.sections]
        return environment().get_template("lms/sheet.html.j2").render(**self.sheet, sections=sections)


@dataclass(frozen=True)
class Bank:
    name: str  # plain text, names the run: also the question category
    arch: str
    seed: int
    variants: tuple[QuizVariant, ...]


def parse_ask(text: str) -> tuple[str, ...]:
    """"forward,deltas" → ("forward", "deltas"), in the order of the work."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ASK]
    if unknown or not names:
        raise StepcalcError(f"--ask: expected one or more of {', '.join(ASK)} joined by commas, "
                            f"got {(unknown[0] if unknown else text)!r}")
    return tuple(n for n in ASK if n in names)


def parse_partial(text: str) -> tuple[Credit, ...]:
    """"50:2" → 50 % within twice the tolerance; several as "50:2,25:4" (less credit, wider each time)."""
    usage = (f"expected PERCENT:FACTOR (e.g. 50:2: half the mark within twice the tolerance), several joined by "
             f"commas, PERCENT one of Moodle's grades {', '.join(map(str, MOODLE_GRADES))}; got {text!r}")
    credits = []
    for part in text.split(","):
        percent, colon, factor = part.strip().partition(":")
        try:
            credit = Credit(int(percent), Decimal(factor))
        except (ValueError, ArithmeticError):
            raise StepcalcError(f"--partial: {usage}") from None
        if not colon or credit.percent not in MOODLE_GRADES or not (credit.factor.is_finite() and credit.factor > 1):
            raise StepcalcError(f"--partial: {usage} (FACTOR is a number above 1)")
        credits.append(credit)
    for before, after in zip(credits, credits[1:]):
        if not (after.percent < before.percent and after.factor > before.factor):
            raise StepcalcError(f"--partial: each further PERCENT:FACTOR gives less credit for a wider range; got {text!r}")
    return tuple(credits)


def _plain(number: Decimal) -> str:
    """A decimal without exponent or superfluous zeros (0.00010 → 0.0001; 1E+1 → 10)."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def answers(display: str, partial: Sequence[Credit]) -> tuple[int, tuple[Answer, ...]]:
    """The decimals of a displayed value ("−0.0368", the answer key's form) and its accepted answers."""
    value = display.replace("−", "-")
    decimals = -Decimal(value).as_tuple().exponent  # type: ignore[operator]
    tolerance = Decimal(5).scaleb(-decimals - 1)  # half a unit of the last shown decimal
    full = Answer(100, value, _plain(tolerance))
    return decimals, (full, *(Answer(c.percent, value, _plain(tolerance * c.factor)) for c in partial))


def _math(text: str) -> str:
    """LaTeX math shown in HTML: MathJax reads the text after the browser decoded the entities."""
    return html.escape(text, quote=False)


def text_escape(text: str) -> str:
    """Free text in a quiz's HTML: escaped for HTML, its braces as entities so that no text can read
    as a cloze sub-question ({1:NUMERICAL:…})."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _sheet_format() -> Any:
    from stepcalc.render.formats import Format

    # HTML text with LaTeX math between \( \), as Moodle's MathJax filter and Canvas read it.
    return Format("lms", "html", "latex", text_escape, "-", (r"\(", r"\)"), (r"\[", r"\]"), True)


def feedback_html(problem_file: str, partial: Sequence[Credit]) -> str:
    credit = "the full mark within half a unit of the last decimal asked for"
    for c in partial:
        credit += f", {c.percent} % within {_plain(c.factor)} times that"
    return (f"<p>{text_escape(ECF_FEEDBACK.format(credit=credit))} "
            f"<code>stepcalc check {html.escape(problem_file)} claims.toml</code> "
            f"(stepcalc&#8217;s README, &#8220;Checking hand calculations&#8221;).</p>")


def quiz_bank(key: dict[str, Any], variants: Sequence[Variant], ask: Sequence[str],
              partial: Sequence[Credit]) -> Bank:
    """The bank of a run: `key` is the answer key's document (answer-key.json), whose displayed values
    the questions expect; `variants` give the sheets and which step belongs to which section."""
    from stepcalc.figures.labels import network_svg
    from stepcalc.generate.sheets import GIVEN_KEYS, QUESTIONS, rounding_note
    from stepcalc.render.solution import solution_context

    form = _sheet_format()
    asked = {section for name in ask for section in ASK[name]}
    entries = {entry["variant"]: entry for entry in key["variants"]}
    quiz = []
    for v in variants:
        display = entries[v.number]["display"]
        context = solution_context(v.derivation, form)
        sheet = {k: context[k] for k in GIVEN_KEYS}
        for k in ("loss_formula", "learning_rate_symbol", "learning_rate", "convention"):
            sheet[k] = _math(sheet[k])
        givens = [("Inputs", context["inputs"]), ("Targets", context["targets"]),
                  ("Parameters", [{"symbol": r["symbol"], "value": r["value"]} for r in context["weights"]])]
        sheet["givens"] = [{"title": title, "entries": [{"symbol": _math(r["symbol"]), "value": _math(r["value"])}
                                                         for r in rows]} for title, rows in givens]
        svg = network_svg(v.derivation, givens=True)
        sheet["diagram"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        sheet["diagram_alt"] = "Network diagram with the given inputs, targets and weights"
        sheet["rounding_note"] = form.escape(rounding_note(v.derivation.rounding))
        sheet["carry_note"] = form.escape(CARRY_NOTE) if v.derivation.rounding.mode == "carry" else ""
        sheet["label"] = form.escape(f"Variant {v.number}")
        sections, seen = [], set()
        for section in context["sections"]:
            if section["key"] not in asked:
                continue
            groups = []
            for group in section["groups"]:
                questions = []
                for line in group["steps"]:
                    if line.get("id") not in display or line["id"] in seen:
                        continue  # a chain factor or matrix line: shown in a solution, not asked
                    seen.add(line["id"])
                    decimals, accepted = answers(display[line["id"]], partial)
                    questions.append(Question(line["id"], _math(line["lhs"]), decimals, accepted))
                if questions:
                    groups.append(QuestionGroup(form.escape(group["title"] or ""), tuple(questions)))
            text = AFTER_QUESTION if section["key"] == "after" else QUESTIONS[section["key"]]
            sections.append(QuestionSection(form.escape(text), tuple(groups)))
        quiz.append(QuizVariant(v.number, v.name, v.name.replace("variant-", "Variant "), sheet, tuple(sections),
                                feedback_html(f"{v.name}.toml", partial), v.derivation.rounding.mode == "carry"))
    return Bank(f"stepcalc {key['arch']} seed {key['seed']}", key["arch"], key["seed"], tuple(quiz))
