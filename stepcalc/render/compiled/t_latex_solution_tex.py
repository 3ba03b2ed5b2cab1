# Compiled from templates/latex/solution.tex.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'latex/solution.tex.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_fragment = resolve('fragment')
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
    l_0_m = context.vars['m'] = environment.get_template('latex/_macros.tex.j2', 'latex/solution.tex.j2').make_module(context.get_all(), True, {'m': l_0_m})
    context.exported_vars.discard('m')
    if (not (undefined(name='fragment') if l_0_fragment is missing else l_0_fragment)):
        pass
        yield '\\documentclass[11pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=1.8cm]{geometry}\n\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{tikz}\n\\allowdisplaybreaks\n\\begin{document}\n'
    yield '\\section*{'
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '}\n\n'
    yield str((undefined(name='intro') if l_0_intro is missing else l_0_intro))
    yield '\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'given')))
    yield '\n\\begin{center}\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'inputs_and_targets'), (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs), (undefined(name='targets') if l_0_targets is missing else l_0_targets)))
    yield "\\end{center}\n\n% longtable: a large network's parameters break across pages\n"
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'parameter_table'), (undefined(name='weights') if l_0_weights is missing else l_0_weights), ['Parameter', 'Value'], ['symbol', 'value'], 'll', 4))
    if (undefined(name='diagram') if l_0_diagram is missing else l_0_diagram):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'glance'), (undefined(name='diagram') if l_0_diagram is missing else l_0_diagram), ((undefined(name='diagram_caption') if l_0_diagram_caption is missing else l_0_diagram_caption) if t_1((undefined(name='diagram_caption') if l_0_diagram_caption is missing else l_0_diagram_caption)) else ('Each unit shows its net input, output and delta; each edge its weight before $\\to$ after the update (new value in bold).' if (undefined(name='updates') if l_0_updates is missing else l_0_updates) else 'Each unit shows its net input, output and delta; each edge its weight.'))))
    if (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation):
        pass
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'derivation'), (undefined(name='derivation') if l_0_derivation is missing else l_0_derivation)))
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'sections'), (undefined(name='sections') if l_0_sections is missing else l_0_sections)))
    yield '\n'
    if t_1((undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)):
        pass
        yield '\n\\subsection*{The maps as matrices}\nEach matrix is one channel or filter, rows and columns as in the image.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'matrices'), (undefined(name='conv_matrices') if l_0_conv_matrices is missing else l_0_conv_matrices)))
        yield '\n'
    if (undefined(name='updates') if l_0_updates is missing else l_0_updates):
        pass
        yield '\\subsection*{Weights before and after}\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'parameter_table'), (undefined(name='weights') if l_0_weights is missing else l_0_weights), ['Parameter', 'Before', 'Change', 'After'], ['symbol', 'value', 'change', 'new'], 'lrrr', 2))
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
    if (not (undefined(name='fragment') if l_0_fragment is missing else l_0_fragment)):
        pass
        yield '\\end{document}\n'

blocks = {}
debug_info = '1=35&2=37&14=41&16=43&18=45&20=47&24=49&25=50&27=53&29=54&31=57&33=58&34=60&38=63&40=65&42=68&43=70&45=83&47=87'
