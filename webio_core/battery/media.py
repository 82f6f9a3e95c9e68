"""``put_video`` and ``put_audio``: HTML5 players for a URL or the file's bytes."""
from __future__ import annotations

import base64
import html
from typing import Optional, Union

from ..output import Output, put_html
from ..output.base import ScopeArg


def _source(src: Union[str, bytes], mime: str, function: str) -> str:
    if isinstance(src, (bytes, bytearray, memoryview)):
        return f"data:{mime};base64," + base64.b64encode(bytes(src)).decode("ascii")
    if not isinstance(src, str):
        raise TypeError(f"{function}() src is a URL (str) or the file content (bytes), got {type(src).__name__}")
    if src.strip().lower().startswith("javascript:"):
        raise ValueError(f"{function}() src must be a media URL, not a javascript: URL")
    return src


def _attributes(flags: dict[str, bool], values: dict[str, Optional[object]]) -> str:
    parts = [name for name, on in flags.items() if on]
    parts += [f'{name}="{html.escape(str(value), quote=True)}"' for name, value in values.items() if value is not None]
    return " ".join(parts)


def put_video(src: Union[str, bytes], autoplay: bool = False, loop: bool = False, height: Optional[int] = None,
              width: Optional[int] = None, muted: bool = False, poster: Optional[str] = None,
              scope: ScopeArg = None, position: int = -1) -> Output:
    """Show a video player for a URL or the video's bytes (MP4).

    Example: ``put_video(open("clip.mp4", "rb").read(), muted=True, autoplay=True)``
    """
    attrs = _attributes({"autoplay": autoplay, "loop": loop, "muted": muted},
                        {"height": height, "width": width, "poster": poster})
    source = html.escape(_source(src, "video/mp4", "put_video"), quote=True)
    return put_html(f'<video src="{source}" controls preload="metadata" {attrs}></video>', scope=scope,
                    position=position)


def put_audio(src: Union[str, bytes], autoplay: bool = False, loop: bool = False, muted: bool = False,
              scope: ScopeArg = None, position: int = -1) -> Output:
    """Show an audio player for a URL or the audio's bytes (WAV, MP3, …).

    Example: ``put_audio("/static/beep.mp3")``
    """
    attrs = _attributes({"autoplay": autoplay, "loop": loop, "muted": muted}, {})
    source = html.escape(_source(src, "audio/wav", "put_audio"), quote=True)
    return put_html(f'<audio src="{source}" controls preload="metadata" {attrs}></audio>', scope=scope,
                    position=position)
