# Compiled from templates/md/run.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/run.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
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
    l_0_m = context.vars['m'] = environment.get_template('md/_macros.md.j2', 'md/run.md.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), schedule=True))
    yield '\n| Sample |'
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
    yield '\n'
    for l_1_s in (undefined(name='samples') if l_0_samples is missing else l_0_samples):
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
        yield '\n'
    l_1_s = missing
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Parameter', (undefined(name='weights') if l_0_weights is missing else l_0_weights)))
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    for l_1_update in (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        _loop_vars = {}
        pass
        for l_2_pass in environment.getattr(l_1_update, 'passes'):
            _loop_vars = {}
            pass
            yield '\n## '
            yield str(environment.getattr(l_2_pass, 'title'))
            yield '\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(l_2_pass, 'sections'), 3, _loop_vars=_loop_vars))
            if environment.getattr(l_2_pass, 'diagram'):
                pass
                yield '\n'
                yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), environment.getattr(l_2_pass, 'diagram'), 'Each unit shows its net input, output and delta; each edge its weight before → after this update (new value in bold).', 3, _loop_vars=_loop_vars))
        l_2_pass = missing
        if environment.getattr(l_1_update, 'batch'):
            pass
            yield '\n## '
            yield str(environment.getattr(environment.getattr(l_1_update, 'batch'), 'title'))
            yield '\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(environment.getattr(l_1_update, 'batch'), 'sections'), 3, _loop_vars=_loop_vars))
            if environment.getattr(environment.getattr(l_1_update, 'batch'), 'diagram'):
                pass
                yield '\n'
                yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), environment.getattr(environment.getattr(l_1_update, 'batch'), 'diagram'), 'Each edge shows its weight before → after this update (new value in bold); each unit its bias, if any.', 3, _loop_vars=_loop_vars))
    l_1_update = missing
    yield '\n## Loss per epoch\n'
    if (undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve):
        pass
        yield '\n'
        yield str((undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve))
        yield '\n'
    if (undefined(name='full_count') if l_0_full_count is missing else l_0_full_count):
        pass
        yield '\nThe first '
        yield str((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count))
        yield ' update'
        yield str(('s are' if ((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count) != 1) else ' is'))
        yield ' written out above.'
        yield str((' Weights are those after the epoch.' if (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols) else ''))
        yield '\n\n'
    elif (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        pass
        yield '\nWeights are those after the epoch.\n\n'
    else:
        pass
        yield '\n'
    yield '| Epoch | Loss |'
    for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        _loop_vars = {}
        pass
        yield ' $'
        yield str(l_1_s)
        yield '$ |'
    l_1_s = missing
    yield '\n|---:|---:|'
    for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        _loop_vars = {}
        pass
        yield '---:|'
    l_1_s = missing
    yield '\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_row, 'epoch'))
        yield ' | '
        yield str(environment.getattr(l_1_row, 'loss'))
        yield ' |'
        for l_2_v in environment.getattr(l_1_row, 'weights'):
            _loop_vars = {}
            pass
            yield ' '
            yield str(l_2_v)
            yield ' |'
        l_2_v = missing
        yield '\n'
    l_1_row = missing

blocks = {}
debug_info = '1=24&2=27&4=29&6=31&7=33&9=48&11=59&12=63&16=82&17=83&19=86&21=87&22=90&24=94&25=96&26=97&28=100&31=102&33=105&34=107&35=108&37=111&43=114&45=117&47=119&49=122&51=128&58=135&60=143&62=149&63=153'
