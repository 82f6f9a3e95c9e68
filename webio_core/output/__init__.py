"""``webio.output``: show things in the browser (manual §4.3). Being written."""
from .base import Output, get_scope, use_scope

__all__ = ["Output", "get_scope", "use_scope"]
