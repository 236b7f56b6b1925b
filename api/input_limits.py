"""What a request may carry (issue 16, item 8): bad input is a 4xx saying what, never a 500.

Every request is checked before any view runs:

- text anywhere (path, query, form fields, JSON strings and keys) holds no NUL character, no
  other control character but tab and line breaks, and no lone surrogate (PostgreSQL refuses
  NUL; letters and Word documents cannot hold the others);
- a JSON body is strict JSON: no ``NaN`` or ``Infinity``, integers of at most
  ``MAX_INT_DIGITS`` digits, nesting at most ``MAX_JSON_DEPTH`` deep;
- one text value (a free-text answer, a note, a reason) is at most ``MAX_TEXT_CHARS``
  characters; a query or form field at most ``MAX_FIELD_CHARS``;
- ids in web addresses are database ids (1 to 2**31-1); a larger one is a 404.

The whole body is capped by ``MAX_CONTENT_LENGTH`` (5 MB; uploads have their own limits).
SECURITY.md lists these limits.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest, UnprocessableEntity
from werkzeug.routing import IntegerConverter

__all__ = ["install_input_limits", "MAX_TEXT_CHARS", "MAX_FIELD_CHARS", "MAX_JSON_DEPTH", "MAX_INT_DIGITS",
           "check_text", "BoundedIntConverter"]

MAX_TEXT_CHARS = 100_000  # about 40 pages of text in one answer
MAX_FIELD_CHARS = 10_000
MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_ID = 2**31 - 1
# The modeller sends whole diagrams and forms as text (a diagram may be hundreds of KB): there
# only the body's size limit applies to a text's length.
_DOCUMENT_PATHS = ("/api/v1/drafts", "/api/v1/forms/preview", "/api/v1/sandbox", "/procedures/")
_JSON_TYPES = ("application/json", "application/merge-patch+json", "application/problem+json")


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` in a web address: 0 to 2**31-1, so a larger number is a 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class _Refused(ValueError):
    pass


# C0 control characters other than tab, line feed and carriage return: no letter, Word
# document or XML can hold them.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character"
    if _CONTROL.search(text):
        return "contains a control character (other than tab or a line break)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (text that is not valid Unicode)"
    return None


def check_text(text: str, where: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Raise a 4xx naming ``where`` if ``text`` cannot be stored or is too long."""
    problem = _bad_text(text)
    if problem:
        raise BadRequest(f"{where} {problem}; remove it and send the text again")
    if len(text) > limit:
        raise UnprocessableEntity(f"{where} is {len(text):,} characters long; the limit is {limit:,}")


def _walk(node: Any, path: str, depth: int, limit: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise _Refused(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    if isinstance(node, str):
        check_text(node, f"the text at {path[:200] or '/'}", limit)
    elif isinstance(node, dict):
        for key, value in node.items():
            check_text(key, f"a name at {path[:200] or '/'}", MAX_FIELD_CHARS)
            _walk(value, f"{path}/{key}", depth + 1, limit)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, f"{path}/{index}", depth + 1, limit)


def _text_limit() -> int:
    return 10**9 if request.path.startswith(_DOCUMENT_PATHS) else MAX_TEXT_CHARS


def _no_constant(name: str):
    raise _Refused(f"{name} is not a number JSON allows; send a number or null")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a number of {len(text)} digits is too large (at most {MAX_INT_DIGITS} digits)")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 100:
        raise _Refused("a number written with more than 100 characters is too long")
    return float(text)


def _check_json_body() -> None:
    raw = request.get_data(cache=True)
    if not raw:
        return
    # Very deep nesting makes the parser itself give up (RecursionError): a 400 too.
    try:
        body = json.loads(raw, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except _Refused as exc:
        raise BadRequest(str(exc)) from None
    except (ValueError, RecursionError):
        raise BadRequest("the body is not valid JSON (UTF-8); check the syntax") from None
    try:
        _walk(body, "", 0, _text_limit())
    except _Refused as exc:
        raise BadRequest(str(exc)) from None


def _check_request() -> None:
    check_text(request.path, "the address", MAX_FIELD_CHARS)
    for name, value in request.args.items(multi=True):
        check_text(name, "a query parameter's name", MAX_FIELD_CHARS)
        check_text(value, f"the query parameter '{name[:50]}'", MAX_FIELD_CHARS)
    if request.mimetype in _JSON_TYPES:
        _check_json_body()
    elif request.mimetype == "application/x-www-form-urlencoded":
        # Not multipart: uploads set their own size limits before their body is read.
        for name, value in request.form.items(multi=True):
            check_text(name, "a form field's name", MAX_FIELD_CHARS)
            check_text(value, f"the form field '{name[:50]}'", _text_limit())


def install_input_limits(app: Flask) -> None:
    """Check every request before its view; bound ``<int:...>`` in addresses."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_check_request)
