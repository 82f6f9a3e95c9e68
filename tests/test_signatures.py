"""Every public function has the signature of the manual: names, order, kinds and defaults.

The table below is the documented signature of each function (manual §4.2, §4.3, §4.4, §4.6),
written as a Python parameter list.
"""
import ast
import importlib
import inspect

import pytest

DOCUMENTED = {
    'input.input': 'label="", type=\'text\', *, validate=None, name=None, value=None, action=None, onchange=None, placeholder=None, required=None, readonly=None, datalist=None, help_text=None, **other_html_attrs',
    'input.textarea': 'label="", *, rows=6, code=None, maxlength=None, minlength=None, validate=None, name=None, value=None, onchange=None, placeholder=None, required=None, readonly=None, help_text=None, **other_html_attrs',
    'input.select': 'label="", options=None, *, multiple=None, validate=None, name=None, value=None, onchange=None, required=None, help_text=None, **other_html_attrs',
    'input.checkbox': 'label="", options=None, *, inline=None, validate=None, name=None, value=None, onchange=None, help_text=None, **other_html_attrs',
    'input.radio': 'label="", options=None, *, inline=None, validate=None, name=None, value=None, onchange=None, required=None, help_text=None, **other_html_attrs',
    'input.actions': 'label="", buttons=None, name=None, help_text=None',
    'input.file_upload': 'label="", accept=None, name=None, placeholder=\'Choose file\', multiple=False, max_size=0, max_total_size=0, required=None, help_text=None, **other_html_attrs',
    'input.slider': 'label="", *, name=None, value=0, min_value=0, max_value=100, step=1, validate=None, onchange=None, required=None, help_text=None, **other_html_attrs',
    'input.input_group': 'label="", inputs=None, validate=None, cancelable=False',
    'input.input_update': 'name=None, **spec',
    'output.put_scope': 'name, content=[], scope=None, position=-1',
    'output.use_scope': 'name=None, clear=False',
    'output.get_scope': 'stack_idx=-1',
    'output.clear': 'scope=None',
    'output.remove': 'scope=None',
    'output.scroll_to': "scope=None, position='top'",
    'output.put_text': "*texts, sep=' ', inline=False, scope=None, position=-1",
    'output.put_markdown': 'mdcontent, lstrip=True, options=None, sanitize=True, scope=None, position=-1, **kwargs',
    'output.put_info': '*contents, closable=False, scope=None, position=-1',
    'output.put_success': '*contents, closable=False, scope=None, position=-1',
    'output.put_warning': '*contents, closable=False, scope=None, position=-1',
    'output.put_error': '*contents, closable=False, scope=None, position=-1',
    'output.put_html': 'html, sanitize=False, scope=None, position=-1',
    'output.put_link': 'name, url=None, app=None, new_window=False, scope=None, position=-1',
    'output.put_processbar': 'name, init=0, label=None, auto_close=False, scope=None, position=-1',
    'output.set_processbar': 'name, value, label=None',
    'output.put_loading': "shape='border', color='dark', scope=None, position=-1",
    'output.put_code': 'content, language="", rows=None, scope=None, position=-1',
    'output.put_table': 'tdata, header=None, scope=None, position=-1',
    'output.span': 'content, row=1, col=1',
    'output.put_buttons': 'buttons, onclick, small=None, link_style=False, outline=False, group=False, scope=None, position=-1, **callback_options',
    'output.put_button': 'label, onclick, color=None, small=None, link_style=False, outline=False, disabled=False, scope=None, position=-1',
    'output.put_image': 'src, format=None, title="", width=None, height=None, scope=None, position=-1',
    'output.put_file': 'name, content, label=None, scope=None, position=-1',
    'output.put_tabs': 'tabs, scope=None, position=-1',
    'output.put_collapse': 'title, content=[], open=False, scope=None, position=-1',
    'output.put_scrollable': 'content=[], height=400, keep_bottom=False, border=True, scope=None, position=-1, **kwargs',
    'output.put_widget': 'template, data, scope=None, position=-1',
    'output.toast': "content, duration=2, position='center', color='info', onclick=None",
    'output.popup': "title, content=None, size='normal', implicit_close=True, closable=True",
    'output.close_popup': '',
    'output.put_row': 'content=[], size=None, scope=None, position=-1',
    'output.put_column': 'content=[], size=None, scope=None, position=-1',
    'output.put_grid': "content, cell_width='auto', cell_height='auto', cell_widths=None, cell_heights=None, direction='row', scope=None, position=-1",
    'output.style': 'outputs, css_style',
    'session.download': 'name, content',
    'session.run_js': 'code_, **args',
    'session.eval_js': 'expression_, **args',
    'session.register_thread': 'thread',
    'session.defer_call': 'func',
    'session.set_env': '**env_info',
    'session.go_app': 'name, new_window=True',
    'session.hold': '',
    'session.run_async': 'coro_obj',
    'session.run_asyncio_coroutine': 'coro_obj',
    'pin.put_input': 'name, type=\'text\', *, label="", value=None, placeholder=None, readonly=None, datalist=None, help_text=None, scope=None, position=-1',
    'pin.put_textarea': 'name, *, label="", rows=6, code=None, maxlength=None, minlength=None, value=None, placeholder=None, readonly=None, help_text=None, scope=None, position=-1',
    'pin.put_select': 'name, options=None, *, label="", multiple=None, value=None, help_text=None, scope=None, position=-1',
    'pin.put_checkbox': 'name, options=None, *, label="", inline=None, value=None, help_text=None, scope=None, position=-1',
    'pin.put_radio': 'name, options=None, *, label="", inline=None, value=None, help_text=None, scope=None, position=-1',
    'pin.put_slider': 'name, *, label="", value=0, min_value=0, max_value=100, step=1, required=None, help_text=None, scope=None, position=-1',
    'pin.put_actions': 'name, *, label="", buttons=None, help_text=None, scope=None, position=-1',
    'pin.pin_wait_change': '*names, timeout=None',
    'pin.pin_update': 'name, **spec',
    'pin.pin_on_change': 'name, onchange=None, clear=False, init_run=False, **callback_options',
}


def documented_parameters(text):
    tree = ast.parse(f"def f({text}): pass")
    args = tree.body[0].args
    params = []
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for arg, default in zip(positional, defaults):
        params.append((arg.arg, "POSITIONAL_OR_KEYWORD", ast.literal_eval(default) if default else inspect.Parameter.empty))
    if args.vararg:
        params.append((args.vararg.arg, "VAR_POSITIONAL", inspect.Parameter.empty))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append((arg.arg, "KEYWORD_ONLY", ast.literal_eval(default) if default else inspect.Parameter.empty))
    if args.kwarg:
        params.append((args.kwarg.arg, "VAR_KEYWORD", inspect.Parameter.empty))
    return params


def actual_parameters(func):
    return [(p.name, p.kind.name, p.default) for p in inspect.signature(func).parameters.values()]


# Keyword-only parameters webio adds beyond the manual (documented in the functions' docstrings).
EXTENSIONS = {
    "input.select": {"native"},
    "pin.put_select": {"native"},
    "input.file_upload": {"as_file"},
}


def same_default(a, b):
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)  # () as a safe stand-in for the manual's mutable [] default
    return a == b and type(a) is type(b)


@pytest.mark.parametrize("qualified", sorted(DOCUMENTED))
def test_signature_matches_the_manual(qualified):
    module_name, name = qualified.split(".")
    module = importlib.import_module(f"webio.{module_name}")
    func = getattr(module, name)
    assert name in module.__all__, f"webio.{qualified} is not exported in __all__"
    actual = actual_parameters(func)
    expected = documented_parameters(DOCUMENTED[qualified])
    extra = EXTENSIONS.get(qualified, set())
    actual = [p for p in actual if p[0] not in extra or p[1] != "KEYWORD_ONLY"]
    assert [(n, k) for n, k, _ in actual] == [(n, k) for n, k, _ in expected]
    for (name_, _, got), (_, _, want) in zip(actual, expected):
        assert same_default(got, want), f"default of {name_}: {got!r} != documented {want!r}"
