"""Give trainers and coordinators the question bank and rubrics in the admin."""

from django.db import migrations

from lms.roles import grant_model_permissions, revoke_model_permissions

BANK = {
    "question": ["add", "change", "delete", "view"],
    "questioncategory": ["add", "change", "delete", "view"],
    "rubric": ["add", "change", "delete", "view"],
}
PERMISSIONS = {"trainer": BANK, "coordinator": BANK}


def grant(apps, schema_editor):
    grant_model_permissions(apps, "assessments", PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "assessments", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
