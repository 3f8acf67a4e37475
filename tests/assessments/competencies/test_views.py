"""Pages: the learner map, observations, heat map, needs report, self-assessment,
prior learning — and who may see what."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.competencies import services
from assessments.models import CompetencyRating, Evidence, PriorLearningClaim
from lms.accounts.models import Territory
from tests.factories import TraineeFactory

from .conftest import enrol
from .factories import make_self_assessment, trains

MAP = "/en/competencies/"


@pytest.fixture(autouse=True)
def _site(home_page):
    return home_page


def test_map_shows_levels_reasons_and_what_is_missing(tree, trainer, trainee, trainee_client):
    framework, area, listening, questions, feedback = tree
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=listening,
        level=3,
        observed_on=datetime.date(2026, 3, 1),
        context="Coaching session with a peer",
    )
    response = trainee_client.get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="chart-title">' in html
    assert "One more observation at Proficient or above, by another rater." in html
    assert "Coaching session with a peer" in html
    assert "Active listening" in html


def test_map_in_italian_uses_italian_names(tree, trainee_client):
    response = trainee_client.get("/competencies/")
    assert "Ascolto attivo" in response.content.decode()
    assert "Active listening" not in response.content.decode()


def test_trainee_cannot_see_another_trainees_map(tree, trainee_client, other_trainee):
    response = trainee_client.get(
        reverse("assessments:competencies:learner_map", args=[other_trainee.pk])
    )
    assert response.status_code == 403


def test_trainee_cannot_record_observations(tree, trainee_client):
    assert trainee_client.get("/en/competencies/observe/").status_code == 403


def test_anonymous_is_sent_to_login(tree, client):
    response = client.get(MAP)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_trainer_records_observation_and_rating_follows(tree, taught, trainer_client, trainee):
    framework, _area, _listening, _questions, feedback = tree
    response = trainer_client.post(
        "/en/competencies/observe/",
        {
            "learner": trainee.pk,
            "competency": feedback.pk,
            "level": 3,
            "observed_on": "2026-03-02",
            "context": "Coaching session with a peer",
            "note": "Gave clear, kind feedback.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Observation saved for" in html
    assert "Rated Proficient by a trainer on 03/02/2026." in html
    rating = CompetencyRating.objects.get(user=trainee, competency=feedback)
    assert rating.proficient
    evidence = Evidence.objects.get(user=trainee)
    assert evidence.context == "Coaching session with a peer"


def test_observation_form_reshows_what_was_typed(tree, taught, trainer_client, trainee):
    response = trainer_client.post(
        "/en/competencies/observe/",
        {"learner": trainee.pk, "observed_on": "2026-03-02", "context": "Assemblea"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the fields marked below." in html
    assert 'value="Assemblea"' in html
    assert not Evidence.objects.exists()


def test_observation_cannot_be_in_the_future(tree, taught, trainer_client, trainee):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = trainer_client.post(
        "/en/competencies/observe/",
        {"learner": trainee.pk, "competency": tree[4].pk, "level": 3, "observed_on": tomorrow},
    )
    assert "The date cannot be in the future." in response.content.decode()


def _make_learners(count, framework, competencies, trainer, cohort):
    learners = [
        enrol(TraineeFactory(profile__territory=Territory.FOGGIA), cohort) for _ in range(count)
    ]
    for learner in learners:
        for competency in competencies:
            services.evidence_record(
                user=learner,
                competency=competency,
                kind="observation",
                level=3,
                recorded_by=trainer,
            )
    return learners


def test_heatmap_query_count_is_flat(tree, cohort, trainer, trainer_client):
    """The heat map costs the same queries for 1 learner and for 30."""
    framework, area, listening, questions, feedback = tree
    _make_learners(1, framework, [listening, feedback], trainer, cohort)
    trainer_client.get("/en/competencies/heatmap/")  # warm caches (site, session)
    with CaptureQueriesContext(connection) as small:
        response = trainer_client.get("/en/competencies/heatmap/")
    assert response.status_code == 200
    _make_learners(29, framework, [listening, feedback], trainer, cohort)
    with CaptureQueriesContext(connection) as large:
        response = trainer_client.get("/en/competencies/heatmap/")
    assert response.content.decode().count('<th scope="row">') == 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_map_query_count_is_flat(tree, trainer, trainee, trainee_client):
    framework, area, listening, questions, feedback = tree
    services.quiz_evidence_record(user=trainee, items=[(questions, 0.8, "r:1")])
    trainee_client.get(MAP)  # warm caches
    with CaptureQueriesContext(connection) as small:
        trainee_client.get(MAP)
    services.quiz_evidence_record(
        user=trainee, items=[(questions, 0.8, f"r:{n}") for n in range(40)]
    )
    for level in (1, 2, 3, 4):
        trains(trainer, trainee)
        services.observation_record(
            trainer=trainer,
            learner=trainee,
            competency=listening,
            level=level,
            observed_on=datetime.date(2026, 3, level),
        )
    with CaptureQueriesContext(connection) as large:
        trainee_client.get(MAP)
    assert len(large.captured_queries) == len(small.captured_queries)


def _needs_setup(tree):
    framework, area, listening, questions, feedback = tree
    assessment = make_self_assessment(framework, [listening, feedback])
    items = list(assessment.items.order_by("sort_order"))
    return assessment, items


def test_needs_report_shows_weakest_first_and_growth(tree, coordinator_client):
    assessment, (listen_item, feedback_item) = _needs_setup(tree)
    foggia = [TraineeFactory(profile__territory=Territory.FOGGIA) for _ in range(2)]
    bari = TraineeFactory(profile__territory=Territory.BARI)
    for person in foggia:
        services.self_assessment_submit(
            user=person, assessment=assessment, answers={listen_item.pk: 2, feedback_item.pk: 4}
        )
        services.self_assessment_submit(
            user=person, assessment=assessment, answers={listen_item.pk: 4, feedback_item.pk: 4}
        )
    services.self_assessment_submit(
        user=bari, assessment=assessment, answers={listen_item.pk: 5, feedback_item.pk: 1}
    )
    response = coordinator_client.get("/en/competencies/needs/?territory=foggia")
    html = response.content.decode()
    assert html.index('<th scope="row">Active listening') < html.index('<th scope="row">Feedback')
    assert "+2.00" in html

    response = coordinator_client.get(
        f"/en/competencies/needs/export.csv?assessment={assessment.pk}&territory=foggia"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "Area",
        "ID number",
        "Competency",
        "Respondents",
        "First self-assessment (1–5)",
        "Last self-assessment (1–5)",
        "Growth",
    ]
    assert rows[1][1:7] == ["A1", "Active listening", "2", "2.00", "4.00", "2.00"]
    assert rows[2][1:7] == ["A3", "Feedback", "2", "4.00", "4.00", "0.00"]


def test_needs_report_is_for_staff_only(tree, trainee_client):
    _needs_setup(tree)
    assert trainee_client.get("/en/competencies/needs/").status_code == 403
    assert trainee_client.get("/en/competencies/needs/export.csv").status_code == 403


def test_needs_report_query_count_is_flat(tree, coordinator_client):
    assessment, (listen_item, feedback_item) = _needs_setup(tree)

    def answer(n):
        for _ in range(n):
            person = TraineeFactory(profile__territory=Territory.LECCE)
            services.self_assessment_submit(
                user=person, assessment=assessment, answers={listen_item.pk: 3, feedback_item.pk: 2}
            )

    answer(1)
    coordinator_client.get("/en/competencies/needs/")  # warm caches
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get("/en/competencies/needs/")
    answer(20)
    with CaptureQueriesContext(connection) as large:
        coordinator_client.get("/en/competencies/needs/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_trainee_fills_self_assessment(tree, trainee, trainee_client):
    assessment, (listen_item, feedback_item) = _needs_setup(tree)
    url = f"/en/competencies/self-assessment/{assessment.pk}/"
    response = trainee_client.post(url, {f"item_{listen_item.pk}": "4"})
    assert "Choose an answer for this statement." in response.content.decode()
    assert re.search(
        rf'name="item_{listen_item.pk}" value="4"[^>]*checked', response.content.decode()
    )
    response = trainee_client.post(
        url, {f"item_{listen_item.pk}": "4", f"item_{feedback_item.pk}": "2"}, follow=True
    )
    assert "Thank you: your self-assessment is saved (start of the path)." in (
        response.content.decode()
    )
    assert Evidence.objects.filter(user=trainee, kind="self").count() == 2


def test_trainee_submits_prior_learning_and_trainer_approves(
    tree, taught, trainee, trainee_client, trainer, client
):
    feedback = tree[4]
    response = trainee_client.post(
        "/en/competencies/prior-learning/",
        {
            "competency": feedback.pk,
            "description": "Two years of feedback circles.",
            "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4"),
        },
        follow=True,
    )
    assert "Sent: a trainer will look at your prior learning." in response.content.decode()
    claim = PriorLearningClaim.objects.get(user=trainee)

    client.force_login(trainer)
    assert (
        "Two years of feedback circles." in client.get("/en/competencies/claims/").content.decode()
    )
    response = client.post(
        f"/en/competencies/claims/{claim.pk}/decide/",
        {f"c{claim.pk}-decision": "approve", f"c{claim.pk}-level": "3"},
        follow=True,
    )
    assert "Decision saved for" in response.content.decode()
    assert CompetencyRating.objects.get(user=trainee, competency=feedback).proficient


def test_prior_learning_without_file_or_link_is_refused(tree, trainee_client):
    response = trainee_client.post(
        "/en/competencies/prior-learning/",
        {"competency": tree[4].pk, "description": "I did it."},
    )
    html = response.content.decode()
    assert "Add a file or a link that shows your prior learning." in html
    assert "I did it." in html


def test_trainer_sees_only_trainees_of_own_cohorts(tree, taught, trainer_client, other_trainee):
    """A trainer opens the maps of their cohort's trainees, not anyone else's."""
    url = "/en/competencies/learners/{}/"
    assert trainer_client.get(url.format(taught.enrollments.first().user_id)).status_code == 200
    assert trainer_client.get(url.format(other_trainee.pk)).status_code == 404
    html = trainer_client.get("/en/competencies/heatmap/").content.decode()
    assert html.count('<th scope="row">') == 1


def test_coordinator_heatmap_filters_by_cohort(tree, taught, coordinator_client, other_trainee):
    html = coordinator_client.get("/en/competencies/heatmap/").content.decode()
    assert html.count('<th scope="row">') == 2
    html = coordinator_client.get(f"/en/competencies/heatmap/?cohort={taught.pk}").content.decode()
    assert html.count('<th scope="row">') == 1


def test_map_says_where_to_learn_what_is_missing(tree, course, trainee_client):
    from assessments.models import CompetencyAlignment

    CompetencyAlignment.objects.create(competency=tree[2], page=course)
    html = trainee_client.get(MAP).content.decode()
    # Read in English, the link stays in English (the course has no translation).
    assert f'Learn it in: <a href="/en{course.url}">Peer coach</a>' in html


def test_observation_form_groups_competencies_by_area(tree, taught, trainer_client):
    """Areas rated by their children are headings, not choices."""
    area = tree[1]
    html = trainer_client.get("/en/competencies/observe/").content.decode()
    assert '<optgroup label="Peer coaching">' in html
    assert f'<option value="{area.pk}"' not in html
    assert f'<option value="{tree[2].pk}">Active listening</option>' in html


def test_an_unrated_area_counts_its_sub_competencies_and_evidence_is_not_denied(db, trainee):
    """A parent says "0 of 3", not "0 of 0"; a competency with only a self-assessment does
    not say "No evidence yet" beside its listed evidence."""
    from django.utils import translation

    from assessments.competencies import selectors as competency_selectors
    from assessments.competencies.services import evidence_record
    from assessments.models import EvidenceKind
    from tests.assessments.competencies.factories import make_tree

    framework, area, listening, _questions, _feedback = make_tree()
    evidence_record(user=trainee, competency=listening, kind=EvidenceKind.SELF, level=2)
    with translation.override("en"):
        _scale, rows = competency_selectors.learner_map(trainee, framework)
    by_pk = {row.competency.pk: row for row in rows}
    assert "of 3" in by_pk[area.pk].missing or "Powerful questions" in by_pk[area.pk].missing
    assert "of 0" not in by_pk[area.pk].missing
    assert by_pk[listening.pk].evidence
    assert by_pk[listening.pk].reason != "No evidence yet."
