"""The start and end self-assessments (issue 15, item 6): reopening the start one never
turns the next answers into the end one; the end opens when the path is complete or a
coordinator opens it; each can be changed for seven days."""

import datetime
import re

import pytest
from django.utils import timezone

from assessments.competencies import selectors, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import CompetencyAlignment, Evidence, SelfAssessmentResponse

from .factories import make_self_assessment

pytestmark = pytest.mark.usefixtures("home_page")


@pytest.fixture
def assessment(tree):
    framework, area, listening, questions, feedback = tree
    return make_self_assessment(framework, [listening, feedback])


def _url(assessment, phase=""):
    return f"/en/competencies/self-assessment/{assessment.pk}/" + (
        f"?phase={phase}" if phase else ""
    )


def _answers(assessment, *values):
    items = list(assessment.items.order_by("sort_order", "pk"))
    return {f"item_{item.pk}": str(value) for item, value in zip(items, values, strict=True)}


def _phases(user, assessment):
    return list(
        SelfAssessmentResponse.objects.filter(user=user, assessment=assessment)
        .order_by("pk")
        .values_list("phase", flat=True)
    )


def test_reopening_the_start_changes_it_and_never_makes_an_end(assessment, trainee, trainee_client):
    trainee_client.post(_url(assessment), {"phase": "start", **_answers(assessment, 2, 3)})
    page = trainee_client.get(_url(assessment)).content.decode()
    today = timezone.localdate()
    assert "Start: completed on" in page and "(view / edit until" in page
    assert "End: opens when you complete your path (or when a coordinator opens it)." in page
    assert "Start of the path" in page and "End of the path" not in page
    # The form shows the answers given, ready to be changed.
    items = list(assessment.items.order_by("sort_order", "pk"))
    assert re.search(rf'name="item_{items[0].pk}" value="2"[^>]*checked', page)
    response = trainee_client.post(
        _url(assessment), {"phase": "start", **_answers(assessment, 4, 3)}, follow=True
    )
    assert "Your self-assessment is updated (start of the path)." in response.content.decode()
    assert _phases(trainee, assessment) == ["start"]
    start = SelfAssessmentResponse.objects.get(user=trainee)
    assert sorted(start.answers.values_list("value", flat=True)) == [3, 4]
    # The new self-rating corrects the earlier one; the map shows the new one.
    newest = Evidence.objects.filter(user=trainee, kind="self", competency=items[0].competency)
    assert newest.count() == 2 and newest.first().corrects == newest.last()
    assert str(today.year) in page


def test_asking_for_the_end_before_it_opens_is_refused(assessment, trainee, trainee_client):
    trainee_client.post(_url(assessment), {"phase": "start", **_answers(assessment, 2, 3)})
    page = trainee_client.get(_url(assessment, "end")).content.decode()
    assert "Save my answers" not in page and "Save my changes" not in page
    trainee_client.post(_url(assessment), {"phase": "end", **_answers(assessment, 5, 5)})
    assert _phases(trainee, assessment) == ["start"]
    with pytest.raises(CompetencyError, match="opens when you complete your path"):
        services.self_assessment_fill(
            user=trainee,
            assessment=assessment,
            phase="end",
            answers={item.pk: 5 for item in assessment.items.all()},
        )


def test_after_seven_days_the_start_can_be_viewed_not_changed(assessment, trainee, trainee_client):
    trainee_client.post(_url(assessment), {"phase": "start", **_answers(assessment, 2, 3)})
    SelfAssessmentResponse.objects.filter(user=trainee).update(
        submitted_at=timezone.now() - datetime.timedelta(days=8)
    )
    page = trainee_client.get(_url(assessment, "start")).content.decode()
    assert "Start: completed on" in page and "edit until" not in page
    assert "Save my changes" not in page and " disabled" in page
    trainee_client.post(_url(assessment), {"phase": "start", **_answers(assessment, 5, 5)})
    assert sorted(
        SelfAssessmentResponse.objects.get(user=trainee).answers.values_list("value", flat=True)
    ) == [2, 3]


def test_the_end_opens_when_the_aligned_course_is_complete(
    assessment, tree, course, trainee, trainee_client
):
    from courses.models import Enrollment
    from courses.services import enrollment_create

    CompetencyAlignment.objects.create(competency=tree[2], page=course)
    trainee_client.post(_url(assessment), {"phase": "start", **_answers(assessment, 2, 3)})
    enrollment_create(user=trainee, course=course)
    assert not selectors.self_assessment_state(trainee, assessment).end_open
    Enrollment.objects.filter(user=trainee).update(completed_at=timezone.now())
    page = trainee_client.get(_url(assessment)).content.decode()
    assert "End: open, you can fill it in." in page
    assert "End of the path" in page  # offered by default, and said so
    response = trainee_client.post(
        _url(assessment), {"phase": "end", **_answers(assessment, 4, 5)}, follow=True
    )
    assert "Thank you: your self-assessment is saved (end of the path)." in (
        response.content.decode()
    )
    assert _phases(trainee, assessment) == ["start", "end"]
    # With the end filled in, the start is history.
    assert not selectors.self_assessment_state(trainee, assessment).may_fill("start")


def test_a_coordinator_opens_the_end_to_everyone(assessment, trainee, client, coordinator, trainer):
    services.self_assessment_submit(
        user=trainee,
        assessment=assessment,
        answers={item.pk: 2 for item in assessment.items.all()},
        phase="start",
    )
    url = f"/en/competencies/self-assessment/{assessment.pk}/open-end/"
    client.force_login(trainer)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    needs = client.get(f"/en/competencies/needs/?assessment={assessment.pk}").content.decode()
    assert "Open the end self-assessment to every trainee now" in needs
    response = client.post(url, follow=True)
    assert "is open to every trainee." in response.content.decode()
    assessment.refresh_from_db()
    assert selectors.self_assessment_state(trainee, assessment).end_open
    client.force_login(trainee)
    assert "End: open, you can fill it in." in client.get(_url(assessment)).content.decode()


def test_dates_on_arabic_pages_use_arabic_month_names(assessment, trainee, client):
    """Issue 14, item 6: dates follow Django's formats for the active language."""
    from django.utils import formats, translation

    services.self_assessment_submit(
        user=trainee,
        assessment=assessment,
        answers={item.pk: 2 for item in assessment.items.all()},
        phase="start",
    )
    client.force_login(trainee)
    page = client.get(f"/ar/competencies/self-assessment/{assessment.pk}/").content.decode()
    submitted = timezone.localtime(SelfAssessmentResponse.objects.get(user=trainee).submitted_at)
    with translation.override("ar"):
        arabic = formats.date_format(submitted, "DATE_FORMAT")
        month = formats.date_format(submitted, "F")
    assert month and not month.isascii()  # an Arabic month name
    assert arabic in page
