"""``webio.session.local``: a per-session namespace read and written through attributes."""
from __future__ import annotations

from typing import Any, Iterator


class SessionLocal:
    """Attributes that are not set read as None; supports ``in``, iteration and item access."""

    __slots__ = ("_dict",)

    def __init__(self) -> None:
        object.__setattr__(self, "_dict", {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._dict.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._dict[name] = value

    def __delattr__(self, name: str) -> None:
        self._dict.pop(name, None)

    def __getitem__(self, key: Any) -> Any:
        return self._dict.get(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._dict[key] = value

    def __delitem__(self, key: Any) -> None:
        self._dict.pop(key, None)

    def __contains__(self, key: Any) -> bool:
        return key in self._dict

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._dict))

    def __len__(self) -> int:
        return len(self._dict)

    def __repr__(self) -> str:
        return f"<webio session local {self._dict!r}>"
