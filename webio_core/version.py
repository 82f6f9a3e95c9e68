"""The version of webio, in one place: the package, the page and the client read it."""

__version__ = "0.1.0"
