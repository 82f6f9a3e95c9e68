"""The framework-independent endpoint: assets, preflight, page, as every plugin serves them."""
import gzip

from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint


def request(method="GET", query=None, **headers):
    return HttpRequest(method=method, path="/tool", query=query or {}, headers=CaseInsensitiveHeaders(headers))


def endpoint(**options):
    return WebioEndpoint(lambda: None, backend="test", **options)


def test_assets_are_gzipped_for_browsers_that_accept_it():
    ep = endpoint()
    plain = ep.respond(request(query={"_webio_static": "webio.js", "v": "1"}))
    zipped = ep.respond(request(query={"_webio_static": "webio.js", "v": "1"}, **{"Accept-Encoding": "gzip, br"}))
    assert plain.status == zipped.status == 200
    assert zipped.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body) / 2
    assert "immutable" in zipped.headers["Cache-Control"] and zipped.headers["Vary"] == "Accept-Encoding"


def test_asset_paths_cannot_leave_the_client_folder():
    for name in ("../__init__.py", "/etc/passwd", "dist/../../setup.cfg", ""):
        assert endpoint().respond(request(query={"_webio_static": name})).status == 404


def test_preflight_grants_only_allowed_origins():
    ep = endpoint(allowed_origins=["https://*.example.com"])
    ok = ep.respond(request("OPTIONS", {"_webio": "http"}, Origin="https://a.example.com", Host="tool.local"))
    assert ok.status == 204 and ok.headers["Access-Control-Allow-Origin"] == "https://a.example.com"
    refused = ep.respond(request("OPTIONS", {"_webio": "http"}, Origin="https://evil.test", Host="tool.local"))
    assert refused.status == 403 and "Access-Control-Allow-Origin" not in refused.headers
    plain = ep.respond(request("OPTIONS"))
    assert plain.status == 204 and "POST" in plain.headers["Allow"]


def test_page_names_its_assets_relative_to_its_own_url():
    page = endpoint().respond(request(Host="tool.local")).body.decode()
    assert 'src="?_webio_static=webio.js&amp;v=' in page
    import re

    urls = set(re.findall(r"https?://[^\"' )]+", page)) - {"http://www.w3.org/2000/svg"}  # an SVG namespace
    assert urls == set()
