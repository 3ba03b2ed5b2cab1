# Compiled from templates/text/check.txt.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text/check.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_claims_source = resolve('claims_source')
    l_0_problem_source = resolve('problem_source')
    l_0_namespace = resolve('namespace')
    l_0_rows = resolve('rows')
    l_0_width = resolve('width')
    l_0_total = resolve('total')
    l_0_counts = resolve('counts')
    l_0_ws = l_0_indent = l_0_room = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['max']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'max' found.")
    try:
        t_3 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    yield 'Check of '
    yield str((undefined(name='claims_source') if l_0_claims_source is missing else l_0_claims_source))
    yield ' against '
    yield str((undefined(name='problem_source') if l_0_problem_source is missing else l_0_problem_source))
    yield '\n'
    yield str(('=' * ((t_1((undefined(name='claims_source') if l_0_claims_source is missing else l_0_claims_source)) + t_1((undefined(name='problem_source') if l_0_problem_source is missing else l_0_problem_source))) + 17)))
    yield '\n\n'
    l_0_ws = context.call((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace), step=4, claimed=7, correct=7, verdict=7)
    context.vars['ws'] = l_0_ws
    context.exported_vars.add('ws')
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        if not isinstance(l_0_ws, Namespace):
            raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
        l_0_ws['step'] = t_2(environment, [environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'step'), t_1(str_join((environment.getattr(l_1_row, 'symbol'), ' (', environment.getattr(l_1_row, 'id'), ')', )))])
        if not isinstance(l_0_ws, Namespace):
            raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
        l_0_ws['claimed'] = t_2(environment, [environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'claimed'), t_1(environment.getattr(l_1_row, 'claimed'))])
        if not isinstance(l_0_ws, Namespace):
            raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
        l_0_ws['correct'] = t_2(environment, [environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'correct'), t_1(environment.getattr(l_1_row, 'correct'))])
        if not isinstance(l_0_ws, Namespace):
            raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
        l_0_ws['verdict'] = t_2(environment, [environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'verdict'), t_1(str_join((environment.getattr(l_1_row, 'verdict'), (str_join((' (', environment.getattr(l_1_row, 'diagnosis'), ')', )) if environment.getattr(l_1_row, 'diagnosis') else ''), )))])
    l_1_row = missing
    l_0_indent = ((((environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'step') + environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'claimed')) + environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'correct')) + environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'verdict')) + 8)
    context.vars['indent'] = l_0_indent
    context.exported_vars.add('indent')
    l_0_room = t_2(environment, [((undefined(name='width') if l_0_width is missing else l_0_width) - (undefined(name='indent') if l_0_indent is missing else l_0_indent)), 30])
    context.vars['room'] = l_0_room
    context.exported_vars.add('room')
    yield str(context.call(environment.getattr('Step', 'ljust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'step')))
    yield '  '
    yield str(context.call(environment.getattr('Claimed', 'rjust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'claimed')))
    yield '  '
    yield str(context.call(environment.getattr('Correct', 'rjust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'correct')))
    yield '  '
    yield str(context.call(environment.getattr('Verdict', 'ljust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'verdict')))
    yield '  Explanation\n'
    yield str(('-' * environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'step')))
    yield '  '
    yield str(('-' * environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'claimed')))
    yield '  '
    yield str(('-' * environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'correct')))
    yield '  '
    yield str(('-' * environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'verdict')))
    yield '  -----------\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield str(context.call(environment.getattr(str_join((environment.getattr(l_1_row, 'symbol'), ' (', environment.getattr(l_1_row, 'id'), ')', )), 'ljust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'step'), _loop_vars=_loop_vars))
        yield '  '
        yield str(context.call(environment.getattr(environment.getattr(l_1_row, 'claimed'), 'rjust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'claimed'), _loop_vars=_loop_vars))
        yield '  '
        yield str(context.call(environment.getattr(environment.getattr(l_1_row, 'correct'), 'rjust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'correct'), _loop_vars=_loop_vars))
        yield '  '
        yield str(context.call(environment.getattr(str_join((environment.getattr(l_1_row, 'verdict'), (str_join((' (', environment.getattr(l_1_row, 'diagnosis'), ')', )) if environment.getattr(l_1_row, 'diagnosis') else ''), )), 'ljust'), environment.getattr((undefined(name='ws') if l_0_ws is missing else l_0_ws), 'verdict'), _loop_vars=_loop_vars))
        yield '  '
        yield str(t_3(environment.getattr(l_1_row, 'explanation'), (undefined(name='room') if l_0_room is missing else l_0_room), (undefined(name='indent') if l_0_indent is missing else l_0_indent)))
        yield '\n'
    l_1_row = missing
    yield '\n'
    yield str((undefined(name='total') if l_0_total is missing else l_0_total))
    yield ' claim'
    yield str(('s' if ((undefined(name='total') if l_0_total is missing else l_0_total) != 1) else cond_expr_undefined("the inline if-expression on line 19 in 'text/check.txt.j2' evaluated to false and no else section was defined.")))
    yield ': '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'correct'))
    yield ' correct, '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'carried'))
    yield ' carried forward, '
    yield str(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'wrong'))
    yield ' wrong.\n'

blocks = {}
debug_info = '1=38&2=42&4=44&5=47&6=52&7=55&8=58&9=61&11=63&12=66&13=69&14=77&15=85&16=88&19=100'
