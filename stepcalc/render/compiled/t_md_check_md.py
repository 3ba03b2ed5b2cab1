# Compiled from templates/md/check.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/check.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_claims_source = resolve('claims_source')
    l_0_problem_source = resolve('problem_source')
    l_0_rows = resolve('rows')
    l_0_total = resolve('total')
    l_0_counts = resolve('counts')
    pass
    yield '# Check of '
    yield str((undefined(name='claims_source') if l_0_claims_source is missing else l_0_claims_source))
    yield ' against '
    yield str((undefined(name='problem_source') if l_0_problem_source is missing else l_0_problem_source))
    yield '\n\n| Step | Claimed | Correct | Verdict | Explanation |\n|---|--:|--:|---|---|\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield ' ('
        yield str(environment.getattr(l_1_row, 'id'))
        yield ') | '
        yield str(environment.getattr(l_1_row, 'claimed'))
        yield ' | '
        yield str(environment.getattr(l_1_row, 'correct'))
        yield ' | **'
        yield str(environment.getattr(l_1_row, 'verdict'))
        yield '**'
        if environment.getattr(l_1_row, 'diagnosis'):
            pass
            yield ' ('
            yield str(environment.getattr(l_1_row, 'diagnosis'))
            yield ')'
        yield ' | '
        yield str(environment.getattr(l_1_row, 'explanation'))
        yield ' |\n'
    l_1_row = missing
    yield '\n'
    yield str((undefined(name='total') if l_0_total is missing else l_0_total))
    yield ' claim'
    yield str(('s' if ((undefined(name='total') if l_0_total is missing else l_0_total) != 1) else cond_expr_undefined("the inline if-expression on line 9 in 'md/check.md.j2' evaluated to false and no else section was defined.")))
    yield ': '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'correct'))
    yield ' correct, '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'carried'))
    yield ' carried forward, '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'wrong'))
    yield ' wrong.\n'

blocks = {}
debug_info = '1=17&5=21&6=25&9=45'
