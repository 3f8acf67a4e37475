"""Give coordinators the lab admin (paths with stages, groups) and trainers what
they need to facilitate (edit paths' stages, manage groups)."""

from django.db import migrations

from lms.roles import grant_model_permissions, revoke_model_permissions

PERMISSIONS = {
    "coordinator": {
        "participatorypath": ["add", "change", "delete", "view"],
        "stage": ["add", "change", "delete", "view"],
        "labgroup": ["add", "change", "delete", "view"],
    },
    "trainer": {
        "participatorypath": ["change", "view"],
        "stage": ["add", "change", "view"],
        "labgroup": ["add", "change", "delete", "view"],
    },
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, "lab", PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "lab", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lab", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
