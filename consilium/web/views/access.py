"""Turning the permission rules into responses: sign-in redirects and friendly refusals."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from consilium.accounts.models import User
from consilium.accounts.permissions import is_moderator

View = Callable[..., HttpResponse]


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request, so a fragment is wanted rather than a page."""
    return bool(getattr(request, "htmx", False))


def current_user(request: HttpRequest) -> User:
    """The signed-in user, for views that check sign-in themselves; views behind
    sign_in_required take an AuthenticatedHttpRequest instead."""
    assert isinstance(request.user, User)
    return request.user


def safe_next(request: HttpRequest, default: str) -> str:
    """Where the visitor was going (the `next` field or parameter), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def id_param(request: HttpRequest, name: str) -> int | None:
    """A row id from the query string, or None for anything that is not one ("²", "-1", "x")."""
    value = request.GET.get(name, "")
    # str.isdigit also takes superscripts and other scripts' digits, which int() refuses.
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def refuse(
    request: HttpRequest,
    heading: str,
    explanation: str,
    *,
    status: int = 403,
    next_step: tuple[str, str] | None = None,
) -> HttpResponse:
    """A page saying why the visitor cannot do this and what they can do instead."""
    return render(
        request,
        "web/refused.html",
        {"heading": heading, "explanation": explanation, "next_step": next_step},
        status=status,
    )


def sign_in_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def moderator_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            return refuse(request, "Moderators only", "This page is for the site's moderators.")
        return view(request, *args, **kwargs)

    return wrapper
