import pytest

from certificates.models import CertificateRule, CertificateTemplate, Signatory
from tests.courses.factories import make_catalog, make_course

SIX_NAMES = [
    "Amina Diallo",
    "محمد الأمين",
    "Ngozi Okafor",
    "Şeyda Yılmaz",
    "Nguyễn Thị Lan",
    "বাংলা নাম",
]


@pytest.fixture(autouse=True)
def _credential_key(tmp_path_factory, settings):
    """A signing key per test session, outside the repository."""
    settings.CREDENTIAL_KEY_PATH = str(tmp_path_factory.getbasetemp() / "keys" / "key.pem")


@pytest.fixture(autouse=True)
def _fresh_rate_limit_and_language():
    """Each test starts with an empty rate-limit count and the default language (a
    request to an /en/ page leaves English active in the thread)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("it")
    yield
    translation.activate("it")


@pytest.fixture
def course(home_page):
    """A live course with two modules of two lessons."""
    return make_course(make_catalog(home_page), title="Peer coach", slug="peer-coach")


@pytest.fixture
def cert_template(db):
    template = CertificateTemplate.objects.create(
        name="Default",
        language="both",
        title_it="Attestato di competenze",
        title_en="Certificate of achievement",
        body_it="ha completato il percorso {course} ({hours} ore). Competenze: {competencies}.",
        body_en="has completed the {course} path ({hours} hours). Competencies: {competencies}.",
    )
    Signatory.objects.create(template=template, name="Maria Rossi", role="Coordinatrice")
    return template


@pytest.fixture
def aligned(db):
    """A framework holding the rule's competencies, so badges align to their CASE items."""
    from tests.assessments.competencies.factories import make_tree

    return make_tree()


@pytest.fixture
def rule(course, cert_template):
    return CertificateRule.objects.create(
        name="Peer coach certificate",
        course=course,
        template=cert_template,
        require_all_modules=False,
        competencies="Active listening\nPowerful questions",
    )


@pytest.fixture
def issued(rule, trainee, coordinator):
    from certificates.services import certificate_issue

    certificate, _created = certificate_issue(
        rule=rule, user=trainee, issued_by=coordinator, check=False
    )
    return certificate
