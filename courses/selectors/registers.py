"""A session's attendance register as an auditor reads it: one canonical content,
its SHA-256, and the CSV. The PDF (``certificates.registers``) prints the same
content and the same digest.

The digest covers exactly what ``register_content`` returns, serialised as JSON with
sorted keys, no spaces and UTF-8 (``canonical_json``): programme and project code, the
session (id, title, course, cohort, territory, place, date, start and end, length),
its trainers, when and by whom the register was closed, and per participant (sorted by
name, then e-mail) the current status, hours counted, arrival and leaving times, how
presence was confirmed (self-confirmation time or the trainer), and every correction
(version, time, author, reason). Recomputing it from the same register gives the same
digest; any change in the ledger changes it. Download times are not part of it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from lms.accounts.names import display_name

from ..models import AttendanceConfirmation, AttendanceEntry, Enrollment, WorkshopSession


def official_name(user) -> str:
    """The name a register prints: the account's full name, else the display name."""
    if user is None:
        return ""
    return user.get_full_name() or display_name(user)


def _hours(value) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _local(moment, pattern: str) -> str:
    return timezone.localtime(moment).strftime(pattern) if moment else ""


def register_content(session: WorkshopSession) -> dict:
    """The register of ``session`` as plain data (strings only): what the PDF and the
    CSV print and what the SHA-256 covers. A fixed number of queries."""
    session = WorkshopSession.objects.select_related("cohort", "course", "register_closed_by").get(
        pk=session.pk
    )
    trainers = sorted(
        {
            official_name(user)
            for user in [
                *session.facilitators.select_related("profile"),
                *session.cohort.trainers.select_related("profile"),
            ]
        }
    )
    enrolled = {
        e.user_id: e.user
        for e in Enrollment.objects.filter(
            cohort_id=session.cohort_id, course_id=session.course_id
        ).select_related("user__profile")
    }
    lines: dict[int, list[AttendanceEntry]] = {}
    for entry in (
        AttendanceEntry.objects.filter(session=session)
        .select_related("session", "user__profile", "author__profile")
        .order_by("user_id", "version")
    ):
        lines.setdefault(entry.user_id, []).append(entry)
        enrolled.setdefault(entry.user_id, entry.user)
    confirmed = dict(
        AttendanceConfirmation.objects.filter(session=session).values_list(
            "user_id", "confirmed_at"
        )
    )
    participants = []
    for user_id, user in enrolled.items():
        history = lines.get(user_id, [])
        current = history[-1] if history else None
        if user_id in confirmed:
            confirmation = "self " + _local(confirmed[user_id], "%H:%M")
        elif current is not None:
            confirmation = "trainer"
        else:
            confirmation = ""
        participants.append(
            {
                "name": official_name(user),
                "email": user.email,
                "status": current.status if current else "",
                "hours": _hours(current.counted_hours if current else 0),
                "arrived_at": current.arrived_at.strftime("%H:%M")
                if current and current.arrived_at
                else "",
                "left_at": current.left_at.strftime("%H:%M") if current and current.left_at else "",
                "confirmation": confirmation,
                "corrections": [
                    {
                        "version": entry.version,
                        "at": _local(entry.created_at, "%Y-%m-%d %H:%M"),
                        "by": official_name(entry.author),
                        "status": entry.status,
                        "reason": entry.reason,
                    }
                    for entry in history[1:]
                ],
            }
        )
    participants.sort(key=lambda p: (p["name"].casefold(), p["email"]))
    return {
        "programme": settings.PROGRAMME_NAME,
        "project_code": settings.PROJECT_CODE,
        "session": {
            "id": session.pk,
            "title": session.title,
            "course": session.course.title,
            "cohort": session.cohort.name,
            "territory": session.cohort.territory,
            "place": session.place or session.online_url,
            "date": _local(session.starts_at, "%Y-%m-%d"),
            "starts": _local(session.starts_at, "%H:%M"),
            "ends": _local(session.ends_at, "%H:%M"),
            "hours": _hours(session.hours),
        },
        "trainers": trainers,
        "closed_at": _local(session.register_closed_at, "%Y-%m-%d %H:%M"),
        "closed_by": official_name(session.register_closed_by),
        "participants": participants,
        "total_hours": _hours(sum((Decimal(p["hours"]) for p in participants), Decimal(0))),
    }


def canonical_json(content: dict) -> bytes:
    """The bytes the register's SHA-256 is computed over."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def register_sha256(content: dict) -> str:
    """SHA-256 (hex) of the register's canonical content."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


CSV_COLUMNS = (
    "session_id",
    "date",
    "starts",
    "ends",
    "title",
    "name",
    "email",
    "status",
    "hours",
    "arrived_at",
    "left_at",
    "confirmation",
    "corrections",
    "register_sha256",
)


def register_csv(content: dict) -> str:
    """The register as CSV: one row per participant, with the register's digest."""
    digest = register_sha256(content)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    s = content["session"]
    for p in content["participants"]:
        writer.writerow(
            [
                s["id"],
                s["date"],
                s["starts"],
                s["ends"],
                _safe(s["title"]),
                _safe(p["name"]),
                _safe(p["email"]),
                p["status"],
                p["hours"],
                p["arrived_at"],
                p["left_at"],
                p["confirmation"],
                _safe(
                    " | ".join(
                        f"v{c['version']} {c['at']} {c['by']}: {c['status']} ({c['reason']})"
                        for c in p["corrections"]
                    )
                ),
                digest,
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """No spreadsheet formulas from what people typed."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
