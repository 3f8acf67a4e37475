from django.core.management.base import CommandError

from bench import load_data
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Generate synthetic data for benchmarks: S = 100 learners, M = 2,000, "
        "L = 20,000 learners, 50 courses, 1,000 lessons, 200,000 attempts, 500,000 evidence."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(load_data.SIZES), default="S")
        parser.add_argument("--reset", action="store_true", help="remove earlier bench data first")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="do not run load_demo first (a catalogue must exist)",
        )
        parser.add_argument(
            "--light-demo",
            action="store_true",
            help="load only the demo's site, framework and certificate template (faster)",
        )

    def handle(self, *args, size, reset, seed, no_demo, light_demo, **options):
        demo = False if no_demo else "light" if light_demo else True
        try:
            counts = load_data.generate(
                size, do_reset=reset, seed=seed, out=self.stdout.write, demo=demo
            )
        except load_data.LoadDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Load data ready: {counts}"))
        self.stdout.write(
            f"Logins (password {load_data.PASSWORD}): {load_data.trainee_email(1)} … "
            f"{load_data.trainee_email(counts['learners'])}, {load_data.TRAINER}, "
            f"{load_data.COORDINATOR}"
        )
