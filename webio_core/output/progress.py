"""Progress bars and loading spinners."""
from __future__ import annotations

from typing import Any, Optional

from ..session.context import get_current_session
from .base import Output, ScopeArg, output_ctl
from .checks import COLORS, check_bool, check_choice, check_number_range


def _label(label: Any) -> Optional[str]:
    return None if label is None else str(label)


def put_progressbar(name: str, init: float = 0, label: Optional[str] = None, auto_close: bool = False,
                    scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a progress bar named ``name`` at ``init`` (0 to 1); move it with ``set_progressbar``.

    ``put_processbar`` is its older name. Example::

        put_progressbar('bar')
        for i in range(1, 11):
            set_progressbar('bar', i / 10)
    """
    spec = {"type": "processbar", "name": str(name), "value": check_number_range("put_progressbar", "init", init, 0, 1),
            "label": _label(label), "auto_close": check_bool("put_progressbar", "auto_close", auto_close)}
    return Output(spec, scope=scope, position=position)


def set_progressbar(name: str, value: float, label: Optional[str] = None) -> None:
    """Set the progress (0 to 1) and optionally the label of the progress bar ``name``.

    ``set_processbar`` is its older name. Example::

        set_progressbar('bar', 0.5, label='half way')
    """
    session = get_current_session("set_progressbar")
    output_ctl(session, processbar={"name": str(name), "value": check_number_range("set_progressbar", "value", value, 0, 1),
                                    "label": _label(label)})


put_processbar = put_progressbar
set_processbar = set_progressbar


class LoadingOutput(Output):
    """``put_loading()``: with ``with``, the spinner shows while the block runs, then goes away.

    Outputs made inside the block go to the surrounding scope, so they stay after the spinner is
    removed.
    """

    __slots__ = ()

    def __enter__(self) -> Output:
        self.send()
        return self

    def __exit__(self, *exc: Any) -> None:
        dom_id = self.spec["container_dom_id"]
        if not self.session.closed:
            output_ctl(self.session, remove="#" + dom_id)


def put_loading(shape: str = "border", color: str = "dark", scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a loading spinner; as a context manager it disappears when the block ends.

    Example::

        with put_loading():
            time.sleep(3)
            put_text("The answer of the universe is 42")
    """
    spec = {"type": "loading", "shape": check_choice("put_loading", "shape", shape, ("border", "grow")),
            "color": check_choice("put_loading", "color", color, COLORS), "contents": []}
    # The spinner gets a scope id only so that the end of a with block can remove it.
    return LoadingOutput(spec, scope=scope, position=position).enable_context_manager()
