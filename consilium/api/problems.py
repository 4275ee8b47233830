"""Errors as RFC 9457 problem details: one stable `type` per kind of error, JSON throughout."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from consilium.accounts.limits import PostingTooFast
from consilium.qa.services import AnswerNotAllowed, QuestionNotAllowed

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
# Identifiers, not links to fetch: they never change, whatever host serves the API.
TYPE_BASE = "https://consilium.example/problems/"

# kind -> (status, title). The title is the same for every problem of a kind (RFC 9457 §3.1.4).
KINDS: dict[str, tuple[int, str]] = {
    "bad-request": (400, "The request could not be read"),
    "unauthenticated": (401, "Sign-in required"),
    "forbidden": (403, "Not allowed"),
    "insufficient-scope": (403, "The token's scope does not allow this"),
    "csrf-failed": (403, "CSRF check failed"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "conflict": (409, "Conflict with the current state"),
    "too-large": (413, "The request is too large"),
    "validation": (422, "Invalid request"),
    "rate-limited": (429, "Too many requests"),
    "server-error": (500, "Internal server error"),
}
_KIND_BY_STATUS = {status: kind for kind, (status, _) in reversed(KINDS.items())}

# PostingTooFast counts a new account's posts over the last hour (accounts.limits); waiting
# that long always frees a post, so it is the honest upper bound to send.
POSTING_RETRY_AFTER_SECONDS = 3600


class FieldError(Schema):
    location: str
    field: str | None
    message: str
    code: str


class Problem(Schema):
    """An RFC 9457 problem; `errors` lists the fields at fault for `.../validation`."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """Raised by operations to answer with a problem of a given kind."""

    def __init__(
        self,
        kind: str,
        detail: str,
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    kind: str,
    detail: str,
    *,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    status, title = KINDS[kind]
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = list(errors)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def form_errors(form: Form) -> list[dict[str, Any]]:
    """A bound, invalid form's errors as problem field errors, in the body."""
    return [
        {
            "location": "body",
            "field": None if name == "__all__" else name,
            "message": " ".join(str(message) for message in error.messages),
            "code": error.code or "invalid",
        }
        for name, errors in form.errors.as_data().items()
        for error in errors
    ]


def validated(form: Form) -> dict[str, Any]:
    """The form's cleaned data, or a validation problem naming every field at fault."""
    if not form.is_valid():
        raise ApiProblem(
            "validation", "Some fields are missing or invalid.", errors=form_errors(form)
        )
    return form.cleaned_data


def _pydantic_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    converted = []
    for error in errors:
        location, *path = [str(part) for part in error.get("loc", ())] or ["body"]
        if location == "body" and path:
            path = path[1:]  # the operation's parameter name, not a field the client sent
        converted.append(
            {
                "location": location,
                "field": ".".join(path) or None,
                "message": str(error.get("msg", "Invalid value.")),
                "code": str(error.get("type", "invalid")),
            }
        )
    return converted


def _on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc.kind, exc.detail, errors=exc.errors, headers=exc.headers)


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(
        "validation", "Some parameters are missing or invalid.", errors=_pydantic_errors(exc.errors)
    )


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):
        headers = {} if exc.wait is None else {"Retry-After": str(max(1, int(exc.wait)))}
        return problem_response(
            "rate-limited", "You have made too many requests; wait and retry.", headers=headers
        )
    if isinstance(exc, AuthenticationError):
        return _unauthenticated()
    if exc.status_code == 400:
        return problem_response("bad-request", str(exc))
    kind = _KIND_BY_STATUS.get(exc.status_code)
    if kind is None:
        return _on_exception(request, exc)
    return problem_response(kind, str(exc))


def _unauthenticated() -> HttpResponse:
    return problem_response(
        "unauthenticated",
        "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.",
        headers={"WWW-Authenticate": 'Bearer realm="consilium"'},
    )


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response("not-found", str(exc) or "No such resource.")


def _on_posting_too_fast(request: HttpRequest, exc: PostingTooFast) -> HttpResponse:
    return problem_response(
        "rate-limited", str(exc), headers={"Retry-After": str(POSTING_RETRY_AFTER_SECONDS)}
    )


def _on_not_allowed(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response("forbidden", str(exc))


def _on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # A unique constraint lost a race with a concurrent request doing the same thing.
    return problem_response("conflict", "This conflicts with a change made at the same time.")


def _on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return problem_response(
        "too-large", f"A request body can be at most {limit:,} bytes ({filesizeformat(limit)})."
    )


def _on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response("server-error", "Something went wrong on our side.")


HANDLERS: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
    (Exception, _on_exception),
    (ApiProblem, _on_problem),
    (ValidationError, _on_validation_error),
    (HttpError, _on_http_error),
    (Http404, _on_not_found),
    (PostingTooFast, _on_posting_too_fast),
    (AnswerNotAllowed, _on_not_allowed),
    (QuestionNotAllowed, _on_not_allowed),
    (IntegrityError, _on_integrity_error),
    (RequestDataTooBig, _on_too_large),
]


def install(api: NinjaAPI) -> None:
    """Answer every error of the API as a problem; the most specific handler wins."""
    for exception, handler in HANDLERS:
        api.add_exception_handler(exception, handler)


def documented(*statuses: int) -> dict[str, Any]:
    """OpenAPI `responses` naming the problems an operation may answer with."""
    return {
        "responses": {
            str(status): {
                "description": KINDS[_KIND_BY_STATUS[status]][1],
                "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            }
            for status in statuses
        }
    }
