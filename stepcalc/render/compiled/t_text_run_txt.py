# Compiled from templates/text/run.txt.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text/run.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_intro = resolve('intro')
    l_0_samples = resolve('samples')
    l_0_weights = resolve('weights')
    l_0_derivation = resolve('derivation')
    l_0_updates = resolve('updates')
    l_0_full_count = resolve('full_count')
    l_0_weight_symbols = resolve('weight_symbols')
    l_0_rows = resolve('rows')
    l_0_m = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('text/_macros.txt.j2', 'text/run.txt.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    yield str(('=' * t_2((undefined(name='title') if l_0_title is missing else l_0_title))))
    yield '\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), schedule=True))
    yield '\nSamples:\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext((undefined(name='samples') if l_0_samples is missing else l_0_samples), undefined):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getattr(l_1_s, 'number'))
        yield ': '
        l_2_loop = missing
        for l_2_v, l_2_loop in LoopContext(environment.getattr(l_1_s, 'inputs'), undefined):
            l_2_input_symbols = resolve('input_symbols')
            _loop_vars = {}
            pass
            yield str(environment.getitem((undefined(name='input_symbols') if l_2_input_symbols is missing else l_2_input_symbols), environment.getattr(l_2_loop, 'index0')))
            yield ' = '
            yield str(l_2_v)
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 10 in 'text/run.txt.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = l_2_input_symbols = missing
        yield '; '
        l_2_loop = missing
        for l_2_v, l_2_loop in LoopContext(environment.getattr(l_1_s, 'targets'), undefined):
            l_2_target_symbols = resolve('target_symbols')
            _loop_vars = {}
            pass
            yield str(environment.getitem((undefined(name='target_symbols') if l_2_target_symbols is missing else l_2_target_symbols), environment.getattr(l_2_loop, 'index0')))
            yield ' = '
            yield str(l_2_v)
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 10 in 'text/run.txt.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = l_2_target_symbols = missing
        yield '\n'
    l_1_loop = l_1_s = missing
    yield '\nParameters:\n'
    for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield ' = '
        yield str(environment.getattr(l_1_row, 'value'))
        yield '\n'
    l_1_row = missing
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield '\n\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    for l_1_update in (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        _loop_vars = {}
        pass
        for l_2_part in (environment.getattr(l_1_update, 'passes') + ([environment.getattr(l_1_update, 'batch')] if environment.getattr(l_1_update, 'batch') else [])):
            _loop_vars = {}
            pass
            yield '\n\n'
            yield str(environment.getattr(l_2_part, 'title'))
            yield '\n'
            yield str(('=' * t_2(environment.getattr(l_2_part, 'title'))))
            yield '\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(l_2_part, 'sections'), _loop_vars=_loop_vars))
        l_2_part = missing
    l_1_update = missing
    yield '\n\nLoss per epoch\n--------------\n'
    if (undefined(name='full_count') if l_0_full_count is missing else l_0_full_count):
        pass
        yield '(The first '
        yield str((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count))
        yield ' update'
        yield str(('s are' if ((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count) != 1) else ' is'))
        yield ' written out above.)\n'
    if (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        pass
        yield 'Weights are those after the epoch.\n'
    yield '    epoch          loss'
    for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        _loop_vars = {}
        pass
        yield '  '
        yield str(t_1('%12s', l_1_s))
    l_1_s = missing
    yield '\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield str(t_1('%9s', environment.getattr(l_1_row, 'epoch')))
        yield '  '
        yield str(t_1('%12s', environment.getattr(l_1_row, 'loss')))
        for l_2_v in environment.getattr(l_1_row, 'weights'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(t_1('%12s', l_2_v))
        l_2_v = missing
        yield '\n'
    l_1_row = missing

blocks = {}
debug_info = '1=33&2=35&3=37&5=39&7=41&9=44&10=48&15=74&16=78&18=83&21=86&23=87&24=90&27=94&28=96&29=98&36=102&37=105&39=109&42=113&44=120&45=123'
