"""Copy the answering doctors' specialties into each search document, for the filter."""

from django.db import migrations, models

from consilium.search.migrations._drop_index import drop_index


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    # SQLite adds the column by rebuilding the table, which the installed triggers refer to;
    # with them dropped it can. The post-migrate check then reinstalls and rebuilds the index.
    operations = [
        migrations.RunPython(drop_index, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchdocument",
            name="specialties",
            field=models.TextField(blank=True, default=""),
        ),
        # Unapplying removes the column the same way: the triggers go first there too.
        migrations.RunPython(migrations.RunPython.noop, drop_index),
    ]
