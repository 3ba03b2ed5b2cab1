# Compiled from templates/html/solution.html.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html/solution.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('html/_page.html.j2', 'html/solution.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('html/_macros.html.j2', 'html/solution.html.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_figures(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_m = resolve('m')
    l_0_diagram = resolve('diagram')
    pass
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), (undefined(name='diagram') if l_0_diagram is missing else l_0_diagram), 'Each unit shows its net input, output and delta; each edge its weight before → after the update (new value in bold). The current step lights what it computes and outlines what its formula reads; click a unit or an edge for its steps.', _block_vars=_block_vars))
    yield '\n'

def block_solution(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_intro = resolve('intro')
    l_0_m = resolve('m')
    l_0_inputs = resolve('inputs')
    l_0_targets = resolve('targets')
    l_0_weights = resolve('weights')
    l_0_derivation = resolve('derivation')
    l_0_sections = resolve('sections')
    l_0_loss_symbol = resolve('loss_symbol')
    l_0_loss_before = resolve('loss_before')
    l_0_loss_after_symbol = resolve('loss_after_symbol')
    l_0_loss_after = resolve('loss_after')
    l_0_loss_fell = resolve('loss_fell')
    pass
    yield '<p class="intro">'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '</p>\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given'), _block_vars=_block_vars))
    yield '\n<div class="tables">\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Input', (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs), _block_vars=_block_vars))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Target', (undefined(name='targets') if l_0_targets is missing else l_0_targets), _block_vars=_block_vars))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Parameter', (undefined(name='weights') if l_0_weights is missing else l_0_weights), _block_vars=_block_vars))
    yield '\n</div>\n'
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation), _block_vars=_block_vars))
        yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), (undefined(name='sections') if l_0_sections is missing else l_0_sections), _block_vars=_block_vars))
    yield '\n<section class="summary">\n<h2>Weights before and after</h2>\n<table class="values">\n<thead><tr><th>Parameter</th><th>Before</th><th>Change</th><th>After</th></tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), environment.getattr(l_1_row, 'symbol'), _loop_vars=_loop_vars))
        yield '</td><td>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), environment.getattr(l_1_row, 'value'), _loop_vars=_loop_vars))
        yield '</td><td>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), environment.getattr(l_1_row, 'change'), _loop_vars=_loop_vars))
        yield '</td><td>'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), environment.getattr(l_1_row, 'new'), _loop_vars=_loop_vars))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n<p>Loss before the update '
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), str_join(((undefined(name='loss_symbol') if l_0_loss_symbol is missing else l_0_loss_symbol), ' = ', (undefined(name='loss_before') if l_0_loss_before is missing else l_0_loss_before), )), _block_vars=_block_vars))
    yield ', after it '
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'math'), str_join(((undefined(name='loss_after_symbol') if l_0_loss_after_symbol is missing else l_0_loss_after_symbol), ' = ', (undefined(name='loss_after') if l_0_loss_after is missing else l_0_loss_after), )), _block_vars=_block_vars))
    yield ': the loss '
    yield str(('fell' if (undefined(name='loss_fell') if l_0_loss_fell is missing else l_0_loss_fell) else 'did not fall'))
    yield '.</p>\n</section>\n'

blocks = {'figures': block_figures, 'solution': block_solution}
debug_info = '1=13&2=16&3=20&4=30&6=33&7=54&8=56&10=58&11=60&12=62&14=64&15=66&17=68&23=70&24=74&28=84'
