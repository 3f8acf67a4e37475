"""Demo competencies: the IMPACT framework, the training-needs self-assessment and
demo trainees with evidence of every kind. ``load()`` is idempotent; the lead calls
it from ``assessments/demo.py``."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.competencies import services
from assessments.models import (
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    EvidenceKind,
    ProficiencyScale,
    RuleType,
    ScaleLevel,
    SelfAssessment,
    SelfAssessmentItem,
    SelfAssessmentResponse,
)
from lms.accounts.models import Territory
from lms.accounts.services import user_signup
from lms.roles import Role

User = get_user_model()

FRAMEWORK_ID = "IMPACT-2026"
DEMO_PASSWORD = "impact-demo-2026"  # noqa: S105 — same demo password as lms.accounts.demo

LEVELS = [
    ("Principiante", "Beginner"),
    ("In sviluppo", "Developing"),
    ("Competente", "Proficient"),
    ("Esperto", "Expert"),
]

OBS, QUIZ, TRN = RuleType.OBSERVATIONS, RuleType.QUIZ_AVERAGE, RuleType.LATEST_TRAINER

# (idnumber, Italian, English, rule, [competencies (idnumber, it, en, rule, statement it, en)])
AREAS = [
    (
        "PART",
        "Promuovere processi partecipativi",
        "Promoting participatory processes",
        [
            (
                "PART-1",
                "Mappare attori e risorse del territorio",
                "Mapping local actors and resources",
                TRN,
                "So individuare chi conta nel mio quartiere e cosa può offrire.",
                "I can identify who matters in my neighbourhood and what they can offer.",
            ),
            (
                "PART-2",
                "Facilitare assemblee inclusive",
                "Facilitating inclusive meetings",
                OBS,
                "So condurre un incontro in cui tutti prendono la parola.",
                "I can run a meeting where everyone gets to speak.",
            ),
            (
                "PART-3",
                "Raccogliere i bisogni della comunità",
                "Gathering community needs",
                TRN,
                "So raccogliere e riassumere i bisogni della mia comunità.",
                "I can gather and summarise my community's needs.",
            ),
        ],
    ),
    (
        "ISTI",
        "Dialogare con le istituzioni e influenzare le politiche",
        "Talking with institutions and influencing policies",
        [
            (
                "ISTI-1",
                "Capire come si fanno le politiche locali",
                "Understanding how local policies are made",
                QUIZ,
                "So spiegare chi decide cosa in Comune e in Regione.",
                "I can explain who decides what in the municipality and the region.",
            ),
            (
                "ISTI-2",
                "Scrivere una proposta all'amministrazione",
                "Writing a proposal to the administration",
                TRN,
                "So scrivere una proposta chiara a un ufficio pubblico.",
                "I can write a clear proposal to a public office.",
            ),
            (
                "ISTI-3",
                "Rappresentare la comunità negli incontri istituzionali",
                "Representing the community in institutional meetings",
                OBS,
                "So parlare a nome della mia comunità in un incontro con il Comune.",
                "I can speak for my community in a meeting with the municipality.",
            ),
        ],
    ),
    (
        "SOST",
        "Rendere sostenibili le iniziative",
        "Keeping initiatives sustainable",
        [
            (
                "SOST-1",
                "Trovare risorse e bandi",
                "Finding funding and calls",
                QUIZ,
                "So trovare un bando adatto alla mia associazione.",
                "I can find a call for funding that suits my association.",
            ),
            (
                "SOST-2",
                "Costruire reti e partenariati",
                "Building networks and partnerships",
                TRN,
                "So costruire un partenariato con altre organizzazioni.",
                "I can build a partnership with other organisations.",
            ),
            (
                "SOST-3",
                "Misurare e comunicare i risultati",
                "Measuring and communicating results",
                TRN,
                "So mostrare con dati e storie cosa abbiamo ottenuto.",
                "I can show with data and stories what we achieved.",
            ),
        ],
    ),
    (
        "AMMI",
        "Gestire un'organizzazione dal punto di vista amministrativo",
        "Running an organisation administratively",
        [
            (
                "AMMI-1",
                "Statuto, soci e obblighi dell'associazione",
                "Statutes, members and legal duties",
                QUIZ,
                "So quali obblighi ha la mia associazione (statuto, RUNTS, soci).",
                "I know my association's duties (statutes, third-sector register, members).",
            ),
            (
                "AMMI-2",
                "Bilancio e rendicontazione",
                "Budgets and financial reporting",
                TRN,
                "So preparare un bilancio semplice e rendicontare una spesa.",
                "I can prepare a simple budget and account for an expense.",
            ),
            (
                "AMMI-3",
                "Verbali, registri e archivio",
                "Minutes, registers and records",
                TRN,
                "So scrivere un verbale e tenere in ordine i registri.",
                "I can write minutes and keep the registers in order.",
            ),
        ],
    ),
    (
        "PEER",
        "Coaching tra pari",
        "Peer coaching",
        [
            ("PEER-1", "Ascolto attivo", "Active listening", OBS, "", ""),
            ("PEER-2", "Domande potenti", "Powerful questions", OBS, "", ""),
            ("PEER-3", "Definizione degli obiettivi", "Goal setting", OBS, "", ""),
            ("PEER-4", "Feedback", "Feedback", OBS, "", ""),
        ],
    ),
    (
        "CIVI",
        "Tecnologie civiche",
        "Civic technology",
        [
            (
                "CIVI-1",
                "Strumenti digitali di partecipazione",
                "Digital participation tools",
                QUIZ,
                "",
                "",
            ),
            (
                "CIVI-2",
                "Open data e accesso civico agli atti",
                "Open data and civic access to records",
                QUIZ,
                "",
                "",
            ),
            (
                "CIVI-3",
                "Co-progettazione di politiche e servizi",
                "Co-design of policies and services",
                TRN,
                "",
                "",
            ),
            ("CIVI-4", "Patti di collaborazione", "Collaboration pacts", TRN, "", ""),
        ],
    ),
]
INDICATORS = [
    ("PEER-1", "PEER-1.a", "Riformula ciò che ha sentito", "Paraphrases what they heard"),
    ("PEER-1", "PEER-1.b", "Lascia spazio al silenzio", "Leaves room for silence"),
]
RELATED = [("PEER-4", "PEER-1"), ("CIVI-3", "PART-2"), ("ISTI-2", "CIVI-2")]

DEMO_TRAINEES = [
    # (email, name, territory, language)
    ("trainee@impact.example", "Amina Diallo", Territory.BARI, "it"),
    ("kwame@impact.example", "Kwame Mensah", Territory.FOGGIA, "en"),
    ("fatou@impact.example", "Fatou Sarr", Territory.FOGGIA, "fr"),
    ("youssef@impact.example", "Youssef El Amrani", Territory.FOGGIA, "ar"),
    ("lina@impact.example", "Lina Haddad", Territory.LECCE, "it"),
    ("ion@impact.example", "Ion Popescu", Territory.BARI, "it"),
]


def _scale() -> ProficiencyScale:
    scale, created = ProficiencyScale.objects.get_or_create(
        name="Scala IMPACT", defaults={"name_en": "IMPACT scale", "proficient_from": 3}
    )
    if created:
        for order, (it, en) in enumerate(LEVELS):
            ScaleLevel.objects.create(scale=scale, name=it, name_en=en, sort_order=order)
    return scale


def _framework() -> CompetencyFramework:
    framework = CompetencyFramework.objects.filter(idnumber=FRAMEWORK_ID).first()
    if framework:
        return framework
    framework = CompetencyFramework.objects.create(
        idnumber=FRAMEWORK_ID,
        name="Competenze IMPACT: peer coach e innovazione civica",
        name_en="IMPACT competencies: peer coaching and civic innovation",
        description=(
            "Le quattro capacità dell'analisi dei fabbisogni, il coaching tra pari e le "
            "tecnologie civiche."
        ),
        description_en=(
            "The four capabilities of the training-needs analysis, peer coaching and "
            "civic technology."
        ),
        scale=_scale(),
        taxonomies="domain,competency,indicator",
    )
    by_id = {}
    for order, (area_id, area_it, area_en, competencies) in enumerate(AREAS, 1):
        area = Competency.objects.create(
            framework=framework,
            idnumber=area_id,
            name=area_it,
            name_en=area_en,
            sort_order=order,
            rule_type=RuleType.ALL_CHILDREN,
        )
        for position, (cid, it, en, rule, *_statements) in enumerate(competencies, 1):
            by_id[cid] = Competency.objects.create(
                framework=framework,
                parent=area,
                idnumber=cid,
                name=it,
                name_en=en,
                sort_order=position,
                rule_type=rule,
                rule_count=2 if rule == OBS else 3,
                rule_min_percent=70,
            )
    for parent_id, cid, it, en in INDICATORS:
        Competency.objects.create(
            framework=framework,
            parent=by_id[parent_id],
            idnumber=cid,
            name=it,
            name_en=en,
            sort_order=int(cid[-1], 36),
        )
    for one, other in RELATED:
        by_id[one].related.add(by_id[other])
    return framework


def _self_assessment(framework) -> SelfAssessment:
    assessment = SelfAssessment.objects.filter(framework=framework).first()
    if assessment:
        return assessment
    assessment = SelfAssessment.objects.create(
        framework=framework,
        name="Analisi dei fabbisogni formativi",
        name_en="Training-needs analysis",
        description=(
            "Dodici frasi sulle quattro capacità del progetto. Rispondi all'inizio e alla "
            "fine del percorso."
        ),
        description_en=(
            "Twelve statements on the project's four capabilities. Answer at the start and "
            "at the end of the path."
        ),
    )
    competencies = {c.idnumber: c for c in framework.competencies.all()}
    order = 0
    for _area_id, _it, _en, items in AREAS[:4]:
        for cid, _name, _name_en, _rule, statement, statement_en in items:
            SelfAssessmentItem.objects.create(
                assessment=assessment,
                competency=competencies[cid],
                name=statement,
                name_en=statement_en,
                sort_order=order,
            )
            order += 1
    return assessment


def _trainee(email, name, territory, language):
    user = User.objects.filter(username=email).first()
    if user:
        return user
    first, _sep, last = name.partition(" ")
    return user_signup(
        email=email,
        password=DEMO_PASSWORD,
        display_name=name,
        preferred_language=language,
        territory=territory,
        role=Role.TRAINEE,
        consent_language=language,
        first_name=first,
        last_name=last,
    )


def _trainer():
    trainer = User.objects.filter(groups__name=Role.TRAINER).order_by("pk").first()
    if trainer is None:
        trainer = User.objects.filter(is_superuser=True).order_by("pk").first()
    return trainer


# Demo course and lesson slugs (from courses.demo_content) → the competencies they build.
ALIGN = {
    "percorso-peer-coach": ["PEER-1", "PEER-2", "PEER-3", "PEER-4"],
    "ascoltare-per-capire": ["PEER-1"],
    "domande-potenti": ["PEER-2"],
    "obiettivi-e-feedback": ["PEER-3", "PEER-4"],
    # The participatory lab's cohorts follow this course, so these are the competencies
    # a lab facilitator can recognise (e.g. ISTI-2, writing proposals to institutions).
    "laboratori-apprendimento-cooperativo": [
        "CIVI-1",
        "CIVI-2",
        "CIVI-3",
        "CIVI-4",
        "PART-2",
        "PART-3",
        "ISTI-2",
        "ISTI-3",
    ],
}


def _align(framework) -> None:
    """Align the demo courses and lessons (when the courses demo made them)."""
    from wagtail.models import Page

    competencies = {c.idnumber: c for c in framework.competencies.all()}
    for page in Page.objects.filter(slug__in=ALIGN, locale__language_code="it"):
        for cid in ALIGN[page.slug]:
            CompetencyAlignment.objects.get_or_create(competency=competencies[cid], page=page)


def _learners_and_trainers() -> list:
    """The courses demo's cohort members with one of their cohort's trainers (so each
    trainer sees their own trainees' maps); our own demo trainees if there are none."""
    from courses.models import Enrollment

    pairs = {}
    for enrollment in (
        Enrollment.objects.filter(cohort__isnull=False)
        .select_related("user")
        .prefetch_related("cohort__trainers")
        .order_by("pk")
    ):
        if enrollment.user_id not in pairs:
            trainer = next(iter(enrollment.cohort.trainers.all()), None) or _trainer()
            pairs[enrollment.user_id] = (enrollment.user, trainer)
    if pairs:
        return list(pairs.values())
    fallback = _trainer()
    return [(_trainee(*person), fallback) for person in DEMO_TRAINEES]


def _evidence(framework, assessment, pairs) -> None:
    """Evidence of every kind, different for each learner, and two self-assessments."""
    competencies = {c.idnumber: c for c in framework.competencies.all()}
    items = list(assessment.items.order_by("sort_order"))
    today = timezone.localdate()
    for n, (learner, trainer) in enumerate(pairs):
        if SelfAssessmentResponse.objects.filter(user=learner, assessment=assessment).exists():
            continue
        # Training-needs self-assessment: weaker at the start, stronger at the end.
        start = {item.pk: 1 + (n + i) % 3 for i, item in enumerate(items)}
        services.self_assessment_submit(user=learner, assessment=assessment, answers=start)
        end = {pk: min(5, value + 1 + (n % 2)) for pk, value in start.items()}
        services.self_assessment_submit(user=learner, assessment=assessment, answers=end)
        # Quiz answers and rubric scores.
        scores = [(0.9, 0.8, 1.0), (0.6, 0.7, 0.5), (1.0, 1.0, 0.7)][n % 3]
        services.quiz_evidence_record(
            user=learner,
            items=[
                (competencies["CIVI-1"], score, f"demo:quiz-civic-tech:{k}")
                for k, score in enumerate(scores)
            ]
            + [(competencies["CIVI-2"], scores[0], "demo:quiz-open-data:1")],
        )
        services.quiz_evidence_record(
            user=learner,
            kind=EvidenceKind.RUBRIC,
            items=[(competencies["ISTI-1"], 0.75, "demo:rubric-policy-essay:1")],
            recorded_by=trainer,
        )
        # Trainer observations of practice.
        if trainer is not None:
            for k, (cid, level) in enumerate(
                [("PEER-1", 3), ("PEER-1", 3 + n % 2), ("PEER-4", 2 + n % 2), ("PART-2", 3)]
            ):
                services.observation_record(
                    trainer=trainer,
                    learner=learner,
                    competency=competencies[cid],
                    level=level,
                    observed_on=today - datetime.timedelta(days=20 - 3 * k),
                    context="Sessione di coaching con un pari"
                    if cid.startswith("PEER")
                    else "Assemblea di associazione",
                    note="Osservazione dimostrativa.",
                )
        # Prior learning: one approved, one waiting.
        claim = services.prior_learning_submit(
            user=learner,
            competency=competencies["AMMI-2"],
            description="Ho tenuto la contabilità della mia associazione per due anni.",
            link="https://example.org/attestato-contabilita",
        )
        if trainer is not None and n % 2 == 0:
            services.prior_learning_decide(
                claim=claim, trainer=trainer, approve=True, level=3, note="Attestato verificato."
            )


@transaction.atomic
def load() -> CompetencyFramework:
    """Create the demo framework, self-assessment, trainees and evidence (once)."""
    framework = _framework()
    assessment = _self_assessment(framework)
    _align(framework)
    _evidence(framework, assessment, _learners_and_trainers())
    # The participatory lab's finished proposal counts as evidence too.
    from .lab_evidence import load_demo as load_lab_demo

    load_lab_demo()
    return framework
