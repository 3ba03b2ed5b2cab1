# Compiled from templates/md/sheet.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/sheet.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_label = resolve('label')
    l_0_task = resolve('task')
    l_0_inputs = resolve('inputs')
    l_0_targets = resolve('targets')
    l_0_parameters = resolve('parameters')
    l_0_diagram = resolve('diagram')
    l_0_rounding_note = resolve('rounding_note')
    l_0_questions = resolve('questions')
    l_0_m = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('md/_macros.md.j2', 'md/sheet.md.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\nProblem sheet ('
    yield str((undefined(name='label') if l_0_label is missing else l_0_label))
    yield '): do '
    yield str((undefined(name='task') if l_0_task is missing else l_0_task))
    yield ' on this network by hand.\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), rounding=False, init=False))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Input', (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs)))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Target', (undefined(name='targets') if l_0_targets is missing else l_0_targets)))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Parameter', (undefined(name='parameters') if l_0_parameters is missing else l_0_parameters)))
    yield '\n## The network\n\nEach input shows its value, each output unit its target, each edge its weight.\n\n'
    yield str((undefined(name='diagram') if l_0_diagram is missing else l_0_diagram))
    yield '\n\n## Questions\n\n'
    yield str((undefined(name='rounding_note') if l_0_rounding_note is missing else l_0_rounding_note))
    yield '\n\n'
    l_1_loop = missing
    for l_1_q, l_1_loop in LoopContext((undefined(name='questions') if l_0_questions is missing else l_0_questions), undefined):
        _loop_vars = {}
        pass
        if (t_1(environment.getattr(l_1_q, 'groups')) == 1):
            pass
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield str(environment.getattr(l_1_q, 'text'))
            yield ': '
            l_2_loop = missing
            for l_2_s, l_2_loop in LoopContext(environment.getattr(environment.getitem(environment.getattr(l_1_q, 'groups'), 0), 'symbols'), undefined):
                _loop_vars = {}
                pass
                yield '$'
                yield str(l_2_s)
                yield '$'
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 22 in 'md/sheet.md.j2' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_s = missing
            yield '.\n'
        else:
            pass
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield str(environment.getattr(l_1_q, 'text'))
            yield ':\n'
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(l_1_q, 'groups'), undefined):
                _loop_vars = {}
                pass
                yield '   - '
                yield str(environment.getattr(l_2_g, 'title'))
                yield ': '
                l_3_loop = missing
                for l_3_s, l_3_loop in LoopContext(environment.getattr(l_2_g, 'symbols'), undefined):
                    _loop_vars = {}
                    pass
                    yield '$'
                    yield str(l_3_s)
                    yield '$'
                    yield str((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 26 in 'md/sheet.md.j2' evaluated to false and no else section was defined.")))
                l_3_loop = l_3_s = missing
                yield '\n'
            l_2_loop = l_2_g = missing
    l_1_loop = l_1_q = missing

blocks = {}
debug_info = '1=27&2=30&4=32&6=36&7=38&8=40&9=42&14=44&18=46&20=49&21=52&22=54&24=70&25=75&26=79'
