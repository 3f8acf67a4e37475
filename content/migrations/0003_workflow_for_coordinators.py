"""The page workflow of the project's roles (issue 13 item 15).

- The default workflow's task ("Revisione editoriale", a ``GroupApprovalTask``) is
  assigned to the coordinator group: coordinators approve or reject what trainers
  submit. The workflow stays on the root page, so it covers every page.
- Trainers lose ``publish_page``: they save drafts and submit them for review.
- Wagtail's default "Moderators" and "Editors" groups are removed: the project's roles
  (trainer, coordinator) replace them, and nobody of the project belongs to them.
"""

from django.db import migrations

TASK_NAMES = ["Revisione editoriale", "Moderators approval"]
WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


def _publish_permission(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    coordinator = Group.objects.filter(name="coordinator").first()
    if coordinator is not None:
        for task in GroupApprovalTask.objects.filter(name__in=TASK_NAMES):
            task.groups.set([coordinator])
    publish = _publish_permission(apps)
    if publish is not None:
        GroupPagePermission.objects.filter(group__name="trainer", permission=publish).delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    trainer = Group.objects.filter(name="trainer").first()
    root = Page.objects.filter(depth=1).first()
    publish = _publish_permission(apps)
    if trainer is not None and root is not None and publish is not None:
        GroupPagePermission.objects.get_or_create(group=trainer, page=root, permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_default_workflow_in_italian"),
        ("accounts", "0002_role_groups"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forward, backward)]
