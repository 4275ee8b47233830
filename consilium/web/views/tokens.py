"""The API tokens page: signed-in people create personal tokens and revoke them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from consilium.accounts.http import AuthenticatedHttpRequest
from consilium.api.forms import ApiTokenForm
from consilium.api.selectors import tokens_of
from consilium.api.services import NewToken, TokenNotAllowed, create_token, revoke_token
from consilium.web.views.access import sign_in_required


@require_http_methods(["GET", "POST"])
@sign_in_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ApiTokenForm(request.POST or None, user=user)
    created: NewToken | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = create_token(
                user=user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except TokenNotAllowed as error:
            form.add_error(None, str(error))
        else:
            form = ApiTokenForm(user=user)
    # The secret is shown in this response only, never stored, so it is not redirected to
    # (and kept in the session) but rendered here, and kept out of every cache.
    response = render(
        request,
        "web/accounts/tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "created": created},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@sign_in_required
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not revoke_token(user=request.user, token_id=pk):
        raise Http404("No such token.")
    messages.success(request, "The token is revoked: requests that use it are refused from now on.")
    return redirect("web:api-tokens")
