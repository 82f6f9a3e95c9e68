"""put_image, put_file, put_processbar/set_processbar, put_loading (manual §4.3.3, §4.1.2)."""
import base64
import io
import time

import pytest

from webio.output import put_file, put_image, put_loading, put_processbar, put_text, set_processbar

from .harness import misuse_errors

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_image_from_bytes_and_url(run):
    def app():
        put_image(PNG, width='50px')
        put_image('https://www.python.org/static/img/python-logo.png')
        put_image(b'\xff\xd8\xff\xe0rest', title='photo', height=30)
        put_image(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
        put_image(b'unknown bytes', format='webp')

    specs = run(app).output_specs('image')
    assert specs[0]["src"].startswith("data:image/png;base64,") and specs[0]["width"] == '50px'
    assert base64.b64decode(specs[0]["src"].split(",", 1)[1]) == PNG
    assert specs[1]["src"] == 'https://www.python.org/static/img/python-logo.png'
    assert specs[2]["src"].startswith("data:image/jpeg;") and specs[2]["alt"] == 'photo' and specs[2]["height"] == '30px'
    assert specs[3]["src"].startswith("data:image/svg+xml;")
    assert specs[4]["src"].startswith("data:image/webp;")


def test_image_from_pil_like_object(run):
    class FakeImage:
        mode, size, format = "RGB", (1, 1), None

        def save(self, fp, format):
            fp.write(PNG)

    src = run(lambda: put_image(FakeImage())).output_specs('image')[0]["src"]
    assert src.startswith("data:image/png;base64,")


def test_image_from_real_pil_image(run):
    image_module = pytest.importorskip("PIL.Image")
    img = image_module.new("RGB", (4, 4), "red")

    def app():
        put_image(img)
        put_image(img, format='jpeg')

    png, jpeg = run(app).output_specs('image')
    assert png["src"].startswith("data:image/png;")
    assert jpeg["src"].startswith("data:image/jpeg;")
    decoded = image_module.open(io.BytesIO(base64.b64decode(png["src"].split(",", 1)[1])))
    assert decoded.size == (4, 4)


def test_file(run):
    def app():
        put_file('hello_word.txt', b'hello word!')
        put_file('hello-world.txt', b'hello world!', 'download me')

    page = run(app)
    first, second = page.outputs('file')
    assert first.file_content == b'hello word!' and first.text == 'hello_word.txt'
    assert second.text == 'download me' and second.spec["name"] == 'hello-world.txt'


def test_processbar(run):
    def app():
        put_processbar('bar')
        for i in range(1, 11):
            set_processbar('bar', i / 10)
            time.sleep(0.001)
        put_processbar('labelled', init=0.2, label='loading data', auto_close=True)
        set_processbar('labelled', 0.5, label='half way')

    page = run(app)
    bars = page.output_specs('processbar')
    assert bars[0]["value"] == 0 and bars[1] == {**bars[1], "value": 0.2, "label": 'loading data', "auto_close": True}
    updates = [ctl["processbar"] for ctl in page.sent("output_ctl") if "processbar" in ctl]
    assert updates[9] == {"name": "bar", "value": 1.0, "label": None}
    assert updates[10] == {"name": "labelled", "value": 0.5, "label": "half way"}
    assert "100%" in page.text


def test_loading_shapes_and_colors(run):
    def app():
        for shape in ('border', 'grow'):
            for color in ('primary', 'secondary', 'success', 'danger', 'warning', 'info', 'light', 'dark'):
                put_text(shape, color)
                put_loading(shape=shape, color=color)
        put_loading().style('width:4rem; height:4rem')

    page = run(app)
    loadings = page.output_specs('loading')
    assert len(loadings) == 17
    assert (loadings[9]["shape"], loadings[9]["color"]) == ('grow', 'secondary')
    assert loadings[16]["style"] == 'width:4rem; height:4rem'
    assert "grow danger" in page.text


def test_loading_context_manager_disappears_and_keeps_content(run):
    def app():
        with put_loading():
            time.sleep(0.01)
            put_text("The answer of the universe is 42")

    page = run(app)
    assert page.outputs('loading') == []
    assert page.text == "The answer of the universe is 42"


def test_misuse(run):
    errors = misuse_errors(run, (lambda: put_image(b'????'),
                                 lambda: put_image(123),
                                 lambda: put_file('a.txt', 'text, not bytes'),
                                 lambda: put_processbar('bar', init=2),
                                 lambda: set_processbar('bar', -0.5),
                                 lambda: put_loading(shape='circle'),
                                 lambda: put_loading(color='purple'),
                                 lambda: put_image('x.png', width='10px;background:red')))
    assert len(errors) == 8
    assert "format='png'" in errors[0]
    assert ".encode()" in errors[2]
    assert "'border', 'grow'" in errors[5]
