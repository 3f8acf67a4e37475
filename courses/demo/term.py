"""The demo's term of workshops (``term.toml``): more people in the cooperative-learning
workshops of every cohort, four past sessions per cohort with local-authority staff in
them, each register filled in and closed at the end of its day, one correction after
closing, and what people told their coordinator for the funder's statistics.

Called by ``courses.demo.load`` after the cohorts; safe to run again (a closed register
is left as it is, the correction is made once).
"""

import tomllib
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from lms.accounts import demo as people_demo
from lms.accounts.consents import consent_give
from lms.accounts.models import ConsentRecord

from ..models import AttendanceEntry, Cohort, Enrollment, WorkshopSession
from ..services import attendance_record, enrollment_create, lesson_complete, register_close

DATA = tomllib.loads((Path(__file__).parent / "term.toml").read_text(encoding="utf-8"))
STATUS = {
    "present": AttendanceEntry.Status.PRESENT,
    "absent": AttendanceEntry.Status.ABSENT,
    "excused": AttendanceEntry.Status.EXCUSED,
}


def _starts_at(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17, 30)))


def _members(cohort, course, lessons, coordinator) -> None:
    for key, done in DATA["members"].get(cohort.name, {}).items():
        person = people_demo.person(key)
        enrollment_create(
            user=person,
            course=course,
            cohort=cohort,
            source=Enrollment.Source.COORDINATOR,
            enrolled_by=coordinator,
        )
        for lesson in lessons[:done]:
            lesson_complete(user=person, lesson=lesson)


def _register(session, register: dict, trainer) -> None:
    """Fill in and close the register as the trainer did on the day (``now`` is the end
    of the session); a register closed already is left alone."""
    if session.register_closed_at is not None:
        return
    pk = {key: people_demo.person(key).pk for name in STATUS for key in register.get(name, [])}
    statuses = {pk[key]: STATUS[name] for name in STATUS for key in register.get(name, [])}
    hours = {pk[key]: Decimal(str(value)) for key, value in register.get("hours", {}).items()}
    times = {
        pk[key]: (time.fromisoformat(arrived), time.fromisoformat(left))
        for key, (arrived, left) in register.get("times", {}).items()
    }
    attendance_record(
        session=session,
        recorded_by=trainer,
        statuses=statuses,
        hours=hours,
        times=times,
        now=session.ends_at,
    )
    register_close(session=session, closed_by=trainer, now=session.ends_at)


def _correction(trainers: dict) -> None:
    data = DATA["correction"]
    session = WorkshopSession.objects.get(cohort__name=data["cohort"], title=data["session"])
    person = people_demo.person(data["person"])
    if AttendanceEntry.objects.filter(session=session, user=person).exclude(reason="").exists():
        return
    arrived, left = (time.fromisoformat(value) for value in data["times"])
    attendance_record(
        session=session,
        recorded_by=trainers[data["cohort"]],
        statuses={person.pk: STATUS[data["status"]]},
        times={person.pk: (arrived, left)},
        reason=data["reason"],
    )


def _reporting() -> None:
    """Category for everyone listed, gender for those who consent to statistics."""
    for key, values in DATA["reporting"].items():
        person = people_demo.person(key)
        profile = person.profile
        profile.participant_category = values["category"]
        if "gender" in values:
            consent_give(
                user=person,
                purpose=ConsentRecord.Purpose.STATISTICS,
                language=profile.preferred_language,
                channel=ConsentRecord.Channel.COORDINATOR,
            )
            profile.gender = values["gender"]
        profile.save()


def load(*, cohorts: list[dict], courses: dict, lessons: dict, coordinator) -> None:
    """The term for each cohort of ``cohorts`` (catalogue.toml's entries)."""
    course = courses[DATA["course"]]
    trainers = {}
    for data in cohorts:
        cohort = Cohort.objects.get(name=data["name"])
        trainer = trainers[cohort.name] = people_demo.person(data["trainer"])
        _members(cohort, course, lessons[DATA["course"]], coordinator)
        registers = DATA["registers"].get(cohort.name, {})
        for session_data in DATA["sessions"]:
            session, _created = WorkshopSession.objects.get_or_create(
                cohort=cohort,
                title=session_data["title"],
                defaults={
                    "course": course,
                    "starts_at": _starts_at(session_data["days_from_today"]),
                    "hours": Decimal(str(session_data["hours"])),
                    "place": data["place"],
                    "capacity": 20,
                    "description": DATA["session_description"].strip(),
                },
            )
            session.facilitators.add(trainer)
            if session.title in registers:
                _register(session, registers[session.title], trainer)
    _correction(trainers)
    _reporting()
