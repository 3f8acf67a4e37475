"""Measure bulk issuing: ``bench_certificates --count 200 --workers 2``.

Creates throw-away learners, issues one certificate each through the real service
(PDF rendering, SHA-256, file storage, VC-JWT signing, database writes) in
``--workers`` processes, prints certificates per second, then removes what it made.
Run it on a loaded demo database (``make demo``); it is a measurement, not a test.
"""

import multiprocessing
import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from certificates.models import Certificate, CertificateEvent, CertificateRule, CertificateTemplate
from courses.models import CoursePage

PREFIX = "bench-certificate-"


def _work(args):
    rule_id, user_ids = args
    connections.close_all()  # a forked process opens its own connection
    from certificates import rendering, services

    rendering._assets()  # what a long-lived worker has already done
    rule = CertificateRule.objects.select_related("template", "course").get(pk=rule_id)
    users = get_user_model().objects.select_related("profile").in_bulk(user_ids)
    start = time.perf_counter()
    # The path a batch job takes (services.batch_run): chunked rendering, one save each.
    services.certificates_issue_many(rule=rule, users=[users[pk] for pk in user_ids], notify=False)
    return time.perf_counter() - start


class Command(BaseCommand):
    help = "Measure how many certificates per second bulk issuing achieves."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--keep", action="store_true", help="keep the bench data")

    def handle(self, *args, count, workers, keep, **options):
        course = CoursePage.objects.order_by("path").first()
        template = CertificateTemplate.objects.order_by("pk").first()
        if course is None or template is None:
            raise CommandError(
                "Load the demo first (make demo): a course and a template are needed."
            )
        User = get_user_model()
        rule = CertificateRule.objects.create(
            name=f"{PREFIX}rule", course=course, template=template, hours=24
        )
        from lms.accounts.models import Profile

        users = User.objects.bulk_create(
            [
                User(username=f"{PREFIX}{i}@example.org", first_name="Nguyễn", last_name=f"Lan {i}")
                for i in range(count)
            ]
        )
        users = list(User.objects.filter(username__startswith=PREFIX))
        Profile.objects.bulk_create(
            [Profile(user=u, display_name=f"{u.first_name} {u.last_name}") for u in users]
        )
        ids = [u.pk for u in users]
        slices = [(rule.pk, ids[i::workers]) for i in range(workers)]
        connections.close_all()
        started = time.perf_counter()
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                busy = pool.map(_work, slices)
            elapsed = time.perf_counter() - started
            made = Certificate.objects.filter(rule=rule).count()
            load = os.getloadavg()[0]
            self.stdout.write(
                f"{made} certificates in {elapsed:.2f} s with {workers} workers: "
                f"{made / elapsed:.1f} per second "
                f"({1000 * max(busy) / (made / workers):.0f} ms each per worker; "
                f"load average {load:.1f} on {os.cpu_count()} CPUs)"
            )
        finally:
            if not keep:
                certificates = Certificate.objects.filter(rule=rule)
                for certificate in certificates:
                    certificate.pdf.delete(save=False)
                CertificateEvent.objects.filter(certificate__rule=rule).delete()
                certificates.delete()
                rule.delete()
                User.objects.filter(username__startswith=PREFIX).delete()
