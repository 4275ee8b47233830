import django.db.models.deletion
from django.db import migrations, models

from consilium.search.migrations._drop_index import drop_index


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("qa", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("key", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("value", models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name="PendingEmbedding",
            fields=[
                ("question_id", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="qa.question",
                    ),
                ),
                ("answer_count", models.PositiveIntegerField(default=0)),
                ("leaning", models.CharField(blank=True, default="", max_length=20)),
            ],
        ),
        migrations.CreateModel(
            name="QuestionEmbedding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=60)),
                ("vector", models.BinaryField()),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True)),
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="search_embedding",
                        to="qa.question",
                    ),
                ),
            ],
        ),
        # The triggers and the vendor's full-text tables are installed after migrate, by
        # consilium.search.services.ensure_index, to fit whatever columns the qa tables have
        # then. Going back removes them, so the qa tables stay writable without this app.
        migrations.RunPython(migrations.RunPython.noop, drop_index),
    ]
