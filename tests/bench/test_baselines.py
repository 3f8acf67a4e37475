"""The benchmark's constant view exists only when BENCH_BASELINES asks for it."""

from django.conf import settings


def test_constant_baseline_is_off_by_default(client, db):
    assert settings.BENCH_BASELINES is False
    assert client.get("/bench/constant/").status_code == 404
