"""Demo certificates: a default template (it + en), a rule per demo course, and the
certificates the eligible demo trainees have earned — except the peer-coach path in
Bari, which the demo coordinator issues (the walk-through in the README). Safe to run
again."""

from django.contrib.auth import get_user_model
from django.db import transaction

from courses.models import CoursePage

from . import learning, services
from .criteria import evaluate, is_eligible
from .models import CertificateRule, CertificateTemplate, Signatory

User = get_user_model()

# The course titles already say what they are ("Percorso per peer coach"), so the
# text does not add "the path" around them.
BODY_IT = (
    "ha completato «{course}», nell'ambito del progetto IMPACT – Laboratorio diffuso di "
    "innovazione sociale, frequentando {hours} ore di formazione.\n\n"
    "Rilasciato il {date}."
)
BODY_EN = (
    "has completed “{course}” within the IMPACT project – diffuse social-innovation "
    "lab, attending {hours} hours of training.\n\n"
    "Issued on {date}."
)


def _template() -> CertificateTemplate:
    template, created = CertificateTemplate.objects.get_or_create(
        name="IMPACT – attestato (it + en)",
        defaults={
            "language": CertificateTemplate.Language.BOTH,
            "title_it": "Attestato di partecipazione",
            "title_en": "Certificate of completion",
            "body_it": BODY_IT,
            "body_en": BODY_EN,
        },
    )
    if created:
        Signatory.objects.create(
            template=template,
            name="Marco De Santis",
            role="Coordinatore del progetto · Project coordinator",
            sort_order=0,
        )
        Signatory.objects.create(
            template=template,
            name="Giulia Ferri",
            role="Formatrice · Trainer",
            sort_order=1,
        )
    return template


# Left for the demo coordinator to issue from the eligibility table.
COORDINATOR_ISSUES = ("percorso-peer-coach", "Bari 2026")
# Competencies each demo course's certificate requires (when the competency demo ran):
# the peer-coach path asks for active listening, which the trainers observed.
COMPETENCIES = {"percorso-peer-coach": ["Ascolto attivo"]}


def _competencies(course) -> str:
    from assessments.models import Competency

    wanted = COMPETENCIES.get(course.slug, [])
    found = set(Competency.objects.filter(name__in=wanted).values_list("name", flat=True))
    return "\n".join(name for name in wanted if name in found)


@transaction.atomic
def load() -> None:
    template = _template()
    coordinator = User.objects.filter(username="coordinator@impact.example").first()
    # One rule per course, on the Italian (source) page: translations share its key.
    for course in CoursePage.objects.filter(locale__language_code="it").order_by("path"):
        rule, _created = CertificateRule.objects.get_or_create(
            course=course,
            defaults={
                "name": f"Attestato – {course.title}",
                "template": template,
                "require_all_modules": True,
                "min_attendance": 75,
                "hours": course.duration_hours,
                "competencies": _competencies(course),
            },
        )
        for cohort in learning.cohorts_for(course):
            if (course.slug, cohort.name) == COORDINATOR_ISSUES:
                continue
            users = list(learning.learners(course, cohort))
            checks = evaluate(rule, users)
            eligible = [user for user in users if is_eligible(checks[user.pk])]
            services.certificates_issue_many(
                rule=rule, users=eligible, issued_by=coordinator, notify=False
            )
