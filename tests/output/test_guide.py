"""The "Basic Output" and "Combined Output" examples of the user guide (manual §4.1.2)."""
import base64

from webio.output import (popup, put_buttons, put_file, put_html, put_image, put_markdown, put_table, put_text,
                          toast)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_basic_output(run, tmp_path):
    image_path = tmp_path / "image.png"
    image_path.write_bytes(PNG)

    def app():
        # Text Output
        put_text("Hello world!")

        # Table Output
        put_table([
            ['Commodity', 'Price'],
            ['Apple', '5.5'],
            ['Banana', '7'],
        ])

        # Image Output
        put_image(open(image_path, 'rb').read())  # local image
        put_image('http://example.com/some-image.png')  # internet image

        # Markdown Output
        put_markdown('~~Strikethrough~~')

        # File Output
        put_file('hello_word.txt', b'hello word!')

        # Show a PopUp
        popup('popup title', 'popup text content')

        # Show a notification message
        toast('New message 🔔')

    page = run(app)
    assert [s["type"] for s in page.output_specs()] == ['text', 'table', 'image', 'image', 'markdown', 'file']
    assert page.text.startswith("Hello world!\nCommodity\tPrice\nApple\t5.5\nBanana\t7")
    assert "Strikethrough" in page.text and "hello_word.txt" in page.text
    assert page.page.popup.title == 'popup title'
    assert page.page.toasts[0].content == 'New message 🔔'


def test_show_sends_at_once(run):
    order = []

    def app():
        kept = put_text("Hello world!").show()
        put_text("after")
        order.append(kept)

    assert run(app).text == "Hello world!\nafter"


def test_combined_output_in_table(run):
    def app():
        put_table([
            ['Type', 'Content'],
            ['html', put_html('X<sup>2</sup>')],
            ['text', '<hr/>'],  # equal to ['text', put_text('<hr/>')]
            ['buttons', put_buttons(['A', 'B'], onclick=lambda _: None)],
            ['markdown', put_markdown('Awesome PyWebIO!')],
            ['file', put_file('hello.text', b'hello world')],
            ['table', put_table([['A', 'B'], ['C', 'D']])],
        ])

    rows = run(app).outputs('table')[0].rows
    assert [row[0] for row in rows] == ['Type', 'html', 'text', 'buttons', 'markdown', 'file', 'table']
    assert rows[2][1] == '<hr/>'
