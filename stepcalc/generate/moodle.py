"""A quiz bank as Moodle XML: a category named after the run, then one cloze (multianswer) question per
variant whose text is the problem sheet with a NUMERICAL blank per asked step, e.g.
{1:NUMERICAL:=0.5523:0.00005~%50%0.5523:0.0001} (full mark within the tolerance, 50 % within twice it).
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from stepcalc.generate.lms import Bank, Question

PENALTY = "0.3333333"  # Moodle's default penalty per wrong try (adaptive mode)
HTML = ' format="html"'


def cloze(question: Question) -> str:
    """The NUMERICAL sub-question of one step, worth one mark."""
    full, *partial = question.answers
    parts = [f"={full.value}:{full.tolerance}"] + [f"%{a.percent}%{a.value}:{a.tolerance}" for a in partial]
    return "{1:NUMERICAL:" + "~".join(parts) + "}"


def _text(tag: str, text: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}><text>{escape(text)}</text></{tag}>"


def moodle_xml(bank: Bank) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
             '  <question type="category">',
             f"    {_text('category', '$course$/top/' + bank.name)}",
             f"    {_text('info', 'Exercise variants written by stepcalc generate', HTML)}",
             "  </question>"]
    for v in bank.variants:
        text = v.html({q.step_id: cloze(q) for q in v.questions})
        lines += ['  <question type="cloze">',
                  f"    {_text('name', v.title)}",
                  f"    {_text('questiontext', text, HTML)}",
                  f"    {_text('generalfeedback', v.feedback, HTML)}",
                  f"    <penalty>{PENALTY}</penalty>",
                  "    <hidden>0</hidden>",
                  f"    <idnumber>{escape(f'stepcalc-{bank.arch}-seed{bank.seed}-{v.name}')}</idnumber>",
                  "  </question>"]
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"
