# Compiled from templates/md/answer_key.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/answer_key.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_settings = resolve('settings')
    l_0_rounding = resolve('rounding')
    l_0_problems = resolve('problems')
    l_0_tables = resolve('tables')
    pass
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\nSettings: '
    yield str((undefined(name='settings') if l_0_settings is missing else l_0_settings))
    yield '. '
    yield str((undefined(name='rounding') if l_0_rounding is missing else l_0_rounding))
    yield '\n\nProblem files: '
    yield str((undefined(name='problems') if l_0_problems is missing else l_0_problems))
    yield '. Each column is one variant; each row one step of the worked solution.\n'
    for l_1_table in (undefined(name='tables') if l_0_tables is missing else l_0_tables):
        _loop_vars = {}
        pass
        yield '\n| Step | Quantity |'
        for l_2_label in environment.getattr(l_1_table, 'labels'):
            _loop_vars = {}
            pass
            yield ' '
            yield str(l_2_label)
            yield ' |'
        l_2_label = missing
        yield '\n|---|---|'
        for l_2_label in environment.getattr(l_1_table, 'labels'):
            _loop_vars = {}
            pass
            yield '---:|'
        l_2_label = missing
        yield '\n'
        for l_2_row in environment.getattr(l_1_table, 'rows'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(environment.getattr(l_2_row, 'id'))
            yield '` | $'
            yield str(environment.getattr(l_2_row, 'symbol'))
            yield '$ |'
            for l_3_value in environment.getattr(l_2_row, 'cells'):
                _loop_vars = {}
                pass
                yield ' '
                yield str(l_3_value)
                yield ' |'
            l_3_value = missing
            yield '\n'
        l_2_row = missing
    l_1_table = missing

blocks = {}
debug_info = '1=17&3=19&5=23&6=25&8=29&10=37&12=43&13=47'
