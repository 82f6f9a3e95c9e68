"""NiceGUI's click counter: ``python -m benchmarks.apps.nicegui_click PORT`` (run with the NiceGUI venv).

The same interaction as ``webio_click``: a label showing a count and a button whose click raises it.
"""
import sys

from nicegui import ui


@ui.page("/")
def index() -> None:
    count = {"n": 0}
    label = ui.label("0")

    def click() -> None:
        count["n"] += 1
        label.set_text(str(count["n"]))

    ui.button("+", on_click=click)


if __name__ in {"__main__", "__mp_main__"}:
    ui.run(port=int(sys.argv[1]), host="127.0.0.1", reload=False, show=False, show_welcome_message=False)
