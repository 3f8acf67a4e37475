"""Measure bulk issuing: ``run(count, workers) -> dict`` (``manage.py bench_certificates``).

Creates throw-away learners (and a course and template if the database has none),
issues one certificate each through the real service — PDF rendering, SHA-256, file
storage, VC-JWT signing, database writes — in ``workers`` processes, then removes
what it made. For comparison it times WeasyPrint alone turning the same certificate
HTML into one PDF per call, in the same number of processes, with the same parsed
stylesheet and fonts (no database, storage or signing): ``ratio`` is how many times
faster issuing is than that plain loop. A measurement, not a test: run it on an idle
machine for a figure to quote (``load_average`` says how idle it was).
"""

import multiprocessing
import os
import resource
import time

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

PREFIX = "bench-certificate-"
NAMES = ["Nguyễn Thị Lan", "محمد الأمين", "Amina Diallo", "Şeyda Yılmaz", "বাংলা নাম"]


def _issue(args):
    """In a worker: warm up as a long-lived worker would, then issue a slice."""
    rule_id, user_ids = args
    connections.close_all()  # a forked process opens its own connection
    from certificates import credentials, pdf, services
    from certificates.models import CertificateRule

    pdf._assets()
    credentials.private_key()
    rule = CertificateRule.objects.select_related("template", "course").get(pk=rule_id)
    users = get_user_model().objects.select_related("profile").in_bulk(user_ids)
    start, cpu = time.time(), time.process_time()
    services.certificates_issue_many(rule=rule, users=[users[pk] for pk in user_ids], notify=False)
    return start, time.time(), time.process_time() - cpu


def _weasyprint_alone(args):
    """In a worker: WeasyPrint renders ``html`` to a PDF ``count`` times."""
    html, count = args
    from django.conf import settings
    from weasyprint import HTML

    from certificates import pdf

    font_config, stylesheet = pdf._assets()
    fetcher = pdf.url_fetcher()
    HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=font_config
    )
    start, cpu = time.time(), time.process_time()
    for _ in range(count):
        HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], font_config=font_config
        )
    return start, time.time(), time.process_time() - cpu


def _pool_rate(function, jobs: list, made: int) -> tuple[float, float]:
    """(items per second of wall time, CPU seconds per item in the workers' timed part)."""
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        spans = pool.map(function, jobs)
    elapsed = max(end for _s, end, _c in spans) - min(start for start, _e, _c in spans)
    return made / elapsed, sum(cpu for _s, _e, cpu in spans) / made


def _setup(count: int):
    from certificates.models import CertificateRule, CertificateTemplate
    from courses.models import CoursePage
    from lms.accounts.models import Profile

    made = {}
    course = CoursePage.objects.filter(locale__language_code="it").order_by("path").first()
    if course is None:
        from wagtail.models import Page

        course = CoursePage(title="Bench course", slug=f"{PREFIX}course", summary="Bench")
        Page.get_first_root_node().add_child(instance=course)
        made["course"] = course
    template = CertificateTemplate.objects.order_by("pk").first()
    if template is None:
        template = CertificateTemplate.objects.create(
            name=f"{PREFIX}template",
            body_it="ha completato il percorso «{course}» ({hours} ore).\n\nRilasciato il {date}.",
            body_en="has completed the “{course}” path ({hours} hours).\n\nIssued on {date}.",
        )
        made["template"] = template
    # Hours come from the attendance ledger (none for these generated learners).
    rule = CertificateRule.objects.create(name=f"{PREFIX}rule", course=course, template=template)
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                username=f"{PREFIX}{i}@example.org",
                email=f"{PREFIX}{i}@example.org",
                first_name=NAMES[i % len(NAMES)],
                last_name=str(i),
            )
            for i in range(count)
        ]
    )
    users = list(User.objects.filter(username__startswith=PREFIX).order_by("pk"))
    Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                display_name=f"{u.first_name} {u.last_name}",
                # Nothing is issued without the name for certificates (issue 15, item 15).
                certificate_given_name=u.first_name,
                certificate_family_name=u.last_name,
            )
            for u in users
        ]
    )
    return rule, [u.pk for u in users], made


def _cleanup(rule, made: dict) -> None:
    from certificates.models import Certificate, CertificateEvent

    certificates = Certificate.objects.filter(rule=rule)
    for certificate in certificates:
        certificate.pdf.delete(save=False)
    CertificateEvent.objects.filter(certificate__rule=rule).delete()
    certificates.delete()
    rule.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()
    if "template" in made:
        made["template"].delete()
    if "course" in made:
        made["course"].delete()


def _sample_html(rule) -> str:
    from certificates import pdf, services
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(rule=rule).order_by("pk").first()
    return pdf.certificate_html(rule.template, [services._data(certificate)])


def run(count: int = 200, workers: int = 2, *, keep: bool = False) -> dict:
    """Issue ``count`` certificates in ``workers`` processes and compare with WeasyPrint.

    Returns ``certificates_per_second``, ``weasyprint_alone_per_second``, ``ratio``
    (the first over the second), ``cpu_ms_per_certificate``,
    ``per_second_on_idle_cores`` and ``cpu_ratio`` (from the workers' CPU time), ``issued``,
    ``peak_rss_mb`` (the largest process), ``workers``, ``load_average`` (1 minute,
    when the run ended) and ``cpus``.
    """
    from certificates.models import Certificate

    workers = max(1, min(workers, count))
    rule, ids, made = _setup(count)
    try:
        rate, cpu = _pool_rate(_issue, [(rule.pk, ids[i::workers]) for i in range(workers)], count)
        issued = Certificate.objects.filter(rule=rule).count()
        html = _sample_html(rule)
        share = max(1, min(count, 20) // workers)  # WeasyPrint alone is slow: a sample
        alone, alone_cpu = _pool_rate(_weasyprint_alone, [(html, share)] * workers, share * workers)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {
            "certificates_per_second": round(rate * issued / count, 1),
            "weasyprint_alone_per_second": round(alone, 1),
            "ratio": round(rate * issued / count / alone, 2),
            # CPU time of the workers while issuing (not PostgreSQL's own work):
            # what ``workers`` idle cores could do when the machine is shared and
            # the wall-clock figures are not.
            "cpu_ms_per_certificate": round(1000 * cpu, 1),
            "cpu_ms_per_weasyprint_alone": round(1000 * alone_cpu, 1),
            "per_second_on_idle_cores": round(workers / cpu, 1) if cpu else None,
            # The same comparison by CPU time: steadier than ``ratio`` on a busy machine.
            "cpu_ratio": round(alone_cpu / cpu, 2) if cpu else None,
            "issued": issued,
            "count": count,
            "workers": workers,
            "peak_rss_mb": round(max(own, children) / 1024, 1),
            "load_average": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
            "at": timezone.now().isoformat(timespec="seconds"),
        }
    finally:
        if not keep:
            _cleanup(rule, made)
