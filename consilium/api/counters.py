"""A cache backend for rate-limit counters kept in the database, for several app processes.

Django's database cache increments by reading and writing back, so two processes counting at
once can both write the same number; here an increment is one UPDATE ... SET count = count + 1.
It holds whole numbers only, which is all django-ratelimit stores.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from consilium.api.models import RequestCounter

# A counter with no timeout still goes, so the table cannot grow without end.
LONGEST_WINDOW = timedelta(days=7)


class DatabaseCounters(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def _expiry(self, timeout: Any) -> Any:
        seconds = self.get_backend_timeout(timeout)
        window = LONGEST_WINDOW if seconds is None else timedelta(seconds=seconds)
        return timezone.now() + min(window, LONGEST_WINDOW)

    def _live(self, key: str, version: int | None) -> Any:
        return RequestCounter.objects.filter(
            key=self.make_and_validate_key(key, version), expires_at__gt=timezone.now()
        )

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        name = self.make_and_validate_key(key, version)
        with transaction.atomic():
            # A new window is a good moment to drop every window that has ended.
            RequestCounter.objects.filter(expires_at__lte=timezone.now()).delete()
            _, created = RequestCounter.objects.get_or_create(
                key=name, defaults={"count": int(value), "expires_at": self._expiry(timeout)}
            )
        return created

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        count = self._live(key, version).values_list("count", flat=True).first()
        return default if count is None else count

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        RequestCounter.objects.update_or_create(
            key=self.make_and_validate_key(key, version),
            defaults={"count": int(value), "expires_at": self._expiry(timeout)},
        )

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with transaction.atomic():
            live = self._live(key, version)
            if not live.update(count=F("count") + delta):
                raise ValueError(f"Key '{key}' not found")
            return int(live.values_list("count", flat=True).get())

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._live(key, version).update(expires_at=self._expiry(timeout)))

    def delete(self, key: str, version: int | None = None) -> bool:
        deleted, _ = RequestCounter.objects.filter(
            key=self.make_and_validate_key(key, version)
        ).delete()
        return bool(deleted)

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self._live(key, version).exists()

    def clear(self) -> None:
        RequestCounter.objects.all().delete()
