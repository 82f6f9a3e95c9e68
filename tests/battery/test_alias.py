"""PyWebIO programs import ``pywebio_battery``; after the rename it is ``webio_battery``."""
from __future__ import annotations

import inspect

import webio.battery
import webio_battery

DOCUMENTED = {  # pywebio_battery's public functions and their parameters, in order
    "confirm": ["title", "content", "timeout"],
    "popup_input": ["pins", "title", "validate", "popup_size", "cancelable"],
    "redirect_stdout": ["output_func"],
    "run_shell": ["cmd", "output_func", "encoding"],
    "put_logbox": ["name", "height", "keep_bottom"],
    "logbox_append": ["name", "text"],
    "logbox_clear": ["name"],
    "put_video": ["src", "autoplay", "loop", "height", "width", "muted", "poster", "scope", "position"],
    "put_audio": ["src", "autoplay", "loop", "muted", "scope", "position"],
    "wait_scroll_to_bottom": ["threshold", "timeout"],
    "file_picker": ["path", "multiple", "accept", "cancelable", "title", "show_hidden_files"],
    "get_all_query": [],
    "get_query": ["name"],
    "set_localstorage": ["key", "value"],
    "get_localstorage": ["key"],
    "clear_localstorage": [],
    "set_cookie": ["key", "value", "days"],
    "get_cookie": ["key"],
    "basic_auth": ["verify_func", "secret", "expire_days", "token_name"],
    "custom_auth": ["login_func", "secret", "expire_days", "token_name"],
    "revoke_auth": ["token_name"],
}


def test_webio_battery_is_webio_battery_module() -> None:
    assert set(webio_battery.__all__) == set(webio.battery.__all__)
    for name in webio.battery.__all__:
        assert getattr(webio_battery, name) is getattr(webio.battery, name)


def test_every_documented_name_takes_the_documented_parameters_in_order() -> None:
    for name, params in DOCUMENTED.items():
        assert list(inspect.signature(getattr(webio_battery, name)).parameters) == params, name
