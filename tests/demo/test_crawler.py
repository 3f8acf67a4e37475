"""No 5xx and no template error anywhere a person can go, as each role.

The crawler visits, for anonymous, trainee, trainer and coordinator:

- every URL pattern of the site and of the Wagtail admin that takes no argument, and
  each of them again with ``?q=test`` (every listing's search);
- every pattern whose arguments can be filled from the demo (``SITE_ARGUMENTS``);
- for every page type: its admin edit view, "view draft" and each preview mode;
- for every snippet and admin viewset: its listing, search and edit view.

A new URL pattern with arguments must be added to ``SITE_ARGUMENTS`` or, with the
reason, to ``NOT_CRAWLED``: ``test_every_pattern_is_crawled_or_excused`` fails
otherwise, so nothing new escapes the crawl.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page, get_page_models

from assessments.competencies.interchange import export_text
from certificates import credentials

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "trainee": "trainee@impact.example",
    "trainer": "trainer@impact.example",
    "coordinator": "coordinator@impact.example",
}

# Patterns that are not crawled, and why. A GET to them would change the session or
# needs a secret that only an e-mail carries.
NOT_CRAWLED = {
    "accounts:logout": "signs the crawler out",
    "wagtailadmin_logout": "signs the crawler out",
    "logout": "signs the crawler out (Django admin)",
    "admin:logout": "signs the crawler out (Django admin)",
    "wagtailadmin_error_test": "Wagtail's deliberate error page (it raises on purpose)",
    "accounts:password_reset_confirm": "needs a token from an e-mail",
    "wagtailcore_authenticate_with_password": "needs a page view restriction (none in the demo)",
}
# Admin patterns with arguments are covered by the page and viewset walks below.
ADMIN_PREFIXES = ("admin/", "django-admin/")


def _first(model_label: str, **filters):
    model = apps.get_model(model_label)
    return model.objects.filter(**filters).order_by("pk").first()


def _calendar_token(email: str) -> str:
    user = get_user_model().objects.get(username=email)
    feed, _created = apps.get_model("courses.CalendarFeed").objects.get_or_create(user=user)
    return feed.token


def _login_card():
    """A login card of the demo trainee (issue 19)."""
    from lms.accounts.login_cards import login_card_issue

    trainee = get_user_model().objects.get(username=ROLES["trainee"])
    return login_card_issue(user=trainee)


def _pk(model_label: str, **filters):
    obj = _first(model_label, **filters)
    return obj.pk if obj else None


def _attempts() -> list[int]:
    """The demo trainee's attempts at two quizzes: one submitted, one in progress."""
    from assessments.models import QuizPage
    from assessments.services import attempt_create, attempt_submit

    trainee = get_user_model().objects.get(username=ROLES["trainee"])
    quizzes = list(QuizPage.objects.live().order_by("path")[:2])
    submitted = attempt_create(quiz=quizzes[0], user=trainee)
    attempt_submit(attempt=submitted)
    in_progress = attempt_create(quiz=quizzes[-1], user=trainee)
    return [submitted.pk, in_progress.pk]


def _certificate():
    """The demo trainee's certificate (the demo issues none)."""
    from certificates.models import CertificateRule
    from certificates.services import certificate_issue

    trainee = get_user_model().objects.get(username=ROLES["trainee"])
    rule = CertificateRule.objects.order_by("pk").first()
    return certificate_issue(rule=rule, user=trainee, check=False, notify=False)[0]


def _site_arguments() -> dict[str, list[dict]]:
    """Arguments for each site pattern, from the demo (several where states differ)."""
    path = _first("lab.ParticipatoryPath")
    problem = _first("lab.Problem", path=path) if path else None
    hypothesis = _first("lab.Hypothesis")
    proposal = _first("lab.Proposal")
    stage = _first("lab.Stage")
    cohort = _first("courses.Cohort")
    enrollment = _first("courses.Enrollment", cohort=cohort) if cohort else None
    certificate = _certificate()
    attempts = _attempts()
    framework = _first("assessments.CompetencyFramework")
    path_kw = {"path_pk": path.pk} if path else {}
    return {
        "courses:lab:territory": [{"territory": "bari"}, {"territory": "lecce"}],
        "courses:lab:path": [path_kw],
        "courses:lab:stage_action": [
            {"path_pk": stage.path_id, "pk": stage.pk, "action": "open"},
        ],
        "courses:lab:problems": [path_kw],
        "courses:lab:problem_new": [path_kw],
        "courses:lab:problem": [{**path_kw, "pk": problem.pk}],
        "courses:lab:problem_attachment": [{**path_kw, "pk": problem.pk}],
        "courses:lab:problem_vote": [{**path_kw, "pk": problem.pk}],
        "courses:lab:problem_vote_withdraw": [{**path_kw, "pk": problem.pk}],
        "courses:lab:problem_merge": [{**path_kw, "pk": problem.pk}],
        "courses:lab:problem_select": [{**path_kw, "pk": problem.pk}],
        "courses:lab:hide": [{**path_kw, "kind": "problem", "pk": problem.pk}],
        "courses:lab:unhide": [{**path_kw, "kind": "problem", "pk": problem.pk}],
        "courses:lab:hypotheses": [{"path_pk": hypothesis.path_id}],
        "courses:lab:hypothesis_new": [{**path_kw, "problem_pk": problem.pk}],
        "courses:lab:hypothesis": [{"path_pk": hypothesis.path_id, "pk": hypothesis.pk}],
        "courses:lab:hypothesis_history": [{"path_pk": hypothesis.path_id, "pk": hypothesis.pk}],
        "courses:lab:proposals": [{"path_pk": proposal.path_id}],
        "courses:lab:proposal_new": [{"path_pk": proposal.path_id}],
        **{
            f"courses:lab:proposal{suffix}": [{"path_pk": proposal.path_id, "pk": proposal.pk}]
            for suffix in (
                "",
                "_comment",
                "_respond",
                "_submit",
                "_publish",
                "_unpublish",
                "_edit",
                "_history",
                "_pdf",
                "_follow_up",
            )
        },
        "courses:lab:recognise": [{"path_pk": proposal.path_id}],
        "courses:enroll": [{"pk": _pk("courses.CoursePage")}],
        "courses:offline_course": [{"pk": enrollment.course_id}],
        # The demo trainee's calendar feed (made here: the demo turns none on) and a
        # secret that matches no feed (a 404).
        "courses:calendar_feed": [
            {"token": _calendar_token("trainee@impact.example")},
            {"token": "no-such-secret"},
        ],
        "courses:session_register": [{"pk": _pk("courses.WorkshopSession")}],
        "courses:session_unregister": [{"pk": _pk("courses.WorkshopSession")}],
        "courses:session_attendance": [
            {"pk": pk}
            for pk in apps.get_model("courses.WorkshopSession")
            .objects.order_by("starts_at")
            .values_list("pk", flat=True)
        ],
        "courses:session_confirm": [{"pk": _pk("courses.WorkshopSession")}],
        "certificates:register_pdf": [{"pk": _pk("courses.WorkshopSession")}],
        "certificates:register_csv": [{"pk": _pk("courses.WorkshopSession")}],
        "courses:cohort_progress": [{"pk": cohort.pk}],
        "courses:cohort_course_progress": [{"pk": cohort.pk, "course_pk": enrollment.course_id}],
        "courses:cohort_progress_csv": [{"pk": cohort.pk, "course_pk": enrollment.course_id}],
        "assessments:attempt": [{"pk": pk} for pk in attempts],
        "assessments:summary": [{"pk": pk} for pk in attempts],
        "assessments:autosave": [{"pk": attempts[0]}],
        "assessments:offline_answers": [{"pk": attempts[0]}],
        "assessments:review": [{"pk": pk} for pk in attempts],
        "certificates:holder_name": [
            {"user_id": get_user_model().objects.get(username=ROLES["trainee"]).pk}
        ],
        "assessments:competencies:learner_map": [
            {"user_id": get_user_model().objects.get(username=ROLES["trainee"]).pk}
        ],
        "assessments:competencies:self_assessment": [
            {"pk": pk}
            for pk in apps.get_model("assessments.SelfAssessment").objects.values_list(
                "pk", flat=True
            )
        ],
        "assessments:competencies:self_assessment_open_end": [
            {"pk": _pk("assessments.SelfAssessment")}
        ],
        "assessments:competencies:claim_decide": [{"pk": _pk("assessments.PriorLearningClaim")}],
        "certificates:eligibility": [{"pk": _pk("certificates.CertificateRule")}],
        "reports:person": [{"pk": enrollment.user_id}],
        "certificates:batch": [{"pk": _pk("certificates.IssueBatch") or 1}],
        # Every cohort: the demo's ready pack, and cohorts without one.
        "certificates:pack": [
            {"pk": pk}
            for pk in apps.get_model("courses.Cohort").objects.values_list("pk", flat=True)
        ],
        "certificates:pack_zip": [
            {"pk": pk}
            for pk in apps.get_model("courses.Cohort").objects.values_list("pk", flat=True)
        ],
        "certificates:pdf": [{"code": certificate.code}],
        "certificates:credential": [
            {"code": certificate.code, "fmt": "json"},
            {"code": certificate.code, "fmt": "jwt"},
        ],
        "certificates:visibility": [{"code": certificate.code}],
        "certificates:manage": [{"code": certificate.code}],
        "certificates_public:verify": [{"code": certificate.code}],
        "certificates:verify": [{"code": certificate.code}],
        "certificates_public:key": [{"thumbprint": credentials.thumbprint()}],
        "certificates_public:achievement": [{"pk": _pk("certificates.CertificateRule")}],
        "case:package": [{"identifier": framework.uuid}],
        "case:document": [{"identifier": framework.uuid}],
        "case:item": [{"identifier": _first("assessments.Competency").uuid}],
        "case:association": [
            {"identifier": association["identifier"]}
            for association in json.loads(export_text(framework, "case"))["CFAssociations"][:1]
        ],
        # POST only (a revocation form); GET is 405, which the crawl accepts.
        "assessments:competencies:signoff_revoke": [
            {"pk": _pk("assessments.Evidence", kind="signoff") or 1}
        ],
        # POST only (withdrawing a peer coach's authorisation).
        "assessments:competencies:peer_revoke": [{"pk": _pk("assessments.PeerRater") or 1}],
        "assessments:competencies:moderate": [
            {"pk": _pk("assessments.Evidence", kind="observation") or 1}
        ],
        "certificates:signoff_revoke": [{"pk": _pk("certificates.TrainerSignoff") or 1}],
        "assessments:competencies:focus_group": [{"pk": _pk("assessments.FocusGroup")}],
        "assessments:competencies:plan_unlink": [{"pk": _pk("assessments.TrainingPlanLink") or 1}],
        "assessments:competencies:claim_file": [
            {"pk": pk}
            for pk in apps.get_model("assessments.PriorLearningClaim")
            .objects.exclude(file="")
            .values_list("pk", flat=True)[:1]
        ],
        "certificates_public:verify_json": [{"code": certificate.code}],
        "wagtaildocs_serve": [],  # the demo has no documents
        "wagtaildocs_authenticate_with_password": [],
        # A live card (GET only shows the button: nothing is used) and a wrong one.
        "accounts:card": [{"token": _login_card().token}, {"token": "not-a-card"}],
        "accounts:card_revoke": [{"pk": _login_card().card.pk}],
    }


def _patterns(resolver=None, prefix="", namespace=None):
    """(route, name) of every pattern, namespaces joined with ':'."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def _takes_arguments(route: str) -> bool:
    return "<" in route or "(" in route


def _site_paths(arguments) -> list[str]:
    paths = []
    for route, name in _patterns():
        if name in NOT_CRAWLED or route.startswith("^media/") or name == "wagtail_serve":
            continue
        if not _takes_arguments(route):
            # Built from the route itself: some of Wagtail's names are not unique.
            paths.append("/" + route.replace("^", "").replace("$", "").replace("\\", ""))
            continue
        if route.startswith(ADMIN_PREFIXES):
            continue
        for kwargs in arguments.get(name, ()):
            paths.append(reverse(name, kwargs=kwargs))
    return sorted(set(paths))


def _page_paths() -> list[str]:
    """Every live page (the site's catch-all) and, per page type, its admin views."""
    paths = [page.url for page in Page.objects.live().filter(depth__gt=1).specific() if page.url]
    for model in get_page_models():
        page = model.objects.order_by("pk").first()
        if page is None or model is Page:
            continue
        paths += [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[page.pk]) + "?q=test",
        ]
    return paths


def _viewset_paths() -> list[str]:
    """Listing, search and edit of every snippet and admin model viewset."""
    from django.urls import NoReverseMatch
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    def url(viewset, name, *args):
        try:
            return reverse(viewset.get_url_name(name), args=args)
        except NoReverseMatch:  # a viewset without that view
            return None

    paths = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet) or url(viewset, "index") is None:
            continue
        paths += [url(viewset, "index"), url(viewset, "index") + "?q=test", url(viewset, "add")]
        obj = viewset.model._default_manager.order_by("pk").first()
        if obj is not None:
            paths += [
                url(viewset, name, obj.pk) for name in ("edit", "history", "usage", "inspect")
            ]
    return [path for path in paths if path]


def _problem(client, path) -> str | None:
    try:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="it")
    except Exception as error:  # noqa: BLE001 — reported, not raised: one list of all
        return f"{path}: {type(error).__name__}: {str(error)[:160]}"
    if response.status_code >= 500:
        return f"{path}: {response.status_code}"
    return None


def test_every_pattern_is_crawled_or_excused(demo):
    """Every site pattern with arguments has demo arguments or a written reason."""
    arguments = _site_arguments()
    missing = [
        name
        for route, name in _patterns()
        if _takes_arguments(route)
        and not route.startswith(ADMIN_PREFIXES)
        and name not in arguments
        and name not in NOT_CRAWLED
        and name != "wagtail_serve"
        and not route.startswith("^media/")
    ]
    assert missing == []


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_answers_with_a_server_error(demo, role):
    """As each role: no 5xx and no template error on any reachable address."""
    client = Client(raise_request_exception=True)
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))
    site = _site_paths(_site_arguments())
    listings = [p + "?q=test" for p in site if not p.endswith((".csv", ".pdf", ".json", ".jwt"))]
    paths = site + listings + _page_paths() + _viewset_paths()
    assert len(paths) > 200  # the crawl really reaches the admin
    problems = [problem for path in paths if (problem := _problem(client, path))]
    assert not problems, "\n".join(problems)


def test_every_page_type_previews_as_the_learner_sees_it(demo):
    """Each preview mode of each page type renders (the admin's "Preview" button)."""
    failures = []
    for model in get_page_models():
        page = model.objects.order_by("pk").first()
        if page is None or model is Page:
            continue
        page = page.specific
        for mode, _label in page.preview_modes:
            try:
                response = page.make_preview_request(preview_mode=mode)
                if hasattr(response, "render"):
                    response.render()
                if response.status_code != 200:
                    failures.append(f"{model.__name__}/{mode}: {response.status_code}")
                elif page.title not in response.content.decode():
                    failures.append(f"{model.__name__}/{mode}: the page's title is not shown")
            except Exception as error:  # noqa: BLE001 — reported, not raised
                failures.append(f"{model.__name__}/{mode}: {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)


def test_a_lesson_draft_previews_with_its_course_and_neighbours(demo, admin_client):
    """View draft of a lesson shows the draft's words inside the course's navigation."""
    from courses.models import LessonPage

    lesson = LessonPage.objects.live().order_by("path")[1]
    lesson.title = "Draft title not yet published"
    lesson.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Draft title not yet published" in text
    assert 'rel="prev"' in text


def test_a_module_draft_previews_as_its_section_of_the_course_page(demo, admin_client):
    from courses.models import ModulePage

    module = ModulePage.objects.live().order_by("path").first()
    module.introduction = "A new introduction, still a draft"
    module.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[module.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="module-{module.pk}"' in text
    assert "A new introduction, still a draft" in text
