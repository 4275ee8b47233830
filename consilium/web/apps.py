"""Web: the server-rendered pages people read."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "consilium.web"
    label = "web"
