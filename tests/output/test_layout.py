"""put_row, put_column, put_grid, style() and .style() (manual §4.1.2 "Layout"/"Style", §4.3.5)."""
from webio.output import (put_code, put_collapse, put_column, put_grid, put_markdown, put_row, put_table, put_text,
                          span, style)

from .harness import misuse_errors


def test_row_column_nesting_with_gaps(run):
    def app():
        put_row([
            put_column([
                put_code('A'),
                put_row([
                    put_code('B1'), None,
                    put_code('B2'), None,
                    put_code('B3'),
                ]),
                put_code('C'),
            ]), None,
            put_code('D'), None,
            put_code('E'),
        ])

    page = run(app)
    assert len(page.output_specs()) == 1
    row = page.output_specs('row')[0]
    assert [None if item is None else item["type"] for item in row["contents"]] == ['column', None, 'code', None, 'code']
    inner = row["contents"][0]["contents"][1]
    assert [None if item is None else item["content"] for item in inner["contents"]] == ['B1', None, 'B2', None, 'B3']
    assert page.text.split() == ['A', 'B1', 'B2', 'B3', 'C', 'D', 'E']


def test_row_size(run):
    def app():
        put_row([put_code('A'), None, put_code('B')])
        put_row([put_code('A'), None, put_code('B')], size='40% 10px 60%')
        put_column([put_text('x'), put_text('y')], size='1fr 2fr')

    first, second = run(app).output_specs('row')
    assert first["size"] is None
    assert second["size"] == '40% 10px 60%'


def test_row_as_context_manager(run):
    def app():
        with put_row():
            put_text('left')
            put_text('right')

    page = run(app)
    assert page.outputs('row')[0].text == "left\nright"


def test_grid_with_span(run):
    def app():
        put_grid([
            [put_text('A'), put_text('B'), put_text('C')],
            [None, span(put_text('D'), col=2, row=1)],
            [put_text('E'), put_text('F'), put_text('G')],
        ], cell_width='100px', cell_height='100px')
        put_grid([
            [put_text('A'), put_text('B')],
            [span(put_text('A'), col=2)],
        ], direction='column', cell_widths='1fr 2fr')

    page = run(app)
    first, second = page.output_specs('grid')
    assert first["cell_width"] == '100px' and first["cell_height"] == '100px' and first["direction"] == 'row'
    assert first["contents"][1][0] is None
    assert first["contents"][1][1]["style"] == 'grid-column: span 2; grid-row: span 1'
    assert second["direction"] == 'column' and second["cell_widths"] == '1fr 2fr'
    assert page.outputs('grid')[0].rows[1] == ['', 'D']


def test_style_method(run):
    def app():
        put_text('hello').style('color: red; font-size: 20px')
        put_row([
            put_text('hello').style('color: red'),
            put_markdown('markdown'),
        ]).style('margin-top: 20px')

    page = run(app)
    text, row = page.output_specs()
    assert text["style"] == 'color: red; font-size: 20px'
    assert row["style"] == 'margin-top: 20px'
    assert row["contents"][0]["style"] == 'color: red'


def test_style_function(run):
    def app():
        style(put_text('Red'), 'color:red')
        style([
            put_text('Red'),
            put_markdown('~~del~~'),
        ], 'color:red')
        put_table([
            ['A', 'B'],
            ['C', style(put_text('Red'), 'color:red')],
        ])
        put_collapse('title', style([
            put_text('text'),
            put_markdown('~~del~~'),
        ], 'margin-left:20px'))

    page = run(app)
    specs = page.output_specs()
    assert [s["type"] for s in specs] == ['text', 'text', 'markdown', 'table', 'collapse']
    assert all(s["style"] == 'color:red' for s in specs[:3])
    assert specs[3]["data"][1][1]["style"] == 'color:red'
    assert [c["style"] for c in specs[4]["contents"]] == ['margin-left:20px'] * 2


def test_layout_misuse(run):
    errors = misuse_errors(run, (lambda: put_row([put_text('a')], size=3),
                                 lambda: put_row([put_text('a')], size='1fr; color: red'),
                                 lambda: put_grid([put_text('a')]),
                                 lambda: put_grid([[put_text('a')]], cell_width='10px', cell_widths='10px'),
                                 lambda: put_grid([[put_text('a')]], direction='diagonal'),
                                 lambda: style('text', 'color: red'),
                                 lambda: put_row([object()])))
    assert len(errors) == 7
    assert "list of rows" in errors[2]
    assert "not both" in errors[3]
