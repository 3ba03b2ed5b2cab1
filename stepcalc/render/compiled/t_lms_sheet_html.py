# Compiled from templates/lms/sheet.html.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'lms/sheet.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_label = resolve('label')
    l_0_architecture = resolve('architecture')
    l_0_activations = resolve('activations')
    l_0_loss_formula = resolve('loss_formula')
    l_0_learning_rate_symbol = resolve('learning_rate_symbol')
    l_0_learning_rate = resolve('learning_rate')
    l_0_convention_name = resolve('convention_name')
    l_0_convention = resolve('convention')
    l_0_givens = resolve('givens')
    l_0_diagram = resolve('diagram')
    l_0_diagram_alt = resolve('diagram_alt')
    l_0_rounding_note = resolve('rounding_note')
    l_0_carry_note = resolve('carry_note')
    l_0_sections = resolve('sections')
    pass
    yield '<h3>'
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h3>\n<p>Problem sheet ('
    yield str((undefined(name='label') if l_0_label is missing else l_0_label))
    yield '): do one step of backpropagation on this network by hand.</p>\n<ul>\n<li>Network '
    yield str((undefined(name='architecture') if l_0_architecture is missing else l_0_architecture))
    yield '; activations: '
    yield str((undefined(name='activations') if l_0_activations is missing else l_0_activations))
    yield '</li>\n<li>Loss: \\('
    yield str((undefined(name='loss_formula') if l_0_loss_formula is missing else l_0_loss_formula))
    yield '\\)</li>\n<li>Learning rate: \\('
    yield str((undefined(name='learning_rate_symbol') if l_0_learning_rate_symbol is missing else l_0_learning_rate_symbol))
    yield ' = '
    yield str((undefined(name='learning_rate') if l_0_learning_rate is missing else l_0_learning_rate))
    yield '\\)</li>\n<li>Delta rule ('
    yield str((undefined(name='convention_name') if l_0_convention_name is missing else l_0_convention_name))
    yield ' convention): \\('
    yield str((undefined(name='convention') if l_0_convention is missing else l_0_convention))
    yield '\\)</li>\n</ul>\n'
    l_1_loop = missing
    for l_1_group, l_1_loop in LoopContext((undefined(name='givens') if l_0_givens is missing else l_0_givens), undefined):
        _loop_vars = {}
        pass
        yield '<p>'
        yield str(environment.getattr(l_1_group, 'title'))
        yield ': '
        l_2_loop = missing
        for l_2_v, l_2_loop in LoopContext(environment.getattr(l_1_group, 'entries'), undefined):
            _loop_vars = {}
            pass
            yield '\\('
            yield str(environment.getattr(l_2_v, 'symbol'))
            yield ' = '
            yield str(environment.getattr(l_2_v, 'value'))
            yield '\\)'
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 15 in 'lms/sheet.html.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = missing
        yield '</p>\n'
    l_1_loop = l_1_group = missing
    yield '<p><img src="'
    yield str((undefined(name='diagram') if l_0_diagram is missing else l_0_diagram))
    yield '" alt="'
    yield str((undefined(name='diagram_alt') if l_0_diagram_alt is missing else l_0_diagram_alt))
    yield '"></p>\n<p>'
    yield str((undefined(name='rounding_note') if l_0_rounding_note is missing else l_0_rounding_note))
    if (undefined(name='carry_note') if l_0_carry_note is missing else l_0_carry_note):
        pass
        yield ' '
        yield str((undefined(name='carry_note') if l_0_carry_note is missing else l_0_carry_note))
    yield '</p>\n'
    l_1_loop = missing
    for l_1_section, l_1_loop in LoopContext((undefined(name='sections') if l_0_sections is missing else l_0_sections), undefined):
        _loop_vars = {}
        pass
        yield '<p>'
        yield str(environment.getattr(l_1_loop, 'index'))
        yield '. '
        yield str(environment.getattr(l_1_section, 'text'))
        yield ':</p>\n'
        for l_2_group in environment.getattr(l_1_section, 'groups'):
            _loop_vars = {}
            pass
            if environment.getattr(l_2_group, 'title'):
                pass
                yield '<p>'
                yield str(environment.getattr(l_2_group, 'title'))
                yield '</p>\n'
            yield '<ul>\n'
            for l_3_q in environment.getattr(l_2_group, 'questions'):
                _loop_vars = {}
                pass
                yield '<li>\\('
                yield str(environment.getattr(l_3_q, 'symbol'))
                yield '\\) = '
                yield str(environment.getattr(l_3_q, 'blank'))
                yield '</li>\n'
            l_3_q = missing
            yield '</ul>\n'
        l_2_group = missing
    l_1_loop = l_1_section = missing

blocks = {}
debug_info = '6=27&7=29&9=31&10=35&11=37&12=41&14=46&15=50&17=66&18=70&19=77&20=81&21=85&22=88&23=91&26=94&27=98'
