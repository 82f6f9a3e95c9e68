"""Output objects and output scopes: the foundation every ``put_*`` function stands on.

Theory of operation
-------------------
``put_xxx()`` builds a spec (docs/protocol.md, "Output specs") and wraps it in an ``Output``. The
output is sent to the browser when the object is dropped — at the end of the statement
``put_text('hi')`` — unless it was *embedded* first in another output (``put_row([put_text('a')])``),
in which case the container carries its spec. So ``.style()`` and ``.onclick()`` chained on the
call still apply, and nesting never shows a thing twice. ``with put_collapse(...):`` sends the
output at once and makes its content slot the current scope.

Scopes: the current scope of each thread / asyncio task is the top of a stack kept in a context
variable (``ROOT`` at the bottom). Scope names become DOM ids ``webio-scope-NAME``; they are
checked so that a name can never inject markup or selectors.
"""
from __future__ import annotations

import itertools
import re
from contextvars import ContextVar
from functools import wraps
from typing import Any, Callable, Optional, TypeVar, Union

from ..exceptions import SessionClosedException
from ..session.base import Session
from ..session.context import get_current_session

F = TypeVar("F", bound=Callable[..., Any])

ROOT = "ROOT"
SCOPE_PREFIX = "webio-scope-"
_scope_stack: ContextVar[tuple[str, ...]] = ContextVar("webio_scope_stack", default=(ROOT,))
_auto_names = itertools.count(1)
_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


# ------------------------------------------------------------------------- scopes
def check_scope_name(name: str) -> str:
    if not isinstance(name, str) or not _SCOPE_NAME.match(name):
        raise ValueError(
            f"invalid scope name {name!r}: use letters, digits, '_' and '-' only (it becomes an HTML id)"
        )
    return name


def scope_selector(name: str) -> str:
    """The CSS selector of a scope: ``scope_selector('log') == '#webio-scope-log'``."""
    selector = _selectors.get(name) if isinstance(name, str) else None
    if selector is None:  # checked once per name: this runs for every output
        selector = "#" + SCOPE_PREFIX + check_scope_name(name)
        if len(_selectors) < 4096:
            _selectors[name] = selector
    return selector


_selectors: dict[str, str] = {}


def new_scope_name() -> str:
    """A scope name unique in this process (for ``use_scope()`` without a name)."""
    return f"_webio_{next(_auto_names)}"


def current_scope() -> str:
    return _scope_stack.get()[-1]


def get_scope(stack_idx: int = -1) -> Optional[str]:
    """Name of a scope in the current scope stack: -1 the current one, 0 ``ROOT``; None if out of range."""
    get_current_session("get_scope")
    stack = _scope_stack.get()
    try:
        return stack[stack_idx]
    except IndexError:
        return None


def push_scope(name: str) -> Any:
    return _scope_stack.set(_scope_stack.get() + (name,))


def pop_scope(token: Any) -> None:
    try:
        _scope_stack.reset(token)
    except ValueError:  # popped in another context (e.g. a generator resumed elsewhere)
        stack = _scope_stack.get()
        if len(stack) > 1:
            _scope_stack.set(stack[:-1])


ScopeArg = Union[str, int, None]


def scope_name(scope: ScopeArg) -> str:
    """The name a ``scope=`` argument designates: None the current scope, an int an index in the
    scope stack (0 ``ROOT``, -1 the current one), a str the scope of that name."""
    if scope is None:
        return current_scope()
    if isinstance(scope, bool) or not isinstance(scope, (str, int)):
        raise TypeError(f"scope must be a scope name (str) or an index in the scope stack (int), got {scope!r}")
    if isinstance(scope, int):
        stack = _scope_stack.get()
        try:
            return stack[scope]
        except IndexError:
            raise ValueError(
                f"scope={scope} is out of range: the scope stack has {len(stack)} entries ({', '.join(stack)})"
            ) from None
    return check_scope_name(scope)


def resolve_scope(scope: ScopeArg) -> str:
    """The selector for a ``scope=`` argument (None: the current scope; int: index in the scope stack)."""
    return scope_selector(scope_name(scope))


def output_ctl(session: Session, **spec: Any) -> None:
    session.send("output_ctl", spec)


class use_scope:  # noqa: N801 (documented lower-case API name)
    """Open or enter a scope, as a context manager or a decorator.

    Example::

        with use_scope('log', clear=True) as name:
            put_text('fresh log')

        @use_scope('clock', clear=True)
        def tick():
            put_text(time.ctime())
    """

    def __init__(self, name: Optional[str] = None, clear: bool = False) -> None:
        self.name = check_scope_name(name) if name is not None else new_scope_name()
        self.clear = clear
        self._tokens: list[Any] = []

    def __enter__(self) -> str:
        session = get_current_session("use_scope")
        output_ctl(session, set_scope=scope_selector(self.name), container=scope_selector(current_scope()),
                   position=-1, if_exist="clear" if self.clear else None)
        self._tokens.append(push_scope(self.name))
        return self.name

    def __exit__(self, *exc: Any) -> None:
        pop_scope(self._tokens.pop())

    def __call__(self, func: F) -> F:
        import inspect

        if inspect.iscoroutinefunction(func):
            @wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with use_scope(self.name, self.clear):
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with use_scope(self.name, self.clear):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


# ------------------------------------------------------------------------- outputs
class Output:
    """An output that is sent when dropped, unless embedded in another output first.

    ``put_*`` functions return it; apps chain ``.style(css)`` and ``.onclick(callback)``, pass it
    as content to containers, or use container outputs as context managers.
    """

    __slots__ = ("spec", "session", "processed", "_scope_token", "__weakref__")

    def __init__(self, spec: dict[str, Any], session: Optional[Session] = None, *,
                 scope: ScopeArg = None, position: int = -1) -> None:
        self.session = session or get_current_session("put_" + str(spec.get("type", "output")))
        if self.session.closed:
            raise SessionClosedException("the session is closed: the browser page is gone, nothing more can be shown")
        if not isinstance(position, int) or isinstance(position, bool):
            raise TypeError(f"position must be an int (0 = first, -1 = last), got {position!r}")
        spec["scope"] = resolve_scope(scope)
        spec["position"] = position
        self.spec = spec
        self.processed = False
        self._scope_token: Any = None

    # -- building
    def style(self, css_style: str) -> Output:
        """Add CSS declarations to the output: ``put_text('hi').style('color: red')``."""
        old = self.spec.get("style") or ""
        self.spec["style"] = f"{old};{css_style}" if old else str(css_style)
        return self

    def onclick(self, callback: Callable[[], Any]) -> Output:
        """Call ``callback()`` when the output is clicked."""
        if not callable(callback):
            raise TypeError(f"onclick() takes a function, got {callback!r}")
        self.spec["click_callback_id"] = self.session.register_callback(lambda _data: callback())
        return self

    # -- embedding and sending
    def embed(self) -> dict[str, Any]:
        """The spec for nesting in a container; the output will not be sent on its own."""
        self.processed = True
        nested = dict(self.spec)
        nested.pop("scope", None)
        nested.pop("position", None)
        return nested

    def show(self) -> Output:
        """Send the output now (for interactive shells, where a dropped value is kept by ``_``)."""
        self.send()
        return self

    def send(self) -> None:
        """Show the output now, where it was created (done automatically for ``put_xxx()`` calls)."""
        if self.processed:
            return
        self.processed = True
        self.session.send("output", self.spec)

    def __del__(self) -> None:
        if not getattr(self, "processed", True):
            try:
                self.send()
            except Exception:  # a dropped output on a closed session has nowhere to go
                pass

    # -- context manager (containers marked † in the manual)
    def __enter__(self) -> Output:
        name = self.spec.get("container_dom_id")
        if not name:
            raise TypeError(f"put_{self.spec.get('type')}() cannot be used with 'with': it has no content slot")
        self.send()
        self._scope_token = push_scope(name[len(SCOPE_PREFIX):])
        return self

    def __exit__(self, *exc: Any) -> None:
        pop_scope(self._scope_token)
        self._scope_token = None

    def enable_context_manager(self, container_selector: Optional[str] = None) -> Output:
        """Let ``with`` open this output's content slot as a scope."""
        self.spec["container_dom_id"] = SCOPE_PREFIX + new_scope_name()
        if container_selector:
            self.spec["container_selector"] = container_selector
        return self

    def __repr__(self) -> str:
        return f"<Output {self.spec.get('type')}>"


class OutputList(list[Any]):
    """A list of outputs (what ``style([...], css)`` returns): dropped unused, it shows them in order.

    A plain list frees its items last to first, which would show them in reverse.
    """

    def __del__(self) -> None:
        for item in self:
            if isinstance(item, Output) and not item.processed:
                try:
                    item.send()
                except Exception:  # a dropped output on a closed session has nowhere to go
                    pass


Content = Union[Output, str, int, float, None]


class Span:
    """A table or grid cell that spans several rows/columns; made by ``span()``."""

    __slots__ = ("content", "row", "col")

    def __init__(self, content: Any, row: int = 1, col: int = 1) -> None:
        for name, value in (("row", row), ("col", col)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"span({name}=...) must be a whole number of cells, 1 or more; got {value!r}")
        if isinstance(content, Span):
            raise TypeError("span() of a span(): give the cell content once, with both row= and col=")
        self.content = content
        self.row = row
        self.col = col

    def __repr__(self) -> str:
        return f"span({self.content!r}, row={self.row}, col={self.col})"


def content_spec(item: Any) -> Any:
    """A nested spec for a content item: outputs are embedded, str/numbers stay as text shorthand."""
    if isinstance(item, Output):
        return item.embed()
    if isinstance(item, Span):
        raise TypeError(f"{item!r} is only allowed as a cell of put_table() or put_grid()")
    if item is None:
        return None
    if isinstance(item, bool):
        return str(item)
    if isinstance(item, (str, int, float)):
        return item if isinstance(item, str) else str(item)
    raise TypeError(
        f"cannot show {type(item).__name__} {item!r} here: pass a put_xxx() output, a string or a number"
    )


def contents_spec(items: Any) -> list[Any]:
    """``content_spec`` for a single item or a list of them."""
    if isinstance(items, (list, tuple)):
        return [content_spec(item) for item in items]
    return [content_spec(items)]
