from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's Django side: ``generate_load_data`` and ``bench_certificates``.

    Installed in development and tests, and in production only when ``BENCH_BASELINES``
    is set (as ``make bench`` does); the harness itself is ``python -m bench.run``.
    """

    name = "bench"
    verbose_name = "Benchmarks"
