"""Copy the answering doctors' specialties into each search document, for the filter."""

from django.db import migrations, models


def uninstall(apps, schema_editor):
    # SQLite adds the column by rebuilding the table, which the installed triggers refer to;
    # with them dropped it can. The post-migrate check then reinstalls and rebuilds the index.
    from consilium.search.services import uninstall_index

    uninstall_index(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(uninstall, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchdocument",
            name="specialties",
            field=models.TextField(blank=True, default=""),
        ),
        # Unapplying removes the column the same way: the triggers go first there too.
        migrations.RunPython(migrations.RunPython.noop, uninstall),
    ]
