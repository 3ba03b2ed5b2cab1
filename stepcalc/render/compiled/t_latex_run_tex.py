# Compiled from templates/latex/run.tex.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'latex/run.tex.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_fragment = resolve('fragment')
    l_0_title = resolve('title')
    l_0_intro = resolve('intro')
    l_0_input_symbols = resolve('input_symbols')
    l_0_target_symbols = resolve('target_symbols')
    l_0_samples = resolve('samples')
    l_0_weights = resolve('weights')
    l_0_derivation = resolve('derivation')
    l_0_updates = resolve('updates')
    l_0_loss_curve = resolve('loss_curve')
    l_0_full_count = resolve('full_count')
    l_0_weight_symbols = resolve('weight_symbols')
    l_0_rows = resolve('rows')
    l_0_m = missing
    pass
    l_0_m = context.vars['m'] = environment.get_template('latex/_macros.tex.j2', 'latex/run.tex.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    if (not (undefined(name='fragment') if l_0_fragment is missing else l_0_fragment)):
        pass
        yield '\\documentclass[11pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=1.8cm]{geometry}\n\\usepackage{tikz}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n\\usepackage{booktabs,longtable,graphicx}\n\\allowdisplaybreaks\n\\begin{document}\n'
    yield '\\section*{'
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '}\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), schedule=True))
    yield '\n\\begin{center}\n\\begin{tabular}{l'
    for l_1_s in (undefined(name='input_symbols') if l_0_input_symbols is missing else l_0_input_symbols):
        _loop_vars = {}
        pass
        yield 'r'
    l_1_s = missing
    for l_1_s in (undefined(name='target_symbols') if l_0_target_symbols is missing else l_0_target_symbols):
        _loop_vars = {}
        pass
        yield 'r'
    l_1_s = missing
    yield '}\n\\toprule\nSample'
    for l_1_s in (undefined(name='input_symbols') if l_0_input_symbols is missing else l_0_input_symbols):
        _loop_vars = {}
        pass
        yield ' & $'
        yield str(l_1_s)
        yield '$'
    l_1_s = missing
    for l_1_s in (undefined(name='target_symbols') if l_0_target_symbols is missing else l_0_target_symbols):
        _loop_vars = {}
        pass
        yield ' & $'
        yield str(l_1_s)
        yield '$'
    l_1_s = missing
    yield ' \\\\\n\\midrule\n'
    for l_1_s in (undefined(name='samples') if l_0_samples is missing else l_0_samples):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_s, 'number'))
        for l_2_v in environment.getattr(l_1_s, 'inputs'):
            _loop_vars = {}
            pass
            yield ' & $'
            yield str(l_2_v)
            yield '$'
        l_2_v = missing
        for l_2_v in environment.getattr(l_1_s, 'targets'):
            _loop_vars = {}
            pass
            yield ' & $'
            yield str(l_2_v)
            yield '$'
        l_2_v = missing
        yield ' \\\\\n'
    l_1_s = missing
    yield '\\bottomrule\n\\end{tabular}\n\\end{center}\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'parameter_table'), (undefined(name='weights') if l_0_weights is missing else l_0_weights), ['Parameter', 'Value'], ['symbol', 'value'], 'll', 4))
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    for l_1_update in (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        _loop_vars = {}
        pass
        for l_2_part in (environment.getattr(l_1_update, 'passes') + ([environment.getattr(l_1_update, 'batch')] if environment.getattr(l_1_update, 'batch') else [])):
            _loop_vars = {}
            pass
            yield '\n\\subsection*{'
            yield str(environment.getattr(l_2_part, 'title'))
            yield '}\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(l_2_part, 'sections'), 'subsubsection', _loop_vars=_loop_vars))
            if environment.getattr(l_2_part, 'diagram'):
                pass
                yield '\n'
                yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), environment.getattr(l_2_part, 'diagram'), 'Each edge shows its weight before $\\to$ after this update (new value in bold).', 'subsubsection', _loop_vars=_loop_vars))
        l_2_part = missing
    l_1_update = missing
    yield '\n\\subsection*{Loss per epoch}\n'
    if (undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve):
        pass
        yield '\\begin{center}\n'
        yield str((undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve))
        yield '\\end{center}\n'
    if (undefined(name='full_count') if l_0_full_count is missing else l_0_full_count):
        pass
        yield 'The first '
        yield str((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count))
        yield ' update'
        yield str(('s are' if ((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count) != 1) else ' is'))
        yield ' written out above.\n'
    if (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        pass
        yield 'Weights are those after the epoch.\n\n\\begin{center}\n\\resizebox{\\linewidth}{!}{\\begin{tabular}{rr'
        for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
            _loop_vars = {}
            pass
            yield 'r'
        l_1_s = missing
        yield '}\n\\toprule\nEpoch & Loss'
        for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
            _loop_vars = {}
            pass
            yield ' & $'
            yield str(l_1_s)
            yield '$'
        l_1_s = missing
        yield ' \\\\\n\\midrule\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_row, 'epoch'))
            yield ' & $'
            yield str(environment.getattr(l_1_row, 'loss'))
            yield '$'
            for l_2_v in environment.getattr(l_1_row, 'weights'):
                _loop_vars = {}
                pass
                yield ' & $'
                yield str(l_2_v)
                yield '$'
            l_2_v = missing
            yield ' \\\\\n'
        l_1_row = missing
        yield '\\bottomrule\n\\end{tabular}}\n\\end{center}\n'
    else:
        pass
        yield '\n\\begin{longtable}{rr}\n\\toprule\nEpoch & Loss \\\\\n\\midrule\n\\endhead\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_row, 'epoch'))
            yield ' & $'
            yield str(environment.getattr(l_1_row, 'loss'))
            yield '$ \\\\\n'
        l_1_row = missing
        yield '\\bottomrule\n\\end{longtable}\n'
    if (not (undefined(name='fragment') if l_0_fragment is missing else l_0_fragment)):
        pass
        yield '\\end{document}\n'

blocks = {}
debug_info = '1=25&2=27&15=31&17=33&19=35&21=37&23=48&25=63&26=66&32=84&33=85&35=88&37=89&38=92&40=96&41=98&42=99&44=102&50=106&52=109&55=111&56=114&58=118&62=121&64=127&66=135&67=138&79=155&80=158&85=164'
