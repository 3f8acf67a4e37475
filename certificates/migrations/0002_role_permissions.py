"""Give coordinators the certificate templates and rules in the admin."""

from django.db import migrations

from lms.roles import grant_model_permissions, revoke_model_permissions

PERMISSIONS = {
    "coordinator": {
        "certificatetemplate": ["add", "change", "delete", "view"],
        "certificaterule": ["add", "change", "delete", "view"],
    },
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, "certificates", PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "certificates", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
