"""Demo people: one login per role, printed by ``load_demo``."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lms.roles import Role

from .models import Territory
from .services import user_signup

User = get_user_model()

DEMO_PASSWORD = "impact-demo-2026"  # noqa: S105 — demo accounts for local use only

DEMO_PEOPLE = [
    # (email, display name, role, territory, language)
    ("trainee@impact.example", "Amina Diallo", Role.TRAINEE, Territory.BARI, "it"),
    ("trainer@impact.example", "Giulia Ferri", Role.TRAINER, Territory.BARI, "it"),
    ("coordinator@impact.example", "Marco De Santis", Role.COORDINATOR, Territory.BARI, "it"),
]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create the demo accounts once; return (role, email) pairs for the banner."""
    logins = []
    for email, name, role, territory, language in DEMO_PEOPLE:
        if not User.objects.filter(username=email).exists():
            first, _sep, last = name.partition(" ")
            user_signup(
                email=email,
                password=DEMO_PASSWORD,
                display_name=name,
                preferred_language=language,
                territory=territory,
                role=role,
                consent_language=language,
                first_name=first,
                last_name=last,
            )
        logins.append((role.value, email))
    if not User.objects.filter(username="admin@impact.example").exists():
        User.objects.create_superuser("admin@impact.example", "admin@impact.example", DEMO_PASSWORD)
    logins.append(("superuser", "admin@impact.example"))
    return logins
