"""Questions and the doctors' answers to them."""

from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "consilium.qa"
    label = "qa"
