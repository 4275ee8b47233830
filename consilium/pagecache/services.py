"""Writes call these so the next signed-out reader of every page they change gets it afresh."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from consilium.pagecache import versions
from consilium.topics.selectors import topic_slugs_of_question


def pages_changed(
    *,
    question_id: int | None = None,
    doctor_slugs: Iterable[str] = (),
    topic_slugs: Iterable[str] = (),
    question_list: bool = False,
    cards: bool = False,
    taxonomy: bool = False,
) -> None:
    """Bump the versions of the pages a write changes, once its transaction commits.

    A question's topics are read both now and after the commit, so a question moved from
    one topic to another refreshes both topic pages.
    """
    names = {versions.doctor(slug) for slug in doctor_slugs}
    names.update(versions.topic(slug) for slug in topic_slugs)
    if question_id is not None:
        names.add(versions.question(question_id))
        names.update(versions.topic(slug) for slug in topic_slugs_of_question(question_id))
    if question_list:
        names.add(versions.QUESTION_LIST)
    if cards:
        names.add(versions.CARDS)
    if taxonomy:
        names.add(versions.TAXONOMY)

    def bump() -> None:
        if question_id is not None:
            names.update(versions.topic(slug) for slug in topic_slugs_of_question(question_id))
        versions.bump(names)

    transaction.on_commit(bump)
