"""A quiz bank as a Canvas-importable QTI 1.2 zip: a manifest and one assessment per variant, which
Canvas imports as a quiz of its own: the problem sheet as a text-only item, then one numerical item
per asked step, accepted within the tolerance.

Canvas's numerical questions are all or nothing (its importer gives every accepted range the full
mark), so partial credit is not written here: a 50 % range would earn 100 %.
The zip's entries have a fixed date and order, so the same bank gives the same bytes.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from stepcalc.generate.lms import Bank, Question, QuizVariant

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold; no clock in the output
QTI_NS = ('xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 '
          'http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"')
MANIFEST_NS = ('xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 '
               'http://www.imsglobal.org/xsd/imscp_v1p1.xsd"')


def _ident(bank: Bank, *parts: str) -> str:
    return "-".join(("stepcalc", bank.arch, f"seed{bank.seed}") + parts)


def _metadata(fields: list[tuple[str, str]], indent: str) -> list[str]:
    lines = [f"{indent}<qtimetadata>"]
    for label, entry in fields:
        lines += [f"{indent}  <qtimetadatafield>", f"{indent}    <fieldlabel>{label}</fieldlabel>",
                  f"{indent}    <fieldentry>{escape(entry)}</fieldentry>", f"{indent}  </qtimetadatafield>"]
    return lines + [f"{indent}</qtimetadata>"]


def _material(html: str, indent: str) -> list[str]:
    return [f"{indent}<material>", f'{indent}  <mattext texttype="text/html">{escape(html)}</mattext>',
            f"{indent}</material>"]


def _sheet_item(bank: Bank, v: QuizVariant) -> list[str]:
    return ([f"      <item ident={quoteattr(_ident(bank, v.name, 'sheet'))} title={quoteattr(v.title + ': problem sheet')}>",
             "        <itemmetadata>"]
            + _metadata([("question_type", "text_only_question"), ("points_possible", "0")], "          ")
            + ["        </itemmetadata>", "        <presentation>"]
            + _material(v.html(), "          ")
            + ["        </presentation>", "      </item>"])


def _numerical_item(bank: Bank, v: QuizVariant, q: Question) -> list[str]:
    full = q.answers[0]
    low, high = full.bounds
    text = v.asking(q, "at the start of the quiz")
    return ([f"      <item ident={quoteattr(_ident(bank, v.name, q.step_id))} title={quoteattr(f'{v.title}: {q.step_id}')}>",
             "        <itemmetadata>"]
            + _metadata([("question_type", "numerical_question"), ("points_possible", "1")], "          ")
            + ["        </itemmetadata>", "        <presentation>"]
            + _material(text, "          ")
            + ['          <response_str ident="response1" rcardinality="Single">',
               '            <render_fib fibtype="Decimal">',
               '              <response_label ident="answer1"/>',
               "            </render_fib>",
               "          </response_str>",
               "        </presentation>",
               "        <resprocessing>",
               "          <outcomes>",
               '            <decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/>',
               "          </outcomes>",
               '          <respcondition continue="Yes">',
               "            <conditionvar>",
               "              <other/>",
               "            </conditionvar>",
               '            <displayfeedback feedbacktype="Response" linkrefid="general_fb"/>',
               "          </respcondition>",
               '          <respcondition continue="No">',
               "            <conditionvar>",
               "              <or>",
               f'                <varequal respident="response1">{full.value}</varequal>',
               "                <and>",
               f'                  <vargte respident="response1">{low}</vargte>',
               f'                  <varlte respident="response1">{high}</varlte>',
               "                </and>",
               "              </or>",
               "            </conditionvar>",
               '            <setvar action="Set" varname="SCORE">100</setvar>',
               "          </respcondition>",
               "        </resprocessing>",
               '        <itemfeedback ident="general_fb">',
               "          <flow_mat>"]
            + _material(v.feedback, "            ")
            + ["          </flow_mat>", "        </itemfeedback>", "      </item>"])


def assessment_xml(bank: Bank, v: QuizVariant) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<questestinterop {QTI_NS}>",
             f"  <assessment ident={quoteattr(_ident(bank, v.name))} title={quoteattr(f'{bank.name}: {v.title}')}>"]
    lines += _metadata([("cc_maxattempts", "1")], "    ")
    lines.append('    <section ident="root_section">')
    lines += _sheet_item(bank, v)
    for q in v.questions:
        lines += _numerical_item(bank, v, q)
    lines += ["    </section>", "  </assessment>", "</questestinterop>"]
    return "\n".join(lines) + "\n"


def manifest_xml(bank: Bank) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f"<manifest identifier={quoteattr(_ident(bank, 'manifest'))} {MANIFEST_NS}>",
             "  <metadata>", "    <schema>IMS Content</schema>", "    <schemaversion>1.1.3</schemaversion>",
             "  </metadata>", "  <organizations/>", "  <resources>"]
    for v in bank.variants:
        lines += [f'    <resource identifier={quoteattr(_ident(bank, v.name))} type="imsqti_xmlv1p2">',
                  f"      <file href={quoteattr(f'{v.name}/{v.name}.xml')}/>", "    </resource>"]
    lines += ["  </resources>", "</manifest>"]
    return "\n".join(lines) + "\n"


def qti_zip(bank: Bank) -> bytes:
    entries = {"imsmanifest.xml": manifest_xml(bank)}
    for v in bank.variants:
        entries[f"{v.name}/{v.name}.xml"] = assessment_xml(bank, v)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
