"""A quiz bank in Moodle's GIFT text format, for banks edited by hand: per variant a category, the
problem sheet as a description, then one numerical question per asked step, e.g.
::Variant 01, out.h1::[html]… {#=0.5523:0.00005 =%50%0.5523:0.0001####feedback}.

GIFT has no cloze questions, so the sheet and the questions are separate items of one category.
"""
from __future__ import annotations

from stepcalc.generate.lms import Bank, Question, QuizVariant

SPECIALS = "~=#{}:"  # GIFT reads these as syntax unless a backslash precedes them


def gift_escape(text: str) -> str:
    """HTML text that GIFT reads back as it is, on one line (a blank line would end the question).
    GIFT's special characters get a backslash; a backslash of the text (LaTeX's) that GIFT would read
    as an escape (\\{, \\n of \\nabla, \\\\) is written as the HTML entity &#92;, which MathJax sees
    as the backslash."""
    one_line = " ".join(line.strip() for line in text.splitlines() if line.strip())
    out = []
    for i, c in enumerate(one_line):
        if c == "\\" and one_line[i + 1:i + 2] in (*SPECIALS, "n", "\\"):
            out.append("&\\#92;")
        elif c in SPECIALS:
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def _numerical(question: Question, feedback: str) -> str:
    full, *partial = question.answers
    parts = [f"={full.value}:{full.tolerance}"] + [f"=%{a.percent}%{a.value}:{a.tolerance}" for a in partial]
    return "{#" + " ".join(parts) + "####" + gift_escape(feedback) + "}"


def _question(v: QuizVariant, q: Question) -> str:
    text = v.asking(q, "the description before")
    return f"::{gift_escape(f'{v.title}, {q.step_id}')}::[html]{gift_escape(text)} {_numerical(q, v.feedback)}"


def gift(bank: Bank) -> str:
    blocks = [f"// {bank.name}: exercise variants written by stepcalc generate (Moodle: Question bank, Import, GIFT)"]
    for v in bank.variants:
        blocks.append(f"$CATEGORY: $course$/top/{bank.name}/{v.title}")
        blocks.append(f"::{gift_escape(v.title + ', problem sheet')}::[html]{gift_escape(v.html())}")
        blocks += [_question(v, q) for q in v.questions]
    return "\n\n".join(blocks) + "\n"
