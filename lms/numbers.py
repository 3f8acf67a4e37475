"""Numbers typed by people, shared by every app (quiz answers, partial hours)."""

from decimal import Decimal, InvalidOperation


def parse_number(text: str) -> Decimal | None:
    """A number typed by a person: ``3.5``, ``3,5`` or ``1e3``; ``None`` if it is not one."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
