"""The input examples of the user guide (manual §4.1.1), run as a user would see them."""
from __future__ import annotations

from typing import Any

from webio.input import (NUMBER, PASSWORD, TEXT, checkbox, file_upload, input, input_group, radio, select,
                         textarea)
from webio.output import put_text

from .kinds import ask


def check_age(p: Any) -> Any:  # the guide's validator
    if p < 10:
        return 'Too young!!'
    if p > 60:
        return 'Too old!!'


def test_text_input_returns_a_number(run: Any) -> None:
    async def app() -> None:
        age = await ask(input("How old are you?", type=NUMBER))
        put_text(age + 1, type(age).__name__)

    client = run(app)
    assert client.form is not None and client.form.labels == ["How old are you?"]
    assert client.form.inputs[0].type == "number"
    client.submit(36)
    assert "37 int" in client.text
    assert client.form is None  # the form is destroyed after a successful submission


def test_other_input_types(run: Any) -> None:
    async def app() -> None:
        password = await ask(input("Input password", type=PASSWORD))
        gift = await ask(select('Which gift you want?', ['keyboard', 'ipad']))
        agree = await ask(checkbox("User Term", options=['I agree to terms and conditions']))
        answer = await ask(radio("Choose one", options=['A', 'B', 'C', 'D']))
        text = await ask(textarea('Text Area', rows=3, placeholder='Some text'))
        img = await ask(file_upload("Select a image:", accept="image/*"))
        put_text(repr([password, gift, agree, answer, text, img['filename'], img['content']]))

    client = run(app)
    assert client.form.inputs[0].type == "password"
    client.submit("s3cret")
    assert [o.label for o in client.form.inputs[0].options] == ['keyboard', 'ipad']
    client.submit("ipad")
    assert client.form.inputs[0].type == "checkbox"
    client.submit(['I agree to terms and conditions'])
    client.submit("C")
    item = client.form.inputs[0]
    assert (item.type, item.spec["rows"], item.placeholder) == ("textarea", 3, "Some text")
    client.submit("line 1\nline 2")
    assert client.form.inputs[0].spec["accept"] == "image/*"
    client.upload("data", [("cat.png", b"\x89PNG")], submit=True)
    assert repr(["s3cret", "ipad", ['I agree to terms and conditions'], "C", "line 1\nline 2", "cat.png",
                 b"\x89PNG"]) in client.text


def test_parameters_of_input_functions(run: Any) -> None:
    async def app() -> None:
        value = await ask(input('This is label', type=TEXT, placeholder='This is placeholder',
                                help_text='This is help text', required=True))
        put_text(value)

    client = run(app)
    item = client.form.inputs[0]
    assert (item.label, item.placeholder, item.help_text, item.required) == (
        'This is label', 'This is placeholder', 'This is help text', True)
    assert "This is help text" in client.text
    client.submit("filled")
    assert "filled" in client.text


def test_validate_shows_the_error_and_keeps_the_form(run: Any) -> None:
    async def app() -> None:
        age = await ask(input("How old are you?", type=NUMBER, validate=check_age))
        put_text("age:", age)

    client = run(app)
    client.blur("data", 9)  # validated when the user leaves the field ...
    assert client.form.inputs[0].valid_status is False
    assert "Too young!!" in client.text
    client.submit(70)  # ... and when the form is submitted
    assert client.form is not None and client.form.inputs[0].invalid_feedback == "Too old!!"
    client.submit(30)
    assert client.form is None
    assert "age: 30" in client.text


def test_code_textarea(run: Any) -> None:
    async def app() -> None:
        code = await ask(textarea('Code Edit', code={
            'mode': 'python',
            'theme': 'darcula',
        }, value='import something\n# Write your python code'))
        put_text(code)

    client = run(app)
    item = client.form.inputs[0]
    assert item.spec["code"] == {'mode': 'python', 'theme': 'darcula'}
    assert item.value == 'import something\n# Write your python code'
    client.submit()
    assert 'import something\n# Write your python code' in client.text


def test_input_group_returns_a_dict(run: Any) -> None:
    async def app() -> None:
        data = await ask(input_group("Basic info", [
            input('Input your name', name='name'),
            input('Input your age', name='age', type=NUMBER, validate=check_age)
        ]))
        put_text(data['name'], data['age'])

    client = run(app)
    assert client.form.label == "Basic info"
    assert client.form.labels == ['Input your name', 'Input your age']
    client.submit({"name": "Ada", "age": 5})
    assert client.form["age"].invalid_feedback == "Too young!!"
    client.submit({"age": 36})
    assert "Ada 36" in client.text


def test_input_group_validate(run: Any) -> None:
    def check_form(data: Any) -> Any:
        if len(data['name']) > 6:
            return ('name', 'Name too long!')
        if data['age'] <= 0:
            return ('age', 'Age can not be negative!')

    async def app() -> None:
        data = await ask(input_group("Basic info", [
            input('Input your name', name='name'),
            input('Input your age', name='age', type=NUMBER),
        ], validate=check_form))
        put_text(data['name'], data['age'])

    client = run(app)
    client.submit(name="Bartholomew", age=3)
    assert client.form["name"].invalid_feedback == "Name too long!"
    client.submit(name="Bart", age=-1)
    assert client.form["age"].invalid_feedback == "Age can not be negative!"
    assert client.form["name"].valid_status is None  # the earlier error is cleared
    client.submit(age=10)
    assert "Bart 10" in client.text
