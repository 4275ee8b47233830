"""Request bodies: JSON that is valid UTF-8 text all the way down."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class StrictJSONParser(Parser):
    """Refuses JSON whose strings escape lone surrogates ("\\ud800").

    json.loads accepts them, but no database can store them, so without this check such a
    body would fail deep in a write instead of being refused as unreadable (400).
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError on a surrogate
        return data
