"""``JSFunction``: a JavaScript function given as text, for options that take a function
(``put_datatable``'s ``column_args`` / ``grid_args``)."""
from __future__ import annotations


class JSFunction:
    """A JavaScript function: its parameter names, then its body.

    Example::

        JSFunction("params", "return params.value.toUpperCase()")
    """

    __slots__ = ("params", "body")

    def __init__(self, *params_and_body: str) -> None:
        if not params_and_body:
            raise ValueError("JSFunction needs at least the function body, e.g. JSFunction('x', 'return x * 2')")
        for part in params_and_body:
            if not isinstance(part, str):
                raise TypeError(f"JSFunction takes parameter names and a body as strings, got {part!r}")
        self.params: tuple[str, ...] = tuple(params_and_body[:-1])
        self.body: str = params_and_body[-1]

    def __repr__(self) -> str:
        return f"JSFunction({', '.join(repr(p) for p in (*self.params, self.body))})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSFunction) and (self.params, self.body) == (other.params, other.body)

    def __hash__(self) -> int:
        return hash((self.params, self.body))
