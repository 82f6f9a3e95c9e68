"""put_text, put_markdown, put_html, put_code, put_link, put_info/success/warning/error."""
import warnings

import pytest

from webio.output import (put_code, put_error, put_html, put_info, put_link, put_markdown, put_success, put_text,
                          put_warning, use_scope)

from .harness import misuse_errors


def test_put_text_joins_with_sep_and_str(run):
    def app():
        put_text("Hello world!")
        put_text(1, 2.5, None, sep=", ")
        put_text("a", inline=True)
        put_text("b", inline=True)

    page = run(app)
    assert page.text == "Hello world!\n1, 2.5, None\nab"
    assert page.output_specs('text')[2]["inline"] is True


def test_text_is_sent_as_text_never_as_html(run):
    page = run(lambda: put_text('<script>alert(1)</script>'))
    spec = page.output_specs('text')[0]
    assert spec["content"] == '<script>alert(1)</script>'
    assert page.text == '<script>alert(1)</script>'


def test_put_markdown_strips_indent_and_sanitizes_by_default(run):
    def hello():
        put_markdown(r""" # H1
        This is content.
            indented code stays indented
        """)

    page = run(hello)
    spec = page.output_specs('markdown')[0]
    assert spec["content"] == "# H1\nThis is content.\n    indented code stays indented\n"
    assert spec["sanitize"] is True
    assert "H1" in page.text and "This is content." in page.text


def test_put_markdown_options_lstrip_sanitize(run):
    def app():
        put_markdown('~~Strikethrough~~')
        put_markdown('  keep', lstrip=False, options={'gfm': False}, sanitize=False)

    specs = run(app).output_specs('markdown')
    assert specs[0]["content"] == '~~Strikethrough~~'
    assert specs[1] == {**specs[1], "content": "  keep", "options": {"gfm": False}, "sanitize": False}


def test_put_markdown_strip_indent_is_deprecated(run):
    caught = []

    def app():
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            put_markdown("    x", strip_indent=4)
        caught.extend(record)

    assert run(app).output_specs('markdown')[0]["content"] == "x"
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)


def test_put_html_raw_by_default(run):
    class Frame:
        def _repr_html_(self):
            return '<table><tr><td>df</td></tr></table>'

    def app():
        put_html('X<sup>2</sup>')
        put_html('<b onclick="x()">hi</b>', sanitize=True)
        put_html(Frame())

    page = run(app)
    specs = page.output_specs('html')
    assert [s["sanitize"] for s in specs] == [False, True, False]
    assert specs[2]["content"].startswith('<table>')
    assert "X2" in page.text and "df" in page.text


def test_put_code(run):
    def app():
        put_code('print("hi")', language='python', rows=3)
        put_code(42)

    specs = run(app).output_specs('code')
    assert specs[0] == {**specs[0], "content": 'print("hi")', "language": "python", "rows": 3}
    assert specs[1]["content"] == "42" and specs[1]["rows"] is None


def test_put_link(run):
    def app():
        put_link('pywebio', 'https://github.com/wang0618/PyWebIO')
        put_link('admin', app='admin', new_window=True)

    page = run(app)
    first, second = page.output_specs('link')
    assert first["url"] == 'https://github.com/wang0618/PyWebIO' and first["new_window"] is False
    assert second["app"] == 'admin' and "url" not in second and second["new_window"] is True
    assert page.text == "pywebio\nadmin"


def test_alerts(run):
    def app():
        put_info('info text')
        put_success('ok', put_text('more'))
        put_warning('careful', closable=True)
        put_error('bad')
        with put_info():
            put_text('inside the box')

    page = run(app)
    specs = page.output_specs('alert')
    assert [s["color"] for s in specs] == ['info', 'success', 'warning', 'danger', 'info']
    assert specs[2]["closable"] is True
    assert specs[1]["contents"] == ['ok', {"type": "text", "content": "more", "inline": False}]
    boxes = page.outputs('alert')
    assert boxes[4].text == 'inside the box'
    assert "info text" in page.text and "bad" in page.text


def test_misuse_errors(run):
    errors = misuse_errors(run, [
        lambda: put_link('x'),
        lambda: put_link('x', url='/a', app='b'),
        lambda: put_code('x', rows=0),
        lambda: put_markdown('x', unknown=1),
        lambda: put_markdown('x', options={'renderer': object()}),
        lambda: put_html(123),
        lambda: put_text('x', position='top'),
        lambda: put_info('x', closable='yes'),
    ])
    assert len(errors) == 8
    assert "exactly one of url=" in errors[0]


def test_put_text_in_scope_with_position(run):
    def app():
        with use_scope('s'):
            put_text('second')
        put_text('first', scope='s', position=0)

    assert run(app).scope('s').text == "first\nsecond"


@pytest.mark.parametrize("source,expected", [
    ("   # Title\n   text", "# Title\ntext"),
    ("\n    a\n      b\n", "\na\n  b\n"),
    ("one line", "one line"),
])
def test_strip_markdown_indent(source, expected):
    from webio.output.text import strip_markdown_indent

    assert strip_markdown_indent(source) == expected
