"""put_table and span (manual §4.3.3 and the combined-output examples of §4.1.2)."""
import json

from webio.output import put_buttons, put_file, put_html, put_markdown, put_row, put_table, put_text, span

from .harness import misuse_errors


def test_basic_table_first_row_is_header(run):
    def app():
        put_table([
            ['Commodity', 'Price'],
            ['Apple', '5.5'],
            ['Banana', '7'],
        ])

    page = run(app)
    spec = page.output_specs('table')[0]
    assert spec["header"] is True
    assert spec["data"] == [['Commodity', 'Price'], ['Apple', '5.5'], ['Banana', '7']]
    assert page.outputs('table')[0].rows == [['Commodity', 'Price'], ['Apple', '5.5'], ['Banana', '7']]


def test_span_cells(run):
    def app():
        put_table([
            [span('Name', row=2), span('Address', col=2)],
            ['City', 'Country'],
            ['Wang', 'Beijing', 'China'],
            ['Liu', 'New York', 'America'],
        ])

    spec = run(app).output_specs('table')[0]
    assert spec["span"] == {"0,0": {"row": 2, "col": 1}, "0,1": {"row": 1, "col": 2}}
    assert spec["data"][0] == ['Name', 'Address']


def test_span_in_header(run):
    def app():
        put_table([
            ['C'],
            [span('E', col=2)],
        ], header=[span('A', row=2), 'B'])

    spec = run(app).output_specs('table')[0]
    assert spec["data"] == [['A', 'B'], ['C'], ['E']]
    assert spec["span"] == {"0,0": {"row": 2, "col": 1}, "2,0": {"row": 1, "col": 2}}


def test_outputs_in_cells(run):
    def app():
        put_table([
            ['Type', 'Content'],
            ['html', put_html('X<sup>2</sup>')],
            ['text', '<hr/>'],
            ['buttons', put_buttons(['A', 'B'], onclick=lambda _: None)],
            ['markdown', put_markdown('Awesome PyWebIO!')],
            ['file', put_file('hello.text', b'hello world')],
            ['table', put_table([['A', 'B'], ['C', 'D']])],
        ])

    page = run(app)
    assert len(page.output_specs()) == 1, "nested outputs are embedded, not sent on their own"
    rows = page.outputs('table')[0].rows
    assert rows[1] == ['html', 'X2']
    assert rows[2] == ['text', '<hr/>']
    assert rows[3] == ['buttons', 'A B']
    assert rows[4] == ['markdown', 'Awesome PyWebIO!']
    assert rows[5] == ['file', 'hello.text']
    assert rows[6][1] == 'A\tB\nC\tD'


def test_header_parameter(run):
    def app():
        put_table([
            ['Wang', 'M', 'China'],
            ['Liu', 'W', 'America'],
        ], header=['Name', 'Gender', 'Address'])

    rows = run(app).outputs('table')[0].rows
    assert rows == [['Name', 'Gender', 'Address'], ['Wang', 'M', 'China'], ['Liu', 'W', 'America']]


def test_dict_rows(run):
    def app():
        put_table([
            {"Course": "OS", "Score": "80"},
            {"Course": "DB", "Score": "93"},
        ], header=["Course", "Score"])
        put_table([
            {"Course": "OS", "Score": "80"},
            {"Course": "DB"},
        ], header=[(put_markdown("*Course*"), "Course"), (put_markdown("*Score*"), "Score")])

    first, second = [node.rows for node in run(app).outputs('table')]
    assert first == [['Course', 'Score'], ['OS', '80'], ['DB', '93']]
    assert second == [['Course', 'Score'], ['OS', '80'], ['DB', '']]


def test_big_table_stays_small(run):
    rows = [[f"r{r}c{c}" for c in range(5)] for r in range(2000)]

    def app():
        put_table(rows, header=['a', 'b', 'c', 'd', 'e'])

    spec = run(app).output_specs('table')[0]
    text_size = sum(len(cell) for row in rows for cell in row)
    # Each cell costs its text plus quotes and a comma: no per-cell object.
    assert len(json.dumps(spec, separators=(",", ":"))) < text_size + 3 * 5 * 2001 + 2 * 2001 + 200


def test_numbers_and_outputs_with_click(run):
    clicked = []

    def app():
        put_table([
            ['Commodity', 'Price'],
            ['Apple', put_text('5.5').onclick(lambda: clicked.append('5.5'))],
            ['Pear', 3],
        ])

    page = run(app)
    assert page.outputs('table')[0].rows[2] == ['Pear', '3']
    page.click_output('5.5')
    assert clicked == ['5.5']


def test_table_misuse(run):
    errors = misuse_errors(run, (lambda: put_table([{'a': 1}]),
                                 lambda: put_table([{'a': 1}, ['x']], header=['a']),
                                 lambda: put_table(['A', 'B'], ['C', 'D']),
                                 lambda: put_table('abc'),
                                 lambda: span('x', row=0),
                                 lambda: put_row([span('x')])))
    assert len(errors) == 6
    assert "needs header=" in errors[0]
    assert "all lists or all dicts" in errors[1]
    assert "rows must be lists" in errors[2]
