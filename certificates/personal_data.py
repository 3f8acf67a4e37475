"""The certificates part of a person's personal-data export."""


def collect(user) -> list[dict]:
    from .models import Certificate

    return [
        {
            "code": c.code,
            "course": c.course_title,
            "name_on_certificate": c.holder_name,
            "issued_on": c.issued_on.isoformat(),
            "state": c.state,
            "show_name_publicly": c.show_name_publicly,
        }
        for c in Certificate.objects.filter(user=user).order_by("issued_at")
    ]
