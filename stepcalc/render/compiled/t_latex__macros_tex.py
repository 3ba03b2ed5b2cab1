# Compiled from templates/latex/_macros.tex.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'latex/_macros.tex.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_given = l_0_derivation = l_0_sections = l_0_glance = l_0_inputs_and_targets = l_0_state_table = l_0_parameter_table = l_0_matrices = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_5 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_6 = environment.tests['divisibleby']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'divisibleby' found.")
    pass
    def macro(l_1_heading, l_1_delta_rule, l_1_rounding, l_1_schedule, l_1_init, l_1_momentum):
        t_7 = []
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
            t_7.append(
                '\\subsection*{Given}\n',
            )
        t_7.extend((
            '\\begin{itemize}\n  \\item Network ',
            str((undefined(name='architecture') if l_1_architecture is missing else l_1_architecture)),
            '; activations: ',
            str((undefined(name='activations') if l_1_activations is missing else l_1_activations)),
            '\n  \\item Loss: $',
            str((undefined(name='loss_formula') if l_1_loss_formula is missing else l_1_loss_formula)),
            '$\n',
        ))
        if (undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate):
            pass
            t_7.extend((
                '  \\item Learning rate: $',
                str((undefined(name='learning_rate_symbol') if l_1_learning_rate_symbol is missing else l_1_learning_rate_symbol)),
                ' = ',
                str((undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate)),
                '$',
            ))
            if l_1_momentum:
                pass
                t_7.extend((
                    '; momentum: $',
                    str((undefined(name='momentum_symbol') if l_1_momentum_symbol is missing else l_1_momentum_symbol)),
                    ' = ',
                    str(l_1_momentum),
                    '$',
                ))
            t_7.append(
                '\n',
            )
        if l_1_delta_rule:
            pass
            t_7.extend((
                '  \\item Delta rule (',
                str((undefined(name='convention_name') if l_1_convention_name is missing else l_1_convention_name)),
                ' convention): $',
                str((undefined(name='convention') if l_1_convention is missing else l_1_convention)),
                '$\n',
            ))
        if (t_5((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)) and (undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer)):
            pass
            t_7.extend((
                '  \\item Optimizer: ',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'title')),
                ': $',
                str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'settings')),
                '$',
            ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note'):
                pass
                t_7.extend((
                    '; ',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'step_note')),
                ))
            if environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note'):
                pass
                t_7.extend((
                    '. ',
                    str(environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'eps_note')),
                ))
            t_7.extend((
                '\n\\begin{gather*}\n',
                str(t_4(context.eval_ctx, environment.getattr((undefined(name='optimizer') if l_1_optimizer is missing else l_1_optimizer), 'equations'), ',\\quad ', ' \\\\\n')),
                '\n\\end{gather*}\n',
            ))
        if l_1_rounding:
            pass
            t_7.extend((
                '  \\item ',
                str((undefined(name='rounding_note') if l_1_rounding_note is missing else l_1_rounding_note)),
                '\n',
            ))
        if l_1_schedule:
            pass
            t_7.extend((
                '  \\item Updates: ',
                str((undefined(name='update') if l_1_update is missing else l_1_update)),
                '\n',
            ))
            if (undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule):
                pass
                t_7.extend((
                    '  \\item ',
                    str((undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule)),
                    '\n',
                ))
            if (undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule):
                pass
                t_7.extend((
                    '  \\item ',
                    str((undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule)),
                    '\n',
                ))
            t_7.extend((
                '  \\item ',
                str((undefined(name='epoch_rule') if l_1_epoch_rule is missing else l_1_epoch_rule)),
                '\n',
            ))
        if t_5((undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes)):
            pass
            for l_2_note in (undefined(name='conv_notes') if l_1_conv_notes is missing else l_1_conv_notes):
                _loop_vars = {}
                pass
                t_7.extend((
                    '  \\item ',
                    str(l_2_note),
                    '\n',
                ))
            l_2_note = missing
        if (l_1_init and (undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)):
            pass
            t_7.extend((
                '  \\item ',
                str((undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)),
                '\n',
            ))
        t_7.append(
            '\\end{itemize}\n',
        )
        return concat(t_7)
    context.exported_vars.add('given')
    context.vars['given'] = l_0_given = Macro(environment, macro, 'given', ('heading', 'delta_rule', 'rounding', 'schedule', 'init', 'momentum'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_parts):
        t_8 = []
        if l_1_parts is missing:
            l_1_parts = undefined("parameter 'parts' was not provided", name='parts')
        pass
        t_8.append(
            '\\subsection*{Where the formulas come from}\n',
        )
        l_2_loop = missing
        for l_2_part, l_2_loop in LoopContext(l_1_parts, undefined):
            _loop_vars = {}
            pass
            t_8.extend((
                '\\paragraph{',
                str(environment.getattr(l_2_part, 'title')),
                '}\n\\begin{align*}\n',
            ))
            l_3_loop = missing
            for l_3_eq, l_3_loop in LoopContext(environment.getattr(l_2_part, 'equations'), undefined):
                _loop_vars = {}
                pass
                if environment.getattr(l_3_eq, 'note'):
                    pass
                    t_8.extend((
                        '\\intertext{\\small ',
                        str(environment.getattr(l_3_eq, 'note')),
                        '}\n',
                    ))
                t_8.extend((
                    str(environment.getattr(l_3_eq, 'lhs')),
                    ' &= ',
                    str(t_1(context.eval_ctx, environment.getattr(l_3_eq, 'sides'), ' \\\\\n  &= ')),
                    str((' \\\\' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 61 in 'latex/_macros.tex.j2' evaluated to false and no else section was defined."))),
                    '\n',
                ))
            l_3_loop = l_3_eq = missing
            t_8.append(
                '\\end{align*}\n',
            )
        l_2_loop = l_2_part = missing
        return concat(t_8)
    context.exported_vars.add('derivation')
    context.vars['derivation'] = l_0_derivation = Macro(environment, macro, 'derivation', ('parts',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_sections, l_1_heading):
        t_9 = []
        if l_1_sections is missing:
            l_1_sections = undefined("parameter 'sections' was not provided", name='sections')
        if l_1_heading is missing:
            l_1_heading = 'subsection'
        pass
        l_2_loop = missing
        for l_2_section, l_2_loop in LoopContext(l_1_sections, undefined):
            _loop_vars = {}
            pass
            t_9.extend((
                '\n\\',
                str(l_1_heading),
                '*{',
                str(environment.getattr(l_2_section, 'title')),
                '}\n',
            ))
            l_3_loop = missing
            for l_3_group, l_3_loop in LoopContext(environment.getattr(l_2_section, 'groups'), undefined):
                _loop_vars = {}
                pass
                if environment.getattr(l_3_group, 'title'):
                    pass
                    t_9.extend((
                        '\\paragraph{',
                        str(environment.getattr(l_3_group, 'title')),
                        '}\n',
                    ))
                t_9.append(
                    '\\begin{align*}\n',
                )
                l_4_loop = missing
                for l_4_step, l_4_loop in LoopContext(environment.getattr(l_3_group, 'steps'), undefined):
                    _loop_vars = {}
                    pass
                    t_9.extend((
                        str(environment.getattr(l_4_step, 'lhs')),
                        ' &= ',
                        str(environment.getattr(l_4_step, 'formula_block')),
                    ))
                    if environment.getattr(l_4_step, 'expansion'):
                        pass
                        t_9.extend((
                            ' = ',
                            str(environment.getattr(l_4_step, 'expansion')),
                        ))
                    if environment.getattr(l_4_step, 'substituted'):
                        pass
                        t_9.extend((
                            ' \\\\\n  &= ',
                            str(environment.getattr(l_4_step, 'substituted_block')),
                        ))
                    t_9.extend((
                        ' = ',
                        str(environment.getattr(l_4_step, 'value')),
                        str((' \\\\' if (not environment.getattr(l_4_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 78 in 'latex/_macros.tex.j2' evaluated to false and no else section was defined."))),
                        '\n',
                    ))
                l_4_loop = l_4_step = missing
                t_9.append(
                    '\\end{align*}\n',
                )
            l_3_loop = l_3_group = missing
            if environment.getattr(l_2_section, 'table'):
                pass
                t_9.append(
                    str(context.call((undefined(name='state_table') if l_0_state_table is missing else l_0_state_table), environment.getattr(l_2_section, 'table'), _loop_vars=_loop_vars)),
                )
        l_2_loop = l_2_section = missing
        return concat(t_9)
    context.exported_vars.add('sections')
    context.vars['sections'] = l_0_sections = Macro(environment, macro, 'sections', ('sections', 'heading'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_diagram, l_1_caption, l_1_heading):
        t_10 = []
        if l_1_diagram is missing:
            l_1_diagram = undefined("parameter 'diagram' was not provided", name='diagram')
        if l_1_caption is missing:
            l_1_caption = undefined("parameter 'caption' was not provided", name='caption')
        if l_1_heading is missing:
            l_1_heading = 'subsection'
        pass
        t_10.extend((
            '% one unbreakable block, so that the heading and its caption move to the next page with the figure\n\\par\\noindent\\begin{minipage}{\\linewidth}\n\\',
            str(l_1_heading),
            '*{The network at a glance}\n',
            str(l_1_caption),
            '\n\n\\begin{center}\n',
            str(l_1_diagram),
            '\\end{center}\n\\end{minipage}\n',
        ))
        return concat(t_10)
    context.exported_vars.add('glance')
    context.vars['glance'] = l_0_glance = Macro(environment, macro, 'glance', ('diagram', 'caption', 'heading'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_inputs, l_1_targets):
        t_11 = []
        if l_1_inputs is missing:
            l_1_inputs = undefined("parameter 'inputs' was not provided", name='inputs')
        if l_1_targets is missing:
            l_1_targets = undefined("parameter 'targets' was not provided", name='targets')
        pass
        t_11.append(
            '\\begin{tabular}{ll}\n\\toprule\nInput & Value \\\\\n\\midrule\n',
        )
        for l_2_row in l_1_inputs:
            _loop_vars = {}
            pass
            t_11.extend((
                '$',
                str(environment.getattr(l_2_row, 'symbol')),
                '$ & $',
                str(environment.getattr(l_2_row, 'value')),
                '$ \\\\\n',
            ))
        l_2_row = missing
        t_11.append(
            '\\midrule\nTarget & Value \\\\\n\\midrule\n',
        )
        for l_2_row in l_1_targets:
            _loop_vars = {}
            pass
            t_11.extend((
                '$',
                str(environment.getattr(l_2_row, 'symbol')),
                '$ & $',
                str(environment.getattr(l_2_row, 'value')),
                '$ \\\\\n',
            ))
        l_2_row = missing
        t_11.append(
            '\\bottomrule\n\\end{tabular}\n',
        )
        return concat(t_11)
    context.exported_vars.add('inputs_and_targets')
    context.vars['inputs_and_targets'] = l_0_inputs_and_targets = Macro(environment, macro, 'inputs_and_targets', ('inputs', 'targets'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_table):
        t_12 = []
        if l_1_table is missing:
            l_1_table = undefined("parameter 'table' was not provided", name='table')
        pass
        t_12.append(
            '\\paragraph{State after this update}\n\\begin{longtable}{l',
        )
        for l_2_h in environment.getattr(l_1_table, 'heads'):
            _loop_vars = {}
            pass
            t_12.append(
                'r',
            )
        l_2_h = missing
        t_12.append(
            'rr}\n\\toprule\nParameter',
        )
        for l_2_h in environment.getattr(l_1_table, 'heads'):
            _loop_vars = {}
            pass
            t_12.extend((
                ' & $',
                str(l_2_h),
                '$ ',
            ))
        l_2_h = missing
        t_12.append(
            '& $\\Delta$ & New value \\\\\n\\midrule\n',
        )
        for l_2_row in environment.getattr(l_1_table, 'rows'):
            _loop_vars = {}
            pass
            t_12.extend((
                '$',
                str(environment.getattr(l_2_row, 'symbol')),
                '$',
            ))
            for l_3_c in environment.getattr(l_2_row, 'cells'):
                _loop_vars = {}
                pass
                t_12.extend((
                    ' & $',
                    str(l_3_c),
                    '$',
                ))
            l_3_c = missing
            t_12.append(
                ' \\\\\n',
            )
        l_2_row = missing
        t_12.append(
            '\\bottomrule\n\\end{longtable}\n',
        )
        return concat(t_12)
    context.exported_vars.add('state_table')
    context.vars['state_table'] = l_0_state_table = Macro(environment, macro, 'state_table', ('table',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_rows, l_1_headings, l_1_fields, l_1_align, l_1_most):
        t_13 = []
        l_1_range = resolve('range')
        l_1_n = l_1_groups = l_1_per = missing
        if l_1_rows is missing:
            l_1_rows = undefined("parameter 'rows' was not provided", name='rows')
        if l_1_headings is missing:
            l_1_headings = undefined("parameter 'headings' was not provided", name='headings')
        if l_1_fields is missing:
            l_1_fields = undefined("parameter 'fields' was not provided", name='fields')
        if l_1_align is missing:
            l_1_align = undefined("parameter 'align' was not provided", name='align')
        if l_1_most is missing:
            l_1_most = undefined("parameter 'most' was not provided", name='most')
        pass
        l_1_n = t_2(l_1_rows)
        l_1_groups = (1 if ((undefined(name='n') if l_1_n is missing else l_1_n) <= 16) else t_3(environment, [l_1_most, (((undefined(name='n') if l_1_n is missing else l_1_n) + 15) // 16)]))
        l_1_per = ((((undefined(name='n') if l_1_n is missing else l_1_n) + (undefined(name='groups') if l_1_groups is missing else l_1_groups)) - 1) // (undefined(name='groups') if l_1_groups is missing else l_1_groups))
        t_13.extend((
            '\\begin{longtable}{',
            str(t_1(context.eval_ctx, ([l_1_align] * (undefined(name='groups') if l_1_groups is missing else l_1_groups)), '@{\\qquad}')),
            '}\n\\toprule\n',
            str(t_1(context.eval_ctx, ([t_1(context.eval_ctx, l_1_headings, ' & ')] * (undefined(name='groups') if l_1_groups is missing else l_1_groups)), ' & ')),
            ' \\\\\n\\midrule\n\\endhead\n',
        ))
        l_2_loop = missing
        for l_2_r, l_2_loop in LoopContext(context.call((undefined(name='range') if l_1_range is missing else l_1_range), (undefined(name='per') if l_1_per is missing else l_1_per)), undefined):
            _loop_vars = {}
            pass
            l_3_loop = missing
            for l_3_g, l_3_loop in LoopContext(context.call((undefined(name='range') if l_1_range is missing else l_1_range), (undefined(name='groups') if l_1_groups is missing else l_1_groups), _loop_vars=_loop_vars), undefined):
                l_3_k = missing
                _loop_vars = {}
                pass
                l_3_k = ((l_3_g * (undefined(name='per') if l_1_per is missing else l_1_per)) + l_2_r)
                _loop_vars['k'] = l_3_k
                if ((undefined(name='k') if l_3_k is missing else l_3_k) < (undefined(name='n') if l_1_n is missing else l_1_n)):
                    pass
                    l_4_loop = missing
                    for l_4_f, l_4_loop in LoopContext(l_1_fields, undefined):
                        _loop_vars = {}
                        pass
                        t_13.extend((
                            '$',
                            str(environment.getitem(environment.getitem(l_1_rows, (undefined(name='k') if l_3_k is missing else l_3_k)), l_4_f)),
                            '$',
                            str((' & ' if (not environment.getattr(l_4_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 143 in 'latex/_macros.tex.j2' evaluated to false and no else section was defined."))),
                        ))
                    l_4_loop = l_4_f = missing
                else:
                    pass
                    t_13.append(
                        str((' & ' * (t_2(l_1_fields) - 1))),
                    )
                t_13.append(
                    str((' & ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 143 in 'latex/_macros.tex.j2' evaluated to false and no else section was defined."))),
                )
            l_3_loop = l_3_g = l_3_k = missing
            t_13.append(
                ' \\\\\n',
            )
        l_2_loop = l_2_r = missing
        t_13.append(
            '\\bottomrule\n\\end{longtable}\n',
        )
        return concat(t_13)
    context.exported_vars.add('parameter_table')
    context.vars['parameter_table'] = l_0_parameter_table = Macro(environment, macro, 'parameter_table', ('rows', 'headings', 'fields', 'align', 'most'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_blocks):
        t_14 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        l_2_loop = missing
        for l_2_block, l_2_loop in LoopContext(l_1_blocks, undefined):
            _loop_vars = {}
            pass
            t_14.extend((
                '\n\\paragraph{',
                str(environment.getattr(l_2_block, 'title')),
                '}\n\\begin{gather*}\n',
            ))
            l_3_loop = missing
            for l_3_item, l_3_loop in LoopContext(environment.getattr(l_2_block, 'entries'), undefined):
                _loop_vars = {}
                pass
                t_14.extend((
                    str(environment.getattr(l_3_item, 'name')),
                    ' = ',
                    str(environment.getattr(l_3_item, 'matrix')),
                ))
                if (not environment.getattr(l_3_loop, 'last')):
                    pass
                    t_14.append(
                        str((' \\\\' if t_6(environment.getattr(l_3_loop, 'index'), 2) else ' \\qquad')),
                    )
                t_14.append(
                    '\n',
                )
            l_3_loop = l_3_item = missing
            t_14.append(
                '\\end{gather*}\n',
            )
        l_2_loop = l_2_block = missing
        return concat(t_14)
    context.exported_vars.add('matrices')
    context.vars['matrices'] = l_0_matrices = Macro(environment, macro, 'matrices', ('blocks',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '8=48&9=79&13=86&14=90&15=93&16=97&19=114&20=118&22=123&23=127&26=146&29=149&30=153&32=156&33=160&34=163&35=167&37=170&38=174&40=179&42=182&43=184&44=189&47=193&48=197&53=207&55=216&56=221&58=225&59=228&61=236&67=251&68=259&70=264&71=270&72=273&73=277&76=284&77=288&78=302&82=315&83=318&88=325&91=336&92=338&95=340&100=347&105=357&106=362&111=371&112=376&118=389&120=397&122=407&124=419&125=424&131=447&134=462&135=463&136=464&137=467&139=469&142=473&143=477&149=516&150=522&152=527&154=531&155=535'
