"""The built-in templates compiled ahead of time (tools/compile_templates.py), so that no process
compiles them from source and nothing is unpickled from a cache; tests/test_templating.py checks
that they equal what compiling templates/ gives now."""

JINJA2_VERSION = '3.1.6'  # the compiled code calls this version's runtime
# template → (module, SHA-256 of the .j2 it was compiled from)
MODULES = {
    'html/_macros.html.j2': ('t_html__macros_html', 'd4cff590deb0c61c48a04ec190d1b8fbefde886c7d65e2fccef1e2c5b02123c5'),
    'html/_page.html.j2': ('t_html__page_html', 'a016e0365d2f49f9978b190665c57f9af64e9a4648dfc2a50cc1fbd9924438c3'),
    'html/run.html.j2': ('t_html_run_html', '4d4a05ddbd05913af43b7f403f91a8eff10efd378cf4fab6af6693464c6e5270'),
    'html/solution.html.j2': ('t_html_solution_html', 'c007bdfefceffb19a973aca541cdadc25e802cdc35c6b73bb4aac38117762274'),
    'latex/_macros.tex.j2': ('t_latex__macros_tex', '35d39417150d410c81cd458bc9ef56c6da460b1e282545eb7449838453d3b78e'),
    'latex/answer_key.tex.j2': ('t_latex_answer_key_tex', '6ec2f96fb0ed9089d68855a2c96afcffe28e1dfd4395b81c4d25e7c2239ffd60'),
    'latex/run.tex.j2': ('t_latex_run_tex', '1432cf5de81f49823895746b66caafb664dab2ba37a52b63887c5f284f482345'),
    'latex/sheet.tex.j2': ('t_latex_sheet_tex', '9d713fde34e99e3f9ed2adfcf5550c4a17a4781488b0f40cc28486aea84d65f9'),
    'latex/solution.tex.j2': ('t_latex_solution_tex', 'bc844d8219272d0d66bfc8788529253a27f5f1b410e807aa672225eeb72df049'),
    'latex/train.tex.j2': ('t_latex_train_tex', 'adf60478ee230b261799c7c93cbead8b08a3d0549bef37faa96025710070a1c0'),
    'lms/sheet.html.j2': ('t_lms_sheet_html', 'e3f4f304e1c024e8ce07c73a1c91bc4f122b907be8710754b50f1f9551a6c1f8'),
    'md/_macros.md.j2': ('t_md__macros_md', '1aba946fb6c4c9f6202f07f340c9572cbfae99f7c31c36332574672b5cb04c0d'),
    'md/answer_key.md.j2': ('t_md_answer_key_md', '6c3ff7eac3bfa06d88b1dd251cc4e47d300abb9bef0187dd2c496305cc93975e'),
    'md/check.md.j2': ('t_md_check_md', '27e9c11db3aa769044626130b2aa290adafe1e007c634b95c2486cfb8a8d261d'),
    'md/run.md.j2': ('t_md_run_md', '4dcdbd770dcc3025e8f084a06850d4a2dc8ffbf9467274d06e44212ab7dae938'),
    'md/sheet.md.j2': ('t_md_sheet_md', 'b574ab76168fb07534b0544671fd4947481ba21cb7e015623d5bf323e283d641'),
    'md/solution.md.j2': ('t_md_solution_md', '07e4ea51c743b31b1a92d28b268c9bf1160e23c5205377fe1cb6786b8aa95186'),
    'md/train.md.j2': ('t_md_train_md', '62ac93e805f67dea6a0a9cb20fc4feb19333f2fb0f47a1f895b30b1f398dbd37'),
    'text/_macros.txt.j2': ('t_text__macros_txt', '45f743a2db933a03027834dd23f5d8434d6cb8b89b3cec1bbef14adc81f6921e'),
    'text/check.txt.j2': ('t_text_check_txt', '444e0ca383c623ff1bca09cfa6a7bc04e3beaa8daa65e58b16a55aa54e178d04'),
    'text/run.txt.j2': ('t_text_run_txt', '42d07399d8cc127b90014af27e9d30da7678dcfbcc7ab160b5d9e23aedb5b48e'),
    'text/solution.txt.j2': ('t_text_solution_txt', '390d1ccb6f35b07fd0ee8a448e06ebe96b6b4fc332e8b85ff523fb336566125d'),
    'text/train.txt.j2': ('t_text_train_txt', '7f356242e42682395fe96be5ee3325f7911639d604240ca6f5e75acab7bf8fae'),
}
