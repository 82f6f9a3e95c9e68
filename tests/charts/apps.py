"""Chart apps written as PyWebIO's manual shows them (§4.8.2), one per library, and one with all."""
from __future__ import annotations

from typing import Any


def bokeh_chart() -> None:
    from bokeh.io import output_notebook, show
    from bokeh.plotting import figure

    output_notebook(notebook_type="pywebio")
    fig = figure(title="bokeh-line", width=300, height=200)
    fig.line([1, 2, 3], [3, 1, 2])
    show(fig)


def bokeh_widgets() -> None:
    from bokeh.io import output_notebook, show
    from bokeh.layouts import column
    from bokeh.models import Slider
    from bokeh.plotting import figure

    output_notebook(notebook_type="webio")
    fig = figure(width=300, height=200)
    fig.scatter([1, 2, 3], [3, 1, 2])
    show(column(Slider(start=0, end=10, value=1, step=1, title="bokeh-slider"), fig))


def plotly_chart() -> None:
    import plotly.express as px

    from webio.output import put_html

    fig = px.bar(x=["a", "b", "c"], y=[1, 3, 2], title="plotly-bar")
    put_html(fig.to_html(include_plotlyjs="require", full_html=False))


def pyecharts_chart() -> None:
    from pyecharts.charts import Bar

    from webio.output import put_html

    chart = Bar().add_xaxis(["a", "b", "c"]).add_yaxis("echarts-series", [1, 3, 2])
    put_html(chart.render_notebook())


def cutecharts_chart() -> None:
    from cutecharts.charts import Bar

    from webio.output import put_html

    chart = Bar("cutecharts-bar")
    chart.set_options(labels=["a", "b", "c"], x_label="x", y_label="y")
    chart.add_series("series", [1, 3, 2])
    put_html(chart.render_notebook())


def g2plot_chart() -> None:
    from pyg2plot import Plot

    from webio.output import put_html

    line = Plot("Line")
    line.set_options({"data": [{"x": "a", "y": 1}, {"x": "b", "y": 3}, {"x": "c", "y": 2}],
                      "xField": "x", "yField": "y", "height": 200})
    put_html(line.render_notebook())


def matplotlib_chart() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from webio.output import put_image

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([1, 3, 2])
    put_image(fig, title="matplotlib-figure")


def pil_image() -> None:
    from PIL import Image

    from webio.output import put_image

    put_image(Image.new("RGB", (40, 20), (200, 30, 30)), title="pil-image")


def pandas_table() -> None:
    import pandas as pd

    from webio.output import put_table

    put_table(pd.DataFrame({"fruit": ["apple", "pear"], "price": [1.5, 2.25]}))


ALL: dict[str, Any] = {
    "bokeh": bokeh_chart, "bokeh_widgets": bokeh_widgets, "plotly": plotly_chart, "pyecharts": pyecharts_chart,
    "cutecharts": cutecharts_chart, "g2plot": g2plot_chart, "matplotlib": matplotlib_chart,
    "pil": pil_image, "pandas": pandas_table,
}


def every_chart() -> None:
    """One page with every kind, each in its own scope named after it."""
    from webio.output import put_scope, use_scope

    for name, body in ALL.items():
        put_scope(name)
        with use_scope(name):
            body()
