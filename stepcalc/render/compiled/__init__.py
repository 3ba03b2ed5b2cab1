"""The built-in templates compiled ahead of time (tools/compile_templates.py), so that no process
compiles them from source and nothing is unpickled from a cache; tests/test_templating.py checks
that they equal what compiling templates/ gives now."""

JINJA2_VERSION = '3.1.6'  # the compiled code calls this version's runtime
MODULES = {
    'html/_macros.html.j2': 't_html__macros_html',
    'html/_page.html.j2': 't_html__page_html',
    'html/run.html.j2': 't_html_run_html',
    'html/solution.html.j2': 't_html_solution_html',
    'latex/_macros.tex.j2': 't_latex__macros_tex',
    'latex/answer_key.tex.j2': 't_latex_answer_key_tex',
    'latex/run.tex.j2': 't_latex_run_tex',
    'latex/sheet.tex.j2': 't_latex_sheet_tex',
    'latex/solution.tex.j2': 't_latex_solution_tex',
    'latex/train.tex.j2': 't_latex_train_tex',
    'lms/sheet.html.j2': 't_lms_sheet_html',
    'md/_macros.md.j2': 't_md__macros_md',
    'md/answer_key.md.j2': 't_md_answer_key_md',
    'md/check.md.j2': 't_md_check_md',
    'md/run.md.j2': 't_md_run_md',
    'md/sheet.md.j2': 't_md_sheet_md',
    'md/solution.md.j2': 't_md_solution_md',
    'md/train.md.j2': 't_md_train_md',
    'text/_macros.txt.j2': 't_text__macros_txt',
    'text/check.txt.j2': 't_text_check_txt',
    'text/run.txt.j2': 't_text_run_txt',
    'text/solution.txt.j2': 't_text_solution_txt',
    'text/train.txt.j2': 't_text_train_txt',
}
