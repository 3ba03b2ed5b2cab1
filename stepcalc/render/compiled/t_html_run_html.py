# Compiled from templates/html/run.html.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html/run.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('html/_page.html.j2', 'html/run.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('html/_macros.html.j2', 'html/run.html.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_figures(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_updates = resolve('updates')
    l_0_loss_curve = resolve('loss_curve')
    pass
    for l_1_update in (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        l_1_m = resolve('m')
        _loop_vars = {}
        pass
        def t_1(fiter):
            for l_2_pass in fiter:
                if environment.getattr(l_2_pass, 'diagram'):
                    yield l_2_pass
        for l_2_pass in t_1(environment.getattr(l_1_update, 'passes')):
            _loop_vars = {}
            pass
            yield str(context.call(environment.getattr((undefined(name='m') if l_1_m is missing else l_1_m), 'glance'), environment.getattr(l_2_pass, 'diagram'), str_join((environment.getattr(l_2_pass, 'title'), ': each unit shows its net input, output and delta; each edge its weight before → after this update (new value in bold). The current step lights what it computes and outlines what its formula reads; click a unit or an edge for its steps.', )), _loop_vars=_loop_vars))
            yield '\n'
        l_2_pass = missing
        if environment.getattr(l_1_update, 'batch'):
            pass
            yield str(context.call(environment.getattr((undefined(name='m') if l_1_m is missing else l_1_m), 'glance'), environment.getattr(environment.getattr(l_1_update, 'batch'), 'diagram'), str_join((environment.getattr(environment.getattr(l_1_update, 'batch'), 'title'), ': each edge shows its weight before → after this update (new value in bold); each unit its bias, if any.', )), _loop_vars=_loop_vars))
            yield '\n'
    l_1_update = l_1_m = missing
    if (undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve):
        pass
        yield '<figure class="curve">\n'
        yield str((undefined(name='loss_curve') if l_0_loss_curve is missing else l_0_loss_curve))
        yield '\n<figcaption>Loss per epoch.</figcaption>\n</figure>\n'

def block_solution(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_intro = resolve('intro')
    l_0_m = resolve('m')
    l_0_input_symbols = resolve('input_symbols')
    l_0_target_symbols = resolve('target_symbols')
    l_0_samples = resolve('samples')
    l_0_weights = resolve('weights')
    l_0_derivation = resolve('derivation')
    l_0_updates = resolve('updates')
    l_0_full_count = resolve('full_count')
    l_0_weight_symbols = resolve('weight_symbols')
    l_0_rows = resolve('rows')
    pass
    yield '<p class="intro">'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '</p>\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), schedule=True, _block_vars=_block_vars))
    yield '\n<div class="tables">\n<table class="values">\n<thead><tr><th>Sample</th>'
    for l_1_s in (undefined(name='input_symbols') if l_0_input_symbols is missing else l_0_input_symbols):
        _loop_vars = {}
        pass
        yield '<th>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_1_s, _loop_vars=_loop_vars))
        yield '</th>'
    l_1_s = missing
    for l_1_s in (undefined(name='target_symbols') if l_0_target_symbols is missing else l_0_target_symbols):
        _loop_vars = {}
        pass
        yield '<th>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_1_s, _loop_vars=_loop_vars))
        yield '</th>'
    l_1_s = missing
    yield '</tr></thead>\n<tbody>\n'
    for l_1_s in (undefined(name='samples') if l_0_samples is missing else l_0_samples):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield str(environment.getattr(l_1_s, 'number'))
        yield '</td>'
        for l_2_v in environment.getattr(l_1_s, 'inputs'):
            _loop_vars = {}
            pass
            yield '<td>'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_2_v, _loop_vars=_loop_vars))
            yield '</td>'
        l_2_v = missing
        for l_2_v in environment.getattr(l_1_s, 'targets'):
            _loop_vars = {}
            pass
            yield '<td>'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_2_v, _loop_vars=_loop_vars))
            yield '</td>'
        l_2_v = missing
        yield '</tr>\n'
    l_1_s = missing
    yield '</tbody>\n</table>\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Parameter', (undefined(name='weights') if l_0_weights is missing else l_0_weights), _block_vars=_block_vars))
    yield '\n</div>\n'
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation), _block_vars=_block_vars))
        yield '\n'
    for l_1_update in (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        _loop_vars = {}
        pass
        for l_2_pass in environment.getattr(l_1_update, 'passes'):
            _loop_vars = {}
            pass
            yield '<section class="update">\n<h2>'
            yield str(environment.getattr(l_2_pass, 'title'))
            yield '</h2>\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(l_2_pass, 'sections'), 3, _loop_vars=_loop_vars))
            yield '\n</section>\n'
        l_2_pass = missing
        if environment.getattr(l_1_update, 'batch'):
            pass
            yield '<section class="update">\n<h2>'
            yield str(environment.getattr(environment.getattr(l_1_update, 'batch'), 'title'))
            yield '</h2>\n'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), environment.getattr(environment.getattr(l_1_update, 'batch'), 'sections'), 3, _loop_vars=_loop_vars))
            yield '\n</section>\n'
    l_1_update = missing
    yield '<section class="history">\n<h2>Loss per epoch</h2>\n'
    if (undefined(name='full_count') if l_0_full_count is missing else l_0_full_count):
        pass
        yield '<p>The first '
        yield str((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count))
        yield ' update'
        yield str(('s are' if ((undefined(name='full_count') if l_0_full_count is missing else l_0_full_count) != 1) else ' is'))
        yield ' written out above.'
        yield str((' Weights are those after the epoch.' if (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols) else ''))
        yield '</p>\n'
    elif (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        pass
        yield '<p>Weights are those after the epoch.</p>\n'
    yield '<table class="values epochs">\n<thead><tr><th>Epoch</th><th>Loss</th>'
    for l_1_s in (undefined(name='weight_symbols') if l_0_weight_symbols is missing else l_0_weight_symbols):
        _loop_vars = {}
        pass
        yield '<th>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_1_s, _loop_vars=_loop_vars))
        yield '</th>'
    l_1_s = missing
    yield '</tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield str(environment.getattr(l_1_row, 'epoch'))
        yield '</td><td>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), environment.getattr(l_1_row, 'loss'), _loop_vars=_loop_vars))
        yield '</td>'
        for l_2_v in environment.getattr(l_1_row, 'weights'):
            _loop_vars = {}
            pass
            yield '<td>'
            yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), l_2_v, _loop_vars=_loop_vars))
            yield '</td>'
        l_2_v = missing
        yield '</tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n</section>\n'

blocks = {'figures': block_figures, 'solution': block_solution}
debug_info = '1=13&2=16&3=20&4=30&5=34&6=41&8=44&9=46&12=49&14=52&19=55&20=75&21=77&24=79&26=94&27=98&31=117&33=119&34=121&36=123&37=126&39=130&40=132&43=135&45=138&46=140&52=144&53=147&54=153&58=157&60=165&61=169'
