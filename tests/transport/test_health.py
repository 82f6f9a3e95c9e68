"""Liveness and readiness probes (``?_webio=health`` / ``?_webio=ready``) answered by the endpoint."""
import json

from webio.transport import CaseInsensitiveHeaders, HttpRequest, WebioEndpoint


def probe(ep: WebioEndpoint, check: str, method: str = "GET") -> tuple[int, dict]:
    response = ep.respond(HttpRequest(method=method, path="/", query={"_webio": check},
                                      headers=CaseInsensitiveHeaders({})))
    return response.status, (json.loads(response.body) if response.status != 405 else {})


def test_probes_answer_ok_and_ready_then_draining_after_close():
    ep = WebioEndpoint(lambda: None, backend="test")
    assert probe(ep, "health") == (200, {"status": "ok", "sessions": 0, "draining": False})
    assert probe(ep, "ready") == (200, {"status": "ready", "sessions": 0})
    ep.close()
    assert probe(ep, "ready") == (503, {"status": "draining", "sessions": 0})
    assert probe(ep, "health") == (200, {"status": "ok", "sessions": 0, "draining": True})


def test_probes_are_not_cached_and_only_answer_get_or_head():
    ep = WebioEndpoint(lambda: None, backend="test")
    response = ep.respond(HttpRequest(method="HEAD", path="/", query={"_webio": "ready"},
                                      headers=CaseInsensitiveHeaders({})))
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    assert probe(ep, "health", method="POST")[0] == 405


def test_readiness_follows_a_registry_that_can_be_unavailable():
    from webio.session.registry import LocalSessionRegistry

    class BusRegistry(LocalSessionRegistry):
        """A registry whose message bus can be down (what a routing registry reports)."""

        reachable = True

        def ready(self) -> bool:
            return self.reachable

    registry = BusRegistry()
    ep = WebioEndpoint(lambda: None, backend="test", registry=registry)
    assert probe(ep, "ready") == (200, {"status": "ready", "sessions": 0})
    registry.reachable = False
    assert probe(ep, "ready") == (503, {"status": "unavailable", "sessions": 0})
    assert probe(ep, "health")[0] == 200  # alive: restarting would not bring the bus back
