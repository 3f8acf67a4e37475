"""Give coordinators the courses admin (cohorts, sessions, enrolments) and trainers
what they need to run their sessions."""

from django.db import migrations

PERMISSIONS = {
    "coordinator": {
        "cohort": ["add", "change", "delete", "view"],
        "workshopsession": ["add", "change", "delete", "view"],
        "enrollment": ["add", "change", "delete", "view"],
    },
    "trainer": {},
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, models in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            content_type, _created = ContentType.objects.get_or_create(
                app_label="courses", model=model
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
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="courses"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
