# Compiled from templates/text/train.txt.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text/train.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_trained_epochs = resolve('trained_epochs')
    l_0_source = resolve('source')
    l_0_momentum = resolve('momentum')
    l_0_start_weights = resolve('start_weights')
    l_0_rows = resolve('rows')
    l_0_weights = resolve('weights')
    l_0_samples = resolve('samples')
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
    l_0_m = context.vars['m'] = environment.get_template('text/_macros.txt.j2', 'text/train.txt.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    yield str(('=' * t_2((undefined(name='title') if l_0_title is missing else l_0_title))))
    yield '\n\nTraining run of '
    yield str((undefined(name='trained_epochs') if l_0_trained_epochs is missing else l_0_trained_epochs))
    yield ' epochs, by stepcalc from '
    yield str((undefined(name='source') if l_0_source is missing else l_0_source))
    yield '.\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), heading=False, delta_rule=False, rounding=False, schedule=True, momentum=(undefined(name='momentum') if l_0_momentum is missing else l_0_momentum)))
    yield '\n'
    if (undefined(name='start_weights') if l_0_start_weights is missing else l_0_start_weights):
        pass
        yield 'Starting weights (drawn)\n------------------------\n'
        for l_1_row in (undefined(name='start_weights') if l_0_start_weights is missing else l_0_start_weights):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_1_row, 'symbol'))
            yield ' = '
            yield str(environment.getattr(l_1_row, 'value'))
            yield '\n'
        l_1_row = missing
        yield '\n'
    yield 'Loss per epoch\n--------------\n    epoch          loss\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield str(t_1('%9s', environment.getattr(l_1_row, 'epoch')))
        yield '  '
        yield str(t_1('%12s', environment.getattr(l_1_row, 'loss')))
        yield '\n'
    l_1_row = missing
    yield '\nWeights after epoch '
    yield str((undefined(name='trained_epochs') if l_0_trained_epochs is missing else l_0_trained_epochs))
    yield '\n'
    yield str(('-' * (20 + t_2((undefined(name='trained_epochs') if l_0_trained_epochs is missing else l_0_trained_epochs)))))
    yield '\n'
    for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
        _loop_vars = {}
        pass
        yield '  '
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield ' = '
        yield str(environment.getattr(l_1_row, 'value'))
        yield '\n'
    l_1_row = missing
    yield '\nPredictions\n-----------\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext((undefined(name='samples') if l_0_samples is missing else l_0_samples), undefined):
        l_1_predictions = resolve('predictions')
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
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 32 in 'text/train.txt.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = l_2_input_symbols = missing
        yield ' → '
        l_2_loop = missing
        for l_2_v, l_2_loop in LoopContext(environment.getitem((undefined(name='predictions') if l_1_predictions is missing else l_1_predictions), environment.getattr(l_1_loop, 'index0')), undefined):
            l_2_output_symbols = resolve('output_symbols')
            _loop_vars = {}
            pass
            yield str(environment.getitem((undefined(name='output_symbols') if l_2_output_symbols is missing else l_2_output_symbols), environment.getattr(l_2_loop, 'index0')))
            yield ' = '
            yield str(l_2_v)
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 32 in 'text/train.txt.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = l_2_output_symbols = missing
        yield ' (target '
        l_2_loop = missing
        for l_2_v, l_2_loop in LoopContext(environment.getattr(l_1_s, 'targets'), undefined):
            _loop_vars = {}
            pass
            yield str(l_2_v)
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 32 in 'text/train.txt.j2' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_v = missing
        yield ')\n'
    l_1_loop = l_1_s = l_1_predictions = missing

blocks = {}
debug_info = '1=32&2=34&3=36&5=38&7=42&8=44&11=47&12=51&19=58&20=61&23=67&24=69&25=71&26=75&31=82&32=87'
