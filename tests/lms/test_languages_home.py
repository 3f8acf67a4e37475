"""The home page in a language it has no translation in (issue 14): served under that
prefix, its content marked with its own language, and a notice in the reader's."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_marks_its_fallback_content(client, home_page):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="it" dir="ltr">Benvenuti</h1>' in html
    assert "هذا المحتوى متوفر فقط باللغة الإيطالية." in html
    english = client.get("/en/").content.decode()  # translated: no notice, no marking
    assert '<h1 lang="en" dir="ltr">Welcome</h1>' in english
    assert "only available" not in english
