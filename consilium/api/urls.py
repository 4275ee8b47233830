"""The /api/v1 application: its routers, authentication, rate limit, problems and schema."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from consilium.api import problems
from consilium.api.answers import router as answers_router
from consilium.api.auth import PUBLIC
from consilium.api.doctors import router as doctors_router
from consilium.api.notifications import router as notifications_router
from consilium.api.parser import StrictJSONParser
from consilium.api.questions import router as questions_router
from consilium.api.ratelimit import RequestRate
from consilium.api.search import router as search_router
from consilium.api.topics import router as topics_router

UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def _problem(description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        **extra,
    }


def _problem_on_405(view: Callable[..., Any]) -> Callable[..., Any]:
    """ninja answers a method no operation has with plain text; answer a problem instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return problems.problem_response(
                "method-not-allowed",
                f"{request.method} is not allowed here; use {response['Allow']}.",
                headers={"Allow": response["Allow"]},
            )
        return response

    return wrapper


def _no_such_path(request: HttpRequest, rest: str) -> HttpResponse:
    return problems.problem_response("not-found", "There is no such API path; see /api/v1/docs.")


class ConsiliumAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _problem_on_405(pattern.callback)
        # Unnamed and last: any other path under /api/v1/ is a problem too, not an HTML page.
        return [*patterns, path("<path:rest>", _no_such_path)], app_name, namespace

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Function names are unique across the API and read well in generated clients.
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for model in (problems.Problem, problems.FieldError):
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(found.pop("$defs", {}))
            schemas[model.__name__] = found
        # Public operations list `{}` among their security requirements: no credentials needed.
        components.get("securitySchemes", {}).pop("Anonymous", None)
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                secured = "security" in operation
                operation["security"] = [
                    {} if "Anonymous" in requirement else requirement
                    for requirement in operation.get("security", [])
                ]
                responses = operation.setdefault("responses", {})
                if "requestBody" in operation:
                    responses.setdefault("400", _problem("The body is not JSON"))
                    responses.setdefault("413", _problem("The body is over the size limit"))
                if secured:
                    responses.setdefault("401", _problem("The API token is unknown or revoked"))
                if method in UNSAFE_METHODS:
                    responses.setdefault(
                        "403", _problem("Not allowed, a read-only token, or no CSRF token")
                    )
                responses.setdefault("422", _problem("Invalid parameters or fields"))
                responses.setdefault(
                    "429",
                    _problem(
                        "Too many requests",
                        headers={
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer", "minimum": 0},
                            }
                        },
                    ),
                )
        return schema


api = ConsiliumAPI(
    title="Consilium API",
    version="1",
    description=(
        "Questions, verified doctors' answers and what the doctors agree on. Reads are public; "
        "writes need a personal API token (`Authorization: Bearer …`, made on your account's "
        "API tokens page) or the site's session cookie with its CSRF token. Lists are paged "
        "with an opaque `cursor`; errors are RFC 9457 problems (`application/problem+json`)."
    ),
    urls_namespace="api",
    auth=PUBLIC,
    throttle=[RequestRate()],
    parser=StrictJSONParser(),
)
problems.install(api)
# Search first: its /questions/similar must win over any /questions/{question_id} path.
api.add_router("", search_router)
api.add_router("/questions", questions_router)
api.add_router("/answers", answers_router)
api.add_router("/topics", topics_router)
api.add_router("/doctors", doctors_router)
api.add_router("/notifications", notifications_router)
