"""The floor: a bare Tornado WebSocket echo with permessage-deflate enabled, as PyWebIO runs it."""
import asyncio

import tornado.web
import tornado.websocket


class Echo(tornado.websocket.WebSocketHandler):
    def get_compression_options(self):
        return {}  # accept permessage-deflate when the client offers it

    def check_origin(self, origin):
        return True

    def on_message(self, message):
        self.write_message(message)


def serve(port: int) -> None:
    async def run() -> None:
        tornado.web.Application([(r"/", Echo)]).listen(port, address="127.0.0.1")
        await asyncio.Event().wait()

    asyncio.run(run())
