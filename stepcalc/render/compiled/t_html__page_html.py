# Compiled from templates/html/_page.html.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html/_page.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_katex_version = resolve('katex_version')
    l_0_title = resolve('title')
    l_0_styles = resolve('styles')
    l_0_kind = resolve('kind')
    l_0_scripts = resolve('scripts')
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield str((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="stepcalc (KaTeX '
    yield str((undefined(name='katex_version') if l_0_katex_version is missing else l_0_katex_version))
    yield ')">\n<title>'
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</title>\n'
    for l_1_style in (undefined(name='styles') if l_0_styles is missing else l_0_styles):
        _loop_vars = {}
        pass
        yield '<style>\n'
        yield str(l_1_style)
        yield '\n</style>\n'
    l_1_style = missing
    yield '</head>\n<body class="'
    yield str((undefined(name='kind') if l_0_kind is missing else l_0_kind))
    yield '">\n<header class="top">\n<h1>'
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h1>\n<nav class="controls" aria-label="Step through the calculation">\n<button type="button" id="previous" title="Previous step (←)">Previous</button>\n<button type="button" id="play" aria-pressed="false" title="Play the steps one after another">Play</button>\n<button type="button" id="next" title="Next step (→)">Next</button>\n<span id="position" aria-live="polite"></span>\n</nav>\n</header>\n<main>\n<aside class="figures">\n'
    yield from context.blocks['figures'][0](context)
    yield '<div id="detail" aria-live="polite" hidden></div>\n</aside>\n<article class="solution">\n'
    yield from context.blocks['solution'][0](context)
    yield '</article>\n</main>\n'
    for l_1_script in (undefined(name='scripts') if l_0_scripts is missing else l_0_scripts):
        _loop_vars = {}
        pass
        yield '<script>'
        yield str(l_1_script)
        yield '</script>\n'
    l_1_script = missing
    yield '</body>\n</html>\n'

def block_figures(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_solution(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'figures': block_figures, 'solution': block_solution}
debug_info = '10=18&12=20&13=22&14=24&16=28&20=32&22=34&32=36&36=38&39=40&40=44&32=49&36=58'
