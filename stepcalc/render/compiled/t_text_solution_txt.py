# Compiled from templates/text/solution.txt.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text/solution.txt.j2'

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
    l_0_derivation = resolve('derivation')
    l_0_sections = resolve('sections')
    l_0_conv_matrices = resolve('conv_matrices')
    l_0_updates = resolve('updates')
    l_0_loss_symbol = resolve('loss_symbol')
    l_0_loss_before = resolve('loss_before')
    l_0_loss_after_symbol = resolve('loss_after_symbol')
    l_0_loss_after = resolve('loss_after')
    l_0_loss_fell = resolve('loss_fell')
    l_0_m = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('text/_macros.txt.j2', 'text/solution.txt.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    yield str(('=' * t_1((undefined(name='title') if l_0_title is missing else l_0_title))))
    yield '\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given')))
    yield '\nInputs:  '
    l_1_loop = missing
    for l_1_row, l_1_loop in LoopContext((undefined(name='inputs') if l_0_inputs is missing else l_0_inputs), undefined):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield ' = '
        yield str(environment.getattr(l_1_row, 'value'))
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 8 in 'text/solution.txt.j2' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_row = missing
    yield '\nTargets: '
    l_1_loop = missing
    for l_1_row, l_1_loop in LoopContext((undefined(name='targets') if l_0_targets is missing else l_0_targets), undefined):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_row, 'symbol'))
        yield ' = '
        yield str(environment.getattr(l_1_row, 'value'))
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 10 in 'text/solution.txt.j2' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_row = missing
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
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), (undefined(name='sections') if l_0_sections is missing else l_0_sections)))
    yield '\n'
    if t_2((undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)):
        pass
        yield '\nThe maps as matrices\n--------------------\nEach matrix is one channel or filter, rows and columns as in the image.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'matrices'), (undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)))
        yield '\n'
    if (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        pass
        yield 'Weights before and after\n------------------------\n'
        for l_1_row in (undefined(name='weights') if l_0_weights is missing else l_0_weights):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_1_row, 'symbol'))
            yield ': '
            yield str(environment.getattr(l_1_row, 'value'))
            yield ' → '
            yield str(environment.getattr(l_1_row, 'new'))
            yield ' (change '
            yield str(environment.getattr(l_1_row, 'change'))
            yield ')\n'
        l_1_row = missing
        yield '\nLoss before the update '
        yield str((undefined(name='loss_symbol') if l_0_loss_symbol is missing else l_0_loss_symbol))
        yield ' = '
        yield str((undefined(name='loss_before') if l_0_loss_before is missing else l_0_loss_before))
        yield ', after it '
        yield str((undefined(name='loss_after_symbol') if l_0_loss_after_symbol is missing else l_0_loss_after_symbol))
        yield ' = '
        yield str((undefined(name='loss_after') if l_0_loss_after is missing else l_0_loss_after))
        yield ': the loss '
        yield str(('fell' if (undefined(name='loss_fell') if l_0_loss_fell is missing else l_0_loss_fell) else 'did not fall'))
        yield '.\n'
    else:
        pass
        yield 'Loss '
        yield str((undefined(name='loss_symbol') if l_0_loss_symbol is missing else l_0_loss_symbol))
        yield ' = '
        yield str((undefined(name='loss_before') if l_0_loss_before is missing else l_0_loss_before))
        yield '; without a learning rate the problem stops at the gradients.\n'

blocks = {}
debug_info = '1=38&2=40&3=42&5=44&7=46&8=49&10=59&13=68&14=72&16=77&18=80&20=81&21=83&26=86&28=88&31=91&32=95&35=105&37=118'
