# Compiled from templates/md/_macros.md.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'md/_macros.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_given = l_0_derivation = l_0_sections = l_0_glance = l_0_values = l_0_state_table = l_0_matrices = missing
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    def macro(l_1_heading, l_1_delta_rule, l_1_rounding, l_1_schedule, l_1_init, l_1_momentum):
        t_2 = []
        l_1_architecture = resolve('architecture')
        l_1_activations = resolve('activations')
        l_1_loss_formula = resolve('loss_formula')
        l_1_learning_rate = resolve('learning_rate')
        l_1_learning_rate_symbol = resolve('learning_rate_symbol')
        l_1_momentum_symbol = resolve('momentum_symbol')
        l_1_convention_name = resolve('convention_name')
        l_1_convention = resolve('convention')
        l_1_optimizer = resolve('optimizer')
        l_1_rounding_note = resolve('rounding_note')
        l_1_update = resolve('update')
        l_1_bias_rule = resolve('bias_rule')
        l_1_batch_rule = resolve('batch_rule')
        l_1_epoch_rule = resolve('epoch_rule')
        l_1_conv_notes = resolve('conv_notes')
        l_1_init_note = resolve('init_note')
        if l_1_heading is missing:
            l_1_heading = True
        if l_1_delta_rule is missing:
            l_1_delta_rule = True
        if l_1_rounding is missing:
            l_1_rounding = True
        if l_1_schedule is missing:
            l_1_schedule = False
        if l_1_init is missing:
            l_1_init = True
        if l_1_momentum is missing:
            l_1_momentum = ''
        pass
        if l_1_heading:
            pass
            t_2.append(
                '## Given\n\n',
            )
        t_2.extend((
            '- Network ',
            str((undefined(name='architecture') if l_1_architecture is missing else l_1_architecture)),
            '; activations: ',
            str((undefined(name='activations') if l_1_activations is missing else l_1_activations)),
            '\n- Loss: $',
            str((undefined(name='loss_formula') if l_1_loss_formula is missing else l_1_loss_formula)),
            '$\n',
        ))
        if (undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate):
            pass
            t_2.extend((
                '- Learning rate: $',
                str((undefined(name='learning_rate_symbol') if l_1_learning_rate_symbol is missing else l_1_learning_rate_symbol)),
                ' = ',
                str((undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate)),
                '$',
            ))
            if l_1_momentum:
                pass
                t_2.extend((
                    '; momentum: $',
                    str((undefined(name='momentum_symbol') if l_1_momentum_symbol is missing else l_1_momentum_symbol)),
                    ' = ',
                    str(l_1_momentum),
                    '$',
                ))
            t_2.append(
                '\n',
            )
        if l_1_delta_rule:
            pass
            t_2.extend((
                '- Delta rule (',
                str((undefined(name='convention_name') if l_1_convention_name is missing else l_1_convention_name)),
                ' convention): $',
                str((undefined(name='convention') if l_1_convention is missing else l_1_convention)),
                '$\n',
            ))
        if (t_1((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)) and (undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)):
            pass
            t_2.extend((
                '- Optimizer: ',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'title')),
                ': $',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'equations')),
                '$; $',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'settings')),
                '$',
            ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note'):
                pass
                t_2.extend((
                    '; ',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note')),
                ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note'):
                pass
                t_2.extend((
                    '. ',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note')),
                ))
            t_2.append(
                '\n',
            )
        if l_1_rounding:
            pass
            t_2.extend((
                '- ',
                str((undefined(name='rounding_note') if l_1_rounding_note is missing else l_1_rounding_note)),
                '\n',
            ))
        if l_1_schedule:
            pass
            t_2.extend((
                '- Updates: ',
                str((undefined(name='update') if l_1_update is missing else l_1_update)),
                '\n',
            ))
            if (undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule):
                pass
                t_2.extend((
                    '- ',
                    str((undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule)),
                    '\n',
                ))
            if (undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule):
                pass
                t_2.extend((
                    '- ',
                    str((undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule)),
                    '\n',
                ))
            t_2.extend((
                '- ',
                str((undefined(name='epoch_rule') if l_1_epoch_rule is missing else l_1_epoch_rule)),
                '\n',
            ))
        if t_1((undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes)):
            pass
            for l_2_note in (undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes):
                _loop_vars = {}
                pass
                t_2.extend((
                    '- ',
                    str(l_2_note),
                    '\n',
                ))
            l_2_note = missing
        if (l_1_init and (undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)):
            pass
            t_2.extend((
                '- ',
                str((undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)),
                '\n',
            ))
        return concat(t_2)
    context.exported_vars.add('given')
    context.vars['given'] = l_0_given = Macro(environment, macro, 'given', ('heading', 'delta_rule', 'rounding', 'schedule', 'init', 'momentum'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_parts):
        t_3 = []
        if l_1_parts is missing:
            l_1_parts = undefined("parameter 'parts' was not provided", name='parts')
        pass
        t_3.append(
            '## Where the formulas come from\n',
        )
        for l_2_part in l_1_parts:
            _loop_vars = {}
            pass
            t_3.extend((
                '\n### ',
                str(environment.getattr(l_2_part, 'title')),
                '\n',
            ))
            for l_3_eq in environment.getattr(l_2_part, 'equations'):
                _loop_vars = {}
                pass
                t_3.extend((
                    '\n$$',
                    str(environment.getattr(l_3_eq, 'line')),
                    '$$\n',
                ))
                if environment.getattr(l_3_eq, 'note'):
                    pass
                    t_3.extend((
                        '\n',
                        str(environment.getattr(l_3_eq, 'note')),
                        '\n',
                    ))
            l_3_eq = missing
        l_2_part = missing
        return concat(t_3)
    context.exported_vars.add('derivation')
    context.vars['derivation'] = l_0_derivation = Macro(environment, macro, 'derivation', ('parts',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_sections, l_1_level):
        t_4 = []
        if l_1_sections is missing:
            l_1_sections = undefined("parameter 'sections' was not provided", name='sections')
        if l_1_level is missing:
            l_1_level = 2
        pass
        for l_2_section in l_1_sections:
            _loop_vars = {}
            pass
            t_4.extend((
                '\n',
                str(('#' * l_1_level)),
                ' ',
                str(environment.getattr(l_2_section, 'title')),
                '\n',
            ))
            for l_3_group in environment.getattr(l_2_section, 'groups'):
                _loop_vars = {}
                pass
                if environment.getattr(l_3_group, 'title'):
                    pass
                    t_4.extend((
                        '\n',
                        str(('#' * (l_1_level + 1))),
                        ' ',
                        str(environment.getattr(l_3_group, 'title')),
                        '\n',
                    ))
                for l_4_step in environment.getattr(l_3_group, 'steps'):
                    _loop_vars = {}
                    pass
                    t_4.append(
                        '\n',
                    )
                    if context.call(environment.getattr(l_4_step, 'get'), 'long', _loop_vars=_loop_vars):
                        pass
                        t_4.extend((
                            '$$\\begin{aligned}',
                            str(environment.getattr(l_4_step, 'lhs')),
                            ' &= ',
                            str(environment.getattr(l_4_step, 'formula')),
                        ))
                        if environment.getattr(l_4_step, 'expansion'):
                            pass
                            t_4.extend((
                                ' = ',
                                str(environment.getattr(l_4_step, 'expansion')),
                            ))
                        t_4.extend((
                            ' \\\\\n  &= ',
                            str(environment.getattr(l_4_step, 'substituted_block')),
                            ' = ',
                            str(environment.getattr(l_4_step, 'value')),
                            '\\end{aligned}$$\n',
                        ))
                    else:
                        pass
                        t_4.extend((
                            '$$',
                            str(environment.getattr(l_4_step, 'line')),
                            '$$\n',
                        ))
                l_4_step = missing
            l_3_group = missing
            if environment.getattr(l_2_section, 'table'):
                pass
                t_4.extend((
                    '\n',
                    str(context.call((undefined(name='state_table') if l_0_state_table is missing else l_0_state_table), environment.getattr(l_2_section, 'table'), (l_1_level + 1), _loop_vars=_loop_vars)),
                ))
        l_2_section = missing
        return concat(t_4)
    context.exported_vars.add('sections')
    context.vars['sections'] = l_0_sections = Macro(environment, macro, 'sections', ('sections', 'level'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_diagram, l_1_caption, l_1_level):
        t_5 = []
        if l_1_diagram is missing:
            l_1_diagram = undefined("parameter 'diagram' was not provided", name='diagram')
        if l_1_caption is missing:
            l_1_caption = undefined("parameter 'caption' was not provided", name='caption')
        if l_1_level is missing:
            l_1_level = 2
        pass
        t_5.extend((
            str(('#' * l_1_level)),
            ' The network at a glance\n\n',
            str(l_1_caption),
            '\n\n',
            str(l_1_diagram),
            '\n',
        ))
        return concat(t_5)
    context.exported_vars.add('glance')
    context.vars['glance'] = l_0_glance = Macro(environment, macro, 'glance', ('diagram', 'caption', 'level'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_heading, l_1_rows):
        t_6 = []
        if l_1_heading is missing:
            l_1_heading = undefined("parameter 'heading' was not provided", name='heading')
        if l_1_rows is missing:
            l_1_rows = undefined("parameter 'rows' was not provided", name='rows')
        pass
        t_6.extend((
            '| ',
            str(l_1_heading),
            ' | Value |\n|---|---|\n',
        ))
        for l_2_row in l_1_rows:
            _loop_vars = {}
            pass
            t_6.extend((
                '| $',
                str(environment.getattr(l_2_row, 'symbol')),
                '$ | ',
                str(environment.getattr(l_2_row, 'value')),
                ' |\n',
            ))
        l_2_row = missing
        return concat(t_6)
    context.exported_vars.add('values')
    context.vars['values'] = l_0_values = Macro(environment, macro, 'values', ('heading', 'rows'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_table, l_1_level):
        t_7 = []
        if l_1_table is missing:
            l_1_table = undefined("parameter 'table' was not provided", name='table')
        if l_1_level is missing:
            l_1_level = 3
        pass
        t_7.extend((
            str(('#' * l_1_level)),
            ' State after this update\n\n| Parameter |',
        ))
        for l_2_h in environment.getattr(l_1_table, 'heads'):
            _loop_vars = {}
            pass
            t_7.extend((
                ' $',
                str(l_2_h),
                '$ |',
            ))
        l_2_h = missing
        t_7.append(
            ' $\\Delta$ | New value |\n|---|',
        )
        for l_2_h in environment.getattr(l_1_table, 'heads'):
            _loop_vars = {}
            pass
            t_7.append(
                '---:|',
            )
        l_2_h = missing
        t_7.append(
            '---:|---:|\n',
        )
        for l_2_row in environment.getattr(l_1_table, 'rows'):
            _loop_vars = {}
            pass
            t_7.extend((
                '| $',
                str(environment.getattr(l_2_row, 'symbol')),
                '$ |',
            ))
            for l_3_c in environment.getattr(l_2_row, 'cells'):
                _loop_vars = {}
                pass
                t_7.extend((
                    ' ',
                    str(l_3_c),
                    ' |',
                ))
            l_3_c = missing
            t_7.append(
                '\n',
            )
        l_2_row = missing
        return concat(t_7)
    context.exported_vars.add('state_table')
    context.vars['state_table'] = l_0_state_table = Macro(environment, macro, 'state_table', ('table', 'level'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_blocks):
        t_8 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        l_2_loop = missing
        for l_2_block, l_2_loop in LoopContext(l_1_blocks, undefined):
            _loop_vars = {}
            pass
            t_8.extend((
                '\n### ',
                str(environment.getattr(l_2_block, 'title')),
                '\n',
            ))
            l_3_loop = missing
            for l_3_item, l_3_loop in LoopContext(environment.getattr(l_2_block, 'entries'), undefined):
                _loop_vars = {}
                pass
                t_8.extend((
                    '\n$',
                    str(environment.getattr(l_3_item, 'name')),
                    '$\n\n|',
                ))
                l_4_loop = missing
                for l_4__, l_4_loop in LoopContext(environment.getitem(environment.getattr(l_3_item, 'rows'), 0), undefined):
                    _loop_vars = {}
                    pass
                    t_8.extend((
                        ' ',
                        str(environment.getattr(l_4_loop, 'index')),
                        ' |',
                    ))
                l_4_loop = l_4__ = missing
                t_8.append(
                    '\n|',
                )
                for l_4__ in environment.getitem(environment.getattr(l_3_item, 'rows'), 0):
                    _loop_vars = {}
                    pass
                    t_8.append(
                        '---:|',
                    )
                l_4__ = missing
                t_8.append(
                    '\n',
                )
                for l_4_row in environment.getattr(l_3_item, 'rows'):
                    _loop_vars = {}
                    pass
                    t_8.append(
                        '|',
                    )
                    for l_5_cell in l_4_row:
                        _loop_vars = {}
                        pass
                        t_8.extend((
                            ' ',
                            str(l_5_cell),
                            ' |',
                        ))
                    l_5_cell = missing
                    t_8.append(
                        '\n',
                    )
                l_4_row = missing
            l_3_loop = l_3_item = missing
        l_2_loop = l_2_block = missing
        return concat(t_8)
    context.exported_vars.add('matrices')
    context.vars['matrices'] = l_0_matrices = Macro(environment, macro, 'matrices', ('blocks',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '8=18&9=49&13=56&14=60&15=63&16=67&19=84&20=88&22=93&23=97&26=119&27=123&29=126&30=130&31=133&32=137&34=140&35=144&37=149&39=152&40=154&41=159&44=163&45=167&49=174&51=182&53=187&54=190&56=195&57=198&59=202&65=211&66=218&68=223&69=228&70=231&72=235&74=240&76=246&77=250&78=262&80=271&84=276&86=280&91=287&92=297&94=299&96=301&99=308&100=317&102=320&103=325&107=335&108=343&110=346&111=358&112=368&113=373&118=393&119=399&121=404&122=408&124=413&126=417&128=429&130=439&131=445'
