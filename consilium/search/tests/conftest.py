"""Search tests bring their own synonyms: the shipped taxonomy's would widen their queries."""

import pytest


@pytest.fixture(autouse=True)
def without_shipped_synonyms(request):
    if "django_db" not in request.keywords:
        return
    from consilium.search.services import forget_synonyms
    from consilium.topics.models import Topic

    request.getfixturevalue("db")
    # A topic's own name still expands only to itself, which changes no result.
    Topic.objects.update(synonyms=[])
    forget_synonyms()
