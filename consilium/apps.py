"""The site as a whole: what Django's start-up does before any app opens the database."""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class ConsiliumConfig(AppConfig):
    name = "consilium"
    verbose_name = "Consilium"

    def ready(self) -> None:
        from consilium.datadir import prepare

        database = settings.DATABASES["default"]
        sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
        prepare(
            settings.DATA_DIR,
            sqlite_file=Path(database["NAME"]) if sqlite else None,
            secret_key_given=bool(os.environ.get("SECRET_KEY")),
        )
