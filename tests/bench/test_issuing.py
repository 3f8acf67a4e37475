"""The certificate benchmark's learners can really be issued certificates.

CI's smoke run of ``make bench`` broke when issuing started to require the name for
certificates: the generated learners had none, nothing was issued and the sample
HTML had no certificate to draw. This runs the benchmark's own set-up and the real
issuing service in-process (no worker pool), so a new issuing precondition shows up
here rather than in the smoke run."""

from django.contrib.auth import get_user_model

from bench import issuing
from certificates import services
from certificates.models import Certificate


def test_the_benchmark_learners_are_issued_one_certificate_each(db):
    rule, ids, made = issuing._setup(2)
    users = list(get_user_model().objects.select_related("profile").filter(pk__in=ids))
    services.certificates_issue_many(rule=rule, users=users, notify=False)

    assert Certificate.objects.filter(rule=rule).count() == 2
    html = issuing._sample_html(rule)
    assert issuing.NAMES[0] in html
    issuing._cleanup(rule, made)
    assert not Certificate.objects.filter(rule__name=rule.name).exists()
