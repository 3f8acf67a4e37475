"""Wagtail creates its default workflow and task in English ("Moderators approval"), and
the Italian admin then says "Invia a Moderators approval". Names are data, not
translatable strings: give them the name of the site's language (Italian)."""

from django.db import migrations

RENAMES = {"Moderators approval": "Revisione editoriale"}


def rename(apps, schema_editor, renames=RENAMES):
    for model in ("Workflow", "Task"):
        manager = apps.get_model("wagtailcore", model).objects
        for old, new in renames.items():
            manager.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
