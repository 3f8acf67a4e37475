"""Demo participatory paths, one per territory at a different stage. Safe to run again.

Runs after ``courses.demo`` (which creates the cohorts "Bari 2026", "Foggia 2026",
"Lecce 2026", their trainers and trainees). Whatever is missing is created here: the
cohort, a trainer, the lab's extra participants (public officials among them) and
their enrolment in one of the cohort's courses. Without any course page at all
there is nothing to enrol people in, and the lab demo is skipped.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort, CoursePage, Enrollment
from courses.services import enrollment_create
from lms.accounts.demo import DEMO_PASSWORD
from lms.accounts.models import Profile, Territory
from lms.accounts.services import user_signup
from lms.roles import Role

from . import services
from .models import LabGroup, ParticipatoryPath, Stage, StageKind
from .models.paths import STAGE_ORDER

User = get_user_model()

TRAINER = "trainer@impact.example"

# (email, name, territory, organisation, public official)
PEOPLE = [
    (
        "nicola.lorusso@impact.example",
        "Nicola Lorusso",
        Territory.BARI,
        "Comune di Bari – Servizi demografici",
        True,
    ),
    (
        "fatima.bari@impact.example",
        "Fatima Benali",
        Territory.BARI,
        "Associazione Donne Insieme",
        False,
    ),
    (
        "mariagrazia.dipietro@impact.example",
        "Maria Grazia Di Pietro",
        Territory.FOGGIA,
        "Comune di Foggia – Politiche sociali",
        True,
    ),
    ("ibrahim.foggia@impact.example", "Ibrahim Kone", Territory.FOGGIA, "", False),
    (
        "yusuf@impact.example",
        "Yusuf Karim",
        Territory.LECCE,
        "Comunità bangladese del Salento",
        False,
    ),
    (
        "elena.russo@impact.example",
        "Elena Russo",
        Territory.LECCE,
        "Comune di Lecce – Servizi sociali",
        True,
    ),
    ("adama.lecce@impact.example", "Adama Traoré", Territory.LECCE, "Associazione Sunugal", False),
]

COHORT_MEMBERS = {
    "Bari 2026": [
        "trainee@impact.example",
        "nicola.lorusso@impact.example",
        "fatima.bari@impact.example",
    ],
    "Foggia 2026": ["mariagrazia.dipietro@impact.example", "ibrahim.foggia@impact.example"],
    "Lecce 2026": [
        "yusuf@impact.example",
        "elena.russo@impact.example",
        "adama.lecce@impact.example",
    ],
}

INSTRUCTIONS = {
    StageKind.PROBLEMS: "Raccontate un problema concreto del vostro territorio: dove succede, chi "
    "ne soffre. Poi votate: ognuno ha 3 voti. I risultati si vedono quando il voto si chiude.",
    StageKind.HYPOTHESES: "In piccoli gruppi misti scrivete un'ipotesi di soluzione per ogni "
    "problema scelto: che cosa cambia, chi agisce, con quali risorse, quali rischi.",
    StageKind.PROPOSALS: "Trasformate l'ipotesi migliore in una proposta per il Comune. Il "
    "personale dell'ente la legge e risponde formalmente.",
    StageKind.FOLLOW_UP: "Il coordinamento registra a chi è stata consegnata la proposta e che "
    "cosa è successo.",
}

PROBLEMS = {
    "bari": [
        (
            "Appuntamenti all'anagrafe introvabili",
            (
                "Per la residenza o la carta d'identità bisogna prenotare online, ma i posti "
                "finiscono in pochi minuti e il sito è solo in italiano."
            ),
            "Anagrafe centrale, via Fratelli Rosselli",
            "Chi è appena arrivato, chi non ha lo SPID, le persone anziane",
        ),
        (
            "Informazioni sulla casa sparse ovunque",
            (
                "Bandi per le case popolari, contributi per l'affitto e sportelli cambiano "
                "spesso e le informazioni sono su siti diversi."
            ),
            "Tutta la città",
            "Famiglie con contratti brevi, lavoratori stagionali",
        ),
        (
            "Nessun interprete agli sportelli",
            (
                "Agli sportelli sociali e sanitari spesso non c'è mediazione linguistica: ci si "
                "arrangia con i figli o con il telefono."
            ),
            "Sportelli ASL e servizi sociali del Municipio 1",
            "Donne, persone che parlano arabo, wolof, bengalese",
        ),
        (
            "Prenotare l'anagrafe senza SPID",
            "Chi non ha ancora lo SPID non riesce a prenotare: serve un canale alternativo.",
            "Anagrafe centrale",
            "Nuovi residenti",
        ),
    ],
    "foggia": [
        (
            "Spazi pubblici per le associazioni",
            (
                "Le associazioni di migranti non sanno come chiedere una sala o un giardino per le "
                "attività: le regole non sono chiare e le risposte arrivano tardi."
            ),
            "Quartieri Candelaro e Ferrovia",
            "Associazioni, giovani, famiglie",
        ),
        (
            "Trasporto verso le campagne",
            "Chi lavora nei campi non ha autobus all'alba e dipende da passaggi a pagamento.",
            "Borgo Mezzanone, Borgo Tressanti",
            "Braccianti",
        ),
        (
            "Moduli del Comune solo in italiano",
            "I moduli per i servizi scolastici e sociali sono solo in italiano.",
            "Uffici comunali",
            "Genitori stranieri",
        ),
    ],
    "lecce": [
        (
            "Mediazione linguistica ai servizi sociali",
            (
                "Ai servizi sociali del Comune non c'è un servizio di traduzione programmato: i "
                "colloqui saltano o si fanno senza capirsi."
            ),
            "Servizi sociali, viale Rossini",
            "Famiglie, donne sole con figli",
        ),
    ],
}


def _ensure_person(email, name, territory, organisation, official):
    user = User.objects.filter(username=email).first()
    if user is None:
        first, _sep, last = name.partition(" ")
        user = user_signup(
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            preferred_language="it",
            territory=territory,
            role=Role.TRAINEE,
            consent_language="it",
            first_name=first,
            last_name=last,
        )
    Profile.objects.filter(user=user).update(organisation=organisation, is_public_official=official)
    return user


def _cohort(name: str, territory: str) -> Cohort | None:
    cohort = Cohort.objects.filter(name=name).first()
    if cohort is None:
        cohort = Cohort.objects.create(name=name, territory=territory)
    if not cohort.trainers.exists():
        trainer = User.objects.filter(username=TRAINER).first()
        if trainer is not None:
            cohort.trainers.add(trainer)
    if not cohort.courses.exists():
        course = CoursePage.objects.filter(locale__language_code="it").order_by("path").first()
        if course is None:
            return None
        cohort.courses.add(course)
    return cohort


def _enrol(cohort: Cohort, users) -> None:
    courses = list(cohort.courses.all())
    workshop = next((c for c in courses if "laboratori" in c.slug), courses[0])
    for user in users:
        existing = Enrollment.objects.filter(user=user, course=workshop).first()
        if existing is None:
            enrollment_create(
                user=user, course=workshop, cohort=cohort, source=Enrollment.Source.COORDINATOR
            )
        elif existing.cohort_id is None:
            Enrollment.objects.filter(pk=existing.pk).update(cohort=cohort)


def _path(cohort: Cohort, title: str, facilitator, current) -> tuple[ParticipatoryPath, bool]:
    """The path with dates that match where it is: the ``current`` stage opened ten days
    ago, earlier stages are over, later ones to come (so ``lab_follow_stage_dates``
    leaves the demo as it is)."""
    path = ParticipatoryPath.objects.filter(title=title).first()
    if path is not None:
        return path, False
    path = ParticipatoryPath.objects.create(
        title=title,
        cohort=cohort,
        introduction=(
            "Un gruppo misto di cittadini migranti e personale del Comune individua i problemi "
            "del territorio e scrive proposte concrete per l'amministrazione."
        ),
        votes_per_participant=3,
    )
    start = timezone.localdate() - datetime.timedelta(days=10 + 21 * STAGE_ORDER.index(current))
    for index, kind in enumerate(STAGE_ORDER):
        Stage.objects.create(
            path=path,
            kind=kind,
            facilitator=facilitator,
            opens_on=start + datetime.timedelta(days=21 * index),
            closes_on=start + datetime.timedelta(days=21 * index + 20),
            instructions=[("paragraph", f"<p>{INSTRUCTIONS[kind]}</p>")],
        )
    return path, True


def _stage(path, kind):
    return Stage.objects.get(path=path, kind=kind)


def _advance(path, facilitator, kind):
    """Close the open stage (if any) and open ``kind``."""
    for stage in Stage.objects.filter(path=path, status="open"):
        services.stage_close(stage=stage, user=facilitator)
    services.stage_open(stage=_stage(path, kind), user=facilitator)


def _post_problems(path, territory, people):
    problems = []
    for index, (title, description, where, who) in enumerate(PROBLEMS[territory]):
        problems.append(
            services.problem_create(
                path=path,
                author=people[index % len(people)],
                title=title,
                description=description,
                where=where,
                who_is_affected=who,
            )
        )
    return problems


def _group(path, name, members):
    group, _created = LabGroup.objects.get_or_create(path=path, name=name)
    group.members.add(*members)
    return group


@transaction.atomic
def load() -> None:
    people = {email: _ensure_person(email, *rest) for email, *rest in PEOPLE}
    for cohort_name, territory in (
        ("Bari 2026", Territory.BARI),
        ("Foggia 2026", Territory.FOGGIA),
        ("Lecce 2026", Territory.LECCE),
    ):
        cohort = _cohort(cohort_name, territory)
        if cohort is None:
            print("Participatory lab demo skipped: there is no course to enrol people in.")
            return
        members = [
            User.objects.get(username=e)
            for e in COHORT_MEMBERS[cohort_name]
            if User.objects.filter(username=e).exists()
        ]
        _enrol(cohort, members)
    del people
    _load_bari()
    _load_foggia()
    _load_lecce()


def _participants(cohort):
    return list(User.objects.filter(enrollments__cohort=cohort).distinct().order_by("pk"))


def _facilitator(cohort):
    return cohort.trainers.order_by("pk").first() or User.objects.get(username=TRAINER)


def _load_bari():
    cohort = Cohort.objects.get(name="Bari 2026")
    facilitator = _facilitator(cohort)
    path, created = _path(
        cohort, "Laboratorio partecipativo – Bari", facilitator, StageKind.PROBLEMS
    )
    if not created:
        return
    people = _participants(cohort)
    services.stage_open(stage=_stage(path, StageKind.PROBLEMS), user=facilitator)
    problems = _post_problems(path, "bari", people)
    services.problem_comment_create(
        problem=problems[0],
        author=people[-1],
        body="Confermo: ho provato per tre settimane. Alla fine sono andata di persona alle 7.",
    )
    services.problem_comment_create(
        problem=problems[2],
        author=people[0],
        body="Al consultorio una volta ha tradotto mia figlia di 11 anni. Non è giusto per lei.",
    )
    for person in people:
        for problem in problems[:2]:
            services.vote_cast(problem=problem, user=person)
    services.problem_merge(duplicate=problems[3], into=problems[0], user=facilitator)


def _load_foggia():
    cohort = Cohort.objects.get(name="Foggia 2026")
    facilitator = _facilitator(cohort)
    path, created = _path(
        cohort, "Laboratorio partecipativo – Foggia", facilitator, StageKind.HYPOTHESES
    )
    if not created:
        return
    people = _participants(cohort)
    services.stage_open(stage=_stage(path, StageKind.PROBLEMS), user=facilitator)
    problems = _post_problems(path, "foggia", people)
    for person in people:
        for problem in problems[: min(3, len(problems))]:
            services.vote_cast(problem=problem, user=person)
    _advance(path, facilitator, StageKind.HYPOTHESES)
    services.problem_select(problem=problems[0], user=facilitator)
    services.problem_select(problem=problems[2], user=facilitator)
    group = _group(path, "Gruppo Candelaro", people)
    hypothesis = services.hypothesis_create(
        problem=problems[0],
        group=group,
        user=people[0],
        data={
            "title": "Uno sportello unico per gli spazi pubblici",
            "what": "Un modulo unico, anche online e tradotto, per chiedere sale e giardini.",
            "who_acts": "Ufficio patrimonio del Comune con la Consulta delle associazioni.",
        },
    )
    services.hypothesis_update(
        hypothesis=hypothesis,
        user=people[-1],
        base_version=1,
        data={
            **hypothesis.texts(),
            "resources": "Un funzionario dedicato per 10 ore a settimana; il modulo online.",
            "risks": "Tempi di risposta lunghi se manca personale.",
            "evidence": "A Bari la Casa delle Culture usa già un calendario condiviso.",
        },
    )


def _load_lecce():
    cohort = Cohort.objects.get(name="Lecce 2026")
    facilitator = _facilitator(cohort)
    path, created = _path(
        cohort, "Laboratorio partecipativo – Lecce", facilitator, StageKind.FOLLOW_UP
    )
    if not created:
        return
    people = _participants(cohort)
    officials = [p for p in people if p.profile.is_public_official]
    writers = [p for p in people if not p.profile.is_public_official] or people
    services.stage_open(stage=_stage(path, StageKind.PROBLEMS), user=facilitator)
    (problem,) = _post_problems(path, "lecce", writers)
    for person in people:
        services.vote_cast(problem=problem, user=person)
    _advance(path, facilitator, StageKind.HYPOTHESES)
    services.problem_select(problem=problem, user=facilitator)
    group = _group(path, "Gruppo Salento", people)
    hypothesis = services.hypothesis_create(
        problem=problem,
        group=group,
        user=writers[0],
        data={
            "title": "Mediatori su prenotazione ai servizi sociali",
            "what": "Un calendario di mediatori linguistici prenotabili dagli assistenti sociali.",
            "who_acts": "Servizi sociali del Comune e associazioni di mediatori.",
            "resources": "Fondi FAMI e del Piano sociale di zona.",
            "risks": "Pochi mediatori per alcune lingue.",
            "evidence": "Esperienze simili a Brindisi e Taranto.",
        },
    )
    _advance(path, facilitator, StageKind.PROPOSALS)
    proposal = services.proposal_create(
        path=path,
        group=group,
        user=writers[0],
        hypothesis=hypothesis,
        data={
            "title": "Mediazione linguistica programmata ai servizi sociali di Lecce",
            "problem_statement": "Ai servizi sociali mancano mediatori: molti colloqui saltano o "
            "avvengono senza capirsi, con figli minorenni usati come interpreti.",
            "evidence": "In tre mesi il gruppo ha raccolto 27 testimonianze; 11 colloqui rinviati "
            "per mancanza di interprete secondo lo sportello.",
            "solution": "Un calendario condiviso di mediatori (arabo, wolof, bengalese, inglese, "
            "francese) prenotabili dagli assistenti sociali con 48 ore di anticipo, più un "
            "servizio telefonico per le urgenze.",
            "actors": "Servizi sociali: prenotano e valutano. Associazioni: propongono mediatori "
            "formati. Ambito sociale di zona: finanzia. Peer coach: informano le comunità.",
            "costs": "Circa 18.000 euro l'anno (600 ore di mediazione) su fondi FAMI e Piano "
            "sociale di zona; nessun costo per gli utenti.",
            "timeline": "Gennaio: accordo con le associazioni. Febbraio: calendario online. "
            "Marzo–giugno: sperimentazione. Luglio: valutazione.",
            "success_measures": "Colloqui rinviati per mancanza di interprete dimezzati in sei "
            "mesi; soddisfazione di utenti e assistenti sociali misurata con un breve "
            "questionario.",
        },
    )
    services.proposal_submit(proposal=proposal, user=writers[0])
    services.proposal_comment_create(
        proposal=proposal,
        author=facilitator,
        body="Ottimo lavoro: aggiungete chi valuta la qualità della mediazione.",
    )
    for official in officials:
        services.proposal_respond(
            proposal=proposal,
            official=official,
            verdict="welcomed",
            reasons="La proposta è concreta e sostenibile. Il servizio la porta al tavolo del "
            "Piano sociale di zona; serve definire con l'Ambito chi gestisce il calendario.",
        )
    _advance(path, facilitator, StageKind.FOLLOW_UP)
    services.follow_up_record(
        proposal=proposal,
        user=facilitator,
        submitted_to="Assessorato al Welfare, Comune di Lecce",
        submitted_on=timezone.localdate() - datetime.timedelta(days=10),
        outcome="under_review",
        links="https://www.comune.lecce.it/",
        note="Presentata al tavolo del Piano sociale di zona; decisione attesa a fine mese.",
    )
    services.proposal_set_public(proposal=proposal, user=writers[0], is_public=True)
