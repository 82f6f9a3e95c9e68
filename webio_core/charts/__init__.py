"""Charts in webio pages, offline: the client libraries the server may serve, chart HTML made to
load them from this server, and Bokeh's notebook hook (``output_notebook(notebook_type='webio')``).

Example::

    from bokeh.io import output_notebook, show
    from bokeh.plotting import figure

    output_notebook(notebook_type="webio")
    fig = figure()
    fig.line([1, 2, 3], [3, 1, 2])
    show(fig)
"""
from __future__ import annotations

from .libraries import LIBRARIES, ClientLibrary, library_file, library_urls
from .localize import localize_html

__all__ = ["LIBRARIES", "ClientLibrary", "library_file", "library_urls", "localize_html"]
