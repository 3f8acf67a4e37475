"""Database helpers shared by the apps."""

from django.db import connection


def allow_erasure() -> None:
    """Let this transaction delete rows of the append-only tables (competency evidence,
    sign-offs), which PostgreSQL triggers otherwise refuse. Only erasing people (and the
    benchmark's reset of its own generated data) may call this; it lasts until the
    surrounding transaction ends (``SET LOCAL``) and must run inside one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lms.erasing = 'on'")
