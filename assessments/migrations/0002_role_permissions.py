"""Give trainers and coordinators the question bank and rubrics in the admin."""

from django.db import migrations

BANK = {
    "question": ["add", "change", "delete", "view"],
    "questioncategory": ["add", "change", "delete", "view"],
    "rubric": ["add", "change", "delete", "view"],
}
PERMISSIONS = {"trainer": BANK, "coordinator": BANK}


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
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="assessments"))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
