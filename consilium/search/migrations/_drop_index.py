"""Removing the search triggers, as the search migrations do; frozen with them.

Migrations import no application code, so that an old migration runs the same whatever
today's code looks like. The triggers and functions are found in the database catalogue by
their "search_" prefix, so this removes whichever version of them is installed.
"""

SIGNATURE_KEY = "index-signature"


def drop_index(apps, schema_editor):
    """Drop the index triggers (and SQLite's full-text table, PostgreSQL's functions) so the
    qa tables stand alone; the post-migrate check installs them again."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'search\\_%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute("DROP TABLE IF EXISTS search_fts")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'search\\_%' "
                "AND c.relnamespace = current_schema()::regnamespace"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            # Indexes built on these functions are the index's own, so they go with them.
            cursor.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p "
                "WHERE p.proname LIKE 'search\\_%' "
                "AND p.pronamespace = current_schema()::regnamespace"
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    state = apps.get_model("search", "IndexState")
    state.objects.using(connection.alias).filter(key=SIGNATURE_KEY).delete()
