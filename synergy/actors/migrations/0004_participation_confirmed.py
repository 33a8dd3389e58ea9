from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_profiles_projects_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="confirmed",
            field=models.BooleanField(
                default=True,
                help_text="Whether the organisation agrees that it took part (or the source says so).",
                verbose_name="confirmed",
            ),
        ),
    ]
