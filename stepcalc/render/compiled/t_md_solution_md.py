# Compiled from templates/md/solution.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/solution.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_intro = resolve('intro')
    l_0_inputs = resolve('inputs')
    l_0_targets = resolve('targets')
    l_0_weights = resolve('weights')
    l_0_diagram = resolve('diagram')
    l_0_diagram_caption = resolve('diagram_caption')
    l_0_updates = resolve('updates')
    l_0_derivation = resolve('derivation')
    l_0_sections = resolve('sections')
    l_0_conv_matrices = resolve('conv_matrices')
    l_0_loss_symbol = resolve('loss_symbol')
    l_0_loss_before = resolve('loss_before')
    l_0_loss_after_symbol = resolve('loss_after_symbol')
    l_0_loss_after = resolve('loss_after')
    l_0_loss_fell = resolve('loss_fell')
    l_0_m = missing
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('md/_macros.md.j2', 'md/solution.md.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given')))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Input', (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs)))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Target', (undefined(name='targets') if l_0_targets is missing else l_0_targets)))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'values'), 'Parameter', (undefined(name='weights') if l_0_weights is missing else l_0_weights)))
    if (undefined(name='diagram') if l_0_diagram is missing else l_0_diagram):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), (undefined(name='diagram') if l_0_diagram is missing else l_0_diagram), ((undefined(name='diagram_caption') if l_0_diagram_caption is missing else l_0_diagram_caption) if t_1((undefined(name='diagram_caption') if l_0_diagram_caption is missing else l_0_diagram_caption)) else ('Each unit shows its net input, output and delta; each edge its weight before → after the update (new value in bold).' if (undefined(name='updates') if l_0_updates is missing else l_0_updates) else 'Each unit shows its net input, output and delta; each edge its weight.'))))
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), (undefined(name='sections') if l_0_sections is missing else l_0_sections)))
    yield '\n'
    if t_1((undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)):
        pass
        yield '\n## The maps as matrices\nEach matrix is one channel or filter, rows and columns as in the image.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'matrices'), (undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)))
        yield '\n'
    if (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        pass
        yield '## Weights before and after\n\n| Parameter | Before | Change | After |\n|---|---|---|---|\n'
        for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
            _loop_vars = {}
            pass
            yield '| $'
            yield str(environment.getattr(l_1_row, 'symbol'))
            yield '$ | '
            yield str(environment.getattr(l_1_row, 'value'))
            yield ' | '
            yield str(environment.getattr(l_1_row, 'change'))
            yield ' | '
            yield str(environment.getattr(l_1_row, 'new'))
            yield ' |\n'
        l_1_row = missing
        yield '\nLoss before the update $'
        yield str((undefined(name='loss_symbol') if l_0_loss_symbol is missing else l_0_loss_symbol))
        yield ' = '
        yield str((undefined(name='loss_before') if l_0_loss_before is missing else l_0_loss_before))
        yield '$, after it $'
        yield str((undefined(name='loss_after_symbol') if l_0_loss_after_symbol is missing else l_0_loss_after_symbol))
        yield ' = '
        yield str((undefined(name='loss_after') if l_0_loss_after is missing else l_0_loss_after))
        yield '$: the loss '
        yield str(('fell' if (undefined(name='loss_fell') if l_0_loss_fell is missing else l_0_loss_fell) else 'did not fall'))
        yield '.\n'
    else:
        pass
        yield 'Loss $'
        yield str((undefined(name='loss_symbol') if l_0_loss_symbol is missing else l_0_loss_symbol))
        yield ' = '
        yield str((undefined(name='loss_before') if l_0_loss_before is missing else l_0_loss_before))
        yield '$; without a learning rate the problem stops at the gradients.\n'

blocks = {}
debug_info = '1=34&2=37&4=39&6=41&7=43&8=45&9=47&10=48&12=51&14=52&16=55&18=56&19=58&23=61&25=63&30=66&31=70&34=80&36=93'
