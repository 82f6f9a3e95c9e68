"""put_tabs, put_collapse, put_scrollable, put_widget, put_scope, output() (manual §4.3.3, §4.1.2)."""
import time
import warnings

from webio.output import (output, put_collapse, put_link, put_markdown, put_scope, put_scrollable, put_table, put_tabs,
                          put_text, put_widget)

from .harness import misuse_errors


def test_tabs(run):
    def app():
        put_tabs([
            {'title': 'Text', 'content': 'Hello world'},
            {'title': 'Markdown', 'content': put_markdown('~~Strikethrough~~')},
            {'title': 'More content', 'content': [
                put_table([
                    ['Commodity', 'Price'],
                    ['Apple', '5.5'],
                    ['Banana', '7'],
                ]),
                put_link('pywebio', 'https://github.com/wang0618/PyWebIO')
            ]},
        ])

    page = run(app)
    tabs = page.outputs('tabs')[0]
    assert tabs.labels == ['Text', 'Markdown', 'More content']
    assert "Hello world" in page.text
    assert "Banana" in tabs.all_text and "pywebio" in tabs.all_text
    spec = page.output_specs('tabs')[0]
    assert spec["tabs"][0] == {"title": "Text", "contents": ["Hello world"]}


def test_collapse(run):
    def app():
        put_collapse('Collapse title', [
            'text',
            put_markdown('~~Strikethrough~~'),
            put_table([
                ['Commodity', 'Price'],
                ['Apple', '5.5'],
            ])
        ], open=True)
        put_collapse('Large text', 'Awesome PyWebIO! ' * 30)

    page = run(app)
    opened, closed = page.outputs('collapse')
    assert "Strikethrough" in opened.text and "Apple" in opened.text
    assert closed.text.strip() == "Large text"
    assert "Awesome PyWebIO!" in closed.all_text


def test_collapse_context_manager(run):
    def app():
        with put_collapse('This is title', open=True):
            for i in range(4):
                put_text(i)
            put_table([
                ['Commodity', 'Price'],
                ['Apple', '5.5'],
                ['Banana', '7'],
            ])
        put_text('after')

    page = run(app)
    collapse = page.outputs('collapse')[0]
    assert collapse.text.split("\n")[:5] == ['This is title', '0', '1', '2', '3']
    assert "Banana\t7" in collapse.text
    assert page.text.endswith("after")


def test_scrollable(run):
    def app():
        put_scrollable(put_scope('scrollable'), height=200, keep_bottom=True)
        put_text("You can click the area to prevent auto scroll.", scope='scrollable')
        for _ in range(3):
            put_text(time.time(), scope='scrollable')
        put_scrollable('x', height=(100, 300), border=False, horizon_scroll=True)
        put_scrollable(['y'], height=None)

    page = run(app)
    first, second, third = page.output_specs('scrollable')
    assert (first["min_height"], first["max_height"], first["keep_bottom"], first["border"]) == (200, 200, True, True)
    assert (second["min_height"], second["max_height"], second["border"], second["horizon_scroll"]) == (100, 300, False, True)
    assert (third["min_height"], third["max_height"]) == (None, None)
    assert len(page.scope('scrollable').nodes) == 4


def test_scrollable_context_manager(run):
    def app():
        with put_scrollable(height=100):
            put_text('inside')

    assert run(app).outputs('scrollable')[0].text == 'inside'


def test_widget(run):
    tpl = '''
    <details {{#open}}open{{/open}}>
        <summary>{{title}}</summary>
        {{#contents}}
            {{& pywebio_output_parse}}
        {{/contents}}
    </details>
    '''

    def app():
        put_widget(tpl, {
            "open": True,
            "title": 'More content',
            "contents": [
                'text',
                put_markdown('~~Strikethrough~~'),
                put_table([
                    ['Commodity', 'Price'],
                    ['Apple', '5.5'],
                    ['Banana', '7'],
                ])
            ]
        })

    page = run(app)
    assert len(page.output_specs()) == 1
    spec = page.output_specs('custom_widget')[0]
    assert spec["template"] == tpl
    assert spec["data"]["title"] == 'More content' and spec["data"]["open"] is True
    contents = spec["data"]["contents"]
    assert contents[0] == 'text'
    assert contents[1]["type"] == 'markdown' and contents[2]["type"] == 'table'
    assert "scope" not in contents[1]


def test_put_scope_initial_content(run):
    def app():
        put_scope('s1', [put_text('a'), 'b'])
        put_scope('s2')
        put_text('c', scope='s2')

    page = run(app)
    assert page.scope('s1').text == "a\nb"
    assert page.scope('s2').text == "c"
    assert page.output_specs('scope')[0]["dom_id"] == "webio-scope-s1"


def test_deprecated_output_placeholder(run):
    def app():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            hobby = output('Coding')
        put_table([['Name', 'Hobbies'], ['Tom', hobby]])
        hobby.reset('Movie')
        hobby.append('Music', put_text('Drama'))
        hobby.insert(0, 'First')

    page = run(app)
    assert page.outputs('table')[0].rows[1] == ['Tom', 'First\nMovie\nMusic\nDrama']


def test_container_misuse(run):
    errors = misuse_errors(run, (lambda: put_tabs([{'title': 'x'}]),
                                 lambda: put_scrollable('x', height='200px'),
                                 lambda: put_scrollable('x', max_height=100),
                                 lambda: put_widget('<p>{{x}}</p>', {'x': object()}),
                                 lambda: put_widget('<p></p>', ['not a dict']),
                                 lambda: put_text('x').__enter__()))
    assert len(errors) == 6
    assert "'title' and 'content'" in errors[0]
    assert "cannot be used with 'with'" in errors[5]
