# Compiled from templates/md/train.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/train.md.j2'

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
    l_0_loss_curve = resolve('loss_curve')
    l_0_rows = resolve('rows')
    l_0_weights = resolve('weights')
    l_0_input_symbols = resolve('input_symbols')
    l_0_target_symbols = resolve('target_symbols')
    l_0_output_symbols = resolve('output_symbols')
    l_0_samples = resolve('samples')
    l_0_m = missing
    pass
    l_0_m = context.vars['m'] = environment.get_template('md/_macros.md.j2', 'md/train.md.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\nTraining run of '
    yield str((undefined(name='trained_epochs') if l_0_trained_epochs is missing else l_0_trained_epochs))
    yield ' epochs, by stepcalc from '
    yield str((undefined(name='source') if l_0_source is missing else l_0_source))
    yield '.\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), heading=False, delta_rule=False, rounding=False, schedule=True, momentum=(undefined(name='momentum') if l_0_momentum is missing else l_0_momentum)))
    yield '\n## Loss per epoch\n'
    if (undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve):
        pass
        yield '\n'
        yield str((undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve))
        yield '\n'
    yield '\n| Epoch | Loss |\n|---:|---:|\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_row, 'epoch'))
        yield ' | '
        yield str(environment.getattr(l_1_row, 'loss'))
        yield ' |\n'
    l_1_row = missing
    yield '\n## Weights after epoch '
    yield str((undefined(name='trained_epochs') if l_0_trained_epochs is missing else l_0_trained_epochs))
    yield '\n\n| Parameter | Value |\n|---|---:|\n'
    for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
        _loop_vars = {}
        pass
        yield '| $'
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield '$ | '
        yield str(environment.getattr(l_1_row, 'value'))
        yield ' |\n'
    l_1_row = missing
    yield '\n## Predictions\n\n| Sample |'
    for l_1_s in (undefined(name='input_symbols') if l_0_input_symbols is missing else l_0_input_symbols):
        _loop_vars = {}
        pass
        yield ' $'
        yield str(l_1_s)
        yield '$ |'
    l_1_s = missing
    for l_1_s in (undefined(name='target_symbols') if l_0_target_symbols is missing else l_0_target_symbols):
        _loop_vars = {}
        pass
        yield ' $'
        yield str(l_1_s)
        yield '$ |'
    l_1_s = missing
    for l_1_s in (undefined(name='output_symbols') if l_0_output_symbols is missing else l_0_output_symbols):
        _loop_vars = {}
        pass
        yield ' $'
        yield str(l_1_s)
        yield '$ |'
    l_1_s = missing
    yield '\n|---|'
    for l_1_s in (undefined(name='input_symbols') if l_0_input_symbols is missing else l_0_input_symbols):
        _loop_vars = {}
        pass
        yield '---|'
    l_1_s = missing
    for l_1_s in (undefined(name='target_symbols') if l_0_target_symbols is missing else l_0_target_symbols):
        _loop_vars = {}
        pass
        yield '---|'
    l_1_s = missing
    for l_1_s in (undefined(name='output_symbols') if l_0_output_symbols is missing else l_0_output_symbols):
        _loop_vars = {}
        pass
        yield '---:|'
    l_1_s = missing
    yield '\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext((undefined(name='samples') if l_0_samples is missing else l_0_samples), undefined):
        l_1_predictions = resolve('predictions')
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_s, 'number'))
        yield ' |'
        for l_2_v in environment.getattr(l_1_s, 'inputs'):
            _loop_vars = {}
            pass
            yield ' '
            yield str(l_2_v)
            yield ' |'
        l_2_v = missing
        for l_2_v in environment.getattr(l_1_s, 'targets'):
            _loop_vars = {}
            pass
            yield ' '
            yield str(l_2_v)
            yield ' |'
        l_2_v = missing
        for l_2_v in environment.getitem((undefined(name='predictions') if l_1_predictions is missing else l_1_predictions), environment.getattr(l_1_loop, 'index0')):
            _loop_vars = {}
            pass
            yield ' '
            yield str(l_2_v)
            yield ' |'
        l_2_v = missing
        yield '\n'
    l_1_loop = l_1_s = l_1_predictions = missing

blocks = {}
debug_info = '1=23&2=26&4=28&6=32&8=34&10=37&15=40&16=44&19=50&23=52&24=56&29=62&31=84&33=101&34=106'
