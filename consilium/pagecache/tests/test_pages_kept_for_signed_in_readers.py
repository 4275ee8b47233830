"""A page the same for every signed-in reader, kept ready and given each their token and links."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.response import TemplateResponse
from django.test import RequestFactory

from consilium.accounts.tests.factories import UserFactory
from consilium.pagecache import frames, versions
from consilium.pagecache.pages import kept_for_signed_in_readers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


class CountingView:
    """A page whose text names how many times it was rendered, answered with a status."""

    def __init__(self, status: int = 200, text: str = "") -> None:
        self.status = status
        self.text = text
        self.calls = 0
        self.view = kept_for_signed_in_readers(lambda: [versions.QUESTION_LIST])(self.render)

    def render(self, request):
        self.calls += 1
        number = self.text or f"rendering-{self.calls}"
        return TemplateResponse(
            request, "web/urgent.html", {"emergency_number": number}, status=self.status
        )

    def __call__(self, reader, path="/kept/"):
        request = RequestFactory().get(path, {"q": "peel"})
        request.user = reader
        return self.view(request)


def _token(page: str) -> str:
    (token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    return token


def test_it_renders_the_page_once_for_every_signed_in_reader():
    first, second = UserFactory(handle="reader-one"), UserFactory(handle="reader-two")
    view = CountingView()
    pages = [view(reader).content.decode() for reader in (first, second, first)]
    assert view.calls == 1
    assert all("rendering-1" in page for page in pages)
    assert ">reader-one</a>" in pages[0]
    assert ">reader-two</a>" in pages[1]
    assert "reader-one" not in pages[1]
    # Each request's own token, never a stand-in.
    assert len({_token(page) for page in pages}) == 3
    assert not any(frames.CSRF_STAND_IN in page or frames.NAV in page for page in pages)


def test_it_renders_the_page_again_once_a_version_it_depends_on_moves():
    reader = UserFactory()
    view = CountingView()
    view(reader)
    versions.bump([versions.QUESTION_LIST])
    assert "rendering-2" in view(reader).content.decode()
    assert "rendering-2" in view(reader).content.decode()
    assert view.calls == 2


def test_it_keeps_each_address_apart():
    reader = UserFactory()
    view = CountingView()
    view(reader, "/kept/one/")
    assert "rendering-2" in view(reader, "/kept/two/").content.decode()


def test_it_gives_what_a_rendering_for_the_reader_gives(settings):
    reader = UserFactory(handle="reader-one")
    view = CountingView(text="112")
    view(reader)
    kept = view(reader).content.decode()
    settings.PAGE_CACHE = False
    rendered = view(reader).content.decode()
    assert kept.replace(_token(kept), "TOKEN") == rendered.replace(_token(rendered), "TOKEN")


def test_it_does_not_keep_a_page_answered_other_than_200():
    reader = UserFactory()
    view = CountingView(status=503)
    for _ in range(2):
        response = view(reader)
        assert response.status_code == 503
    assert view.calls == 2


def test_it_renders_a_page_quoting_the_token_stand_in_for_each_reader():
    reader = UserFactory()
    view = CountingView(text=frames.CSRF_STAND_IN)
    for _ in range(2):
        page = view(reader).content.decode()
        assert len(_token(page)) == 64
    assert view.calls == 2


def test_it_leaves_signed_out_readers_to_the_view():
    view = CountingView()
    for _ in range(2):
        page = view(AnonymousUser()).content.decode()
        assert "Sign in" in page
    assert view.calls == 2


def test_it_renders_the_page_for_a_reader_with_a_message_waiting():
    reader = UserFactory()
    view = CountingView()
    view(reader)
    request = RequestFactory().get("/kept/", {"q": "peel"})
    request.user = reader
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(20, "Saved.")
    view.view(request)
    assert view.calls == 2


def test_a_kept_page_fills_each_slot_with_a_function_of_the_readers_token():
    reader = UserFactory(handle="reader-one")
    html = f"<a>{frames.CSRF_STAND_IN}</a>{frames.NAV}<main>{frames.CONTENT}</main>"
    page = frames.KeptPage.cut(html, (frames.CONTENT,))
    request = RequestFactory().get("/")
    request.user = reader
    filled = page.for_reader(request, lambda token: f"content for {token}")
    # The same token in the page and given to the slot.
    assert re.fullmatch(r"<a>(\w{64})</a>.*<main>content for \1</main>", filled, re.DOTALL)
    assert ">reader-one</a>" in filled


def test_a_page_holding_a_stand_in_twice_cannot_be_kept():
    html = f"{frames.CSRF_STAND_IN}{frames.NAV}{frames.CSRF_STAND_IN}"
    assert frames.KeptPage.cut(html) is None
    assert frames.KeptPage.cut(f"{frames.NAV}{frames.CSRF_STAND_IN}") is None
