"""The trainee's part of the personal-data export: enrolments, progress, journal, sessions."""


def courses_personal_data(user) -> dict:
    from .models import (
        AttendanceConfirmation,
        AttendanceEntry,
        Enrollment,
        JournalEntry,
        LessonProgress,
        SessionRegistration,
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
        "journal": [
            {
                "lesson": j.lesson.title,
                "prompt": j.prompt,
                "text": j.text,
                "updated_at": iso(j.updated_at),
            }
            for j in JournalEntry.objects.filter(user=user).select_related("lesson")
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
        "attendance_confirmations": [
            {"session": c.session.title, "confirmed_at": iso(c.confirmed_at)}
            for c in AttendanceConfirmation.objects.filter(user=user).select_related("session")
        ],
    }
