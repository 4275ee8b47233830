"""The full-text index of each supported database behind one interface."""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from consilium.search.backends.base import Schema, SearchBackend


def backend_for(connection: BaseDatabaseWrapper) -> SearchBackend:
    if connection.vendor == "postgresql":
        from consilium.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from consilium.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    raise NotImplementedError(f"search has no index for {connection.vendor}")


def get_backend(using: str = "default") -> SearchBackend:
    return backend_for(connections[using])


_schemas: dict[str, Schema] = {}


def cached_schema(using: str = "default") -> Schema:
    """The live schema as of the last migrate; reading it costs introspection queries."""
    key = f"{using}:{connections[using].settings_dict['NAME']}"
    if key not in _schemas:
        _schemas[key] = get_backend(using).schema()
    return _schemas[key]


def forget_schema() -> None:
    _schemas.clear()
