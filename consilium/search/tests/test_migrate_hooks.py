"""Migrations run with the index's triggers off, and the index comes back whole after them."""

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate, pre_migrate

from consilium.qa.tests.factories import QuestionFactory
from consilium.search.selectors import search
from consilium.search.services import index_installed

pytestmark = pytest.mark.django_db


def test_it_takes_the_index_off_before_migrations_and_back_after():
    question = QuestionFactory(title="Tretinoin purging question")
    search_app = apps.get_app_config("search")
    assert index_installed()

    pre_migrate.send(sender=search_app, app_config=search_app, using="default", plan=[("m", False)])
    assert not index_installed()

    post_migrate.send(sender=search_app, app_config=search_app, using="default", plan=[])
    assert index_installed()
    assert [hit.question.pk for hit in search("purging").hits] == [question.pk]


def test_it_leaves_the_index_alone_when_nothing_will_migrate():
    search_app = apps.get_app_config("search")
    pre_migrate.send(sender=search_app, app_config=search_app, using="default", plan=[])
    assert index_installed()
