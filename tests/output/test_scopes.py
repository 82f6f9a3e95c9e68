"""Scopes: use_scope, put_scope, get_scope, clear, remove, scroll_to, scope=/position= (manual §4.1.2, §4.3.2)."""
from datetime import datetime

import pytest

from webio.output import clear, get_scope, put_markdown, put_scope, put_table, put_text, remove, scroll_to, use_scope

from .harness import misuse_errors


def test_use_scope_enter_new_and_existing(run):
    def app():
        with use_scope('scope1'):
            put_text('text1 in scope1')
        put_text('text in parent scope of scope1')
        with use_scope('scope1'):
            put_text('text2 in scope1')

    page = run(app)
    assert page.text == "text1 in scope1\ntext2 in scope1\ntext in parent scope of scope1"


def test_use_scope_clear(run):
    def app():
        with use_scope('scope2'):
            put_text('create scope2')
        put_text('text in parent scope of scope2')
        with use_scope('scope2', clear=True):
            put_text('text in scope2')

    assert run(app).text == "text in scope2\ntext in parent scope of scope2"


def test_use_scope_as_decorator_replaces_content(run):
    shown = []

    @use_scope('time', clear=True)
    def show_time():
        now = datetime.now()
        shown.append(str(now))
        put_text(now)

    def app():
        show_time()
        show_time()

    page = run(app)
    assert page.scope('time').text == shown[-1]
    assert len(shown) == 2


def test_use_scope_context_manager_returns_generated_name(run):
    names = []

    def app():
        with use_scope() as name:
            names.append(name)
            put_text('in a generated scope')

    page = run(app)
    assert page.scope(names[0]).text == 'in a generated scope'


def test_nested_scopes_layout(run):
    def app():
        with use_scope('A'):
            put_text('Text in scope A')
            with use_scope('B'):
                put_text('Text in scope B')
        with use_scope('C'):
            put_text('Text in scope C')

    page = run(app)
    assert page.text == "Text in scope A\nText in scope B\nText in scope C"
    assert page.scope('A').text == "Text in scope A\nText in scope B"
    assert [node.scope for node in page.outputs('text')] == ['A', 'B', 'C']


def test_put_scope_in_table_then_use_scope(run):
    def app():
        put_table([
            ['Name', 'Hobbies'],
            ['Tom', put_scope('hobby', content=put_text('Coding'))],
        ])
        with use_scope('hobby', clear=True):
            put_text('Movie')
        with use_scope('hobby'):
            put_text('Music')
            put_text('Drama')
        put_markdown('**Coding**', scope='hobby', position=0)

    page = run(app)
    assert page.scope('hobby').text == "Coding\nMovie\nMusic\nDrama"
    table = page.outputs('table')[0]
    assert table.rows[1] == ['Tom', 'Coding\nMovie\nMusic\nDrama']


def test_scope_parameter(run):
    def app():
        with use_scope('scope3'):
            put_text('text1 in scope3')
            put_text('text in ROOT scope', scope='ROOT')
        put_text('text2 in scope3', scope='scope3')

    assert run(app).text == "text1 in scope3\ntext2 in scope3\ntext in ROOT scope"


def test_position_parameter(run):
    def app():
        with use_scope('scope1'):
            put_text('A')
            put_text('B', position=0)
            put_text('C', position=-2)
            put_text('D', position=1)

    assert run(app).scope('scope1').text == "B\nD\nC\nA"


def test_scope_as_stack_index(run):
    def app():
        with use_scope('outer'):
            with use_scope('inner'):
                put_text('to outer', scope=-2)
                put_text('to root', scope=0)

    page = run(app)
    assert page.scope('outer').text == "to outer"
    assert page.text.endswith("to root")


def test_get_scope(run):
    seen = []

    def app():
        seen.append(get_scope())
        with use_scope('a'):
            with use_scope('b'):
                seen.extend([get_scope(), get_scope(-2), get_scope(0), get_scope(5)])

    run(app)
    assert seen == ['ROOT', 'b', 'a', 'ROOT', None]


def test_clear_remove_scroll_to(run):
    def app():
        with use_scope('keep'):
            put_text('old')
        with use_scope('gone'):
            put_text('bye')
        clear('keep')
        put_text('new', scope='keep')
        remove('gone')
        scroll_to('keep', position='middle')

    page = run(app)
    assert page.text == "new"
    assert 'gone' not in page.page.scope_names()
    assert {"scroll_to": "#webio-scope-keep", "position": "middle"} in page.sent("output_ctl")


def test_clear_and_remove_default_to_current_scope(run):
    def app():
        with use_scope('x'):
            put_text('1')
            clear()
            put_text('2')
        with use_scope('y'):
            put_text('3')
            remove()

    page = run(app)
    assert page.text == "2"


def test_scope_misuse_says_what_to_do(run):
    errors = misuse_errors(run, (lambda: scroll_to('x', position='center'), lambda: remove('ROOT'),
                                 lambda: put_text('x', scope='bad name'), lambda: put_text('x', scope=7),
                                 lambda: use_scope('<script>')))
    assert len(errors) == 5
    assert "'top', 'middle', 'bottom'" in errors[0]
    assert "clear('ROOT')" in errors[1]
    assert "letters, digits" in errors[2]
    assert "out of range" in errors[3]


def test_outside_session_raises(monkeypatch):
    from webio.exceptions import SessionNotFoundException
    from webio.session import context

    monkeypatch.setattr(context, "server_mode", True)
    with pytest.raises(SessionNotFoundException, match="outside a session"):
        put_text("no session here")
