"""Moderation: flags raised by readers, moderators' decisions and the audit log."""

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "consilium.moderation"
    label = "moderation"
