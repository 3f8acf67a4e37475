"""Every extension point of the LMS, declared once.

Dependencies point one way: content ← courses ← assessments ← certificates. When a
lower app needs an answer only a higher one has (the dashboard shows certificates, the
personal-data export lists quiz attempts), the lower app calls a helper below and the
higher app answers by registering a function with Wagtail's hooks in its own
``wagtail_hooks.py``::

    from wagtail import hooks

    from lms import hooks as lms_hooks

    @hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
    def certificates_personal_data(*, user):
        return {"certificates": [...]}

Each constant is a hook name; its docstring says what a registered function receives
(always as keyword arguments) and what it returns. Within one app a function is simply
called: a hook is for crossing the dependency direction only.

Wagtail imports every installed app's ``wagtail_hooks`` module at the first
``get_hooks`` call, so the hooks answer the same in a request, a management command, a
task or a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail import hooks

# --- Personal data ---------------------------------------------------------------

PERSONAL_DATA_SECTIONS = "lms_personal_data_sections"
"""
Arguments: ``user``.

Return a dict ``{section name: JSON-ready value}`` with everything the app holds about
``user``. ``lms.accounts.services.user_export_data`` adds the sections of every app to
the person's export, sorted by name; a section name belongs to one app.
"""


def personal_data_sections(user) -> dict[str, Any]:
    """Every app's sections of ``user``'s personal-data export, sorted by name."""
    sections: dict[str, Any] = {}
    for section in _answers(PERSONAL_DATA_SECTIONS, user=user):
        sections.update(section)
    return dict(sorted(sections.items()))


ERASURE_RECORDS_KEPT = "lms_erasure_records_kept"
"""
Arguments: ``user`` (the person being erased), ``pseudonym`` (an inactive account with
no name, e-mail or password that stands for them from now on).

Move the app's records that the law requires to outlive the person (GDPR Art. 17(3)(b):
the funder's attendance registers, certificates) from ``user`` to ``pseudonym``, without
the name (re-render what prints it), and return how many were kept. Called by
``lms.accounts.services.user_erase`` inside its transaction, after
``lms.db.allow_erasure()``, before the account and everything else of it is deleted.
The retention schedule (``lms.retention``) removes them after the audit period.
"""


def erasure_records_kept(user, pseudonym) -> int:
    """Hand ``user``'s legally required records to ``pseudonym``; how many were kept."""
    return sum(_answers(ERASURE_RECORDS_KEPT, user=user, pseudonym=pseudonym))


ERASURE_PERSONAL_CONTENT = "lms_erasure_personal_content"
"""
Arguments: ``user`` (the person being erased).

Erase, field by field, the personal content ``user`` wrote that outlives the account
because it belongs to a shared record (a comment in a group's thread, the text of a
problem others voted on, a saved version of a group's proposal): blank the texts, delete
the files after commit. Return how many records were blanked. Called by
``lms.accounts.services.user_erase`` inside its transaction, before the account is
deleted (rows that cascade with the account need nothing here).
"""


def erasure_personal_content(user) -> int:
    """Blank what ``user`` wrote in shared records; how many records were blanked."""
    return sum(_answers(ERASURE_PERSONAL_CONTENT, user=user))


# --- Consent ---------------------------------------------------------------------

CONSENT_WITHDRAWN = "lms_consent_withdrawn"
"""
Arguments: ``user``, ``purpose`` (a ``lms.accounts.models.ConsentRecord.Purpose`` value).

``user`` has just withdrawn their consent to ``purpose``: make it take effect at once
(take their published lab work off the public pages, say). Return nothing. Called by
``lms.accounts.consents.consent_withdraw`` inside its transaction.
"""


def consent_withdrawn(user, purpose: str) -> None:
    """Tell every app that ``user`` withdrew their consent to ``purpose``."""
    _answers(CONSENT_WITHDRAWN, user=user, purpose=purpose)


# --- Trainee dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the trainee dashboard: a template and the context it reads as ``panel``."""

    template_name: str
    context: dict[str, Any]


DASHBOARD_PANELS = "courses_dashboard_panels"
"""
Arguments: ``request`` (a signed-in trainee's), ``enrolled_course_ids`` (a frozenset:
the courses the person is enrolled in, as the dashboard has already read them, so that a
panel need not ask again). Accept ``**kwargs`` too: later arguments may be added.

Return a :class:`DashboardPanel` to show below the dashboard's own sections. Panels come
in the hooks' order (``hooks.register(..., order=n)``). A function should run a fixed
number of queries, whatever the person's history.
"""


def dashboard_panels(request, *, enrolled_course_ids=frozenset()) -> list[DashboardPanel]:
    """The panels later apps add to ``request.user``'s dashboard, in order."""
    return _answers(
        DASHBOARD_PANELS, request=request, enrolled_course_ids=frozenset(enrolled_course_ids)
    )


# --- Course outlines ---------------------------------------------------------------

COURSES_OUTLINE_ACTIVITIES = "courses_outline_activities"
"""
Arguments: ``user`` (None when the outline is read for nobody in particular: a visitor,
a report), ``items`` (a list of ``courses.selectors.outline.ActivityItem``, one per step of
a module that is not a lesson, of every page type).

Return nothing: for the items whose pages are the app's own, set ``item.template_name``
and, with a user, ``item.status`` and ``item.waiting``. A function must run a fixed
number of queries, whatever the number of items. Called by
``courses.selectors.outline.describe_activities``.
"""


# --- Translations ---------------------------------------------------------------------


@dataclass(frozen=True)
class TranslationItems:
    """Items of a course that are not pages (questions), per language, for the
    Translations screen: how many there are and how many are translated/outdated."""

    label: str  # "Questions"
    total: int
    translated: dict[str, int]  # {language code: up to date}
    outdated: dict[str, int]  # {language code: translated from an older source text}
    url: str  # the screen listing them with their states


COURSES_TRANSLATION_ITEMS = "courses_translation_items"
"""
Arguments: ``course`` (an original ``courses.models.CoursePage``), ``languages`` (codes).

Return a :class:`TranslationItems` for the course's items that are the app's own and are
translated outside the page tree, or ``None``. Shown and counted by the Translations
screen. A function should run a fixed number of queries per course.
"""


def translation_items(course, languages) -> list[TranslationItems]:
    """What every app translates in ``course`` besides its pages."""
    return [items for items in _answers(COURSES_TRANSLATION_ITEMS, course=course,
                                        languages=languages) if items]  # fmt: skip


# --- Personal calendar feed ----------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One entry of a person's calendar feed (``.ics``): a session, a quiz deadline."""

    uid: str  # stable across feeds: "session-12", "quiz-closes-40"
    title: str  # already in the reader's language
    starts_at: Any  # aware datetime
    ends_at: Any = None  # None: a moment (a deadline), not a span
    location: str = ""
    url: str = ""  # absolute, in the reader's language
    description: str = ""
    reminders: tuple = ()  # timedeltas before ``starts_at`` at which the phone reminds


CALENDAR_EVENTS = "lms_calendar_events"
"""
Arguments: ``user``, ``since`` (an aware datetime: leave out what ended before it),
``base_url`` (scheme and host of the site, no trailing slash).

Return a list of :class:`CalendarEvent` for ``user`` that belong to the app, with titles
in the active language. Bodies carry no personal data beyond what the person already
sees on their dashboard. A function must run a fixed number of queries.
"""


def calendar_events(user, since, base_url) -> list[CalendarEvent]:
    """Every app's events for ``user``'s calendar feed, earliest first."""
    events = [e for found in _answers(CALENDAR_EVENTS, user=user, since=since,
                                      base_url=base_url) for e in found]  # fmt: skip
    return sorted(events, key=lambda event: (event.starts_at, event.uid))


# --- Reminders (lms.notifications) ----------------------------------------------------


@dataclass(frozen=True)
class DueNotification:
    """A reminder an app says is due for one person: ``lms.notifications`` decides the
    channels (the person's opt-ins), writes the words and logs what it sent."""

    user: Any
    kind: str  # a ``lms.notifications.models.Kind`` value
    key: str  # what it is about, stable: "session-12-24h"; one message per key and channel
    url_name: str  # reversed in the recipient's language: the link of the message
    url_kwargs: dict | None = None


NOTIFICATIONS_DUE = "lms_notifications_due"
"""
Arguments: ``now`` (an aware datetime).

Return a list of :class:`DueNotification`: the reminders of the app due at ``now``
(a session within 24 hours, a certificate issued in the last days…). Returning the
same item on every run is expected: a key is sent once per channel. A function must
run a fixed number of queries. Called by ``manage.py send_reminders``.
"""


def notifications_due(now) -> list[DueNotification]:
    """Every app's reminders due at ``now``."""
    return [item for found in _answers(NOTIFICATIONS_DUE, now=now) for item in found]


# --- Participatory lab and competencies ----------------------------------------------


@dataclass(frozen=True)
class CompetencyOption:
    """A competency a lab contribution can be recognised for, with its scale's levels."""

    id: int
    label: str
    levels: tuple[tuple[int, str], ...]  # (level number, name) on the competency's scale


LAB_COMPETENCY_OPTIONS = "lab_competency_options"
"""
Arguments: ``path`` (a ``courses.lab.models.ParticipatoryPath``).

Return a list of :class:`CompetencyOption`: the competencies a contribution to ``path``
can be evidence for. The facilitator's recognition form offers them; when two functions
offer the same id, the first one's option is used.
"""


def lab_competency_options(path) -> list[CompetencyOption]:
    """The competencies offered for ``path`` by every app, first offer wins on an id."""
    options: dict[int, CompetencyOption] = {}
    for offered in _answers(LAB_COMPETENCY_OPTIONS, path=path):
        for option in offered:
            options.setdefault(option.id, option)
    return list(options.values())


LAB_CONTRIBUTION_RECOGNISED = "lab_contribution_recognised"
"""
Arguments: ``recognition`` (a ``courses.lab.models.ContributionRecognition``, saved).

Return nothing. Called inside the transaction that records the recognition, so that
whatever the function records (competency evidence) stays in step with it: an exception
rolls the recognition back, and a ``courses.lab.exceptions.LabError`` reaches the
facilitator as its message.
"""


def lab_contribution_recognised(recognition) -> None:
    """Hand a facilitator's new ``recognition`` to every app that turns it into evidence."""
    _answers(LAB_CONTRIBUTION_RECOGNISED, recognition=recognition)


# --- Offline (courses.offline) ---------------------------------------------------------


@dataclass(frozen=True)
class OfflineMedia:
    """A file "Save this course for offline" caches for an app's step of the course."""

    url: str
    kind: str  # as courses.offline.BundleItem: "audio" for a recorded explanation
    bytes: int


OFFLINE_MEDIA = "lms_offline_media"
"""
Arguments: ``pages`` (the pages of the course's open steps that are not lessons, as
the trainee's outline lists them).

Return a list of :class:`OfflineMedia`: small files of those steps worth keeping on
the phone (a practice quiz's recorded explanations of its questions). A function must
run a fixed number of queries.
"""


def offline_media(pages) -> list[OfflineMedia]:
    """Every app's files to save with a course for offline, in order, once each."""
    found, seen = [], set()
    for items in _answers(OFFLINE_MEDIA, pages=pages):
        for item in items:
            if item.url not in seen:
                seen.add(item.url)
                found.append(item)
    return found


# -------------------------------------------------------------------------------------


def _answers(hook_name: str, **kwargs) -> list:
    """Call every function registered for ``hook_name``, in order; their return values."""
    functions: list[Callable] = hooks.get_hooks(hook_name)
    return [function(**kwargs) for function in functions]
