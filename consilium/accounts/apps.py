"""Accounts: people, their roles and their public pseudonyms."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "consilium.accounts"
    label = "accounts"
