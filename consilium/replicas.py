"""Reads from PostgreSQL replicas, writes and a writer's own next reads from the primary.

With DATABASE_REPLICA_URLS set, settings add one connection alias per replica and this
router sends ORM reads to one of them. Two things go to the primary instead:

- every read of a request that has written (the router saw a write on its thread), so a
  service never reads back a stale copy of what it just wrote;
- every read of a person's requests for PRIMARY_AFTER_WRITE_SECONDS after they wrote: a
  request that wrote gets a short-lived cookie, so the page they are sent to next (their
  new answer, say) shows the write even if the replicas lag.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.http.response import HttpResponseBase

PRIMARY = "default"
COOKIE = "primary_until"
_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        replicas = replica_aliases()
        if not replicas or _use_primary.get():
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _use_primary.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Replicas hold the primary's rows: an object read from either is the same row.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class PrimaryAfterWrite:
    """Pins a request to the primary when its person wrote a few seconds ago, and marks
    responses to requests that wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            recent = float(request.COOKIES.get(COOKIE, "0")) > time.time()
        except ValueError:
            recent = False
        token = _use_primary.set(recent)
        try:
            response = self.get_response(request)
            if _use_primary.get() and not recent:
                seconds = settings.PRIMARY_AFTER_WRITE_SECONDS
                response.set_cookie(
                    COOKIE,
                    f"{time.time() + seconds:.0f}",
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _use_primary.reset(token)


def reads_from_primary() -> bool:
    """Whether this request's reads go to the primary (it wrote, or its person just did)."""
    return _use_primary.get()
