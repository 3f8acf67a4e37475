"""Give trainers and coordinators the competency admin (frameworks, scales,
competencies, alignments, self-assessments) and read access to ratings."""

from django.db import migrations

from lms.roles import grant_model_permissions, revoke_model_permissions

EDIT = ["add", "change", "view"]
ALL = ["add", "change", "delete", "view"]
PERMISSIONS = {
    "trainer": {
        "competencyframework": EDIT,
        "competency": EDIT,
        "proficiencyscale": EDIT,
        "competencyalignment": ALL,
        "selfassessment": EDIT,
        "competencyrating": ["view"],
        "evidence": ["view"],
    },
    "coordinator": {
        "competencyframework": ALL,
        "competency": ALL,
        "proficiencyscale": ALL,
        "competencyalignment": ALL,
        "selfassessment": ALL,
        "competencyrating": ["view"],
        "evidence": ["view"],
    },
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, "assessments", PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "assessments", PERMISSIONS, listed_only=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_competencies"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
