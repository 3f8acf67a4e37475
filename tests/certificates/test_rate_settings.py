"""The verification rate limit reads its settings and counts each visitor (item 5)."""

import importlib

import pytest

from lms.client_address import client_address


def test_settings_read_rate_and_proxies_from_the_environment(monkeypatch):
    import lms.settings.base as base

    monkeypatch.setenv("CERTIFICATE_VERIFY_RATE", "7")
    monkeypatch.setenv("CERTIFICATE_TRUSTED_PROXIES", "2")
    try:
        reloaded = importlib.reload(base)
        assert (reloaded.CERTIFICATE_VERIFY_RATE, reloaded.CERTIFICATE_TRUSTED_PROXIES) == (7, 2)
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is forged
        (1, "198.51.100.1", "10.0.0.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "10.0.0.1", "198.51.100.1"),  # forged left part
        (2, "198.51.100.1, 10.0.0.2", "10.0.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1", "198.51.100.1"),
        (1, "", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_client_address_behind_n_trusted_proxies(
    rf, settings, proxies, forwarded, remote, expected
):
    settings.CERTIFICATE_TRUSTED_PROXIES = proxies
    request = rf.get("/verify/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    if not forwarded:
        del request.META["HTTP_X_FORWARDED_FOR"]
    assert client_address(request) == expected


def test_one_visitor_behind_the_proxy_does_not_lock_out_another(client, db, settings):
    settings.CERTIFICATE_VERIFY_RATE = 2
    settings.CERTIFICATE_TRUSTED_PROXIES = 1
    from django.core.cache import cache

    cache.clear()
    noisy = [
        client.get("/verify/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.1")
        for _ in range(3)
    ]
    assert [r.status_code for r in noisy] == [200, 200, 429]
    other = client.get("/verify/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert other.status_code == 200
