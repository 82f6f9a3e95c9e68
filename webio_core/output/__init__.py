"""``webio.output``: show things in the browser (manual §4.3).

Example::

    from webio.output import put_text, put_table, put_buttons, use_scope

    def app():
        put_text("Hello")
        put_table([['Name', 'Price'], ['Apple', '5.5']])
        with use_scope('log'):
            put_buttons(['again'], onclick=lambda _: put_text('clicked', scope='log'))
"""
from .base import Output, Span, get_scope, use_scope
from .buttons import put_button, put_buttons
from .compat import output
from .containers import put_collapse, put_scrollable, put_tabs, put_widget
from .control import clear, remove, scroll_to
from .datatable import datatable_insert, datatable_remove, datatable_update, put_datatable
from .interaction import PopupSize, close_popup, popup, toast
from .jsfunction import JSFunction
from .layout import put_column, put_grid, put_row, put_scope, style
from .media import put_file, put_image
from .positions import OutputPosition, Position, set_scope
from .progress import put_loading, put_processbar, put_progressbar, set_processbar, set_progressbar
from .table import put_table, span
from .text import put_code, put_error, put_html, put_info, put_link, put_markdown, put_success, put_text, put_warning

__all__ = [
    # scopes
    "put_scope", "use_scope", "get_scope", "clear", "remove", "scroll_to",
    # content
    "put_text", "put_markdown", "put_info", "put_success", "put_warning", "put_error", "put_html", "put_link",
    "put_processbar", "set_processbar", "put_loading", "put_code", "put_table", "span", "put_buttons", "put_button",
    "put_image", "put_file", "put_tabs", "put_collapse", "put_scrollable", "put_widget",
    # other interactions
    "toast", "popup", "close_popup", "PopupSize",
    # layout and style
    "put_row", "put_column", "put_grid", "style",
    # objects and compatibility
    "Output", "Span", "output",
    # PyWebIO 1.8 names
    "set_scope", "Position", "OutputPosition", "put_progressbar", "set_progressbar", "JSFunction",
]
__all__ += ["put_datatable", "datatable_update", "datatable_insert", "datatable_remove"]
