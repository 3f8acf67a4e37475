"""Stages open and close by their dates; facilitators' own choices are respected."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.lab import services
from courses.lab.models import Stage, StageKind, StageStatus

from .factories import make_path, stage

pytestmark = pytest.mark.django_db

# Today in the project's time zone: stages record the real time they open (opened_at), and
# a stage opened after its closing date is left open on purpose, so a fixed date here
# made the tests fail once the calendar passed it.
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def dated(path, kind, opens_on, closes_on):
    Stage.objects.filter(path=path, kind=kind).update(opens_on=opens_on, closes_on=closes_on)
    return stage(path, kind)


def status(path, kind):
    return stage(path, kind).status


def test_a_stage_opens_on_its_date_and_closes_after_its_last_day(lab_path):
    dated(lab_path, StageKind.PROBLEMS, TODAY, TODAY + 6 * DAY)
    dated(lab_path, StageKind.HYPOTHESES, TODAY + 7 * DAY, TODAY + 20 * DAY)
    assert services.stages_follow_dates(today=TODAY - DAY) == (0, 0)
    assert status(lab_path, StageKind.PROBLEMS) == StageStatus.PLANNED

    assert services.stages_follow_dates(today=TODAY) == (1, 0)
    assert status(lab_path, StageKind.PROBLEMS) == StageStatus.OPEN
    assert stage(lab_path, StageKind.PROBLEMS).opened_at is not None
    # Its last day is still open; the next day it closes and the next stage opens.
    assert services.stages_follow_dates(today=TODAY + 6 * DAY) == (0, 0)
    assert services.stages_follow_dates(today=TODAY + 7 * DAY) == (1, 1)
    assert status(lab_path, StageKind.PROBLEMS) == StageStatus.CLOSED
    assert status(lab_path, StageKind.HYPOTHESES) == StageStatus.OPEN


def test_a_stage_closed_early_by_the_facilitator_stays_closed(lab_path, facilitator):
    problems = dated(lab_path, StageKind.PROBLEMS, TODAY, TODAY + 6 * DAY)
    services.stages_follow_dates(today=TODAY)
    services.stage_close(stage=problems, user=facilitator)
    assert services.stages_follow_dates(today=TODAY + DAY) == (0, 0)
    assert status(lab_path, StageKind.PROBLEMS) == StageStatus.CLOSED


def test_a_stage_reopened_after_its_closing_date_is_left_open(lab_path, facilitator):
    problems = dated(lab_path, StageKind.PROBLEMS, TODAY - 20 * DAY, TODAY - 10 * DAY)
    services.stage_open(stage=problems, user=facilitator)  # opened today, deliberately late
    assert services.stages_follow_dates(today=timezone.localdate()) == (0, 0)
    assert status(lab_path, StageKind.PROBLEMS) == StageStatus.OPEN


def test_a_stage_does_not_open_while_the_facilitator_keeps_another_one_open(lab_path, facilitator):
    problems = dated(lab_path, StageKind.PROBLEMS, None, None)
    services.stage_open(stage=problems, user=facilitator)
    dated(lab_path, StageKind.HYPOTHESES, TODAY, None)
    assert services.stages_follow_dates(today=TODAY) == (0, 0)
    assert status(lab_path, StageKind.HYPOTHESES) == StageStatus.PLANNED


def test_a_stage_whose_dates_have_all_passed_does_not_open(lab_path):
    dated(lab_path, StageKind.PROBLEMS, TODAY - 9 * DAY, TODAY - DAY)
    assert services.stages_follow_dates(today=TODAY) == (0, 0)


def test_the_same_queries_for_one_path_or_many(lab_path, cohort, home_page):
    def run(today):
        with CaptureQueriesContext(connection) as queries:
            services.stages_follow_dates(today=today)
        return len(queries)

    dated(lab_path, StageKind.PROBLEMS, TODAY, TODAY + 6 * DAY)
    dated(lab_path, StageKind.HYPOTHESES, TODAY + 7 * DAY, None)
    one = run(TODAY), run(TODAY + 7 * DAY)
    for n in range(4):
        path = make_path(cohort, title=f"Altro {n}")
        dated(path, StageKind.PROBLEMS, TODAY + 100 * DAY, TODAY + 106 * DAY)
        dated(path, StageKind.HYPOTHESES, TODAY + 107 * DAY, None)
    many = run(TODAY + 100 * DAY), run(TODAY + 107 * DAY)
    assert Stage.objects.filter(status=StageStatus.OPEN).count() == 5
    assert many == one


def test_the_command_reports_what_it_did(lab_path, capsys):
    dated(lab_path, StageKind.PROBLEMS, timezone.localdate(), None)
    call_command("lab_follow_stage_dates")
    assert "Lab stages opened: 1, closed: 0." in capsys.readouterr().out
