"""put_logbox / logbox_append / logbox_clear, put_video / put_audio through webio.testing."""
from __future__ import annotations

import pytest

from webio.battery import logbox_append, logbox_clear, put_audio, put_logbox, put_video
from webio.output import put_text
from webio.testing import run_app


def test_logbox_appends_text_verbatim_and_clears() -> None:
    def app() -> None:
        put_logbox("log", height=120)
        logbox_append("log", "line <script>alert(1)</script>\n")
        logbox_append("log", 42)
        put_text("below")

    client = run_app(app)
    box = client.scope("webio-logbox-log")
    assert box.text == "line <script>alert(1)</script>\n42"
    scrollable = client.find("scrollable")[0]
    assert scrollable.spec["max_height"] == 120 and scrollable.spec["keep_bottom"] is True
    assert client.text.endswith("below")

    def clearing() -> None:
        put_logbox("log", keep_bottom=False)
        logbox_append("log", "old")
        logbox_clear("log")
        logbox_append("log", "new")

    client = run_app(clearing)
    assert client.scope("webio-logbox-log").text == "new"
    assert client.find("scrollable")[0].spec["keep_bottom"] is False


def test_logbox_name_must_be_an_id() -> None:
    client = run_app(lambda: put_logbox("my log"), raise_app_errors=False)
    assert "letters, digits" in str(client.app_errors[0])


def test_video_and_audio_from_url_and_bytes_escape_their_attributes() -> None:
    def app() -> None:
        put_video('/media/a.mp4?x="><script>', muted=True, autoplay=True, width=320, poster="/p.png")
        put_audio(b"RIFF0000WAVE", loop=True)

    client = run_app(app)
    video, audio = [node.spec["content"] for node in client.find("html")]
    assert video.startswith('<video src="/media/a.mp4?x=&quot;&gt;&lt;script&gt;" controls')
    assert "autoplay" in video and "muted" in video and 'width="320"' in video and 'poster="/p.png"' in video
    assert audio.startswith('<audio src="data:audio/wav;base64,UklGRjAwMDBXQVZF" controls') and "loop" in audio


@pytest.mark.parametrize("src", ["javascript:alert(1)", 12])
def test_media_src_must_be_a_url_or_bytes(src: object) -> None:
    client = run_app(lambda: put_video(src), raise_app_errors=False)  # type: ignore[arg-type]
    assert "put_video() src" in str(client.app_errors[0])
