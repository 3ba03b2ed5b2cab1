"""Quiz banks (`stepcalc generate --format moodle,qti,gift`): each file read back by a parser written
here from its system's documented syntax, every expected answer equal to answer-key.json and, through
the hand-worked pass of test_generate, to the true value; tolerances from the rounding settings.
"""
from __future__ import annotations

import html
import io
import json
import math
import re
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from stepcalc.generate.exercises import Request, render_files
from stepcalc.generate.gift import gift_escape
from stepcalc.generate.lms import parse_ask, parse_partial

from conftest import ROOT, CliRunner, katex_errors
from test_generate import hand_backprop, spec

GENERATED = ROOT / "examples" / "generated"
# The committed bank: what `stepcalc generate` writes with these arguments.
GENERATED_ARGS = ("--arch", "2-2-1", "--count", "3", "--seed", "1", "--format", "md,moodle,qti,gift",
                  "--partial", "50:2")

# Which step ids each --ask part covers, by the README's step ids.
ASKED = {
    "forward": lambda i: i.startswith(("net.", "out.", "loss.")) or i == "loss",
    "deltas": lambda i: i.startswith(("err.", "fprime.", "delta.")),
    "updates": lambda i: i.split(".")[0] in ("grad", "dw", "w", "db", "b"),
    "loss_after": lambda i: i.startswith("after.") or i == "loss_after",
}


def bank(formats: tuple[str, ...] = ("moodle", "qti", "gift"), count: int = 3, seed: int = 7,
         ask: tuple[str, ...] | None = None, partial: str | None = "50:2", **options: object) -> dict:
    return render_files(Request(spec(**options), seed, count, formats, ask=ask,
                                partial=parse_partial(partial) if partial else ()))


def asked_ids(key_entry: dict, ask: tuple[str, ...] = tuple(ASKED)) -> list[str]:
    return [i for i in key_entry["answers"] if any(ASKED[a](i) for a in ask)]


def plain(display: str) -> str:
    return display.replace("−", "-")


def half_unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals) / 2


# --- Moodle XML: <quiz>, a category question, cloze questions with {n:NUMERICAL:…} sub-answers ----
CLOZE = re.compile(r"\{(\d*):(NUMERICAL|NM):([^{}]*)\}")


def cloze_answers(field: str) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(percent, value, tolerance) of each answer of one NUMERICAL sub-question: `=v:t` is 100 %,
    `%p%v:t` is p %, answers separated by `~`."""
    answers = []
    for part in field.split("~"):
        m = re.fullmatch(r"(?:=|%(\d+(?:\.\d+)?)%)(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)", part)
        assert m, part
        answers.append((Decimal(m.group(1) or 100), Decimal(m.group(2)), Decimal(m.group(3))))
    return answers


def read_moodle(text: str) -> tuple[str, list[dict]]:
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert questions[0].get("type") == "category"
    category = questions[0].findtext("category/text")
    variants = []
    for q in questions[1:]:
        assert q.get("type") == "cloze"
        assert q.find("questiontext").get("format") == "html"
        body = q.findtext("questiontext/text")
        subs = CLOZE.findall(body)
        assert all(weight == "1" for weight, _, _ in subs)
        variants.append({"name": q.findtext("name/text"), "html": body,
                         "feedback": q.findtext("generalfeedback/text"),
                         "answers": [cloze_answers(field) for _, _, field in subs]})
    return category, variants


def test_moodle_answers_are_the_answer_key_with_check_tolerance_and_partial_credit() -> None:
    files = bank(("moodle",))
    key = json.loads(files["answer-key.json"])
    category, variants = read_moodle(files["quiz-moodle.xml"])
    assert category == "$course$/top/stepcalc 2-2-1 seed 7"
    assert [v["name"] for v in variants] == ["Variant 01", "Variant 02", "Variant 03"]
    for v, entry in zip(variants, key["variants"]):
        ids = asked_ids(entry)
        assert len(v["answers"]) == len(ids) == 41  # 4 nets/outputs + 2 + E, 3 errors + 3 f′ + 3 deltas, 18, 7 (after)
        for step_id, answers in zip(ids, v["answers"]):
            shown = Decimal(plain(entry["display"][step_id]))
            assert answers == [(100, shown, half_unit(4)), (50, shown, 2 * half_unit(4))], step_id
            assert abs(float(shown) - entry["answers"][step_id]) <= 0.5e-4 + 1e-12


def test_moodle_answers_are_the_hand_computed_values() -> None:
    files = bank(("moodle",), ask=("forward", "updates"))
    _, variants = read_moodle(files["quiz-moodle.xml"])
    key = json.loads(files["answer-key.json"])
    for number, (v, entry) in enumerate(zip(variants, key["variants"]), start=1):
        expected, _ = hand_backprop(tomllib.loads(files[f"variant-{number:02d}.toml"]))
        ids = asked_ids(entry, ("forward", "updates"))
        assert not any(i.startswith(("delta.", "after.")) for i in ids)
        by_id = dict(zip(ids, v["answers"]))
        for step_id, value in expected.items():
            if step_id.startswith("delta."):
                continue
            (_, shown, tolerance), *_ = by_id[step_id]
            assert abs(float(shown) - value) <= float(tolerance) + 1e-12, step_id


def test_moodle_question_shows_the_sheet_and_explains_error_carried_forward() -> None:
    files = bank(("moodle",), partial=None)
    _, variants = read_moodle(files["quiz-moodle.xml"])
    problem = tomllib.loads(files["variant-01.toml"])
    body = variants[0]["html"]
    x1 = problem["samples"][0]["x"][0]
    assert rf"\(x_{{1}} = {x1:g}\)" in body  # the givens, math between \( \)
    image = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', body)
    import base64
    svg = base64.b64decode(image.group(1)).decode()
    ET.fromstring(svg)  # a well-formed SVG
    assert "→" not in svg and "y_h1" not in svg  # the givens only: no new weights, no computed values
    assert all(f">{w:g}<".replace("-", "−") in svg for m in problem["network"]["weights"] for r in m for w in r)
    assert all(len(answers) == 1 for answers in variants[0]["answers"])  # no partial credit asked
    feedback = variants[0]["feedback"]
    assert "error carried forward" in feedback and "stepcalc check variant-01.toml" in feedback
    assert "say whether" not in body  # a quiz asks for numbers


def test_carried_rounding_expects_the_carried_values_and_says_so() -> None:
    files = bank(("moodle", "gift"), rounding=(("mode", "carry"), ("decimals", 2)), ask=("forward",))
    _, variants = read_moodle(files["quiz-moodle.xml"])
    problem = tomllib.loads(files["variant-01.toml"])
    x, w = problem["samples"][0]["x"], problem["network"]["weights"]
    # by hand, rounding each result to 2 decimals (half up) before going on
    r2 = lambda v: float(Decimal(repr(v)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))
    net_h1 = r2(x[0] * w[0][0][0] + x[1] * w[0][1][0])
    out_h1 = r2(1 / (1 + math.exp(-net_h1)))
    first = variants[0]["answers"]
    assert first[0][0][1:] == (Decimal(str(net_h1)).quantize(Decimal("0.01")), Decimal("0.005"))
    assert first[2][0][1] == Decimal(str(out_h1)).quantize(Decimal("0.01"))  # net h1, net h2, then y h1
    assert "The expected answers are the carried values" in variants[0]["html"]
    assert "worked from your rounded results before it" in files["quiz.gift"]


# --- GIFT: a small grammar ------------------------------------------------------------------------
GIFT_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n"}


def gift_unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in GIFT_ESCAPES:
            out.append(GIFT_ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def split_unescaped(text: str, separator: str) -> list[str]:
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    return parts + [text[start:]]


def read_gift(text: str) -> list[dict]:
    """Items of a GIFT file: comments (//), $CATEGORY lines, and questions ::title::[html]text {answers};
    blank lines separate items, a backslash escapes ~ = # { } : and \\n is a line break."""
    items, category = [], None
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if not line.startswith("//")]
        if not lines:
            continue
        if lines[0].startswith("$CATEGORY:"):
            category = lines[0].removeprefix("$CATEGORY:").strip()
            continue
        source = "\n".join(lines)
        m = re.fullmatch(r"::((?:[^:\\]|\\.)*)::(\[html\])?(.*)", source, re.S)
        assert m, source[:80]
        title, body = m.group(1), m.group(3)
        chunks = split_unescaped(body, "{")
        assert len(chunks) <= 2, "one answer block at most"
        item = {"category": category, "title": gift_unescape(title), "html": gift_unescape(chunks[0]).strip(),
                "answers": None, "feedback": None}
        if len(chunks) == 2:
            block_text, closing = chunks[1].rsplit("}", 1)
            assert closing.strip() == "" and block_text.startswith("#"), "a numerical answer block"
            answers_text, *feedback = split_unescaped(block_text[1:], "####")
            item["feedback"] = gift_unescape(feedback[0]) if feedback else None
            answers = []
            for part in split_unescaped(answers_text, "=")[1:]:
                a = re.fullmatch(r"\s*(?:%(\d+)%)?(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)\s*", part)
                assert a, part
                answers.append((Decimal(a.group(1) or 100), Decimal(a.group(2)), Decimal(a.group(3))))
            item["answers"] = answers
        for special in "{}=~#":  # none may stand unescaped in the text
            assert not re.search(r"(?<!\\)" + re.escape(special), chunks[0]), (special, chunks[0][:80])
        items.append(item)
    return items


def test_gift_bank_has_a_sheet_and_one_numerical_question_per_asked_step() -> None:
    files = bank(("gift",), ask=("deltas", "loss_after"))
    key = json.loads(files["answer-key.json"])
    items = read_gift(files["quiz.gift"])
    for number, entry in enumerate(key["variants"], start=1):
        mine = [i for i in items if i["category"] == f"$course$/top/stepcalc 2-2-1 seed 7/Variant {number:02d}"]
        sheet, *questions = mine
        assert sheet["answers"] is None and sheet["title"] == f"Variant {number:02d}, problem sheet"
        assert "data:image/svg+xml;base64," in sheet["html"]
        ids = asked_ids(entry, ("deltas", "loss_after"))
        assert [q["title"] for q in questions] == [f"Variant {number:02d}, {i}" for i in ids]
        for step_id, q in zip(ids, questions):
            shown = Decimal(plain(entry["display"][step_id]))
            assert q["answers"] == [(100, shown, half_unit(4)), (50, shown, 2 * half_unit(4))]
            assert "stepcalc check" in q["feedback"] and "error carried forward" in q["feedback"]


def test_gift_escaping_round_trips_latex_and_specials() -> None:
    tricky = "<p>\\(\\nabla_{w} E = \\frac{1}{2}\\) a:b ~ c # d = e\n\nsecond \\{x\\} \\\\</p>"
    written = gift_escape(tricky)
    assert "\n" not in written
    assert html.unescape(gift_unescape(written)) == " ".join(l for l in tricky.splitlines() if l)


def test_every_math_span_of_the_quizzes_renders_in_katex() -> None:
    files = bank(("moodle", "gift"), count=1, activation="tanh,sigmoid", biases=True)
    _, variants = read_moodle(files["quiz-moodle.xml"])
    texts = [html.unescape(variants[0]["html"])]
    texts += [html.unescape(i["html"]) for i in read_gift(files["quiz.gift"])]
    spans = [(m, False) for text in texts for m in re.findall(r"\\\((.*?)\\\)", text, re.S)]
    assert len(spans) > 60
    assert katex_errors(sorted(set(spans))) == []


# --- QTI 1.2 zip: manifest and items --------------------------------------------------------------
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def metadata(item: ET.Element) -> dict[str, str]:
    return {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in item.iter(f"{QTI}qtimetadatafield")}


def test_qti_zip_has_a_manifest_and_one_quiz_per_variant_with_the_key_values() -> None:
    files = bank(("qti",))
    key = json.loads(files["answer-key.json"])
    archive = zipfile.ZipFile(io.BytesIO(files["quiz-qti.zip"]))
    assert archive.testzip() is None
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"] * 3
    hrefs = [r.find(f"{CP}file").get("href") for r in resources]
    assert hrefs == [f"variant-{k:02d}/variant-{k:02d}.xml" for k in (1, 2, 3)]
    assert sorted(archive.namelist()) == sorted(["imsmanifest.xml"] + hrefs)
    for href, entry in zip(hrefs, key["variants"]):
        root = ET.fromstring(archive.read(href))
        items = list(root.iter(f"{QTI}item"))
        assert metadata(items[0])["question_type"] == "text_only_question"
        assert "data:image/svg+xml;base64," in items[0].findtext(f".//{QTI}mattext")
        ids = asked_ids(entry)
        assert len(items) == 1 + len(ids)
        for step_id, item in zip(ids, items[1:]):
            assert item.get("ident").endswith("-" + step_id)
            assert metadata(item)["question_type"] == "numerical_question"
            conditions = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
            assert len(conditions) == 1  # all or nothing: Canvas gives every accepted range the full mark
            c = conditions[0]
            assert c.findtext(f"{QTI}setvar") == "100"
            shown = Decimal(plain(entry["display"][step_id]))
            assert Decimal(c.findtext(f".//{QTI}varequal")) == shown
            assert Decimal(c.findtext(f".//{QTI}vargte")) == shown - half_unit(4)
            assert Decimal(c.findtext(f".//{QTI}varlte")) == shown + half_unit(4)
            assert "stepcalc check" in item.findtext(f"{QTI}itemfeedback//{QTI}mattext")


# --- the command line ------------------------------------------------------------------------------
def test_same_arguments_give_the_same_bytes(cli: CliRunner, tmp_path: Path) -> None:
    args = ("generate", "--arch", "2-2-1", "--count", "2", "--seed", "3", "--format", "md,latex,moodle,qti,gift")
    for run in ("a", "b"):
        cli(*args, "--out", str(tmp_path / run), "--partial", "50:2,25:4", check=True)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {"quiz-moodle.xml", "quiz-qti.zip", "quiz.gift", "variant-01-sheet.tex"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    _, variants = read_moodle((tmp_path / "a" / "quiz-moodle.xml").read_text(encoding="utf-8"))
    assert [a[0] for a in variants[0]["answers"][0]] == [100, 50, 25]


@pytest.mark.parametrize("extra,message", [
    (("--format", "moodle", "--ask", "forward,weights"), "--ask: expected one or more of forward, deltas"),
    (("--format", "moodle", "--partial", "33:2"), "--partial: expected PERCENT:FACTOR"),
    (("--format", "moodle", "--partial", "50"), "--partial: expected PERCENT:FACTOR"),
    (("--format", "moodle", "--partial", "50:0.5"), "FACTOR is a number above 1"),
    (("--format", "moodle", "--partial", "25:2,50:4"), "each further PERCENT:FACTOR gives less credit"),
    (("--format", "md", "--ask", "forward"), "--ask: sets the questions of a quiz; add moodle, qti, gift"),
    (("--format", "md,blackboard"), "--format: expected md, latex, moodle, qti or gift, several joined by commas"),
])
def test_bad_quiz_options_are_one_line_and_exit_2(cli: CliRunner, tmp_path: Path, extra: tuple[str, ...],
                                                  message: str) -> None:
    result = cli("generate", "--arch", "2-2-1", "--out", str(tmp_path), *extra)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_ask_keeps_the_order_of_the_work() -> None:
    assert parse_ask("loss_after, forward") == ("forward", "loss_after")


def test_committed_bank_is_fresh(cli: CliRunner, tmp_path: Path) -> None:
    """examples/generated/ is what `stepcalc generate GENERATED_ARGS` writes now (rewrite it with
    STEPCALC_REGENERATE=1 python -m pytest tests/test_lms.py)."""
    import os

    out = GENERATED if os.environ.get("STEPCALC_REGENERATE") == "1" else tmp_path
    cli(*("generate", *GENERATED_ARGS, "--out", str(out)), check=True)
    fresh = sorted(p.name for p in out.iterdir())
    assert fresh == sorted(p.name for p in GENERATED.iterdir())
    for name in fresh:
        assert (GENERATED / name).read_bytes() == (out / name).read_bytes(), f"examples/generated/{name} is stale"


@pytest.mark.parametrize("style", ["default", "delta-rule", "chain-rule", "matrix", "seed001", "seed002", "seed003"])
def test_every_notation_style_asks_every_step_once(style: str) -> None:
    files = bank(("moodle",), count=1, partial=None, notation=style, biases=True)
    key = json.loads(files["answer-key.json"])
    _, variants = read_moodle(files["quiz-moodle.xml"])
    entry = key["variants"][0]
    shown = [answers[0][1] for answers in variants[0]["answers"]]
    assert shown == [Decimal(plain(entry["display"][i])) for i in asked_ids(entry)]


def test_problem_text_is_escaped_in_every_quiz() -> None:
    from dataclasses import replace

    from stepcalc.engine.derive import derive
    from stepcalc.generate import gift, moodle, qti
    from stepcalc.generate.exercises import answer_key
    from stepcalc.generate.lms import quiz_bank
    from stepcalc.generate.variants import draw_variants
    from stepcalc.problem.validate import problem_from_toml

    title = "<script>x</script> & {1:NUMERICAL:=1:0} ~#=:"
    request = Request(spec(), 7, 1, ("moodle",))
    v = draw_variants(request.spec, 7, 1)[0]
    toml = re.sub(r'(?m)^title = .*$', "title = " + json.dumps(title), v.toml)
    problem = problem_from_toml(toml, "variant-01.toml")
    v = replace(v, toml=toml, problem=problem, derivation=derive(problem))
    quiz = quiz_bank(answer_key(request, [v]), [v], ("forward",), ())
    _, variants = read_moodle(moodle.moodle_xml(quiz))
    body = variants[0]["html"]
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert len(variants[0]["answers"]) == 7  # the title's braces are no cloze sub-question
    assert title in html.unescape(body)
    sheet = read_gift(gift.gift(quiz))[0]
    assert title in html.unescape(sheet["html"]) and "<script>" not in sheet["html"]
    archive = zipfile.ZipFile(io.BytesIO(qti.qti_zip(quiz)))
    text = ET.fromstring(archive.read("variant-01/variant-01.xml")).findtext(f".//{QTI}mattext")
    assert "<script>" not in text and title in html.unescape(text)
