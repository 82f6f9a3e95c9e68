"""Apps as any callable (functools.partial among them), config() per decorated use, file times in
seconds (issue items 3, 4, 5)."""
from __future__ import annotations

import functools
import re
import time
from typing import Any

import pytest

from webio import config
from webio.input import file_upload
from webio.output import put_text
from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint


def page_of(endpoint: WebioEndpoint, app: str) -> str:
    request = HttpRequest(method="GET", path="/", query={"app": app}, headers=CaseInsensitiveHeaders({"Host": "x"}))
    return endpoint.respond(request).body.decode()


def theme_of(page: str) -> str:
    found = re.search(r'data-webio-theme="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


def greet(who: str) -> None:
    """Greeter

    Says hello."""
    put_text("hello", who)


def plain() -> None:
    put_text("plain")


class Counter:
    """A callable object as an app."""

    def __call__(self) -> None:
        put_text("counted")


def test_partial_apps_in_a_list_are_named_after_their_function(webio_client: Any) -> None:
    endpoint = WebioEndpoint([plain, functools.partial(greet, "Ada"), Counter()], backend="test")
    assert sorted(endpoint.apps.names) == ["Counter", "greet", "plain"]
    assert webio_client(endpoint.apps.get("greet")).text == "hello Ada"
    assert webio_client(endpoint.apps.get("Counter")).text == "counted"
    page = page_of(endpoint, "greet")
    assert "<title>Greeter</title>" in page          # the function's docstring, not partial's


def test_two_apps_of_one_name_in_a_list_say_to_use_a_dict() -> None:
    with pytest.raises(ValueError, match="pass a dict instead"):
        WebioEndpoint([functools.partial(greet, "a"), functools.partial(greet, "b")], backend="test")


def test_config_applies_per_decorated_use() -> None:
    apps = {"dark": config(theme="dark")(plain), "yeti": config(theme="yeti", title="Yeti")(plain), "bare": plain}
    endpoint = WebioEndpoint(apps, backend="test")
    assert theme_of(page_of(endpoint, "dark")) == "dark"
    assert theme_of(page_of(endpoint, "yeti")) == "yeti"
    assert theme_of(page_of(endpoint, "bare")) == "default"   # the function itself is left as it was
    assert "<title>Yeti</title>" in page_of(endpoint, "yeti")


def test_config_stacks_on_one_use_and_keeps_async_apps_async(webio_client: Any) -> None:
    async def app() -> None:
        put_text("async app")

    configured = config(title="T")(config(theme="minty")(app))
    page = page_of(WebioEndpoint(configured, backend="test"), "index")
    assert theme_of(page) == "minty" and "<title>T</title>" in page
    assert webio_client(configured).text == "async app"   # still runs as a coroutine app
    with pytest.raises(TypeError, match="only decorate an app function"):
        config(theme="dark")("not a function")  # type: ignore[arg-type]


def test_config_on_a_partial_app() -> None:
    page = page_of(WebioEndpoint(config(theme="sketchy")(functools.partial(greet, "x")), backend="test"), "index")
    assert theme_of(page) == "sketchy" and "<title>Greeter</title>" in page


def test_file_upload_last_modified_is_in_seconds(webio_client: Any) -> None:
    def app() -> None:
        f = file_upload("Doc")
        put_text("age", round(time.time() - f["last_modified"]))

    client = webio_client(app)
    client.upload("data", [("a.txt", b"hello")], submit=True)
    assert client.text.endswith("age 0")


def test_deprecated_seo_still_sets_title_and_description() -> None:
    from webio.platform import seo

    with pytest.warns(DeprecationWarning, match="use webio.config"):
        app = seo("Shop", "Buy things", plain)
    with pytest.warns(DeprecationWarning):
        decorated = seo("Other")(plain)
    page = page_of(WebioEndpoint({"shop": app, "other": decorated}, backend="test"), "shop")
    assert "<title>Shop</title>" in page and 'content="Buy things"' in page
    assert "<title>Other</title>" in page_of(WebioEndpoint(decorated, backend="test"), "index")


def test_an_app_without_docstring_is_titled_after_its_function() -> None:
    def ops_dashboard() -> None:
        put_text("up")

    assert "<title>Ops dashboard</title>" in page_of(WebioEndpoint(ops_dashboard, backend="test"), "index")
    # a lambda has no useful name: the page falls back to the app's name
    assert "<title>index</title>" in page_of(WebioEndpoint(lambda: put_text("x"), backend="test"), "index")
