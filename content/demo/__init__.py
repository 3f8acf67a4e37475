"""Demo site: the home page in Italian and English, and a privacy notice (``home.toml``)."""

import tomllib
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..models import HomePage, StandardPage

DATA = tomllib.loads((Path(__file__).parent / "home.toml").read_text(encoding="utf-8"))


def _page(texts: dict) -> dict:
    """Page fields from ``home.toml``: the body's blocks as StreamField (type, value) pairs."""
    fields = {name: value for name, value in texts.items() if name != "body"}
    return {**fields, "body": [(block["type"], block["value"]) for block in texts["body"]]}


@transaction.atomic
def load() -> HomePage:
    """Create (once) the Italian home page, its English translation and the locales."""
    for code in DATA["locales"]:
        Locale.objects.get_or_create(language_code=code)
    locale_it = Locale.objects.get(language_code="it")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=locale_it).first()
    if home is None:
        # Replace Wagtail's placeholder welcome page.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = HomePage(**_page(DATA["it"]), locale=locale_it)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Impact LMS",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Impact LMS"
        site.save()

    for code in ("en", "fr", "ar"):
        locale = Locale.objects.get(language_code=code)
        if code in DATA and not HomePage.objects.filter(locale=locale).exists():
            translated = home.copy_for_translation(locale)
            for field, value in _page(DATA[code]).items():
                setattr(translated, field, value)
            translated.save_revision().publish()

    privacy = DATA["privacy"]
    if not StandardPage.objects.filter(locale=locale_it, slug=privacy["slug"]).exists():
        page = StandardPage(**privacy, locale=locale_it)
        home.add_child(instance=page)
        page.save_revision().publish()
    return home
