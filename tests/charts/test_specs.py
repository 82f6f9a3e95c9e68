"""What each chart library's documented call sends to the page (manual §4.8.2), through webio.testing."""
from __future__ import annotations

import base64
import re

import pytest

from webio.charts import library_file, library_urls, localize_html
from webio.testing import run_app

from . import apps


BOX = '<div class="webio-chart" style="max-width:100%;overflow-x:auto">'


def html_of(app) -> str:
    """The chart's HTML as sent, checked to sit in a box that scrolls sideways on a narrow screen."""
    client = run_app(app, timeout=60)
    try:
        html = "".join(str(node.spec.get("content", "")) for node in client.find("html"))
    finally:
        client.close()
    assert html.startswith(BOX) and html.endswith("</div>")
    return html[len(BOX):-len("</div>")]


def test_bokeh_show_puts_the_figure_with_bokehjs_from_this_server():
    html = html_of(apps.bokeh_chart)
    assert html.startswith('<script data-webio-lib="bokeh"></script>')
    assert "bokeh-line" in html and "embed_items" in html
    assert "cdn.bokeh.org" not in html
    # a plain figure needs no widgets bundle; a slider does
    assert "bokeh-widgets" not in html
    assert '<script data-webio-lib="bokeh-widgets"></script>' in html_of(apps.bokeh_widgets)


def test_bokeh_server_apps_and_notebook_handles_say_what_to_do_instead():
    from bokeh.io import output_notebook, show
    from bokeh.plotting import figure

    errors: list[str] = []

    def app():
        output_notebook(notebook_type="webio")
        try:
            show(figure(), notebook_handle=True)
        except ValueError as exc:
            errors.append(str(exc))
        try:
            show(lambda doc: None)
        except NotImplementedError as exc:
            errors.append(str(exc))

    run_app(app, timeout=60).close()
    assert "call show() again" in errors[0]
    assert "bokeh serve" in errors[1]


def test_plotly_require_output_loads_the_installed_plotly_js_instead_of_carrying_it():
    html = html_of(apps.plotly_chart)
    assert '<script data-webio-lib="plotly"></script>' in html
    assert "Plotly.newPlot" in html
    assert len(html) < 50_000  # plotly.py pastes 4.8 MB of plotly.js here; the page loads it once instead


@pytest.mark.parametrize("app, name", [(apps.pyecharts_chart, "echarts"), (apps.cutecharts_chart, "chartXkcd"),
                                       (apps.g2plot_chart, "G2Plot")])
def test_render_notebook_html_asks_the_page_loader_for_a_library_the_server_has(app, name):
    html = html_of(app)
    assert re.search(rf"require\(\s*\[\s*['\"]{name}['\"]\s*\]", html)
    assert name in library_urls()
    assert library_file(f"lib/{name}.js") is not None


def test_matplotlib_figure_and_pil_image_go_straight_into_put_image():
    def app():
        apps.matplotlib_chart()
        apps.pil_image()

    client = run_app(app, timeout=60)
    images = [node.spec for node in client.find("image")]
    client.close()
    assert [image["title"] for image in images] == ["matplotlib-figure", "pil-image"]
    for image in images:
        assert image["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(image["src"].split(",", 1)[1]).startswith(b"\x89PNG")


def test_matplotlib_figure_as_svg():
    from matplotlib.figure import Figure

    from webio.output import put_image

    def app():
        fig = Figure()
        fig.add_subplot().plot([1, 2])
        put_image(fig, format="svg")

    client = run_app(app, timeout=60)
    src = client.find("image")[0].spec["src"]
    client.close()
    assert src.startswith("data:image/svg+xml;base64,")


def test_dataframe_in_put_table_shows_its_columns_and_values():
    import pandas as pd

    from webio.output import put_table

    def app():
        apps.pandas_table()
        frame = pd.DataFrame({"n": [1, None]}, index=pd.Index(["x", "y"], name="key"))
        put_table(frame)

    client = run_app(app, timeout=60)
    text = client.text
    client.close()
    assert re.search(r"fruit\s+price", text) and re.search(r"apple\s+1\.5", text) and re.search(r"pear\s+2\.25", text)
    assert re.search(r"key\s+n", text) and re.search(r"x\s+1\.0", text) and re.search(r"y\s+nan", text)


def test_cdn_scripts_of_listed_libraries_become_local_loads_and_others_stay():
    html = ('<script src="https://cdn.plot.ly/plotly-2.35.2.min.js" charset="utf-8"></script>'
            '<script type="text/javascript" src="https://cdn.bokeh.org/bokeh/release/bokeh-tables-3.9.2.min.js">'
            '</script><script src="https://example.org/other.js"></script>')
    assert localize_html(html) == (BOX + '<script data-webio-lib="plotly"></script>'
                                   '<script data-webio-lib="bokeh-tables"></script>'
                                   '<script src="https://example.org/other.js"></script></div>')
    assert localize_html('<b>x</b><script src="https://example.org/other.js"></script>') == \
        '<b>x</b><script src="https://example.org/other.js"></script>'
    assert localize_html("<i>no script</i>") == "<i>no script</i>"


def test_sanitized_html_is_not_touched():
    from webio.output import put_html

    client = run_app(timeout=60, app=lambda: put_html('<b>x</b><script src="https://cdn.plot.ly/plotly-2.min.js"></script>',
                                      sanitize=True))
    content = client.find("html")[0].spec["content"]
    client.close()
    assert "cdn.plot.ly" in content


@pytest.mark.parametrize("name", ["lib/../page.py", "lib/plotly.min.js", "lib/os.js", "lib/", "lib/echarts.LICENSE.txt",
                                  "lib//etc/passwd.js", "lib/..%2fpage.js"])
def test_only_the_allow_list_is_served_under_lib(name):
    from webio.transport.static import serve_static

    assert library_file(name) is None
    assert serve_static(name, versioned=False).status == 404


def test_each_listed_library_is_served_compressed_and_cached():
    from webio.transport.static import serve_static

    for name, info in library_urls().items():
        url = str(info["url"])
        assert url.startswith(f"?_webio_static=lib/{name}.js&v=")
        response = serve_static(f"lib/{name}.js", versioned=True, accept_encoding="gzip")
        assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in response.headers["Cache-Control"]
    assert {"plotly", "bokeh", "bokeh-widgets", "echarts", "chartXkcd", "G2Plot"} <= set(library_urls())
