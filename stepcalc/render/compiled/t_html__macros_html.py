# Compiled from templates/html/_macros.html.j2 by tools/compile_templates.py; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html/_macros.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_math = l_0_given = l_0_values = l_0_derivation = l_0_sections = l_0_glance = missing
    try:
        t_1 = environment.filters['e']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'e' found.")
    pass
    def macro(l_1_tex, l_1_display):
        t_2 = []
        if l_1_tex is missing:
            l_1_tex = undefined("parameter 'tex' was not provided", name='tex')
        if l_1_display is missing:
            l_1_display = False
        pass
        t_2.extend((
            '<span class="math',
            str((' display' if l_1_display else cond_expr_undefined("the inline if-expression on line 7 in 'html/_macros.html.j2' evaluated to false and no else section was defined."))),
            '">',
            str(t_1(l_1_tex)),
            '</span>',
        ))
        return concat(t_2)
    context.exported_vars.add('math')
    context.vars['math'] = l_0_math = Macro(environment, macro, 'math', ('tex', 'display'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_heading, l_1_delta_rule, l_1_rounding, l_1_schedule, l_1_init, l_1_momentum):
        t_3 = []
        l_1_architecture = resolve('architecture')
        l_1_activations = resolve('activations')
        l_1_loss_formula = resolve('loss_formula')
        l_1_learning_rate_symbol = resolve('learning_rate_symbol')
        l_1_learning_rate = resolve('learning_rate')
        l_1_momentum_symbol = resolve('momentum_symbol')
        l_1_convention_name = resolve('convention_name')
        l_1_convention = resolve('convention')
        l_1_rounding_note = resolve('rounding_note')
        l_1_update = resolve('update')
        l_1_bias_rule = resolve('bias_rule')
        l_1_batch_rule = resolve('batch_rule')
        l_1_epoch_rule = resolve('epoch_rule')
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
        t_3.append(
            '<section class="given">\n',
        )
        if l_1_heading:
            pass
            t_3.append(
                '<h2>Given</h2>\n',
            )
        t_3.extend((
            '<ul>\n<li>Network ',
            str((undefined(name='architecture') if l_1_architecture is missing else l_1_architecture)),
            '; activations: ',
            str((undefined(name='activations') if l_1_activations is missing else l_1_activations)),
            '</li>\n<li>Loss: ',
            str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), (undefined(name='loss_formula') if l_1_loss_formula is missing else l_1_loss_formula))),
            '</li>\n<li>Learning rate: ',
            str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), str_join(((undefined(name='learning_rate_symbol') if l_1_learning_rate_symbol is missing else l_1_learning_rate_symbol), ' = ', (undefined(name='learning_rate') if l_1_learning_rate is missing else l_1_learning_rate), )))),
        ))
        if l_1_momentum:
            pass
            t_3.extend((
                '; momentum: ',
                str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), str_join(((undefined(name='momentum_symbol') if l_1_momentum_symbol is missing else l_1_momentum_symbol), ' = ', l_1_momentum, )))),
            ))
        t_3.append(
            '</li>\n',
        )
        if l_1_delta_rule:
            pass
            t_3.extend((
                '<li>Delta rule (',
                str((undefined(name='convention_name') if l_1_convention_name is missing else l_1_convention_name)),
                ' convention): ',
                str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), (undefined(name='convention') if l_1_convention is missing else l_1_convention))),
                '</li>\n',
            ))
        if l_1_rounding:
            pass
            t_3.extend((
                '<li>',
                str((undefined(name='rounding_note') if l_1_rounding_note is missing else l_1_rounding_note)),
                '</li>\n',
            ))
        if l_1_schedule:
            pass
            t_3.extend((
                '<li>Updates: ',
                str((undefined(name='update') if l_1_update is missing else l_1_update)),
                '</li>\n',
            ))
            if (undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule):
                pass
                t_3.extend((
                    '<li>',
                    str((undefined(name='bias_rule') if l_1_bias_rule is missing else l_1_bias_rule)),
                    '</li>\n',
                ))
            if (undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule):
                pass
                t_3.extend((
                    '<li>',
                    str((undefined(name='batch_rule') if l_1_batch_rule is missing else l_1_batch_rule)),
                    '</li>\n',
                ))
            t_3.extend((
                '<li>',
                str((undefined(name='epoch_rule') if l_1_epoch_rule is missing else l_1_epoch_rule)),
                '</li>\n',
            ))
        if (l_1_init and (undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)):
            pass
            t_3.extend((
                '<li>',
                str((undefined(name='init_note') if l_1_init_note is missing else l_1_init_note)),
                '</li>\n',
            ))
        t_3.append(
            '</ul>\n</section>\n',
        )
        return concat(t_3)
    context.exported_vars.add('given')
    context.vars['given'] = l_0_given = Macro(environment, macro, 'given', ('heading', 'delta_rule', 'rounding', 'schedule', 'init', 'momentum'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_heading, l_1_rows):
        t_4 = []
        if l_1_heading is missing:
            l_1_heading = undefined("parameter 'heading' was not provided", name='heading')
        if l_1_rows is missing:
            l_1_rows = undefined("parameter 'rows' was not provided", name='rows')
        pass
        t_4.extend((
            '<table class="values">\n<thead><tr><th>',
            str(l_1_heading),
            '</th><th>Value</th></tr></thead>\n<tbody>\n',
        ))
        for l_2_row in l_1_rows:
            _loop_vars = {}
            pass
            t_4.extend((
                '<tr><td>',
                str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), environment.getattr(l_2_row, 'symbol'), _loop_vars=_loop_vars)),
                '</td><td>',
                str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), environment.getattr(l_2_row, 'value'), _loop_vars=_loop_vars)),
                '</td></tr>\n',
            ))
        l_2_row = missing
        t_4.append(
            '</tbody>\n</table>\n',
        )
        return concat(t_4)
    context.exported_vars.add('values')
    context.vars['values'] = l_0_values = Macro(environment, macro, 'values', ('heading', 'rows'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_parts):
        t_5 = []
        if l_1_parts is missing:
            l_1_parts = undefined("parameter 'parts' was not provided", name='parts')
        pass
        t_5.append(
            '<section class="derivation">\n<h2>Where the formulas come from</h2>\n',
        )
        for l_2_part in l_1_parts:
            _loop_vars = {}
            pass
            t_5.extend((
                '<h3>',
                str(environment.getattr(l_2_part, 'title')),
                '</h3>\n',
            ))
            for l_3_eq in environment.getattr(l_2_part, 'equations'):
                _loop_vars = {}
                pass
                t_5.extend((
                    '<p class="equation">',
                    str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), environment.getattr(l_3_eq, 'line'), True, _loop_vars=_loop_vars)),
                    '</p>\n',
                ))
            l_3_eq = missing
        l_2_part = missing
        t_5.append(
            '</section>\n',
        )
        return concat(t_5)
    context.exported_vars.add('derivation')
    context.vars['derivation'] = l_0_derivation = Macro(environment, macro, 'derivation', ('parts',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_sections, l_1_level):
        t_6 = []
        if l_1_sections is missing:
            l_1_sections = undefined("parameter 'sections' was not provided", name='sections')
        if l_1_level is missing:
            l_1_level = 2
        pass
        for l_2_section in l_1_sections:
            _loop_vars = {}
            pass
            t_6.extend((
                '<section class="steps" data-section="',
                str(environment.getattr(l_2_section, 'key')),
                '">\n<h',
                str(l_1_level),
                '>',
                str(environment.getattr(l_2_section, 'title')),
                '</h',
                str(l_1_level),
                '>\n',
            ))
            for l_3_group in environment.getattr(l_2_section, 'groups'):
                _loop_vars = {}
                pass
                if environment.getattr(l_3_group, 'title'):
                    pass
                    t_6.extend((
                        '<h',
                        str((l_1_level + 1)),
                        '>',
                        str(environment.getattr(l_3_group, 'title')),
                        '</h',
                        str((l_1_level + 1)),
                        '>\n',
                    ))
                for l_4_step in environment.getattr(l_3_group, 'steps'):
                    _loop_vars = {}
                    pass
                    t_6.extend((
                        '<div class="step" id="step-',
                        str(t_1(environment.getattr(l_4_step, 'page_id'))),
                        '"',
                    ))
                    if environment.getattr(l_4_step, 'full_value'):
                        pass
                        t_6.extend((
                            ' data-value="',
                            str(environment.getattr(l_4_step, 'full_value')),
                            '"',
                        ))
                    t_6.extend((
                        ' tabindex="-1">',
                        str(context.call((undefined(name='math') if l_0_math is missing else l_0_math), environment.getattr(l_4_step, 'line'), True, _loop_vars=_loop_vars)),
                        '</div>\n',
                    ))
                l_4_step = missing
            l_3_group = missing
            t_6.append(
                '</section>\n',
            )
        l_2_section = missing
        return concat(t_6)
    context.exported_vars.add('sections')
    context.vars['sections'] = l_0_sections = Macro(environment, macro, 'sections', ('sections', 'level'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_diagram, l_1_caption):
        t_7 = []
        if l_1_diagram is missing:
            l_1_diagram = undefined("parameter 'diagram' was not provided", name='diagram')
        if l_1_caption is missing:
            l_1_caption = undefined("parameter 'caption' was not provided", name='caption')
        pass
        t_7.extend((
            '<figure class="network">\n',
            str(l_1_diagram),
            '\n<figcaption>',
            str(l_1_caption),
            '</figcaption>\n</figure>\n',
        ))
        return concat(t_7)
    context.exported_vars.add('glance')
    context.vars['glance'] = l_0_glance = Macro(environment, macro, 'glance', ('diagram', 'caption'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '7=18&9=36&11=68&15=75&16=79&17=81&18=92&19=96&21=101&22=105&24=108&25=112&26=115&27=119&29=122&30=126&32=131&34=134&35=138&41=148&43=157&45=160&46=165&52=178&55=186&56=191&57=194&58=199&65=210&66=217&67=222&68=224&69=231&70=234&71=238&73=245&74=250&81=275&83=284&84=286'
