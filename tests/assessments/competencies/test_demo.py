"""The demo framework, self-assessment and evidence."""

from assessments.demo import competencies as demo_competencies
from assessments.models import (
    Competency,
    Evidence,
    EvidenceKind,
    SelfAssessmentResponse,
)
from lms.accounts import demo as accounts_demo


def test_demo_loads_once_with_every_kind_of_evidence(db, locales):
    """With the courses demo's cohorts, as load_demo runs it (raters observe only the
    learners of their cohorts)."""
    from content import demo as content_demo
    from courses import demo as courses_demo

    accounts_demo.load()
    content_demo.load()
    courses_demo.load()
    framework = demo_competencies.load()
    counts = (Competency.objects.count(), Evidence.objects.count())
    demo_competencies.load()  # idempotent
    assert (Competency.objects.count(), Evidence.objects.count()) == counts

    leaves = framework.competencies.filter(parent__isnull=False, parent__parent__isnull=True)
    assert leaves.count() >= 18
    names = set(framework.competencies.values_list("name_en", flat=True))
    assert {
        "Active listening",
        "Powerful questions",
        "Goal setting",
        "Feedback",
        "Digital participation tools",
        "Open data and civic access to records",
        "Co-design of policies and services",
        "Collaboration pacts",
    } <= names
    # Every kind, a rejected prior-learning claim and a peer observation included.
    assert set(Evidence.objects.values_list("kind", flat=True)) == set(EvidenceKind.values)
    # The peer coach is a trainee who completed the path, authorised by a coordinator
    # for learners of their own cohort.
    from assessments.models import PeerRater
    from courses.models import Enrollment
    from lms.roles import Role, is_coordinator

    peer = Evidence.objects.get(kind=EvidenceKind.PEER_OBSERVATION)
    coach = peer.recorded_by
    assert coach.groups.filter(name=Role.TRAINEE).exists()
    assert Enrollment.objects.filter(user=coach, completed_at__isnull=False).exists()
    authorisations = PeerRater.objects.filter(coach=coach)
    assert authorisations.count() == 2 and peer.user_id in {a.learner_id for a in authorisations}
    assert all(is_coordinator(a.authorised_by) for a in authorisations)
    coach_cohorts = set(Enrollment.objects.filter(user=coach).values_list("cohort", flat=True))
    for authorisation in authorisations:
        learner_cohorts = Enrollment.objects.filter(user=authorisation.learner).values_list(
            "cohort", flat=True
        )
        assert coach_cohorts & set(learner_cohorts)
    phases = SelfAssessmentResponse.objects.filter(user__username="kwame@impact.example")
    assert list(phases.values_list("phase", flat=True)) == ["start", "end"]
    # The self-assessment covers the four capabilities of the needs analysis.
    areas = {
        item.competency.parent.idnumber for item in framework.self_assessments.get().items.all()
    }
    assert areas == {"PART", "ISTI", "SOST", "AMMI"}


def test_demo_has_one_focus_group_per_territory_on_the_four_capabilities(db):
    from assessments.competencies import needs
    from assessments.models import FocusGroup

    accounts_demo.load()
    framework = demo_competencies.load()
    demo_competencies.load()  # idempotent
    groups = FocusGroup.objects.filter(framework=framework)
    assert sorted(groups.values_list("territory", flat=True)) == ["bari", "foggia", "lecce"]
    capabilities = [c.idnumber for c in needs.capabilities(framework)]
    assert capabilities == ["PART", "ISTI", "SOST", "AMMI"]
    for group in groups:
        assert group.ratings.count() == 4
        assert group.participants.count() <= group.participant_count
    lecce = {
        row.capability.idnumber: row
        for row in needs.focus_group_needs(framework, territory="lecce")
    }
    assert lecce["AMMI"].average == 1 and lecce["AMMI"].quotes
