"""Directory deploy: the folder rules (AppDirectory) and the Tornado handler that serves them."""
from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.tornado.tabs import WsTab, http_get, start
from webio.platform.directory_deploy import AppDirectory, NotFound, Redirect
from webio.tornado.directory import DirectoryHandler
from webio.transport import WebioEndpoint

APP = textwrap.dedent('''
    from webio.session import eval_js, run_js

    def main():
        run_js("hello", name={name!r})
        value = eval_js("next()")
        run_js("echo", value=value)
''')


@pytest.fixture
def apps(tmp_path: Path) -> Path:
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "b.py").write_text(APP.format(name="A/b"))
    (tmp_path / "c.py").write_text(APP.format(name="c"))
    (tmp_path / "helper.py").write_text("X = 1\n")
    (tmp_path / "_private.py").write_text(APP.format(name="private"))
    (tmp_path / "_secret").mkdir()
    (tmp_path / "_secret" / "d.py").write_text(APP.format(name="secret"))
    (tmp_path / "withindex").mkdir()
    (tmp_path / "withindex" / "index.py").write_text(APP.format(name="withindex"))
    return tmp_path


def test_files_with_main_are_apps_at_their_path(apps: Path) -> None:
    directory = AppDirectory(apps, backend="tornado")
    assert isinstance(directory.resolve("A/b"), WebioEndpoint)
    assert isinstance(directory.resolve("c"), WebioEndpoint)
    assert directory.resolve("c") is directory.resolve("c"), "a file is loaded once"
    for hidden_or_missing in ("helper", "_private", "_secret/d", "nope", "A/b.py", "../c", ".git"):
        with pytest.raises(NotFound):
            directory.resolve(hidden_or_missing)


def test_folders_redirect_to_a_slash_and_list_their_apps(apps: Path) -> None:
    directory = AppDirectory(apps, backend="tornado")
    with pytest.raises(Redirect) as redirect:
        directory.resolve("A", "x=1")
    assert redirect.value.location == "A/?x=1"
    listing = directory.resolve("")
    assert isinstance(listing, str)
    assert 'href="A/"' in listing and 'href="c"' in listing
    assert "helper" not in listing and "_private" not in listing and "_secret" not in listing
    assert 'href="../"' in str(directory.resolve("A/"))
    assert isinstance(directory.resolve("withindex/"), WebioEndpoint), "index.py is the folder's page"


def test_index_option(apps: Path) -> None:
    custom = AppDirectory(apps, index=lambda path: f"<p>{Path(path).name}</p>", backend="tornado")
    assert custom.resolve("A/") == "<p>A</p>"
    with pytest.raises(NotFound):
        AppDirectory(apps, index=False, backend="tornado").resolve("A/")


def test_reload_picks_up_changes(apps: Path) -> None:
    directory = AppDirectory(apps, backend="tornado")
    endpoint = directory.resolve("c")
    assert isinstance(endpoint, WebioEndpoint)
    first = endpoint.apps.get("index")
    (apps / "c.py").write_text(APP.format(name="c2"))
    assert directory.resolve("c").apps.get("index") is first  # type: ignore[union-attr]
    assert directory.resolve("c", reload=True) is endpoint, "the endpoint (and its sessions) stay"
    assert endpoint.apps.get("index") is not first


def test_not_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a folder"):
        AppDirectory(tmp_path / "missing")


@pytest.fixture
def deployed(apps: Path) -> Iterator[tuple[str, Path]]:
    directory = AppDirectory(apps, backend="tornado")
    handler = type("H", (DirectoryHandler,), {"directory": directory})
    server = start([(r"/(.*)", handler)], directory.endpoints)
    yield f"http://127.0.0.1:{server.port}/", apps
    server.request_stop()


def test_served_over_tornado(deployed: tuple[str, Path]) -> None:
    url, apps = deployed
    status, _, body = http_get(url)
    assert status == 200 and b'href="A/"' in body
    assert http_get(url + "A/b")[0] == 200
    assert b'href="b"' in http_get(url + "A")[2], "a folder URL redirects to its listing"
    assert http_get(url + "_secret/d")[0] == 404
    assert http_get(url + "helper")[0] == 404

    async def scenario(path: str) -> Any:
        tab = await WsTab(url + path).connect()
        name = (await tab.script("hello"))["spec"]["args"]["name"]
        await tab.answer(await tab.script("next()"), 7)
        echoed = (await tab.script("echo"))["spec"]["args"]
        tab.close()
        return name, echoed

    assert asyncio.run(scenario("A/b")) == ("A/b", {"value": 7})
    (apps / "A" / "b.py").write_text(APP.format(name="A/b v2"))
    assert asyncio.run(scenario("A/b"))[0] == "A/b", "changes wait for ?reload"
    assert http_get(url + "A/b?reload")[0] == 200
    assert asyncio.run(scenario("A/b"))[0] == "A/b v2"
