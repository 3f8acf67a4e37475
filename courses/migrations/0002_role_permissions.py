"""Give coordinators the courses admin (cohorts, sessions, enrolments) and trainers
what they need to run their sessions."""

from django.db import migrations

from lms.roles import grant_model_permissions, revoke_model_permissions

PERMISSIONS = {
    "coordinator": {
        "cohort": ["add", "change", "delete", "view"],
        "workshopsession": ["add", "change", "delete", "view"],
        "enrollment": ["add", "change", "delete", "view"],
    },
    "trainer": {},
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, "courses", PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "courses", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
