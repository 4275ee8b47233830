"""Rate-limit counters are one count for every app process: in the database without Redis."""

import pytest
from django.core.cache import caches
from django.test import Client

from consilium.api.counters import DatabaseCounters
from consilium.api.models import RequestCounter

pytestmark = pytest.mark.django_db


def test_two_processes_counters_add_up_to_one_count():
    # Two backend objects stand for two workers: nothing is shared between them but the database.
    first, second = (DatabaseCounters("", {}) for _ in range(2))
    assert first.add("window", 1, 60)
    assert not second.add("window", 1, 60)
    assert second.incr("window") == 2
    assert first.incr("window", 3) == 5
    assert RequestCounter.objects.get().count == 5


def test_a_window_that_ended_starts_again_and_is_dropped():
    counters = DatabaseCounters("", {})
    counters.add("old", 7, 60)
    RequestCounter.objects.update(expires_at="2000-01-01T00:00Z")
    assert counters.get("old") is None
    with pytest.raises(ValueError, match="not found"):
        counters.incr("old")
    assert counters.add("new", 1, 60)
    assert list(RequestCounter.objects.values_list("count", flat=True)) == [1]


def test_api_requests_are_counted_in_the_shared_counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        "counters": {"BACKEND": "consilium.api.counters.DatabaseCounters"},
    }
    settings.API_RATE_LIMIT_ANONYMOUS = "2/m"
    assert isinstance(caches["counters"], DatabaseCounters)
    client = Client(REMOTE_ADDR="10.0.0.4")
    for _ in range(3):
        client.get("/api/v1/questions")
    assert RequestCounter.objects.get().count == 3
    assert client.get("/api/v1/questions").status_code == 429
