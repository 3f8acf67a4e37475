"""The funder report: every figure of a period, as tables ready for the screen and the
exports, with small-group suppression applied (``reports.suppression``).

A fixed number of queries whatever the number of people, sessions or entries (tests
hold it to that at two data sizes). Hours come only from the attendance ledger
(``courses.selectors.ledger_lines``); competency growth reuses the needs report
(``assessments.competencies.selectors.needs_report``); the needs analysis's focus groups
are counted from their own records (``assessments.models.FocusGroupRating``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.competencies.selectors import needs_report
from assessments.models import FocusGroupRating, SelfAssessment
from certificates.criteria import evaluate, is_eligible
from certificates.models import Certificate, CertificateRule
from courses.models import AttendanceEntry, Enrollment, OnlineLearningTime, WorkshopSession
from courses.selectors import ledger_lines
from lms.accounts.models import ConsentRecord, Gender, ParticipantCategory, Profile, Territory

from .scope import ReportScope
from .suppression import suppress

User = get_user_model()

NOT_STATED = ""


@dataclass
class Cell:
    value: object = None  # int, Decimal, str or None
    kind: str = "count"  # label, count, number, hours, rate, mean
    hidden: str = ""  # "" | "small" | "complementary"
    drill: dict | None = None  # on screen only: the people behind a row

    @property
    def numeric(self) -> bool:
        return self.kind != "label"

    def display(self) -> str:
        if self.hidden == "small":
            return "< 5"
        if self.hidden == "complementary":
            return _("hidden")
        if self.value is None:
            return "–"
        if self.kind == "rate":
            return f"{self.value}%"
        if self.kind == "hours":
            return f"{Decimal(self.value).normalize():f}"  # 5.0 → 5, 28.50 → 28.5
        return str(self.value)

    def export_value(self):
        """What a spreadsheet cell holds: the number when shown, else the display text."""
        if self.hidden or self.value is None or self.kind == "label":
            return self.display()
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


@dataclass
class Table:
    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[list[Cell]]
    total_from: int | None = None  # index of the first total row (styled on screen)

    def display_rows(self) -> list[list[str]]:
        return [[cell.display() for cell in row] for row in self.rows]


@dataclass
class ChartBar:
    label: str
    first: Decimal
    last: Decimal


@dataclass
class FunderReport:
    date_from: dt.date
    date_to: dt.date
    scope: ReportScope
    tables: list[Table]
    chart: list[ChartBar] = field(default_factory=list)

    @property
    def scope_label(self) -> str:
        return self.scope.label or _("The whole programme")

    def notes(self) -> list[tuple[str, str]]:
        """The definitions printed on every export, besides each table's own."""
        return [
            (_("Period"), _("%(start)s to %(end)s, both days included") % self._period()),
            (_("Scope"), self.scope_label),
            ("< 5", _("A count from 1 to 4, hidden so that nobody can be recognised.")),
            (
                _("hidden"),
                _(
                    "A figure hidden as well, so that a “< 5” cannot be worked out by "
                    "subtracting the other figures from a total."
                ),
            ),
            (
                _("Checksum"),
                _(
                    "SHA-256 of the period, the scope, the definitions and every figure "
                    "(not of the generation time): the same data always gives the same "
                    "checksum."
                ),
            ),
        ]

    def _period(self):
        return {"start": self.date_from.isoformat(), "end": self.date_to.isoformat()}

    def canonical(self) -> dict:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "scope": self.scope_label,
            "notes": self.notes(),
            "tables": [
                {
                    "key": t.key,
                    "title": t.title,
                    "definition": t.definition,
                    "columns": t.columns,
                    "rows": t.display_rows(),
                }
                for t in self.tables
            ],
        }

    @property
    def checksum(self) -> str:
        text = json.dumps(self.canonical(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Building blocks -------------------------------------------------------------------


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) in the site's time zone, both days included."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _column_groups(rows, columns, total_row):
    if total_row is None:
        return []
    return [[(r, c) for r in range(len(rows))] for c in columns]


def _apply(rows: list[list[Cell]], groups, *, primary=None, columns=None) -> set:
    """Run suppression over the cells named in ``groups`` (and ``columns``); mark them."""
    keys = {key for group in groups for key in group}
    for c in columns or ():
        keys |= {(r, c) for r in range(len(rows))}
    values = {(r, c): rows[r][c].value or 0 for r, c in keys}
    first, more = suppress(values, groups, primary=primary)
    # Cells hidden because another figure is (``primary`` given) are not "< 5" counts.
    first_label = "small" if primary is None else "complementary"
    for r, c in first:
        rows[r][c].hidden = rows[r][c].hidden or first_label
    for r, c in more:
        rows[r][c].hidden = rows[r][c].hidden or "complementary"
    return first | more


def _hide_with(rows, pairs) -> None:
    """A derived figure (a rate, an average, hours) is hidden whenever one of the
    counts it is made of is: ``pairs`` is [(derived column, [count columns])]."""
    for row in rows:
        for derived, sources in pairs:
            if row[derived].hidden:
                continue
            if any(row[s].hidden for s in sources):
                row[derived].hidden = "complementary"


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _label(text) -> Cell:
    return Cell(str(text), "label")


TOTAL = gettext_lazy("Total")


# --- The report ------------------------------------------------------------------------


def funder_report(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> FunderReport:
    """Every table of the funder report for ``scope`` and the period (both days in)."""
    start, end = _bounds(date_from, date_to)
    held_until = min(end, timezone.now())
    sessions = list(
        WorkshopSession.objects.filter(
            cohort_id__in=scope.cohort_ids, starts_at__gte=start, starts_at__lt=held_until
        )
        .order_by("cohort__name", "course__title", "starts_at", "pk")
        .values(
            "pk",
            "hours",
            "cohort_id",
            "cohort__name",
            "cohort__territory",
            "course__translation_key",
            "course__title",
        )
    )
    by_session = {s["pk"]: s for s in sessions}
    lines = ledger_lines(AttendanceEntry.objects.filter(session_id__in=list(by_session)))
    people = sorted({user_id for _s, user_id, _h in lines})
    profiles = {
        p["user_id"]: p
        for p in Profile.objects.filter(user_id__in=people).values(
            "user_id", "territory", "participant_category", "gender"
        )
    }
    consented = set(
        ConsentRecord.objects.filter(
            user_id__in=people,
            purpose=ConsentRecord.Purpose.STATISTICS,
            withdrawn_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
    tables = [
        _participants(people, profiles, consented),
        _hours(sessions, lines, by_session),
        _online(scope, start, end),
        _rates(scope, end, date_to),
    ]
    growth, chart = _growth(scope, start, end)
    tables.append(growth)
    tables.append(_local_authority(sessions, lines, by_session, profiles))
    tables.append(_focus_groups(scope, date_from, date_to))
    return FunderReport(date_from, date_to, scope, tables, chart)


def _participants(people, profiles, consented) -> Table:
    genders = [*Gender.values, NOT_STATED]
    gender_labels = [*[str(label) for label in Gender.labels], _("Not stated")]
    categories = [*ParticipantCategory.values, NOT_STATED]
    category_labels = dict(ParticipantCategory.choices)
    counts = defaultdict(int)
    for user_id in people:
        profile = profiles.get(user_id, {})
        gender = profile.get("gender", "") if user_id in consented else ""
        key = (
            profile.get("territory", Territory.OTHER),
            profile.get("participant_category", "") or NOT_STATED,
            gender or NOT_STATED,
        )
        counts[key] += 1
    rows: list[list[Cell]] = []
    for territory, territory_label in Territory.choices:
        for category in categories:
            values = [counts[(territory, category, g)] for g in genders]
            if not any(values):
                continue
            rows.append(
                [
                    _label(territory_label),
                    _label(category_labels.get(category, _("Not stated"))),
                    *[Cell(v) for v in values],
                    Cell(sum(values)),
                ]
            )
    width = len(genders) + 1
    totals = [sum(row[2 + i].value for row in rows) for i in range(width)]
    total_row = len(rows)
    rows.append([_label(TOTAL), _label(""), *[Cell(v) for v in totals]])
    count_columns = list(range(2, 2 + width))
    groups = [[(r, c) for c in count_columns] for r in range(len(rows))]
    groups += [[(r, c) for r in range(len(rows))] for c in count_columns]
    _apply(rows, groups)
    for row, (territory, category) in zip(
        rows[:-1], _row_keys(rows[:-1], categories, category_labels), strict=True
    ):
        row[1].drill = {"territory": territory, "category": category}
    return Table(
        "participants",
        _("Participants"),
        _(
            "People present at least once (attendance ledger) at a workshop session "
            "held in the period in a cohort of the scope, counted once, by the territory "
            "and category they stated on their profile and by gender. Gender counts only "
            "for people who consent to the statistics; otherwise “Not stated”."
        ),
        [_("Territory"), _("Category"), *gender_labels, _("Total")],
        rows,
        total_from=total_row,
    )


def _row_keys(rows, categories, category_labels):
    territory_of = {str(label): value for value, label in Territory.choices}
    category_of = {str(category_labels.get(c, _("Not stated"))): c for c in categories}
    return [(territory_of[row[0].value], category_of[row[1].value]) for row in rows]


def _hours(sessions, lines, by_session) -> Table:
    groups: dict[tuple, dict] = {}
    for session in sessions:
        key = (session["cohort__name"], session["course__title"], session["cohort_id"])
        group = groups.setdefault(key, {"sessions": 0, "held": Decimal(0)})
        group["sessions"] += 1
        group["held"] += session["hours"]
    attended: dict[tuple, Decimal] = defaultdict(Decimal)
    present: dict[tuple, set] = defaultdict(set)
    everyone = set()
    for session_id, user_id, hours in lines:
        session = by_session[session_id]
        key = (session["cohort__name"], session["course__title"], session["cohort_id"])
        attended[key] += hours
        present[key].add(user_id)
        everyone.add(user_id)
    rows = [
        [
            _label(key[0]),
            _label(key[1]),
            Cell(group["sessions"], "number"),
            Cell(group["held"], "hours"),
            Cell(len(present[key])),
            Cell(attended[key], "hours"),
        ]
        for key, group in sorted(groups.items())
    ]
    total_row = len(rows)
    rows.append(
        [
            _label(TOTAL),
            _label(""),
            Cell(sum(g["sessions"] for g in groups.values()), "number"),
            Cell(sum((g["held"] for g in groups.values()), Decimal(0)), "hours"),
            Cell(len(everyone)),
            Cell(sum(attended.values(), Decimal(0)), "hours"),
        ]
    )
    column = [[(r, 4) for r in range(len(rows))]]
    hidden = _apply(rows, column)
    # Hours attended by a hidden group are hidden, and complemented down the column.
    _apply(rows, [[(r, 5) for r in range(len(rows))]], primary={(r, 5) for r, _c in hidden})
    return Table(
        "hours",
        _("Workshop hours held and attended"),
        _(
            "Workshop sessions of each cohort and course that started in the period "
            "(and have started by now); hours held are the sessions' lengths; hours "
            "attended are the sum of the attendance ledger's current entries (present: "
            "the partial hours recorded, or the session's length), the same hours "
            "certificates use. Online learning time is not included. Participants in "
            "the total row are counted once."
        ),
        [
            _("Cohort"),
            _("Course"),
            _("Sessions held"),
            _("Hours held"),
            _("Participants present"),
            _("Hours attended"),
        ],
        rows,
        total_from=total_row,
    )


def _online(scope: ReportScope, start: dt.datetime, end: dt.datetime) -> Table:
    """Tracked online learning time per cohort and course, apart from workshop hours.
    Two queries whatever the data."""
    cohort_of: dict[tuple, tuple] = {}
    for user_id, key, cohort_id, cohort, course in Enrollment.objects.filter(
        cohort_id__in=scope.cohort_ids
    ).values_list(
        "user_id", "course__translation_key", "cohort_id", "cohort__name", "course__title"
    ):
        cohort_of[(user_id, str(key))] = (cohort, course, cohort_id)
    seconds: dict[tuple, int] = defaultdict(int)
    learners: dict[tuple, set] = defaultdict(set)
    everyone = set()
    for user_id, key, value in OnlineLearningTime.objects.filter(
        user_id__in={u for u, _k in cohort_of}, started_at__gte=start, started_at__lt=end
    ).values_list("user_id", "course__translation_key", "seconds"):
        group = cohort_of.get((user_id, str(key)))
        if group is None:
            continue
        seconds[group] += value
        learners[group].add(user_id)
        everyone.add(user_id)

    def hours(value: int) -> Decimal:
        return (Decimal(value) / 3600).quantize(Decimal("0.1"))

    rows = [
        [
            _label(key[0]),
            _label(key[1]),
            Cell(len(learners[key])),
            Cell(hours(seconds[key]), "hours"),
        ]
        for key in sorted(seconds)
    ]
    total_row = len(rows)
    rows.append(
        [
            _label(TOTAL),
            _label(""),
            Cell(len(everyone)),
            Cell(hours(sum(seconds.values())), "hours"),
        ]
    )
    hidden = _apply(rows, [[(r, 2) for r in range(len(rows))]])
    _apply(rows, [[(r, 3) for r in range(len(rows))]], primary={(r, 3) for r, _c in hidden})
    return Table(
        "online",
        _("Tracked online learning time"),
        _(
            "Time trainees had a lesson or quiz page of the course open and visible, "
            "per cohort and course, for page visits that began in the period; each visit "
            "counts at most 30 minutes. Kept apart from workshop hours: it is never part "
            "of the hours attended, of certificates' workshop hours or of eligibility. "
            "Learners in the total row are counted once."
        ),
        [_("Cohort"), _("Course"), _("Learners with online time"), _("Online hours")],
        rows,
        total_from=total_row,
    )


def _rates(scope: ReportScope, end: dt.datetime, date_to: dt.date) -> Table:
    enrollments = list(
        Enrollment.objects.filter(cohort_id__in=scope.cohort_ids, created_at__lt=end)
        .order_by("course__title", "cohort__name", "pk")
        .values(
            "user_id",
            "cohort_id",
            "cohort__name",
            "course__translation_key",
            "course__title",
            "completed_at",
        )
    )
    keys = {e["course__translation_key"] for e in enrollments}
    rules = [
        rule
        for rule in CertificateRule.objects.filter(is_active=True).select_related("course")
        if rule.course.translation_key in keys
    ]
    learners = {e["user_id"] for e in enrollments}
    users = list(User.objects.filter(pk__in=learners).order_by("pk")) if learners else []
    enrolled_in = defaultdict(set)
    for e in enrollments:
        enrolled_in[e["course__translation_key"]].add(e["user_id"])
    eligible: dict = defaultdict(set)  # course key → eligible user ids (any active rule)
    for rule in rules:
        course_users = [u for u in users if u.pk in enrolled_in[rule.course.translation_key]]
        for user_id, checks in evaluate(rule, course_users).items():
            if is_eligible(checks):
                eligible[rule.course.translation_key].add(user_id)
    certified: dict = defaultdict(set)
    for user_id, key in (
        Certificate.objects.filter(
            rule__course__translation_key__in=keys,
            user_id__in=learners,
            issued_on__lte=date_to,
        )
        .exclude(state=Certificate.State.REVOKED)
        .values_list("user_id", "rule__course__translation_key")
    ):
        certified[key].add(user_id)
    groups: dict[tuple, dict] = {}
    for e in enrollments:
        key = (e["course__title"], e["cohort__name"], e["course__translation_key"])
        group = groups.setdefault(key, {"enrolled": 0, "completed": 0, "eligible": 0, "cert": 0})
        group["enrolled"] += 1
        completed = e["completed_at"] is not None and e["completed_at"] < end
        group["completed"] += completed
        group["eligible"] += e["user_id"] in eligible[e["course__translation_key"]]
        group["cert"] += e["user_id"] in certified[e["course__translation_key"]]
    rows = []
    for key, g in sorted(groups.items()):
        rows.append(_rate_row(key[0], key[1], g))
    total = {
        k: sum(g[k] for g in groups.values()) for k in ("enrolled", "completed", "eligible", "cert")
    }
    total_row = len(rows)
    rows.append(_rate_row(TOTAL, "", total))
    _apply(rows, _column_groups(rows, [2, 3, 4, 5], total_row))
    _hide_with(rows, [(6, [2, 3]), (7, [2, 4]), (8, [2, 5])])
    return Table(
        "rates",
        _("Completion, eligibility and certification"),
        _(
            "Enrolments in each course with each cohort of the scope made by the end of "
            "the period. Completed: the course was completed by then. Eligible: the "
            "person meets every requirement of an active certificate rule of the course "
            "(checked when the report is made; hours from the attendance ledger). "
            "Certified: holds a certificate of the course issued by the end of the "
            "period and not revoked. Rates are shares of the enrolments."
        ),
        [
            _("Course"),
            _("Cohort"),
            _("Enrolled"),
            _("Completed"),
            _("Eligible"),
            _("Certified"),
            _("Completion rate"),
            _("Eligibility rate"),
            _("Certification rate"),
        ],
        rows,
        total_from=total_row,
    )


def _rate_row(course, cohort, g) -> list[Cell]:
    return [
        _label(course),
        _label(cohort),
        Cell(g["enrolled"]),
        Cell(g["completed"]),
        Cell(g["eligible"]),
        Cell(g["cert"]),
        Cell(_rate(g["completed"], g["enrolled"]), "rate"),
        Cell(_rate(g["eligible"], g["enrolled"]), "rate"),
        Cell(_rate(g["cert"], g["enrolled"]), "rate"),
    ]


def _growth(scope: ReportScope, start, end) -> tuple[Table, list[ChartBar]]:
    in_scope = Enrollment.objects.filter(cohort_id__in=scope.cohort_ids).values("user_id")
    learners = User.objects.filter(pk__in=in_scope)
    territories = [("", _("All territories")), *Territory.choices]
    rows: list[list[Cell]] = []
    groups = []
    chart = []
    for assessment in SelfAssessment.objects.order_by("name", "pk"):
        per_territory = {
            code: {
                row.competency.pk: row
                for row in needs_report(
                    assessment,
                    learners.filter(profile__territory=code) if code else learners,
                    submitted_between=(start, end),
                )
            }
            for code, _label_text in territories
        }
        overall = sorted(
            per_territory[""].values(),
            key=lambda r: (r.area.display_name if r.area else "", r.competency.idnumber),
        )
        for need in overall:
            first_row = len(rows)
            for code, territory_label in territories:
                row = per_territory[code].get(need.competency.pk)
                rows.append(
                    [
                        _label(assessment.name),
                        _label(need.competency.display_name),
                        _label(territory_label),
                        Cell(row.respondents if row else 0),
                        Cell(row.first if row else None, "mean"),
                        Cell(row.paired if row else 0),
                        Cell(row.last if row else None, "mean"),
                        Cell(row.growth if row else None, "mean"),
                    ]
                )
            block = range(first_row, len(rows))
            groups.append([(r, 3) for r in block])
            groups.append([(r, 5) for r in block])
    _apply(rows, groups)
    _hide_with(rows, [(4, [3]), (6, [5]), (7, [5])])
    for row in rows:
        if (
            row[2].value == str(territories[0][1])
            and not row[7].hidden
            and row[7].value is not None
        ):
            chart.append(ChartBar(row[1].value, row[4].value or Decimal(0), row[6].value))
    table = Table(
        "growth",
        _("Competency growth"),
        _(
            "Per self-assessment (needs analysis) and capability: the average first "
            "self-assessment (1–5) of the people in the scope who answered in the "
            "period, and, for those who answered at least twice, the average last one "
            "and the growth (the mean of last minus first), overall and by the territory "
            "people stated."
        ),
        [
            _("Self-assessment"),
            _("Capability"),
            _("Territory"),
            _("Respondents"),
            _("First (average)"),
            _("Answered twice"),
            _("Last (average)"),
            _("Growth"),
        ],
        rows,
    )
    return table, chart


def _local_authority(sessions, lines, by_session, profiles) -> Table:
    staff = ParticipantCategory.LOCAL_AUTHORITY_STAFF
    held = defaultdict(int)
    for session in sessions:
        held[session["cohort__territory"]] += 1
    mixed, people, hours = defaultdict(set), defaultdict(set), defaultdict(Decimal)
    everyone = set()
    for session_id, user_id, line_hours in lines:
        if profiles.get(user_id, {}).get("participant_category") != staff:
            continue
        territory = by_session[session_id]["cohort__territory"]
        mixed[territory].add(session_id)
        people[territory].add(user_id)
        hours[territory] += line_hours
        everyone.add(user_id)
    rows = [
        [
            _label(label),
            Cell(held[code], "number"),
            Cell(len(mixed[code]), "number"),
            Cell(len(people[code])),
            Cell(hours[code], "hours"),
        ]
        for code, label in Territory.choices
        if held[code]
    ]
    total_row = len(rows)
    rows.append(
        [
            _label(TOTAL),
            Cell(sum(held.values()), "number"),
            Cell(sum(len(s) for s in mixed.values()), "number"),
            Cell(len(everyone)),
            Cell(sum(hours.values(), Decimal(0)), "hours"),
        ]
    )
    hidden = _apply(rows, [[(r, 3) for r in range(len(rows))]])
    _apply(rows, [[(r, 4) for r in range(len(rows))]], primary={(r, 4) for r, _c in hidden})
    return Table(
        "local_authority",
        _("Local-authority staff in the workshops"),
        _(
            "Per territory of the cohort: workshop sessions held in the period, the "
            "sessions at which at least one person of the category “Local-authority "
            "staff” was present (mixed workshops), how many such people were present, "
            "and their hours attended (attendance ledger)."
        ),
        [
            _("Territory"),
            _("Sessions held"),
            _("Mixed sessions"),
            _("Local-authority staff present"),
            _("Their hours attended"),
        ],
        rows,
        total_from=total_row,
    )


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


def _focus_groups(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> Table:
    """The needs analysis's focus groups held in the period in the territories of the
    scope's cohorts: per territory and capability, the groups, the people who took part,
    the average rated need and priority. Two queries."""
    territories = (
        {scope.territory}
        if scope.territory
        else set(scope.cohorts().values_list("territory", flat=True))
    )
    ratings = (
        FocusGroupRating.objects.filter(
            focus_group__territory__in=territories,
            focus_group__held_on__gte=date_from,
            focus_group__held_on__lte=date_to,
        )
        .select_related("focus_group", "capability")
        .order_by("capability__sort_order", "capability__pk", "pk")
    )
    by_key: dict[tuple, dict] = {}
    groups_by_territory: dict[str, dict[int, int]] = defaultdict(dict)
    for rating in ratings:
        group = rating.focus_group
        key = (group.territory, rating.capability_id)
        entry = by_key.setdefault(
            key, {"name": rating.capability.display_name, "groups": {}, "need": [], "prio": []}
        )
        entry["groups"][group.pk] = group.participant_count
        entry["need"].append(rating.need)
        entry["prio"].append(rating.priority)
        groups_by_territory[group.territory][group.pk] = group.participant_count
    rows: list[list[Cell]] = []
    for code, label in Territory.choices:
        for (territory, _capability), entry in by_key.items():
            if territory != code:
                continue
            rows.append(
                [
                    _label(label),
                    _label(entry["name"]),
                    Cell(len(entry["groups"]), "number"),
                    Cell(sum(entry["groups"].values())),
                    Cell(_mean(entry["need"]), "mean"),
                    Cell(_mean(entry["prio"]), "mean"),
                ]
            )
    total_row = len(rows)
    everyone = {pk: n for groups in groups_by_territory.values() for pk, n in groups.items()}
    rows.append(
        [
            _label(TOTAL),
            _label(""),
            Cell(len(everyone), "number"),
            Cell(sum(everyone.values())),
            Cell(None, "mean"),
            Cell(None, "mean"),
        ]
    )
    # Fewer than five people behind a figure: the count and the averages made of their
    # answers are hidden (the "< 5" rule of every table).
    _apply(rows, [[(r, 3) for r in range(len(rows))]])
    _hide_with(rows, [(4, [3]), (5, [3])])
    return Table(
        "focus_groups",
        _("Focus groups of the needs analysis"),
        _(
            "Focus groups with association leaders held in the period in the territories "
            "of the scope, per capability: how many groups rated it, how many people took "
            "part (as counted by the facilitator), the average rated need (1 = not at "
            "all, 5 = very well: how well the associations manage it today) and the "
            "average priority (1 = high, 3 = low)."
        ),
        [
            _("Territory"),
            _("Capability"),
            _("Focus groups"),
            _("Participants"),
            _("Average rated need"),
            _("Average priority"),
        ],
        rows,
        total_from=total_row,
    )
