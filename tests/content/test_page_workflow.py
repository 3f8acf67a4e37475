"""The page workflow is real (issue 13 item 15): trainers submit pages for review,
coordinators approve or reject them, trainers cannot publish; Wagtail's default
Moderators/Editors groups are gone (content migration 0003)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(home_page):
    page = home_page.add_child(instance=StandardPage(title="Chi siamo", slug="chi-siamo"))
    page.unpublish()
    return StandardPage.objects.get(pk=page.pk)


def _edit(page, action: str) -> dict:
    return nested_form_data(
        {
            "title": "Chi siamo – nuova versione",
            "slug": page.slug,
            "introduction": "Il programma in breve.",
            "body": streamfield([]),
            action: action.removeprefix("action-"),
        }
    )


def test_the_only_workflow_task_is_approved_by_coordinators_and_wagtails_groups_are_gone():
    task = GroupApprovalTask.objects.get()
    assert task.name == "Revisione editoriale"
    assert [g.name for g in task.groups.all()] == ["coordinator"]
    workflow = Workflow.objects.get(active=True)
    assert workflow.workflow_pages.filter(page__depth=1).exists()  # covers every page
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_a_trainer_cannot_publish_directly(draft, trainer, trainer_client):
    assert not draft.permissions_for_user(trainer).can_publish()
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    page = trainer_client.get(edit).content.decode()
    assert "Invia a Revisione editoriale" in page or "Submit to Revisione editoriale" in page
    assert "Moderators" not in page
    trainer_client.post(edit, _edit(draft, "action-publish"))
    draft.refresh_from_db()
    assert not draft.live and draft.first_published_at is None  # at most a draft saved


def test_trainer_submits_coordinator_approves_and_the_page_goes_live(
    draft, trainer_client, coordinator, client
):
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = trainer_client.post(edit, _edit(draft, "action-submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    state = draft.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task_state = state.current_task_state

    client.force_login(coordinator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Chi siamo – nuova versione" in dashboard  # the coordinator's review panel
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk]
    )
    assert client.post(action).status_code in (200, 302)
    page = Page.objects.get(pk=draft.pk)
    assert page.live and page.title == "Chi siamo – nuova versione"


def test_a_coordinator_rejects_and_the_page_stays_unpublished(
    draft, trainer_client, coordinator, client
):
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    trainer_client.post(edit, _edit(draft, "action-submit"))
    draft.refresh_from_db()
    task_state = draft.current_workflow_state.current_task_state
    client.force_login(coordinator)
    action = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "reject", task_state.pk])
    client.post(action, {"comment": "Manca il paragrafo sui territori."})
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "needs_changes"


def test_a_trainer_cannot_approve(draft, trainer_client):
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    trainer_client.post(edit, _edit(draft, "action-submit"))
    draft.refresh_from_db()
    task_state = draft.current_workflow_state.current_task_state
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk]
    )
    trainer_client.post(action)
    draft.refresh_from_db()
    assert not draft.live
