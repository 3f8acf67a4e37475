"""Demo site: the home page in Italian and English, and a privacy notice."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage, StandardPage

HOME_IT = {
    "title": "Impact LMS",
    "slug": "home",
    "hero_title": "Impara, partecipa, cambia la tua città",
    "hero_text": (
        "Il percorso di formazione di IMPACT per peer coach, leader di associazioni e "
        "personale degli enti locali a Bari, Foggia e Lecce."
    ),
    "hero_cta_label": "Scopri i corsi",
}
HOME_EN = {
    "title": "Impact LMS",
    "hero_title": "Learn, take part, change your city",
    "hero_text": (
        "IMPACT's training path for peer coaches, association leaders and local-authority "
        "staff in Bari, Foggia and Lecce."
    ),
    "hero_cta_label": "Explore the courses",
}
BODY_IT = [
    ("heading", {"text": "Come funziona", "level": "h2"}),
    (
        "paragraph",
        "<p>Valuta i tuoi bisogni formativi, segui i moduli al tuo ritmo anche dal telefono, "
        "partecipa ai laboratori di apprendimento cooperativo e scrivi proposte per la tua "
        "amministrazione locale.</p>",
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Lingue",
            "text": "<p>Puoi usare la piattaforma in italiano, inglese, francese e arabo.</p>",
        },
    ),
]
BODY_EN = [
    ("heading", {"text": "How it works", "level": "h2"}),
    (
        "paragraph",
        "<p>Assess your training needs, take the modules at your own pace even on your phone, "
        "join cooperative-learning workshops and write proposals for your local "
        "administration.</p>",
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Languages",
            "text": "<p>You can use the platform in Italian, English, French and Arabic.</p>",
        },
    ),
]


@transaction.atomic
def load() -> HomePage:
    """Create (once) the Italian home page, its English translation and the locales."""
    for code in ("it", "en", "fr", "ar"):
        Locale.objects.get_or_create(language_code=code)
    locale_it = Locale.objects.get(language_code="it")
    locale_en = Locale.objects.get(language_code="en")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=locale_it).first()
    if home is None:
        # Replace Wagtail's placeholder welcome page.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = HomePage(body=BODY_IT, **HOME_IT, locale=locale_it)
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

    if not HomePage.objects.filter(locale=locale_en).exists():
        home_en = home.copy_for_translation(locale_en)
        for field, value in HOME_EN.items():
            setattr(home_en, field, value)
        home_en.body = BODY_EN
        home_en.save_revision().publish()

    if not StandardPage.objects.filter(locale=locale_it, slug="privacy").exists():
        privacy = StandardPage(
            title="Informativa sulla privacy",
            slug="privacy",
            introduction=(
                "Trattiamo solo i dati necessari alla tua formazione. Puoi scaricarli o "
                "cancellarli dal tuo profilo in qualsiasi momento."
            ),
            locale=locale_it,
        )
        home.add_child(instance=privacy)
        privacy.save_revision().publish()
    return home
