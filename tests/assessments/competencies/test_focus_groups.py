"""Focus-group needs analysis: recording a group (bad input refused, nothing saved),
the territory needs view with both sources kept apart and counted, the training plan,
the CSV, access, and queries flat at S and L."""

import csv
import datetime
import io

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.competencies import focus_groups, needs, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import FocusGroup, FocusGroupQuote, Priority, TrainingPlanLink
from lms.accounts.models import Territory
from tests.courses.factories import make_catalog, make_course
from tests.factories import TraineeFactory, TrainerFactory

from .factories import make_competency, make_self_assessment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 2, 14)


@pytest.fixture
def setup(tree):
    """Two capabilities asked about by the self-assessment (A: peer coaching, B:
    institutions) and one top area nobody asks about (C), left out."""
    framework, area, listening, _questions, feedback = tree
    other = make_competency(framework, "B", "Istituzioni", name_en="Institutions", sort_order=2)
    policy = make_competency(framework, "B1", "Politiche", other, name_en="Policies")
    make_competency(framework, "C", "Altro", name_en="Elsewhere", sort_order=3)
    assessment = make_self_assessment(framework, [listening, feedback, policy])
    return framework, area, other, assessment


def record(facilitator, framework, area, other, *, territory="foggia", people=8, **extra):
    return focus_groups.focus_group_record(
        facilitator=facilitator,
        framework=framework,
        territory=territory,
        held_on=DAY,
        participant_count=people,
        ratings=extra.pop("ratings", {area.pk: (Priority.HIGH, 2), other.pk: (Priority.LOW, 4)}),
        **extra,
    )


def test_the_capabilities_are_the_top_areas_the_self_assessment_asks_about(setup):
    framework, area, other, _assessment = setup
    assert needs.capabilities(framework) == [area, other]


def test_a_focus_group_is_recorded_with_ratings_and_consented_quotes(setup, trainer):
    framework, area, other, _assessment = setup
    people = [TraineeFactory(), TraineeFactory()]
    group = record(
        trainer,
        framework,
        area,
        other,
        participants=people,
        notes="Molti non conoscono i bandi.",
        quotes=[(area, "Non sappiamo da dove cominciare.", True)],
    )
    assert group.ratings.count() == 2
    assert set(group.participants.all()) == set(people)
    assert [q.text for q in group.quotes.all()] == ["Non sappiamo da dove cominciare."]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quotes": [(None, "Detto senza consenso.", False)]}, "tick the consent box"),
        ({"ratings": {}}, "for every capability"),
        ("missing_b", "for every capability"),
        ("need_6", "from 1 to 5"),
        ("need_0", "from 1 to 5"),
        ("priority_9", "high, medium or low"),
        ({"people": 0}, "how many people"),
        ({"people": 1, "participants": "two"}, "More participants are linked"),
        ({"territory": "milano"}, "territory"),
    ],
)
def test_bad_focus_groups_are_refused_and_nothing_is_saved(setup, trainer, change, message):
    framework, area, other, _assessment = setup
    extra = {}
    if change == "missing_b":
        extra["ratings"] = {area.pk: (1, 2)}
    elif change == "need_6":
        extra["ratings"] = {area.pk: (1, 6), other.pk: (1, 2)}
    elif change == "need_0":
        extra["ratings"] = {area.pk: (1, 0), other.pk: (1, 2)}
    elif change == "priority_9":
        extra["ratings"] = {area.pk: (9, 2), other.pk: (1, 2)}
    else:
        extra = dict(change)
        if extra.get("participants") == "two":
            extra["participants"] = [TraineeFactory(), TraineeFactory()]
    with pytest.raises(CompetencyError, match=message):
        record(trainer, framework, area, other, **extra)
    assert not FocusGroup.objects.exists()


def test_a_trainee_cannot_record_a_focus_group(setup, trainee):
    framework, area, other, _assessment = setup
    with pytest.raises(CompetencyError, match="Only trainers and coordinators"):
        record(trainee, framework, area, other)


def test_the_database_refuses_a_quote_without_consent(setup, trainer):
    framework, area, other, _assessment = setup
    group = record(trainer, framework, area, other)
    with pytest.raises(IntegrityError):
        FocusGroupQuote.objects.create(focus_group=group, text="x", consent=False)


def test_the_needs_view_keeps_sources_apart_and_counts_the_people(setup, coordinator_client):
    framework, area, other, assessment = setup
    trainer = TrainerFactory()
    record(trainer, framework, area, other, people=8, quotes=[(area, "Ci serve aiuto.", True)])
    record(trainer, framework, area, other, people=5, ratings={area.pk: (1, 3), other.pk: (2, 5)})
    record(trainer, framework, area, other, territory="lecce", people=30)
    items = {item.competency.idnumber: item for item in assessment.items.all()}
    for answers in ((1, 3, 4), (2, 2, 5)):  # A1, A3, B1
        person = TraineeFactory(profile__territory=Territory.FOGGIA)
        services.self_assessment_submit(
            user=person,
            assessment=assessment,
            answers=dict(
                zip([items["A1"].pk, items["A3"].pk, items["B1"].pk], answers, strict=True)
            ),
        )
    url = reverse("assessments:competencies:territory_needs")
    response = coordinator_client.get(f"/en{url[3:]}?territory=foggia")
    rows = {row.capability.idnumber: row for row in response.context["rows"]}
    # Focus groups in Foggia: needs 2 and 3 → 2.50, from 2 groups of 8 + 5 people.
    assert (rows["A"].focus.average, rows["A"].focus.groups, rows["A"].focus.people) == (
        2.5,
        2,
        13,
    )
    # Self-assessment: each learner's A answers averaged first, (2 + 2) / 2 = 2.00, 2 people.
    assert (rows["A"].self_average, rows["A"].self_people) == (2, 2)
    assert (rows["B"].self_average, rows["B"].self_people) == (4.5, 2)
    assert rows["A"].focus.priorities == {1: 2, 2: 0, 3: 0}
    html = response.content.decode()
    assert "13 participants" in html and "2 trainees" in html and "Ci serve aiuto." in html
    assert "Elsewhere" not in html


def _module(home_page):
    course = make_course(make_catalog(home_page), title="Percorso", modules=1, lessons=1)
    return course.get_children().first()


def test_a_coordinator_links_a_need_to_a_module(setup, home_page, coordinator_client):
    framework, area, _other, _assessment = setup
    module = _module(home_page)
    url = reverse("assessments:competencies:plan_link")
    coordinator_client.post(
        f"{url}?framework={framework.idnumber}",
        {"territory": "foggia", "capability": area.pk, "module": module.pk},
    )
    link = TrainingPlanLink.objects.get()
    assert (link.territory, link.capability, link.module_id) == ("foggia", area, module.pk)
    needs_url = reverse("assessments:competencies:territory_needs")
    page = coordinator_client.get(f"{needs_url}?territory=foggia").content.decode()
    assert module.title in page
    # Another territory does not see Foggia's link.
    page = coordinator_client.get(f"{needs_url}?territory=bari")
    assert all(not row.plan for row in page.context["rows"])
    coordinator_client.post(reverse("assessments:competencies:plan_unlink", args=[link.pk]))
    assert not TrainingPlanLink.objects.exists()


def test_only_coordinators_change_the_plan(setup, home_page, trainer_client):
    framework, area, _other, _assessment = setup
    module = _module(home_page)
    response = trainer_client.post(
        reverse("assessments:competencies:plan_link"),
        {"capability": area.pk, "module": module.pk},
    )
    assert response.status_code == 403
    assert not TrainingPlanLink.objects.exists()
    page = trainer_client.get(reverse("assessments:competencies:territory_needs"))
    assert page.status_code == 200 and "Link the module" not in page.content.decode()


def test_the_pages_are_for_staff(setup, trainee_client):
    for name in ("territory_needs", "territory_needs_csv", "focus_groups", "focus_group_new"):
        assert trainee_client.get(reverse(f"assessments:competencies:{name}")).status_code == 403


def test_the_form_records_a_group_and_refuses_a_quote_without_consent(setup, trainer_client):
    framework, area, other, _assessment = setup
    url = f"{reverse('assessments:competencies:focus_group_new')}?framework={framework.idnumber}"
    data = {
        "territory": "bari",
        "held_on": DAY.isoformat(),
        "participant_count": 7,
        f"priority_{area.pk}": 1,
        f"need_{area.pk}": 2,
        f"priority_{other.pk}": 3,
        f"need_{other.pk}": 4,
        "quote_1": "Abbiamo paura delle carte.",
        "quote_1_capability": other.pk,
    }
    response = trainer_client.post(url, data)
    assert response.status_code == 200
    assert "tick the consent box" in response.content.decode()
    assert not FocusGroup.objects.exists()
    data["quote_1_consent"] = "on"
    response = trainer_client.post(url, data)
    group = FocusGroup.objects.get()
    assert response.status_code == 302 and group.participant_count == 7
    page = trainer_client.get(response.url).content.decode()
    assert "Abbiamo paura delle carte." in page


def test_the_csv_has_a_line_per_capability_with_its_people(setup, coordinator_client):
    framework, area, other, _assessment = setup
    record(TrainerFactory(), framework, area, other, people=9)
    response = coordinator_client.get(
        "/en/competencies/needs/territories/export.csv?territory=foggia"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Territory",
        "ID number",
        "Capability",
        "Focus groups: rated need (1–5)",
        "Focus groups",
        "Focus-group participants",
    ]
    assert rows[1][:6] == ["Foggia", "A", "Peer coaching", "2.00", "1", "9"]
    assert len(rows) == 3


def test_the_needs_view_runs_the_same_queries_at_s_and_l(setup, home_page, coordinator_client):
    """S: 1 focus group, 1 learner, 1 plan link; L: 12 groups (5 in Foggia), 15
    learners, 3 links."""
    framework, area, other, assessment = setup
    items = list(assessment.items.all())
    trainer = TrainerFactory()

    def fill(groups, learners):
        for n in range(groups):
            record(
                trainer,
                framework,
                area,
                other,
                territory=("foggia", "bari", "lecce")[n % 3],
                quotes=[(area, f"Citazione {n}", True)],
            )
        for _ in range(learners):
            person = TraineeFactory(profile__territory=Territory.FOGGIA)
            services.self_assessment_submit(
                user=person, assessment=assessment, answers={i.pk: 3 for i in items}
            )

    module = _module(home_page)
    focus_groups.plan_link(
        coordinator=trainer_client_user(coordinator_client),
        territory="foggia",
        capability=area,
        module=module,
    )
    fill(1, 1)
    url = reverse("assessments:competencies:territory_needs")
    for territory in ("", "foggia"):
        coordinator_client.get(f"{url}?territory={territory}")  # warm caches
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(f"{url}?territory=foggia")
    fill(11, 14)
    for capability in (other, area):
        focus_groups.plan_link(
            coordinator=trainer_client_user(coordinator_client),
            territory="",
            capability=capability,
            module=module,
        )
    with CaptureQueriesContext(connection) as large:
        response = coordinator_client.get(f"{url}?territory=foggia")
    rows = {row.capability.idnumber: row for row in response.context["rows"]}
    assert rows["A"].focus.groups == 5 and rows["A"].self_people == 15
    assert len(rows["A"].plan) == 2
    assert len(large.captured_queries) == len(small.captured_queries)


def trainer_client_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])
