"""Trainers and coordinators may use Wagtail's "Translate" action (issue 14).

``wagtail.contrib.simple_translation`` shows its Translate button and serves its
submit view only to holders of ``simple_translation.submit_translation``; the role
groups never had it, so only superusers could make a page's French or Arabic copy. The
copy is a draft that follows the page workflow like any other (trainers submit it,
coordinators approve). The permission is created here when ``post_migrate`` has not
made it yet (a fresh database).
"""

from django.db import migrations

GROUPS = ["trainer", "coordinator"]


def _permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return permission


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_workflow_for_coordinators"),
        ("accounts", "0002_role_groups"),
        ("simple_translation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
