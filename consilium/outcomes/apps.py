"""Outcomes: what patients tried, and what happened when they did."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "consilium.outcomes"
    label = "outcomes"
