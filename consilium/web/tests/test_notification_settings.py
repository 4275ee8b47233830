"""The notification settings page and the one-click unsubscribe page from every email."""

import pytest
from django.test import Client
from django.urls import reverse

from consilium.accounts.models import Delivery, NotificationKind, NotificationPreference
from consilium.accounts.notifications import unsubscribe_token
from consilium.accounts.selectors import notification_preferences
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWER = NotificationKind.NEW_ANSWER
EVERY_KIND_NOW = dict.fromkeys(NotificationKind.values, Delivery.IMMEDIATE)


@pytest.mark.parametrize("url_name", ["web:account", "web:notifications"])
def test_the_account_and_notifications_pages_lead_to_the_settings(client, url_name):
    client.force_login(UserFactory())
    page = client.get(reverse(url_name)).content.decode()
    assert reverse("web:notification-settings") in page


def test_the_settings_page_shows_each_kind_with_its_choice_in_few_queries(
    client, django_assert_num_queries
):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=ANSWER, delivery=Delivery.WEEKLY)
    client.force_login(user)

    # User (the session comes from its cache), the unread count in the header, the preferences.
    with django_assert_num_queries(3):
        response = client.get(reverse("web:notification-settings"))

    page = response.content.decode()
    assert response.status_code == 200
    for kind in NotificationKind:
        assert f"<legend>{kind.label}</legend>" in page
    assert 'value="weekly" required id="id_new_answer_2" checked>' in page
    assert 'value="immediate" required id="id_question_updated_0" checked>' in page
    assert ":</legend>" not in page


def test_saving_the_form_keeps_every_choice(client):
    user = UserFactory()
    client.force_login(user)
    choices = {
        NotificationKind.NEW_ANSWER: Delivery.DAILY,
        NotificationKind.QUESTION_UPDATED: Delivery.OFF,
        NotificationKind.TRIAL_REMINDER: Delivery.IMMEDIATE,
    }

    response = client.post(reverse("web:notification-settings"), choices, follow=True)

    assert "Your email choices are saved." in response.content.decode()
    assert notification_preferences(user) == choices


def test_a_bad_choice_is_refused_with_a_clear_message_and_nothing_saved(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("web:notification-settings"),
        {NotificationKind.NEW_ANSWER: "hourly", NotificationKind.QUESTION_UPDATED: "daily"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the four ways for “New answer”." in page
    assert "Choose how to hear about “Time to report back”." in page
    assert not NotificationPreference.objects.exists()
    assert notification_preferences(user) == EVERY_KIND_NOW


def test_the_unsubscribe_link_asks_first_then_turns_the_kind_off_without_signing_in(client):
    user = UserFactory()
    url = reverse("web:unsubscribe", args=[unsubscribe_token(user, [ANSWER])])

    shown = client.get(url)
    assert shown.status_code == 200
    assert "Unsubscribe</button>" in shown.content.decode()
    assert notification_preferences(user) == EVERY_KIND_NOW

    done = client.post(url)

    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert notification_preferences(user)[ANSWER] == Delivery.OFF


def test_a_mail_clients_one_click_post_works_without_a_csrf_token():
    user = UserFactory()
    url = reverse("web:unsubscribe", args=[unsubscribe_token(user, [ANSWER])])

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert notification_preferences(user)[ANSWER] == Delivery.OFF


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unsubscribe_link_with_a_bad_token_is_refused_and_changes_nothing(client, method):
    user = UserFactory()
    token = unsubscribe_token(user, [ANSWER])
    forged = token.replace(token.split(":")[0], "eyJrIjpbIm5ld19hbnN3ZXIiXSwidSI6MX0")

    response = getattr(client, method)(reverse("web:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()
