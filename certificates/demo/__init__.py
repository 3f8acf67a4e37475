"""Demo certificates (``certificates.toml``): a default template (it + en), a rule per demo
course, and the certificates the eligible demo trainees have earned — except the
peer-coach path in Bari, which the demo coordinator issues (the walk-through in the
README). Safe to run again."""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from courses.models import Cohort, CoursePage
from lms.accounts import demo as people_demo

from .. import learning, packs, services
from ..criteria import evaluate, is_eligible
from ..models import CertificateRule, CertificateTemplate, Signatory

User = get_user_model()

DATA = tomllib.loads((Path(__file__).parent / "certificates.toml").read_text(encoding="utf-8"))


def _template() -> CertificateTemplate:
    texts = dict(DATA["template"])
    template, created = CertificateTemplate.objects.get_or_create(
        name=texts.pop("name"),
        defaults={"language": CertificateTemplate.Language.BOTH, **texts},
    )
    if created:
        for order, signatory in enumerate(DATA["signatories"]):
            Signatory.objects.create(
                template=template,
                name=people_demo.PEOPLE[signatory["person"]]["name"],
                role=signatory["role"],
                sort_order=order,
            )
    return template


def _competencies(course) -> str:
    from assessments.models import Competency

    wanted = DATA["rules"]["competencies"].get(course.slug, [])
    found = set(Competency.objects.filter(name__in=wanted).values_list("name", flat=True))
    return "\n".join(name for name in wanted if name in found)


@transaction.atomic
def load() -> None:
    """The template, a rule per Italian course, the certificates already earned and one
    cohort's pack."""
    rules, issues = DATA["rules"], DATA["rules"]["coordinator_issues"]
    template = _template()
    coordinator = User.objects.filter(username=people_demo.PEOPLE["marco"]["email"]).first()
    left_to_coordinator = (issues["course"], issues["cohort"])
    # One rule per course, on the Italian (source) page: translations share its key.
    for course in CoursePage.objects.filter(locale__language_code="it").order_by("path"):
        rule, _created = CertificateRule.objects.get_or_create(
            course=course,
            defaults={
                "name": rules["name"].format(course=course.title),
                "template": template,
                "require_all_modules": True,
                "min_attendance": rules["min_attendance"],
                "competencies": _competencies(course),
            },
        )
        for cohort in learning.cohorts_for(course):
            if (course.slug, cohort.name) == left_to_coordinator:
                continue
            users = list(learning.learners(course, cohort))
            checks = evaluate(rule, users)
            eligible = [user for user in users if is_eligible(checks[user.pk])]
            services.certificates_issue_many(
                rule=rule, users=eligible, issued_by=coordinator, notify=False
            )
    # One cohort pack ready to download (when the courses demo made its cohort).
    cohort = Cohort.objects.filter(name=DATA["pack"]["cohort"]).first()
    if cohort is not None:
        packs.pack_build_now(cohort=cohort, requested_by=coordinator)
