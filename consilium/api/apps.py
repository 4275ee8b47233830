"""API: the JSON interface under /api/v1, described by OpenAPI."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "consilium.api"
    label = "api"
