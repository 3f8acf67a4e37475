"""The groups that scope coordinators by territory (issue 13 item 15).

A coordinator in "territory: bari" coordinates the Bari cohorts and people; one in
"programme coordinator" coordinates every territory (``lms.roles.territories_for``).
They carry no permission of their own: the "coordinator" group does. Superusers give
them in Wagtail's Users screen (Roles tab).
"""

from django.db import migrations

NAMES = [
    "programme coordinator",
    "territory: bari",
    "territory: foggia",
    "territory: lecce",
    "territory: other",
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in NAMES:
        Group.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_consent_purposes_channel_public_name")]

    operations = [migrations.RunPython(create, remove)]
