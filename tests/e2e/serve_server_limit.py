"""Serves one e2e app module behind a server limit lower than its ``max_payload_size``, as daphne's
1 MiB WebSocket limit or a proxy's body limit would be:
``python -m tests.e2e.serve_server_limit MODULE PROTOCOL LIMIT_BYTES``.

WebSocket: Tornado closes the socket (1009) on a message over LIMIT_BYTES. HTTP: a POST whose body
is over LIMIT_BYTES is answered 413 before webio sees it (a proxy's ``client_max_body_size``). The
page still announces the app's own ``max_payload_size``.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from webio.session.context import enter_server_mode
from webio.tornado import serve_routes, webio_handler


def main() -> None:
    module_name, protocol, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    module = importlib.import_module(f"tests.e2e.{module_name}")
    options = dict(getattr(module, "SERVER_OPTIONS", {}))
    webio = webio_handler(module.APPS, transport=protocol, **options)

    class LimitedHandler(webio):  # type: ignore[valid-type, misc]
        max_message_size = limit

        async def post(self, *args: Any, **kwargs: Any) -> None:
            if len(self.request.body) > limit:
                self.set_status(413)
                self.finish("Request Entity Too Large")
                return
            await super().post(*args, **kwargs)

    endpoint = webio.endpoint
    enter_server_mode()
    cleanup = endpoint.settings.session_cleanup_interval if protocol == "http" else None
    serve_routes([(r"/", LimitedHandler)], lambda: [endpoint], cleanup_interval=cleanup, port=0,
                 host="127.0.0.1", debug=False, static_dir=None, auto_open_webbrowser=False,
                 max_payload_size=options.get("max_payload_size", "200M"))


if __name__ == "__main__":
    main()
