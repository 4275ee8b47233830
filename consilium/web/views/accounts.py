"""Pages of one's own account: signing up, the account page, downloading data, leaving."""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic.edit import FormView

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.accounts.notifications import read_unsubscribe_token
from consilium.accounts.permissions import doctor_profile, verified_doctor
from consilium.accounts.selectors import notification_preferences, personal_data
from consilium.accounts.services import (
    delete_account,
    set_notification_preferences,
    sign_up,
    unsubscribe,
)
from consilium.accounts.throttle import seconds_to_wait
from consilium.api.services import revoke_all_tokens
from consilium.outcomes.selectors import reports_of
from consilium.web.forms import (
    DeleteAccountForm,
    NotificationSettingsForm,
    SignInForm,
    SignUpForm,
)
from consilium.web.views.access import safe_next, sign_in_required


def _in_words(seconds: int) -> str:
    """How long a wait is, as a person says it ("14 minutes"); under a minute is "a minute"."""
    return timeuntil(timezone.now() + timedelta(seconds=max(seconds, 60)))


class SignInView(LoginView):
    template_name = "web/accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # With nowhere else to go, a verified doctor goes to the questions waiting for them.
        if verified_doctor(self.request.user) is not None:
            return reverse("web:doctor-home")
        return super().get_default_redirect_url()


# Signing in: django's view behind the per-address pace; django-axes counts the failures.
_sign_in_form = SignInView.as_view()


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        wait = seconds_to_wait(request, group="consilium.sign-in", rate=settings.SIGN_IN_RATE)
        if wait is not None:
            response = render(
                request,
                settings.AXES_LOCKOUT_TEMPLATE,
                {"cooloff_timedelta": _in_words(wait)},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
    return _sign_in_form(request)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    going_to = safe_next(request, reverse("web:ask"))
    if request.user.is_authenticated:
        return redirect(going_to)
    form = SignUpForm(request.POST or None)
    wait = None
    if request.method == "POST":
        wait = seconds_to_wait(request, group="consilium.sign-up", rate=settings.SIGN_UP_RATE)
    if wait is not None:
        form.is_valid()
        form.add_error(
            None,
            f"Too many new accounts from your address just now. Please try again in "
            f"{_in_words(wait)}; what you typed is kept.",
        )
        response = render(
            request, "web/accounts/signup.html", {"form": form, "next": going_to}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    if request.method == "POST" and form.is_valid():
        user = sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            handle=form.cleaned_data["handle"],
        )
        login(request, user, backend="consilium.accounts.backends.EmailOrUsernameBackend")
        messages.success(
            request,
            f"Welcome! You appear on the site as {user.handle}. Doctors apply to answer "
            "from Your account.",
        )
        return redirect(going_to)
    return render(request, "web/accounts/signup.html", {"form": form, "next": going_to})


class _NewPasswordEndsTokens(FormView):
    """Saving a new password (Django's views) also revokes every API token of the account."""

    def form_valid(self, form: PasswordChangeForm | SetPasswordForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            revoke_all_tokens(user=form.user)
        return response


class PasswordChange(_NewPasswordEndsTokens, auth_views.PasswordChangeView):
    pass


class PasswordResetConfirm(_NewPasswordEndsTokens, auth_views.PasswordResetConfirmView):
    pass


@require_http_methods(["GET"])
@sign_in_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "web/accounts/account.html",
        {"doctor_profile": doctor_profile(request.user), "reports": reports_of(request.user)},
    )


@require_http_methods(["GET"])
@sign_in_required
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="consilium-my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@sign_in_required
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(
            request, "Your account, reports and photos are deleted. Your questions stay, unsigned."
        )
        return redirect("web:home")
    return render(request, "web/accounts/delete.html", {"form": form})


@require_http_methods(["GET", "POST"])
@sign_in_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NotificationSettingsForm(
        request.POST or None, initial=notification_preferences(request.user)
    )
    if request.method == "POST" and form.is_valid():
        set_notification_preferences(request.user, form.cleaned_data)
        messages.success(request, "Your email choices are saved.")
        return redirect("web:notification-settings")
    return render(
        request,
        "web/accounts/notification_settings.html",
        {"form": form, "time_zone": settings.TIME_ZONE},
    )


# The signed token stands for the person, so a mail client's one-click POST (RFC 8058), which
# carries no cookie or CSRF token, is honoured; a bad token changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_email(request: HttpRequest, token: str) -> HttpResponse:
    done = unsubscribe(token) if request.method == "POST" else None
    if done is False or read_unsubscribe_token(token) is None:
        return render(request, "web/accounts/unsubscribe.html", {"bad": True}, status=400)
    return render(request, "web/accounts/unsubscribe.html", {"done": done})
