"""Measure bulk issuing: ``bench_certificates --count 200 --workers 2`` (see bench.issuing)."""

import json as _json

from bench import issuing
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Measure how many certificates per second bulk issuing achieves."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--keep", action="store_true", help="keep the bench data")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, count, workers, keep, json: bool = False, **options):
        result = issuing.run(count, workers, keep=keep)
        if json:
            self.stdout.write(_json.dumps(result))
            return
        self.stdout.write(
            f"{result['issued']} certificates with {result['workers']} workers: "
            f"{result['certificates_per_second']} per second; WeasyPrint alone "
            f"{result['weasyprint_alone_per_second']} per second (ratio {result['ratio']}); "
            f"{result['cpu_ms_per_certificate']} ms CPU each "
            f"(≈ {result['per_second_on_idle_cores']} per second on idle cores; CPU ratio "
            f"{result['cpu_ratio']}); "
            f"peak RSS {result['peak_rss_mb']} MB; load average {result['load_average']} "
            f"on {result['cpus']} CPUs"
        )
