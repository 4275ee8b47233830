"""The 404, 403, 429 and 500 pages: styled like the site, with a search box and a way home."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults

from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _has_a_way_back(page: str) -> None:
    assert 'id="way-back-q"' in page
    assert f'action="{reverse("search:search")}"' in page
    assert f'href="{reverse("web:home")}">Go to the home page' in page
    assert 'class="site-header"' in page


@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/questions/999999/", "/no-such-page/", "/topics/nothing-here/"])
def test_it_answers_an_unknown_address_with_the_styled_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    _has_a_way_back(page)


@override_settings(DEBUG=False)
def test_the_500_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    _has_a_way_back(page)


@override_settings(DEBUG=False)
def test_the_403_page_has_a_way_back():
    request = RequestFactory().get("/")
    request.user = UserFactory()
    response = defaults.permission_denied(request, PermissionError())
    assert response.status_code == 403
    _has_a_way_back(response.content.decode())


@override_settings(DEBUG=False)
def test_a_refusal_has_a_way_back(client):
    client.force_login(UserFactory())
    response = client.get(reverse("web:moderation"))
    assert response.status_code == 403
    _has_a_way_back(response.content.decode())


@override_settings(DEBUG=False, AXES_FAILURE_LIMIT=1)
def test_the_429_page_has_a_way_back(client):
    UserFactory(username="h@example.com", email="h@example.com")
    client.post(reverse("web:login"), {"username": "h@example.com", "password": "wrong"})
    response = client.post(reverse("web:login"), {"username": "h@example.com", "password": "x"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    _has_a_way_back(page)
