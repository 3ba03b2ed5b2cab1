# Compiled from templates/text/_macros.txt.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text/_macros.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_given = l_0_derivation = l_0_sections = l_0_state_table = l_0_matrices = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    def macro(l_1_heading, l_1_delta_rule, l_1_rounding, l_1_schedule, l_1_init, l_1_momentum):
        t_5 = []
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
            t_5.append(
                'Given\n-----\n',
            )
        t_5.extend((
            'Network ',
            str((undefined(name='architecture') if l_1_architecture is missing else l_1_architecture)),
            '; activations: ',
            str((undefined(name='activations') if l_1_activations is missing else l_1_activations)),
            '\nLoss: ',
            str((undefined(name='loss_formula') if l_1_loss_formula is missing else l_1_loss_formula)),
            '\n',
        ))
        if (undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate):
            pass
            t_5.extend((
                'Learning rate: ',
                str((undefined(name='learning_rate_symbol') if l_1_learning_rate_symbol is missing else l_1_learning_rate_symbol)),
                ' = ',
                str((undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate)),
            ))
            if l_1_momentum:
                pass
                t_5.extend((
                    '; momentum: ',
                    str((undefined(name='momentum_symbol') if l_1_momentum_symbol is missing else l_1_momentum_symbol)),
                    ' = ',
                    str(l_1_momentum),
                ))
            t_5.append(
                '\n',
            )
        if l_1_delta_rule:
            pass
            t_5.extend((
                'Delta rule (',
                str((undefined(name='convention_name') if l_1_convention_name is missing else l_1_convention_name)),
                ' convention): ',
                str((undefined(name='convention') if l_1_convention is missing else l_1_convention)),
                '\n',
            ))
        if (t_4((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)) and (undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)):
            pass
            t_5.extend((
                'Optimizer: ',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'title')),
                ': ',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'equations')),
                '; ',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'settings')),
                '\n',
            ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note'):
                pass
                t_5.extend((
                    '  (',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note')),
                    ')\n',
                ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note'):
                pass
                t_5.extend((
                    '  (',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note')),
                    ')\n',
                ))
        if l_1_rounding:
            pass
            t_5.extend((
                str((undefined(name='rounding_note') if l_1_rounding_note is missing else l_1_rounding_note)),
                '\n',
            ))
        if l_1_schedule:
            pass
            t_5.extend((
                'Updates: ',
                str((undefined(name='update') if l_1_update is missing else l_1_update)),
                '\n',
            ))
            if (undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule):
                pass
                t_5.extend((
                    str((undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule)),
                    '\n',
                ))
            if (undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule):
                pass
                t_5.extend((
                    str((undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule)),
                    '\n',
                ))
            t_5.extend((
                str((undefined(name='epoch_rule') if l_1_epoch_rule is missing else l_1_epoch_rule)),
                '\n',
            ))
        if t_4((undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes)):
            pass
            for l_2_note in (undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes):
                _loop_vars = {}
                pass
                t_5.extend((
                    str(l_2_note),
                    '\n',
                ))
            l_2_note = missing
        if (l_1_init and (undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)):
            pass
            t_5.extend((
                str((undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)),
                '\n',
            ))
        return concat(t_5)
    context.exported_vars.add('given')
    context.vars['given'] = l_0_given = Macro(environment, macro, 'given', ('heading', 'delta_rule', 'rounding', 'schedule', 'init', 'momentum'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_parts):
        t_6 = []
        if l_1_parts is missing:
            l_1_parts = undefined("parameter 'parts' was not provided", name='parts')
        pass
        t_6.append(
            'Where the formulas come from\n----------------------------\n',
        )
        for l_2_part in l_1_parts:
            _loop_vars = {}
            pass
            t_6.extend((
                '[',
                str(environment.getattr(l_2_part, 'title')),
                ']\n',
            ))
            for l_3_eq in environment.getattr(l_2_part, 'equations'):
                _loop_vars = {}
                pass
                t_6.extend((
                    '  ',
                    str(environment.getattr(l_3_eq, 'line')),
                    '\n',
                ))
                if environment.getattr(l_3_eq, 'note'):
                    pass
                    t_6.extend((
                        '      (',
                        str(environment.getattr(l_3_eq, 'note')),
                        ')\n',
                    ))
            l_3_eq = missing
        l_2_part = missing
        return concat(t_6)
    context.exported_vars.add('derivation')
    context.vars['derivation'] = l_0_derivation = Macro(environment, macro, 'derivation', ('parts',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_sections):
        t_7 = []
        if l_1_sections is missing:
            l_1_sections = undefined("parameter 'sections' was not provided", name='sections')
        pass
        for l_2_section in l_1_sections:
            _loop_vars = {}
            pass
            t_7.extend((
                '\n',
                str(environment.getattr(l_2_section, 'title')),
                '\n',
                str(('-' * t_3(environment.getattr(l_2_section, 'title')))),
                '\n',
            ))
            for l_3_group in environment.getattr(l_2_section, 'groups'):
                _loop_vars = {}
                pass
                if environment.getattr(l_3_group, 'title'):
                    pass
                    t_7.extend((
                        '[',
                        str(environment.getattr(l_3_group, 'title')),
                        ']\n',
                    ))
                for l_4_step in environment.getattr(l_3_group, 'steps'):
                    _loop_vars = {}
                    pass
                    t_7.extend((
                        '  ',
                        str(environment.getattr(l_4_step, 'line')),
                        '\n',
                    ))
                l_4_step = missing
            l_3_group = missing
            if environment.getattr(l_2_section, 'table'):
                pass
                t_7.append(
                    str(context.call((undefined(name='state_table') if l_0_state_table is missing else l_0_state_table), environment.getattr(l_2_section, 'table'), _loop_vars=_loop_vars)),
                )
        l_2_section = missing
        return concat(t_7)
    context.exported_vars.add('sections')
    context.vars['sections'] = l_0_sections = Macro(environment, macro, 'sections', ('sections',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_table):
        t_8 = []
        l_1_widths = missing
        if l_1_table is missing:
            l_1_table = undefined("parameter 'table' was not provided", name='table')
        pass
        t_8.append(
            '[State after this update]\n',
        )
        l_1_widths = ([18] + ([14] * (t_3(environment.getattr(l_1_table, 'heads')) + 2)))
        t_8.append(
            '                    ',
        )
        for l_2_h in (environment.getattr(l_1_table, 'heads') + ['Δ', 'new']):
            _loop_vars = {}
            pass
            t_8.append(
                str(t_1('%14s', l_2_h)),
            )
        l_2_h = missing
        t_8.append(
            '\n',
        )
        for l_2_row in environment.getattr(l_1_table, 'rows'):
            _loop_vars = {}
            pass
            t_8.extend((
                '  ',
                str(t_1('%-18s', environment.getattr(l_2_row, 'symbol'))),
            ))
            for l_3_c in environment.getattr(l_2_row, 'cells'):
                _loop_vars = {}
                pass
                t_8.append(
                    str(t_1('%14s', l_3_c)),
                )
            l_3_c = missing
            t_8.append(
                '\n',
            )
        l_2_row = missing
        return concat(t_8)
    context.exported_vars.add('state_table')
    context.vars['state_table'] = l_0_state_table = Macro(environment, macro, 'state_table', ('table',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_blocks):
        t_9 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        for l_2_block in l_1_blocks:
            _loop_vars = {}
            pass
            t_9.extend((
                '\n[',
                str(environment.getattr(l_2_block, 'title')),
                ']\n',
            ))
            for l_3_item in environment.getattr(l_2_block, 'entries'):
                _loop_vars = {}
                pass
                t_9.extend((
                    '  ',
                    str(environment.getattr(l_3_item, 'name')),
                    ' =\n',
                ))
                for l_4_row in environment.getattr(l_3_item, 'rows'):
                    _loop_vars = {}
                    pass
                    t_9.extend((
                        '    ',
                        str(t_2(context.eval_ctx, l_4_row, '  ')),
                        '\n',
                    ))
                l_4_row = missing
            l_3_item = missing
        l_2_block = missing
        return concat(t_9)
    context.exported_vars.add('matrices')
    context.vars['matrices'] = l_0_matrices = Macro(environment, macro, 'matrices', ('blocks',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '8=36&9=67&13=74&14=78&15=81&16=85&19=100&20=104&22=109&23=113&24=120&25=124&27=127&28=131&31=134&32=137&34=140&35=144&36=147&37=150&39=153&40=156&42=160&44=163&45=165&46=169&49=173&50=176&54=183&57=191&58=196&59=199&60=204&61=207&62=211&68=220&69=225&71=230&72=232&73=235&74=238&75=242&77=245&78=250&81=255&82=258&87=265&89=274&90=278&92=288&93=293&98=310&99=315&101=320&102=323&103=328&104=331&105=336'
