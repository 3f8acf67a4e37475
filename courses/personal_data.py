"""The personal-data export of courses: a trainee's enrolments, progress, journal and
sessions; a trainer's cohorts, courses, sessions and the register lines they recorded."""

from lms.accounts.names import person_reference


def courses_personal_data(user) -> dict:
    from .models import (
        AttendanceConfirmation,
        AttendanceEntry,
        CalendarFeed,
        Cohort,
        CoursePage,
        Enrollment,
        JournalEntry,
        LessonProgress,
        OfflineAction,
        OnlineLearningTime,
        SessionRegistration,
        WorkshopSession,
    )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "enrollments": [
            {
                "course": e.course.title,
                "cohort": e.cohort.name if e.cohort else None,
                "enrolled_at": iso(e.created_at),
                "completed_at": iso(e.completed_at),
                "last_activity_at": iso(e.last_activity_at),
            }
            for e in Enrollment.objects.filter(user=user).select_related("course", "cohort")
        ],
        "completed_lessons": [
            {
                "lesson": p.lesson.title,
                "course": p.course.title,
                "completed_at": iso(p.completed_at),
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson", "course")
        ],
        "online_learning_time": [
            {
                "course": t.course.title,
                "started_at": iso(t.started_at),
                "seconds": t.seconds,
            }
            for t in OnlineLearningTime.objects.filter(user=user).select_related("course")
        ],
        "journal": [
            {
                "lesson": j.lesson.title,
                "prompt": j.prompt,
                "text": j.text,
                "updated_at": iso(j.updated_at),
            }
            for j in JournalEntry.objects.filter(user=user).select_related("lesson")
        ],
        "calendar_feed": [
            {
                "created_at": iso(f.created_at),
                "reset_at": iso(f.reset_at),
                "last_read_at": iso(f.last_read_at),
            }
            for f in CalendarFeed.objects.filter(user=user)
        ],
        # What the phone sent while offline (the idempotency keys of the outbox).
        "offline_syncs": [
            {
                "kind": a.kind,
                "lesson": a.lesson.title if a.lesson else None,
                "outcome": a.outcome,
                "received_at": iso(a.received_at),
            }
            for a in OfflineAction.objects.filter(user=user).select_related("lesson")
        ],
        "session_registrations": [
            {"session": r.session.title, "starts_at": iso(r.session.starts_at)}
            for r in SessionRegistration.objects.filter(user=user).select_related("session")
        ],
        "attendance": [
            {
                "session": a.session.title,
                "starts_at": iso(a.session.starts_at),
                "status": a.status,
                "hours": str(a.hours) if a.hours is not None else None,
                "source": a.source,
                "version": a.version,
                "recorded_at": iso(a.created_at),
                "reason": a.reason,
            }
            for a in AttendanceEntry.objects.filter(user=user).select_related("session")
        ],
        # The trainer's side.
        "cohorts_trained": [c.name for c in Cohort.objects.filter(trainers=user)],
        "courses_taught": [c.title for c in CoursePage.objects.filter(trainers=user)],
        "sessions_facilitated": [
            {"session": s.title, "starts_at": iso(s.starts_at)}
            for s in WorkshopSession.objects.filter(facilitators=user)
        ],
        "registers_closed": [
            {"session": s.title, "closed_at": iso(s.register_closed_at)}
            for s in WorkshopSession.objects.filter(register_closed_by=user)
        ],
        "attendance_recorded": [
            {
                "learner": person_reference(a.user),
                "session": a.session.title,
                "status": a.status,
                "hours": str(a.hours) if a.hours is not None else None,
                "version": a.version,
                "recorded_at": iso(a.created_at),
                "reason": a.reason,
            }
            for a in AttendanceEntry.objects.filter(author=user).select_related("user", "session")
        ],
        "enrolments_made": [
            {
                "learner": person_reference(e.user),
                "course": e.course.title,
                "enrolled_at": iso(e.created_at),
            }
            for e in Enrollment.objects.filter(enrolled_by=user).select_related("user", "course")
        ],
        "attendance_confirmations": [
            {"session": c.session.title, "confirmed_at": iso(c.confirmed_at)}
            for c in AttendanceConfirmation.objects.filter(user=user).select_related("session")
        ],
    }
