"""API operations on the caller's own notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from consilium.accounts.notifications import mark_all_read
from consilium.accounts.selectors import notifications_of, unread_notification_count
from consilium.api.auth import SIGNED_IN, signed_in
from consilium.api.pagination import PageParams, paginate
from consilium.api.problems import documented
from consilium.api.schemas import absolute

router = Router(tags=["notifications"], auth=SIGNED_IN)

NEWEST = ("-created_at", "-id")


class NotificationFilters(PageParams):
    unread: bool | None = Field(None, description="true: only unread ones; false: only read ones.")


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next: str | None
    unread_count: int


class MarkedOut(Schema):
    marked: int


@router.get(
    "",
    response=NotificationPage,
    url_name="notifications",
    summary="Your notifications, newest first",
    openapi_extra=documented(422),
)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> dict[str, Any]:
    user = signed_in(request)
    notifications = notifications_of(user)
    if filters.unread is not None:
        notifications = notifications.filter(read_at__isnull=filters.unread)
    page = paginate(notifications, order=NEWEST, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "text": n.text,
                "url": absolute(n.url),
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in page.items
        ],
        "next": page.next,
        "unread_count": unread_notification_count(user),
    }


@router.post(
    "/read",
    response=MarkedOut,
    url_name="notifications_read",
    summary="Mark all your notifications read",
    openapi_extra=documented(422),
)
def mark_read(request: HttpRequest) -> dict[str, Any]:
    return {"marked": mark_all_read(signed_in(request))}
