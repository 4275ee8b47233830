"""The page cache's app configuration."""

from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "consilium.pagecache"
    label = "pagecache"

    def ready(self) -> None:
        from consilium.pagecache import readers

        readers.connect()
