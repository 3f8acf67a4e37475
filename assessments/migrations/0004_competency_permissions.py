"""Give trainers and coordinators the competency admin (frameworks, scales,
competencies, alignments, self-assessments) and read access to ratings."""

from django.db import migrations

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
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, models in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            content_type, _created = ContentType.objects.get_or_create(
                app_label="assessments", model=model
            )
            for action in actions:
                permission, _created = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    models = {model for models in PERMISSIONS.values() for model in models}
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="assessments", content_type__model__in=models
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_competencies"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
