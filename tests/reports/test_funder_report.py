"""The funder report: figures from the ledger, suppression on screen and in every
export, reproducible exports, flat query counts, and who may see it."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import CertificateRule, CertificateTemplate
from courses.selectors import ledger_hours
from reports import exports
from reports.figures import funder_report
from reports.scope import report_scope
from tests.assessments.competencies.factories import make_self_assessment, make_tree
from tests.courses.factories import make_cohort, make_session
from tests.factories import UserFactory

from .conftest import person, present

pytestmark = pytest.mark.django_db


def table(report, key):
    return next(t for t in report.tables if t.key == key)


def row_of(table_, *labels):
    return next(r for r in table_.display_rows() if r[: len(labels)] == list(labels))


def test_one_small_cell_in_a_row_is_hidden_with_a_complementary_cell(course, period):
    """Bari migrants: 9 women and 2 men. "2" is shown as "< 5", and a second figure of
    the row is hidden too, otherwise 11 − 9 would give the 2 back."""
    cohort = make_cohort(course)
    women = [person(course, cohort, gender="woman") for _ in range(9)]
    men = [person(course, cohort, gender="man") for _ in range(2)]
    foggia = make_cohort(course, name="Foggia 2026", territory="foggia")
    others = [person(course, foggia, territory="foggia", gender="woman") for _ in range(6)]
    present(make_session(cohort, course, days=-3), women + men)
    present(make_session(foggia, course, days=-3), others)

    participants = table(funder_report(report_scope(), *period), "participants")
    columns = participants.columns
    row = dict(zip(columns, row_of(participants, "Bari", "Migrant"), strict=True))
    assert row["Man"] == "< 5"
    hidden = [name for name in columns[2:] if row[name] in ("< 5", "hidden")]
    assert len(hidden) >= 2, row  # no single subtraction from the total recovers the 2
    total = dict(zip(columns, row_of(participants, "Total"), strict=True))
    assert total["Man"] in ("< 5", "hidden")
    assert "hidden" in [total[name] for name in columns[2:]] + list(row.values())
    # Nothing from 1 to 4 is printed anywhere.
    for cells in participants.display_rows():
        assert not any(cell in {"1", "2", "3", "4"} for cell in cells[2:]), cells


def test_gender_counts_only_with_the_statistics_consent(course, period):
    cohort = make_cohort(course)
    consenting = [person(course, cohort, gender="woman") for _ in range(5)]
    refusing = [person(course, cohort, gender="woman", consent=False) for _ in range(5)]
    present(make_session(cohort, course, days=-1), consenting + refusing)
    participants = table(funder_report(report_scope(), *period), "participants")
    row = dict(zip(participants.columns, row_of(participants, "Bari", "Migrant"), strict=True))
    assert row["Woman"] == "5"
    assert row["Not stated"] == "5"


def test_hours_attended_are_the_ledger_hours(course, period):
    cohort = make_cohort(course)
    people = [person(course, cohort) for _ in range(6)]
    first = make_session(cohort, course, days=-5, hours=3)
    second = make_session(cohort, course, days=-2, hours=2)
    present(first, people[:5])
    present(first, people[5:], hours="1.5")
    present(second, people)
    make_session(cohort, course, days=-60)  # outside the period: not counted

    hours = table(funder_report(report_scope(), *period), "hours")
    total = dict(zip(hours.columns, row_of(hours, "Total"), strict=True))
    ledger = sum(ledger_hours([p.pk for p in people]).values(), Decimal(0))
    assert ledger == Decimal("28.5")
    assert total["Hours attended"] == "28.5"
    assert total["Hours held"] == "5"
    assert total["Sessions held"] == "2"


def test_every_export_carries_the_period_the_definitions_and_the_checksum(course, period):
    cohort = make_cohort(course)
    present(make_session(cohort, course, days=-1), [person(course, cohort) for _ in range(3)])
    report = funder_report(report_scope(), *period)
    when = timezone.now()
    text = exports.to_csv(report, generated_at=when).decode("utf-8-sig")
    assert report.checksum in text
    assert f"{period[0].isoformat()} – {period[1].isoformat()}" in text
    assert table(report, "hours").definition in text
    assert "< 5" in text and "3" not in [r[4] for r in csv.reader(io.StringIO(text)) if r[4:]]

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(report, generated_at=when)))
    assert workbook.sheetnames == [
        "definitions",
        "participants",
        "hours",
        "online",
        "rates",
        "growth",
        "local_authority",
        "focus_groups",
    ]
    definitions = list(workbook["definitions"].iter_rows(values_only=True))
    assert ("Checksum (SHA-256)", report.checksum) in definitions
    hours_sheet = list(workbook["hours"].iter_rows(values_only=True))
    assert hours_sheet[3][4] == "< 5"

    pdf = exports.to_pdf(report, generated_at=when)
    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert report.checksum in pdf_text.replace("\n", "")


def test_two_exports_of_one_period_differ_only_in_the_generation_time(course, period):
    cohort = make_cohort(course)
    present(make_session(cohort, course, days=-1), [person(course, cohort) for _ in range(7)])
    first_time = timezone.now().replace(microsecond=0)
    later = first_time + dt.timedelta(hours=3)
    first = funder_report(report_scope(), *period)
    again = funder_report(report_scope(), *period)
    assert first.checksum == again.checksum
    for fmt in exports.FORMATS:
        one = exports.render(first, fmt, generated_at=first_time)
        two = exports.render(again, fmt, generated_at=first_time)
        assert one == two, fmt  # byte for byte, whatever the clock says
    # With another generation time, only that line of the CSV changes.
    one = exports.to_csv(first, generated_at=first_time).decode().splitlines()
    two = exports.to_csv(again, generated_at=later).decode().splitlines()
    assert [a for a, b in zip(one, two, strict=True) if a != b] == [
        f"Generated at,{first_time.isoformat()}"
    ]
    # XLSX: fixed workbook metadata and entry times; only the time cell differs.
    archive = zipfile.ZipFile(io.BytesIO(exports.to_xlsx(first, generated_at=first_time)))
    assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    # Created and modified both fixed (openpyxl stamps "modified" with the saving time).
    assert core.count("2000-01-01T00:00:00Z") == 2
    other = zipfile.ZipFile(io.BytesIO(exports.to_xlsx(again, generated_at=later)))
    changed = [name for name in archive.namelist() if archive.read(name) != other.read(name)]
    assert changed == ["xl/worksheets/sheet1.xml"]  # the definitions sheet's time


def _rule(course):
    template = CertificateTemplate.objects.create(
        name="T", language="both", title_it="A", title_en="A", body_it="x", body_en="x"
    )
    return CertificateRule.objects.create(
        name="Rule",
        course=course,
        template=template,
        require_all_modules=False,
        min_attendance=50,
    )


@pytest.fixture
def assessment(db):
    framework, _area, listening, _q, feedback = make_tree()
    return make_self_assessment(framework, [listening, feedback])


def _focus_group(assessment, territory, people, *, days_ago=3, need=2):
    from assessments.competencies import focus_groups, needs
    from tests.factories import TrainerFactory

    framework = assessment.framework
    return focus_groups.focus_group_record(
        facilitator=TrainerFactory(),
        framework=framework,
        territory=territory,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        participant_count=people,
        ratings={c.pk: (1, need) for c in needs.capabilities(framework)},
    )


def test_focus_groups_are_in_the_report_with_small_groups_hidden(course, period, assessment):
    """Bari: two groups of 12 and 8 people in the period (one before it, not counted);
    Foggia: one group of 3, hidden, with a complementary figure (Lecce's 14, the
    smallest other) so that the total does not give it back."""
    for territory in ("bari", "foggia", "lecce"):
        make_cohort(course, name=f"C {territory}", territory=territory)
    _focus_group(assessment, "bari", 12, need=2)
    _focus_group(assessment, "bari", 8, need=3)
    _focus_group(assessment, "bari", 40, days_ago=90)
    _focus_group(assessment, "lecce", 14)
    _focus_group(assessment, "foggia", 3)
    groups = table(funder_report(report_scope(), *period), "focus_groups")
    rows = {r[0]: r[2:] for r in groups.display_rows()}
    assert rows["Bari"] == ["2", "20", "2.5", "1.0"]
    assert rows["Foggia"] == ["1", "< 5", "hidden", "hidden"]
    assert rows["Lecce"] == ["1", "hidden", "hidden", "hidden"]
    assert rows["Total"][:2] == ["4", "37"]
    for cells in groups.display_rows():
        assert cells[3] not in {"1", "2", "3", "4"}, cells
    # The report of one territory counts that territory's groups only.
    bari = table(funder_report(report_scope(territory="bari"), *period), "focus_groups")
    assert {r[0] for r in bari.display_rows()} == {"Bari", "Total"}


def _build(course, size, assessment):
    cohorts = [
        make_cohort(course, name=f"Cohort {size}-{n}", territory=t)
        for n, t in enumerate(["bari", "foggia", "lecce"])
    ]
    items = list(assessment.items.order_by("sort_order"))
    from assessments.competencies.services import self_assessment_submit

    for n in range(size):
        cohort = cohorts[n % len(cohorts)]
        category = ["migrant", "local_authority_staff", "association_leader"][n % 3]
        user = person(course, cohort, territory=cohort.territory, category=category, gender="woman")
        session = make_session(cohort, course, days=-1 - n % 4)
        present(session, [user])
        for value in (2, 4):
            self_assessment_submit(
                user=user, assessment=assessment, answers={i.pk: value for i in items}
            )
        _focus_group(assessment, cohort.territory, 5 + n)


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_report_query_counts_are_flat(course, coordinator_client, period, assessment):
    _rule(course)
    url = f"/en/reports/?from={period[0]}&to={period[1]}"
    _build(course, 3, assessment)
    small = _queries(coordinator_client, url)
    small_export = _queries(coordinator_client, url.replace("/?", "/export/?") + "&format=csv")
    _build(course, 24, assessment)
    assert _queries(coordinator_client, url) == small
    assert _queries(coordinator_client, url.replace("/?", "/export/?") + "&format=csv") == (
        small_export
    )


@pytest.mark.parametrize("who", ["trainee_client", "trainer_client"])
def test_reports_are_for_coordinators(who, request):
    client = request.getfixturevalue(who)
    for url in ("/en/reports/", "/en/reports/export/?format=csv", "/en/reports/people/"):
        assert client.get(url).status_code == 403, url


def test_the_page_shows_the_suppressed_tables_the_chart_and_the_downloads(
    course, coordinator_client, period, assessment
):
    _build(course, 6, assessment)
    response = coordinator_client.get(f"/en/reports/?from={period[0]}&to={period[1]}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt; 5" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="growth-chart" role="img"' in html
    assert "format=xlsx" in html and "format=pdf" in html


def test_a_bad_period_is_refused_naming_the_field_and_typed_values_stay(coordinator_client):
    response = coordinator_client.get("/en/reports/?from=2026-05-10&to=2026-05-01")
    html = response.content.decode()
    assert "The end of the period is before its start." in html
    assert 'value="2026-05-10"' in html and 'value="2026-05-01"' in html
    assert "Checksum" not in html
    response = coordinator_client.get("/en/reports/?from=10/05/2026&to=2026-05-01")
    assert 'value="10/05/2026"' in response.content.decode()
    assert "Enter a valid date." in response.content.decode()
    response = coordinator_client.get(
        "/en/reports/export/?from=2026-05-01&to=2026-05-10&format=docx"
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_drill_down_lists_only_people_of_the_scope_and_their_screen(course, coordinator_client):
    cohort = make_cohort(course)
    listed = person(course, cohort)
    stranger = UserFactory()  # in no cohort: outside every coordinator's scope
    response = coordinator_client.get("/en/reports/people/?territory=bari&category=migrant")
    html = response.content.decode()
    assert listed.profile.display_name in html
    assert stranger.profile.display_name not in html
    assert coordinator_client.get(f"/en/reports/people/{stranger.pk}/").status_code == 404
    assert coordinator_client.get(f"/en/reports/people/{listed.pk}/").status_code == 200


def test_online_time_is_its_own_table_never_in_workshop_hours(db):
    """Online learning time has its own table, with small counts suppressed and the hours
    of a hidden group hidden; it never enters the workshop hours table (issue 17)."""
    import uuid

    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import Enrollment, OnlineLearningTime
    from reports.figures import funder_report
    from reports.scope import ReportScope
    from tests.courses.factories import make_catalog, make_cohort, make_course
    from tests.factories import TraineeFactory

    course = make_course(make_catalog(Page.get_first_root_node(), slug="online-report"))
    big = make_cohort(course, name="Bari online", territory="bari")
    small = make_cohort(course, name="Lecce online", territory="lecce")
    now = timezone.now()
    for cohort, count in ((big, 6), (small, 3)):
        for learner in TraineeFactory.create_batch(count):
            Enrollment.objects.create(user=learner, course=course, cohort=cohort)
            OnlineLearningTime.objects.create(
                user=learner,
                course=course,
                visit=uuid.uuid4(),
                started_at=now,
                updated_at=now,
                seconds=1800,
            )
    scope = ReportScope(cohort_ids=(big.pk, small.pk), territory="", label="test")
    today = timezone.localdate(now)  # the programme's day (Rome), not the UTC date
    report = funder_report(scope, today, today)
    online = next(t for t in report.tables if t.key == "online")
    bari, lecce, total = online.rows
    assert (bari[2].value, bari[3].value) == (6, Decimal("3.0"))
    assert lecce[2].hidden and lecce[3].hidden
    assert lecce[2].display() == "< 5"
    hours = next(t for t in report.tables if t.key == "hours")
    assert [row[5].value for row in hours.rows] == [Decimal(0)]  # no session: nothing
