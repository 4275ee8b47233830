"""Pages of one's own account: signing up, the account page, downloading data, leaving."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from consilium.accounts.permissions import doctor_profile
from consilium.accounts.selectors import personal_data
from consilium.accounts.services import delete_account, sign_up
from consilium.web.forms import DeleteAccountForm, SignUpForm
from consilium.web.views.access import current_user, safe_next, sign_in_required


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    going_to = safe_next(request, reverse("web:ask"))
    if request.user.is_authenticated:
        return redirect(going_to)
    form = SignUpForm(request.POST or None)
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


@require_http_methods(["GET"])
@sign_in_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/accounts/account.html", {"doctor_profile": doctor_profile(request.user)}
    )


@require_http_methods(["GET"])
@sign_in_required
def export_data(request: HttpRequest) -> HttpResponse:
    data = personal_data(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="consilium-my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@sign_in_required
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=current_user(request))
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)  # type: ignore[arg-type]
        messages.success(request, "Your account is deleted. Your questions stay, unsigned.")
        return redirect("web:home")
    return render(request, "web/accounts/delete.html", {"form": form})
