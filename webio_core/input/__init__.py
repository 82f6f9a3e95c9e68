"""``webio.input``: ask the user for input (manual §4.2).

Called on its own, an input function shows a form and returns what the user submitted (in an
``async def`` app: ``await`` it). Called with ``name=``, it builds an item for ``input_group()``::

    age = input("How old are you?", type=NUMBER)
    info = input_group("User info", [
        input('Name', name='name'),
        input('Age', name='age', type=NUMBER),
    ])
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Optional, Sequence

from ..session.base import Session
from ..session.context import get_current_session
from ..session.coroutinebased import CoroutineSession
from .builders import actions_item, choice_item, file_item, slider_item, text_item, textarea_item
from .flow import GroupValidator, form_flow
from .form import input_update
from .items import (COLOR, DATE, DATETIME_LOCAL, FLOAT, NUMBER, PASSWORD, TEXT, TIME, URL, InputItem,
                    Validator)
from .placement import check_all_placed, mark_placed, note_named_item

__all__ = [
    "TEXT", "NUMBER", "FLOAT", "PASSWORD", "URL", "DATE", "TIME", "COLOR", "DATETIME_LOCAL", "DATETIME",
    "input", "textarea", "select", "checkbox", "radio", "slider", "actions", "file_upload",
    "input_group", "input_update", "InputItem",
]

DATETIME = DATETIME_LOCAL  # PyWebIO 1.8's name for the same input type

_SINGLE = "data"  # the item name of an input asked on its own


def _ask(item: InputItem, function: str) -> Any:
    """Standalone call: show a one-item form and give its value. Named call: return the item."""
    if item.name is not None:
        note_named_item(item, function)
        return item
    session = get_current_session(function)
    single = item.copy(name=_SINGLE)
    if isinstance(session, CoroutineSession):
        return _ask_async(session, single, function)
    check_all_placed(session, function, item.label)
    result = session.run_flow(form_flow(session, "", [single]))
    return None if result is None else result[_SINGLE]


async def _ask_async(session: Session, item: InputItem, function: str) -> Any:
    # Checked when awaited: an un-awaited input put in an input_group() by mistake gets the
    # clearer "needs name=" error from input_group() instead.
    check_all_placed(session, function, item.label)
    result = await session.run_flow(form_flow(session, "", [item]))
    return None if result is None else result[_SINGLE]


def input(label: str = "", type: str = TEXT, *, validate: Optional[Validator] = None,  # noqa: A001
          name: Optional[str] = None, value: Any = None, action: Optional[tuple[str, Callable[..., Any]]] = None,
          onchange: Optional[Callable[[Any], Any]] = None, placeholder: Optional[str] = None,
          required: Optional[bool] = None, readonly: Optional[bool] = None, datalist: Optional[Sequence[str]] = None,
          help_text: Optional[str] = None, **other_html_attrs: Any) -> Any:
    """Text input; returns the text (``NUMBER``: int, ``FLOAT``: float; None when left empty).

    Example::

        age = input("How old are you?", type=NUMBER, validate=lambda a: 'Too young' if a < 10 else None)
    """
    return _ask(text_item(label, type, name=name, value=value, action=action, validate=validate, onchange=onchange,
                          placeholder=placeholder, required=required, readonly=readonly, datalist=datalist,
                          help_text=help_text, **other_html_attrs), "input")


def textarea(label: str = "", *, rows: int = 6, code: Any = None, maxlength: Optional[int] = None,
             minlength: Optional[int] = None, validate: Optional[Validator] = None, name: Optional[str] = None,
             value: Optional[str] = None, onchange: Optional[Callable[[Any], Any]] = None,
             placeholder: Optional[str] = None, required: Optional[bool] = None, readonly: Optional[bool] = None,
             help_text: Optional[str] = None, **other_html_attrs: Any) -> Any:
    """Multi-line text input; ``code={'mode': 'python'}`` (or ``True``) makes it a code editor.

    Example::

        text = textarea('Notes', rows=3, placeholder='Some text')
    """
    return _ask(textarea_item(label, rows=rows, code=code, maxlength=maxlength, minlength=minlength,
                              validate=validate, name=name, value=value, onchange=onchange, placeholder=placeholder,
                              required=required, readonly=readonly, help_text=help_text, **other_html_attrs),
                "textarea")


def select(label: str = "", options: Optional[Sequence[Any]] = None, *, multiple: Optional[bool] = None,
           validate: Optional[Validator] = None, name: Optional[str] = None, value: Any = None,
           onchange: Optional[Callable[[Any], Any]] = None, native: bool = True, required: Optional[bool] = None,
           help_text: Optional[str] = None, **other_html_attrs: Any) -> Any:
    """Drop-down selection; returns the chosen option's value (a list of values with ``multiple=True``).

    Options are labels, ``(label, value[, selected[, disabled]])`` tuples or dicts; values may be any
    Python object. Example::

        gift = select('Which gift you want?', ['keyboard', 'ipad'])
    """
    return _ask(choice_item("select", label, options, multiple=bool(multiple), value=value, native=native,
                            validate=validate, name=name, onchange=onchange, required=required, help_text=help_text,
                            function="select", **other_html_attrs), "select")


def checkbox(label: str = "", options: Optional[Sequence[Any]] = None, *, inline: Optional[bool] = None,
             validate: Optional[Validator] = None, name: Optional[str] = None, value: Optional[Sequence[Any]] = None,
             onchange: Optional[Callable[[Any], Any]] = None, help_text: Optional[str] = None,
             **other_html_attrs: Any) -> Any:
    """Check boxes; returns the list of the checked options' values.

    Example::

        agree = checkbox("User Term", options=['I agree to terms and conditions'])
    """
    return _ask(choice_item("checkbox", label, options, multiple=True, value=value, inline=inline,
                            validate=validate, name=name, onchange=onchange, help_text=help_text,
                            function="checkbox", **other_html_attrs), "checkbox")


def radio(label: str = "", options: Optional[Sequence[Any]] = None, *, inline: Optional[bool] = None,
          validate: Optional[Validator] = None, name: Optional[str] = None, value: Any = None,
          onchange: Optional[Callable[[Any], Any]] = None, required: Optional[bool] = None,
          help_text: Optional[str] = None, **other_html_attrs: Any) -> Any:
    """Radio buttons; returns the chosen option's value, or None if nothing was chosen.

    Example::

        answer = radio("Choose one", options=['A', 'B', 'C', 'D'])
    """
    return _ask(choice_item("radio", label, options, multiple=False, value=value, inline=inline,
                            validate=validate, name=name, onchange=onchange, required=required,
                            help_text=help_text, function="radio", **other_html_attrs), "radio")


def actions(label: str = "", buttons: Optional[Sequence[Any]] = None, name: Optional[str] = None,
            help_text: Optional[str] = None) -> Any:
    """A row of buttons; returns the value of the ``submit`` button pressed (``cancel`` → None).

    Buttons are labels, ``(label, value[, type[, disabled]])`` tuples or dicts with ``label``,
    ``value``, ``type`` (``submit``/``reset``/``cancel``), ``disabled``, ``color``. Example::

        confirm = actions('Delete the file?', ['confirm', 'cancel'])
    """
    return _ask(actions_item(label, buttons, name=name, help_text=help_text), "actions")


def file_upload(label: str = "", accept: Any = None, name: Optional[str] = None, placeholder: str = "Choose file",
                multiple: bool = False, max_size: Any = 0, max_total_size: Any = 0, required: Optional[bool] = None,
                help_text: Optional[str] = None, *, as_file: bool = False, **other_html_attrs: Any) -> Any:
    """File upload; returns ``{'filename', 'content' (bytes), 'mime_type', 'last_modified'}`` or None.

    With ``multiple=True`` returns a list of them. ``max_size``/``max_total_size`` take bytes or
    sizes like ``'40K'``, ``'3M'`` and are enforced by the server, from the sizes the browser
    declares before sending. ``last_modified`` is the file's modification time in seconds since
    the epoch (as ``time.time()``). webio's own ``as_file=True``: ``content`` is a binary file
    object instead of bytes (a temporary file once over 1 MiB, removed when the session ends), so a
    big upload is never loaded whole. Example::

        img = file_upload("Select a image:", accept="image/*", max_size='3M')
        video = file_upload("Video:", max_size='500M', as_file=True)
        shutil.copyfileobj(video['content'], open('video.mp4', 'wb'))
    """
    return _ask(file_item(label, accept, name=name, placeholder=placeholder, multiple=multiple, max_size=max_size,
                          max_total_size=max_total_size, required=required, help_text=help_text, as_file=as_file,
                          **other_html_attrs), "file_upload")


def slider(label: str = "", *, name: Optional[str] = None, value: float = 0, min_value: float = 0,
           max_value: float = 100, step: float = 1, validate: Optional[Validator] = None,
           onchange: Optional[Callable[[Any], Any]] = None, required: Optional[bool] = None,
           help_text: Optional[str] = None, **other_html_attrs: Any) -> Any:
    """A range slider; returns an int, or a float when any of value/min_value/max_value is a float.

    Example::

        volume = slider('Volume', value=30, max_value=50)
    """
    return _ask(slider_item(label, name=name, value=value, min_value=min_value, max_value=max_value, step=step,
                            validate=validate, onchange=onchange, required=required, help_text=help_text,
                            **other_html_attrs), "slider")


def input_group(label: str = "", inputs: Optional[Sequence[Any]] = None, validate: Optional[GroupValidator] = None,
                cancelable: bool = False) -> Any:
    """Ask several inputs in one form; returns ``{name: value}``, or None if the user cancelled.

    Each input needs ``name=``. ``validate(data)`` returns None or ``(name, error_message)``. Example::

        data = input_group("Basic info", [
            input('Input your name', name='name'),
            input('Input your age', name='age', type=NUMBER),
        ], validate=lambda d: ('age', 'Must be positive') if d['age'] <= 0 else None)
    """
    items = _group_items(inputs)
    if validate is not None and not callable(validate):
        raise TypeError(f"input_group() validate must be a function of the form data, got {validate!r}")
    if inspect.iscoroutinefunction(validate):
        raise TypeError("input_group() validate must be a plain function, not an async function")
    session = get_current_session("input_group")
    mark_placed(items)
    check_all_placed(session, "input_group")
    return session.run_flow(form_flow(session, "" if label is None else str(label), items, validate=validate,
                                      cancelable=bool(cancelable)))


def _group_items(inputs: Optional[Sequence[Any]]) -> list[InputItem]:
    if inputs is None or isinstance(inputs, (str, bytes, dict)) or not isinstance(inputs, Sequence):
        raise TypeError(f"input_group() inputs must be a list of input items like [input('Name', name='name')], got {inputs!r}")
    if not inputs:
        raise ValueError("input_group() needs at least one input")
    items: list[InputItem] = []
    seen: set[str] = set()
    for position, entry in enumerate(inputs):
        if not isinstance(entry, InputItem):
            _reject_group_entry(entry, position)
        assert isinstance(entry, InputItem)
        if entry.name is None:
            raise ValueError(
                f"input {position} of input_group() ({entry.label!r}) has no name=: every input in a group needs one")
        if entry.name in seen:
            raise ValueError(f"input_group() has two inputs named {entry.name!r}: give each input its own name=")
        seen.add(entry.name)
        items.append(entry)
    return items


def _reject_group_entry(entry: Any, position: int) -> None:
    if hasattr(entry, "close") and hasattr(entry, "send"):  # an input awaited on its own, never awaited
        entry.close()
    raise TypeError(
        f"input {position} of input_group() is {entry!r}, not an input item: every input in a group needs "
        "name=, e.g. input('Age', name='age'). Without name= an input function asks on its own "
        "(and returns the answer) instead of building an item."
    )
