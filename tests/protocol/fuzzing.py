"""Hypothesis strategies for hostile client messages: valid messages of a live session, mutated.

A mutation changes a field to a value of another type (an unhashable list or object, a string, a
bool), a number out of range (``1e400``, ``NaN``, ``10**30``, 5,000 digits), deep nesting, a
missing or unknown field; or it damages the JSON text itself (cut short, a byte inserted, invalid
UTF-8, a lone surrogate). ``MESSAGES`` is how many messages a fuzz test sends through each
transport: 10,000 in CI, more with ``WEBIO_FUZZ_MESSAGES`` for a longer local run.
"""
from __future__ import annotations

import copy
import json
import os
import random
import re
from typing import Any, Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

MESSAGES = int(os.environ.get("WEBIO_FUZZ_MESSAGES", "10000"))
# Messages per Hypothesis example; the examples of a run: MESSAGES // PER_EXAMPLE. Of each example's
# messages, DRAWN are drawn by Hypothesis and the rest are quick variants of them (``variants``).
PER_EXAMPLE = 25
DRAWN = 5

# Raw JSON tokens no Python value encodes to (json.dumps writes NaN only from a float).
RAW_TOKENS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "1" + "0" * 30, "-" + "9" * 40,
              "1" + "0" * 5000, "9007199254740993", "-1", "0.5", "true", "null", '""', "[]", "{}",
              "[" * 3000 + "]" * 3000, "[" * 70 + "]" * 70, '{"a":' * 500 + "1" + "}" * 500,
              '"\\ud800"', '"\\udfff x"', '"\\u0000"']
KEYS = ["event", "task_id", "data", "seq", "ack", "chunk", "events", "wait", "index", "count",
        "event_name", "name", "value", "zzz"]
EVENT_NAMES = ["input_event", "callback", "from_submit", "from_cancel", "js_yield", "output", "",
               "__class__", "INPUT_EVENT"]

json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12), st.sampled_from(EVENT_NAMES),
)
json_values = st.recursive(json_leaves, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4),
                           max_leaves=10)
# A placeholder replaced by a raw token once the message is encoded.
RAW = "\x00raw{}\x00"
raw_values = st.integers(0, len(RAW_TOKENS) - 1).map(RAW.format)
any_value = st.one_of(json_values, raw_values, st.sampled_from([[], {}, [1, 2], {"a": 1}]))


def encode(message: Any) -> str:
    """JSON text of ``message`` with each placeholder replaced by its raw token."""
    text = json.dumps(message, allow_nan=True)
    if "\\u0000raw" not in text:
        return text
    for index, token in enumerate(RAW_TOKENS):
        text = text.replace(json.dumps(RAW.format(index)), token)
    return text


@st.composite
def mutated_object(draw: Callable[..., Any], valid: dict[str, Any]) -> Any:
    """``valid`` with one to three fields changed, removed or added (at the top or inside ``data``)."""
    message: Any = json.loads(json.dumps(valid))
    for _ in range(draw(st.integers(1, 3))):
        target = message
        if isinstance(message, dict) and isinstance(message.get("data"), dict) and draw(st.booleans()):
            target = message["data"]
        if not isinstance(target, dict):
            break
        op = draw(st.sampled_from(["set", "set", "set", "delete", "replace_all"]))
        if op == "set":
            key = draw(st.sampled_from(sorted(target) + KEYS) if target else st.sampled_from(KEYS))
            target[key] = copy.deepcopy(draw(any_value))  # drawn values may be shared: never mutate them
        elif op == "delete" and target:
            del target[draw(st.sampled_from(sorted(target)))]
        elif op == "replace_all":
            message = copy.deepcopy(draw(any_value))
    return message


@st.composite
def damaged_text(draw: Callable[..., Any], text: str) -> str:
    """The JSON text of a valid message, damaged: cut, a character inserted or deleted, or noise."""
    op = draw(st.sampled_from(["cut", "insert", "delete", "noise", "wrap"]))
    if op == "noise":
        return draw(st.text(max_size=40))
    if op == "wrap":
        depth = draw(st.integers(1, 4000))
        return "[" * depth + text + "]" * depth
    position = draw(st.integers(0, max(len(text) - 1, 0)))
    if op == "cut":
        return text[:position]
    if op == "delete":
        return text[:position] + text[position + 1:]
    return text[:position] + draw(st.sampled_from(['"', "{", "]", ",", "\\", "\ud800", "\x00", "é", ":"])) + text[position:]


def hostile_texts(valid: list[dict[str, Any]]) -> st.SearchStrategy[str]:
    """One hostile message: one of the ``valid`` messages mutated or damaged (sometimes left valid)."""
    base = st.sampled_from(valid)
    return st.one_of(
        base.flatmap(mutated_object).map(encode),
        base.map(json.dumps).flatmap(damaged_text),
        st.sampled_from(RAW_TOKENS),
        base.map(json.dumps),
    )


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_PALETTE = ['"', "{", "}", "[", "]", ",", ":", "\\", "\ud800", "\x00", "\xff", "é", "0", "-", "e", "null"]


def variant(text: str, rnd: random.Random) -> str:
    """A quick mutation of ``text``: a number swapped for a raw token, a character inserted, deleted
    or replaced, the text cut or repeated (cheap, so each Hypothesis example can send many)."""
    op = rnd.randrange(6)
    position = rnd.randrange(len(text) + 1)
    if op == 0:
        numbers = list(_NUMBER.finditer(text))
        if numbers:
            found = rnd.choice(numbers)
            return text[:found.start()] + rnd.choice(RAW_TOKENS[:12]) + text[found.end():]
    if op == 1:
        return text[:position] + rnd.choice(_PALETTE) + text[position:]
    if op == 2:
        return text[:position] + text[position + 1:]
    if op == 3:
        return text[:position] + rnd.choice(_PALETTE) + text[position + 1:]
    if op == 4:
        return text[:position]
    return text + text


def variants(texts: list[str], rnd: random.Random, total: int) -> list[str]:
    """``texts`` followed by variants of them, ``total`` messages in all."""
    return texts + [variant(rnd.choice(texts), rnd) for _ in range(total - len(texts))] if texts else []


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))
