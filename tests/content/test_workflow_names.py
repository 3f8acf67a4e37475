"""The default workflow is named in the site's language, so the Italian editor's button
does not read "Invia a Moderators approval" (issue 15 item 22)."""

import importlib

import pytest
from django.apps import apps as django_apps
from wagtail.models import Task, Workflow

migration = importlib.import_module("content.migrations.0002_default_workflow_in_italian")

pytestmark = pytest.mark.django_db


def test_the_default_workflow_and_task_are_renamed_and_can_be_renamed_back():
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    task = Task.objects.create(name="Moderators approval", active=True)
    migration.rename(django_apps, None)
    workflow.refresh_from_db()
    task.refresh_from_db()
    assert (workflow.name, task.name) == ("Revisione editoriale", "Revisione editoriale")
    migration.rename_back(django_apps, None)
    workflow.refresh_from_db()
    assert workflow.name == "Moderators approval"


def test_no_workflow_is_left_with_its_english_default_name():
    """After the migrations (the test database runs them), nothing reads in English."""
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
