"""Trainee- and trainer-facing views. Each one checks who may see what, then
hands over to a selector (reads) or a service (writes)."""

import csv
import io
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lms import hooks as lms_hooks
from lms.accounts.names import display_name
from lms.numbers import parse_number
from lms.roles import staff_required

from . import selectors, services
from .forms import CatalogFilterForm, ReflectionForm
from .models import AttendanceConfirmation, AttendanceEntry, CoursePage, WorkshopSession


def _course_url(request, course) -> str:
    return course.get_url(request) or "/"


# --- Course, module, lesson pages (called from the page models' serve) ----------------


def catalog_serve(request, catalog):
    """The catalogue: course cards filtered by tag, language, territory and words, paged."""
    context = catalog.get_context(request)
    form = CatalogFilterForm(request.GET or None, tags=selectors.catalog_tags(catalog=catalog))
    filters = form.cleaned_data if form.is_valid() else {}
    results = selectors.catalog_courses(
        catalog=catalog, user=request.user, page_number=request.GET.get("page"), **filters
    )
    context.update(
        {
            "filter_form": form,
            "courses": results.cards,
            "courses_page": results.page,
            "courses_count": results.count,
            "page_links": results.page_links,
            "filtered": any(filters.values()),
            "more_filters": any(filters.get(k) for k in ("tag", "language", "territory")),
            # The rendered list is kept per address and language under the tree's and
            # sites' versions ({% keep %}), with the person's enrolments among the
            # cards in its key; never with a territory filter (cohorts, not pages).
            "kept_as": "" if filters.get("territory") else f"catalogue-{catalog.pk}",
            "enrolled_marks": ",".join(str(c.course.pk) for c in results.cards if c.enrolled),
        }
    )
    return TemplateResponse(request, catalog.get_template(request), context)


def course_serve(request, course: CoursePage):
    """A course's overview for everyone; its outline and progress for the enrolled."""
    enrollment = selectors.enrollment_for(user=request.user, course=course)
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=enrollment)
    context = course.get_context(request)
    context.update(
        {
            "enrollment": enrollment,
            "outline": outline,
            "can_see_lessons": selectors.can_see_lessons(user=request.user, enrollment=enrollment),
            # What is really translated, with coverage (not the "languages" field).
            "language_labels": selectors.language_labels([course])[course.pk],
        }
    )
    return TemplateResponse(request, course.get_template(request), context)


def module_serve(request, module):
    """A module has no page of its own: it is a section of the course page."""
    course = module.get_parent()
    return redirect(f"{_course_url(request, course)}#module-{module.pk}")


def lesson_serve(request, lesson):
    """A lesson, for enrolled trainees (and staff); handles completion and reflection."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrollment = selectors.enrollment_for_lesson(user=request.user, lesson=lesson)
    if enrollment is not None and enrollment.course.path == selectors.course_path_of(lesson):
        course = enrollment.course  # the lesson is in the course's original language
    else:
        found = selectors.course_at(selectors.course_path_of(lesson))
        course = found[0] if found else None
    if course is None or not course.live:
        raise Http404
    if not selectors.can_see_lessons(user=request.user, enrollment=enrollment):
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(_course_url(request, course))
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=enrollment)
    item = outline.item_for(lesson)
    if item is None and enrollment is not None:
        raise Http404  # its module is a draft
    if item is not None and item.locked and enrollment is not None:
        messages.info(request, _("Complete the previous module to open this lesson."))
        return redirect(_course_url(request, course))

    reflection_form = ReflectionForm()
    if request.method == "POST" and enrollment is not None:
        action = request.POST.get("action")
        if action == "complete":
            services.lesson_complete(user=request.user, lesson=lesson)
            messages.success(request, _("Lesson complete. Well done!"))
            _previous, following = outline.neighbours(lesson)
            if following is not None and not following.locked:
                return redirect(following.page.get_url(request))
            return redirect(_course_url(request, course))
        if action == "reflect":
            reflection_form = ReflectionForm(request.POST)
            if reflection_form.is_valid():
                services.journal_save(
                    user=request.user, lesson=lesson, text=reflection_form.cleaned_data["text"]
                )
                # Shown beside the button, which the reader sees and focus moves to.
                messages.success(
                    request, _("Your reflection is saved in your journal."), extra_tags="inline"
                )
                return redirect(lesson.get_url(request) + "#reflection-saved")
    elif request.method != "GET":
        return HttpResponse(status=405)

    if enrollment is not None and request.method == "GET":
        # Opening a lesson is not reading it: it is complete on "Next" (for a lesson
        # without an activity) or on "Mark as complete", never on arrival. Saving a
        # course for offline (offline.js) fetches every lesson: that is no visit.
        if request.headers.get("X-Offline-Save") != "1":
            services.lesson_visit(user=request.user, lesson=lesson, enrollment=enrollment)
        if not reflection_form.is_bound and lesson.reflection_prompt:
            entry = selectors.journal_entry_for(user=request.user, lesson=lesson)
            if entry is not None:
                reflection_form = ReflectionForm(initial={"text": entry.text})

    previous, following = outline.neighbours(lesson)
    module_outline = outline.module_for(lesson)
    context = lesson.get_context(request)
    context.update(
        {
            "course": outline.course,  # in the reader's language where translated
            "enrollment": enrollment,
            "outline": outline,
            "item": item,
            "module_outline": module_outline,
            # The module's steps are kept rendered ({% keep %}) under the tree's
            # version, keyed by what they show of this person's progress.
            "module_steps_kept_as": _steps_kept_as(module_outline, lesson, enrollment),
            "previous": previous,
            "following": following,
            "reflection_form": reflection_form,
            # The empty reflection form is the same for everyone: kept rendered.
            "reflection_kept_as": (
                "reflection-empty"
                if not reflection_form.is_bound and not reflection_form.initial
                else ""
            ),
        }
    )
    return TemplateResponse(request, lesson.get_template(request), context)


def _steps_kept_as(module_outline, lesson, enrollment) -> str:
    """The key of a lesson page's "In this module" list, or "" to render it anew."""
    if module_outline is None:
        return ""
    progress = module_outline.fragment_key
    if progress is None:
        return ""
    return f"module-steps:{lesson.pk}:{enrollment is not None:d}:{progress}"


# --- Previews (the admin's "Preview" and "View draft"; the admin checks access) --------


def _preview_course(page) -> CoursePage:
    """The course a module or lesson belongs to, live or not (a draft can be previewed)."""
    return CoursePage.objects.get(path=selectors.course_path_of(page))


def course_preview(request, course: CoursePage):
    """A course as an enrolled learner sees it, from the draft being edited."""
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=None)
    context = course.get_context(request)
    context.update({"enrollment": None, "outline": outline, "can_see_lessons": True})
    return TemplateResponse(request, course.get_template(request), context)


def module_preview(request, module):
    """A module is a section of its course page: that page, with this draft in its place."""
    course = CoursePage.objects.get(path=module.path[: -module.steplen])
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=None)
    for section in outline.modules:
        if section.module.pk == module.pk:
            section.module = module
            break
    else:  # a module never published (or not saved yet) is not in the outline
        from .selectors.outline import ModuleOutline

        outline.modules.append(ModuleOutline(module))
    context = course.get_context(request)
    context.update(
        {"page": course, "enrollment": None, "outline": outline, "can_see_lessons": True}
    )
    return TemplateResponse(request, course.get_template(request), context)


def lesson_preview(request, lesson):
    """A lesson as an enrolled learner sees it (nothing is recorded), from the draft."""
    course = _preview_course(lesson)
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=None)
    previous, following = outline.neighbours(lesson)
    context = lesson.get_context(request)
    context.update(
        {
            "course": course,
            "enrollment": None,
            "outline": outline,
            "item": outline.item_for(lesson),
            "module_outline": outline.module_for(lesson),
            "previous": previous,
            "following": following,
            "reflection_form": ReflectionForm(),
            "is_preview": True,
        }
    )
    return TemplateResponse(request, lesson.get_template(request), context)


@require_POST
@login_required
def enroll(request, pk: int):
    """Self-enrolment in an open course."""
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    try:
        services.enrollment_create(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_course_url(request, course))
    messages.success(request, _("You are enrolled. Enjoy the course!"))
    outline = selectors.course_outline_for(
        course=course,
        user=request.user,
        enrollment=selectors.enrollment_for(user=request.user, course=course),
    )
    first = outline.next_lesson
    return redirect(first.get_url(request) if first else _course_url(request, course))


@require_POST
@login_required
def online_time(request):
    """The online-time beacon of lesson and quiz pages (``courses/online-time.js``):
    204 when recorded, 400 or 403 with the reason as JSON."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=parse_int(request.POST.get("page"))).first()
    try:
        services.online_time_record(
            user=request.user,
            page=page,
            visit=request.POST.get("visit", ""),
            seconds=request.POST.get("seconds"),
        )
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return HttpResponse(status=204)


def parse_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Dashboard and journal ---------------------------------------------------------


@login_required
def dashboard(request):
    """My courses, the next step in each, upcoming sessions and my journal."""
    data = selectors.dashboard_for(user=request.user)
    return TemplateResponse(
        request,
        "courses/dashboard.html",
        {
            "dashboard": data,
            "catalog": selectors.catalog_page(),
            # Sections later apps add (certificates), through the DASHBOARD_PANELS hook.
            "panels": lms_hooks.dashboard_panels(
                request, enrolled_course_ids=data.enrolled_course_ids
            ),
        },
    )


@login_required
def journal(request):
    """My private journal: every reflection I wrote."""
    return TemplateResponse(
        request, "courses/journal.html", {"entries": selectors.journal_for(user=request.user)}
    )


# --- Workshop sessions -----------------------------------------------------------------


@require_POST
@login_required
def session_register(request, pk: int):
    session = get_object_or_404(WorkshopSession, pk=pk)
    try:
        services.session_register(user=request.user, session=session)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You have a place in “%(title)s”.") % {"title": session.title})
    return redirect("courses:dashboard")


@require_POST
@login_required
def session_unregister(request, pk: int):
    session = get_object_or_404(WorkshopSession, pk=pk)
    services.session_unregister(user=request.user, session=session)
    messages.info(request, _("You gave up your place in “%(title)s”.") % {"title": session.title})
    return redirect("courses:dashboard")


@staff_required
def trainer_sessions(request):
    """The sessions a trainer can take attendance for."""
    sessions = list(selectors.sessions_for_trainer(user=request.user))
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "courses/trainer_sessions.html",
        {
            # Today's and past sessions first, most recent on top: that is where
            # attendance is taken; then what is coming.
            "held": sorted(
                (s for s in sessions if timezone.localdate(s.starts_at) <= today),
                key=lambda s: s.starts_at,
                reverse=True,
            ),
            "upcoming": [s for s in sessions if timezone.localdate(s.starts_at) > today],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk: int):
    """Take attendance on a phone: one row per trainee, three big choices and partial
    hours; "mark all present"; close the register at the end of the day, after which a
    change is a correction with a reason (the original line is kept)."""
    session = get_object_or_404(selectors.sessions_for_trainer(user=request.user), pk=pk)
    roster = selectors.session_roster(session=session)
    confirmed = dict(
        AttendanceConfirmation.objects.filter(session=session).values_list(
            "user_id", "confirmed_at"
        )
    )
    current = {
        user_id: (hours, arrived, left)
        for user_id, hours, arrived, left in AttendanceEntry.objects.current()
        .filter(session=session)
        .values_list("user_id", "hours", "arrived_at", "left_at")
    }
    typed_hours = {user_id: _hours_text(value[0]) for user_id, value in current.items()}
    typed_times = {
        user_id: (_time_text(value[1]), _time_text(value[2])) for user_id, value in current.items()
    }
    reason = ""
    if request.method == "POST" and "close" in request.POST:
        try:
            if services.register_close(session=session, closed_by=request.user):
                messages.success(request, _("Register closed: a change is now a correction."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("courses:session_attendance", pk=session.pk)
    if request.method == "POST":
        everyone = "all_present" in request.POST
        statuses, hours, times, typed_hours, typed_times = {}, {}, {}, {}, {}
        reason = request.POST.get("reason", "")
        error = None
        for enrollment, _current in roster:
            user_id = enrollment.user_id
            value = "present" if everyone else request.POST.get(f"status-{user_id}", "")
            if value:
                statuses[user_id] = value
            typed = "" if everyone else request.POST.get(f"hours-{user_id}", "").strip()
            typed_hours[user_id] = typed
            if typed:
                number = parse_number(typed)
                if number is None:
                    error = error or _("Hours: write a number of hours, such as 1.5.")
                hours[user_id] = number
            pair = []
            for field, label in (("arrived", _("Arrived at")), ("left", _("Left at"))):
                text = "" if everyone else request.POST.get(f"{field}-{user_id}", "").strip()
                moment = _parse_time(text)
                if text and moment is None:
                    error = error or _("%(field)s: write a time such as 14:30.") % {"field": label}
                pair.append(moment)
            typed_times[user_id] = tuple(
                "" if everyone else request.POST.get(f"{f}-{user_id}", "").strip()
                for f in ("arrived", "left")
            )
            times[user_id] = tuple(pair)
        try:
            if error:
                raise ValidationError(error)
            written = services.attendance_record(
                session=session,
                recorded_by=request.user,
                statuses=statuses,
                hours=hours,
                times=times,
                reason=reason,
            )
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)s line recorded.",
                    "Attendance saved: %(count)s lines recorded.",
                    written,
                )
                % {"count": written},
            )
            return redirect("courses:session_attendance", pk=session.pk)
        roster = [(e, statuses.get(e.user_id, s)) for e, s in roster]
    return TemplateResponse(
        request,
        "courses/session_attendance.html",
        {
            "session": session,
            "roster": [
                (
                    e,
                    s,
                    typed_hours.get(e.user_id, ""),
                    typed_times.get(e.user_id, ("", "")),
                    confirmed.get(e.user_id),
                )
                for e, s in roster
            ],
            "statuses": AttendanceEntry.Status.choices,
            "not_started": session.starts_at > timezone.now(),
            "closed": session.register_closed_at is not None,
            "reason": reason,
            "confirmation": _confirmation_context(request, session),
        },
    )


def _confirmation_context(request, session) -> dict | None:
    """The code and QR the trainer shows while participants can confirm (else None)."""
    if not services.confirmation_open(session):
        return None
    import segno

    code = services.session_confirmation_code(session)
    url = request.build_absolute_uri(
        reverse("courses:session_confirm", kwargs={"pk": session.pk}) + f"?code={code}"
    )
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=2, title=_("QR code")
    )
    return {"code": code, "url": url, "qr": mark_safe(buffer.getvalue().decode())}  # noqa: S308 — segno's own SVG


def _time_text(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _parse_time(text: str):
    """``14:30`` or ``14.30`` as a time; None for anything else (or nothing)."""
    for pattern in ("%H:%M", "%H.%M"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None


@login_required
@require_http_methods(["GET", "POST"])
def session_confirm(request, pk: int):
    """A participant confirms their presence with the code the trainer shows (the QR
    opens this page with the code filled in)."""
    session = get_object_or_404(WorkshopSession.objects.select_related("cohort", "course"), pk=pk)
    if not selectors.session_open_to(session=session, user=request.user):
        raise Http404
    code = request.POST.get("code", request.GET.get("code", ""))[:12]
    error = None
    confirmation = AttendanceConfirmation.objects.filter(session=session, user=request.user).first()
    if request.method == "POST" and confirmation is None:
        try:
            confirmation = services.attendance_self_confirm(
                session=session, user=request.user, code=code
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            return redirect("courses:session_confirm", pk=session.pk)
    return TemplateResponse(
        request,
        "courses/session_confirm.html",
        {
            "session": session,
            "code": code,
            "error": error,
            "confirmation": confirmation,
            "open": services.confirmation_open(session),
        },
        status=400 if error else 200,
    )


def _hours_text(value) -> str:
    """Partial hours as a person types them back: ``1.5``, not ``1.50``; empty for none."""
    return "" if value is None else formats.number_format(value.normalize())


# --- Cohorts -------------------------------------------------------------------------


@staff_required
def cohort_list(request):
    return TemplateResponse(
        request, "courses/cohort_list.html", {"cohorts": selectors.cohorts_visible_to(request.user)}
    )


def _cohort_and_course(request, pk, course_pk=None):
    cohort = get_object_or_404(selectors.cohorts_visible_to(request.user), pk=pk)
    courses = list(cohort.courses.all())
    if not courses:
        raise Http404
    course = courses[0]
    if course_pk is not None:
        course = next((c for c in courses if c.pk == course_pk), None)
        if course is None:
            raise Http404
    return cohort, course, courses


@staff_required
def cohort_progress(request, pk: int, course_pk: int | None = None):
    """Learners × modules for one of the cohort's courses."""
    cohort, course, courses = _cohort_and_course(request, pk, course_pk)
    progress = selectors.cohort_progress(cohort=cohort, course=course)
    return TemplateResponse(
        request,
        "courses/cohort_progress.html",
        {"cohort": cohort, "course": course, "courses": courses, "progress": progress},
    )


@staff_required
def cohort_progress_csv(request, pk: int, course_pk: int):
    """The cohort progress table as CSV (one row per learner)."""
    cohort, course, _courses = _cohort_and_course(request, pk, course_pk)
    progress = selectors.cohort_progress(cohort=cohort, course=course)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.pk}-course-{course.pk}-progress.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("Email")]
        + [module.module.title for module in progress.outline.modules]
        + [_("Lessons done"), _("Lessons"), _("Completed on"), _("Last activity")]
    )
    for row in progress.rows:
        user = row.enrollment.user
        writer.writerow(
            [_safe(display_name(user)), _safe(user.email)]
            + [f"{done}/{total}" for done, total in row.module_cells]
            + [
                row.done,
                row.total,
                _iso(row.enrollment.completed_at),
                _iso(row.enrollment.last_activity_at),
            ]
        )
    return response


def _iso(value) -> str:
    return value.isoformat(timespec="minutes") if value else ""


def _safe(value: str) -> str:
    """Defuse spreadsheet formulas in a CSV cell (a name may start with "=")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
