from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consensus", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionconsensus",
            name="leaning",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
    ]
