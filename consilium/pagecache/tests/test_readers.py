"""The signed-in reader's row and figures, kept under the reader's version."""

import pytest

from consilium.accounts.tests.factories import UserFactory
from consilium.pagecache import readers
from consilium.qa.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def test_it_gives_each_request_its_own_copy_of_the_reader(django_assert_num_queries):
    reader = UserFactory(handle="first-handle")
    first = readers.user_for_request(reader.pk)
    with django_assert_num_queries(0):
        second = readers.user_for_request(reader.pk)
    first.handle = "changed-in-one-request"
    assert second.handle == "first-handle"
    assert readers.user_for_request(reader.pk).handle == "first-handle"


def test_it_knows_a_reader_has_no_doctor_profile_without_asking_again(
    django_assert_num_queries,
):
    reader = UserFactory()
    readers.user_for_request(reader.pk)
    user = readers.user_for_request(reader.pk)
    with django_assert_num_queries(0):
        assert not hasattr(user, "doctor_profile")


def test_a_write_to_the_reader_makes_figures_already_read_stale(
    django_capture_on_commit_callbacks,
):
    from consilium.qa.services import set_following

    reader = UserFactory()
    question = QuestionFactory()
    readers.user_for_request(reader.pk)
    user = readers.user_for_request(reader.pk)
    assert readers.figures(user).marked_questions == frozenset()
    with django_capture_on_commit_callbacks(execute=True):
        set_following(question=question, user=user, follow=True)
    # The same request's row no longer vouches for its figures; the next request's does.
    assert readers.figures(user) is None
    fresh = readers.user_for_request(reader.pk)
    assert readers.figures(fresh).marked_questions == {question.pk}


def test_it_finds_no_reader_for_a_deleted_account(django_capture_on_commit_callbacks):
    reader = UserFactory()
    readers.user_for_request(reader.pk)
    pk = reader.pk
    with django_capture_on_commit_callbacks(execute=True):
        reader.delete()
    assert readers.user_for_request(pk) is None


def test_sessions_are_kept_in_a_cache_every_app_process_shares(settings):
    # Signing out in one process must end the session in the others: not process memory.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    assert backend.rsplit(".", 1)[-1] in {"FileBasedCache", "RedisCache"}


def test_a_session_signed_out_elsewhere_is_over(client, settings):
    from django.test import Client

    reader = UserFactory()
    client.force_login(reader)
    # The same session cookie, kept by a second browser tab the sign-out does not reach.
    other_tab = Client()
    name = settings.SESSION_COOKIE_NAME
    other_tab.cookies[name] = client.cookies[name].value
    assert "Sign out" in other_tab.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Sign out" not in other_tab.get("/").content.decode()


def test_it_reads_the_reader_again_once_their_version_moved(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    reader = UserFactory()
    readers.user_for_request(reader.pk)
    with django_capture_on_commit_callbacks(execute=True):
        readers.readers_changed([reader.pk])
    # the row with the doctor profile, the unread count, the marked questions
    with django_assert_num_queries(3):
        readers.user_for_request(reader.pk)
    with django_assert_num_queries(0):
        readers.user_for_request(reader.pk)
