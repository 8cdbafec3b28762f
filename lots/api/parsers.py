"""The API reads JSON with a depth limit: a body nested deeper than any real document is refused
as a 400 problem before a serializer (or Python's recursion limit) meets it."""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json as drf_json

# The deepest of Lots' own documents (a FHIR Bundle of CarePlans) is about 10 levels.
MAX_DEPTH = 32


def depth_of(value) -> int:
    """How many lists and objects deep `value` is (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep() -> ParseError:
    return ParseError(_("The JSON document is nested too deeply (at most %(depth)s levels).") % {"depth": MAX_DEPTH})


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the depth limit and its errors in the caller's language."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = drf_json.loads(text, parse_constant=drf_json.strict_constant if self.strict else None)
        except RecursionError:  # deeper than Python's stack: certainly deeper than MAX_DEPTH
            raise _too_deep() from None
        except ValueError:  # not JSON, or not in the declared encoding
            raise ParseError(_("The body is not valid JSON.")) from None
        if depth_of(data) > MAX_DEPTH:
            raise _too_deep()
        return data
