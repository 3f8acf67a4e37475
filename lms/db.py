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


def append_only_trigger(
    *, table: str, unlink_column: str, deleted: str, changed: str, erasure_moves: str = ""
):
    """A migration operation making ``table`` append-only on PostgreSQL (a no-op
    elsewhere): an UPDATE may only set ``unlink_column`` to NULL (the ``SET_NULL`` of an
    erased author), a DELETE only runs after ``allow_erasure()``; anything else raises
    ``deleted`` / ``changed`` as an integrity error. With ``erasure_moves`` (a column), an
    UPDATE that changes only that column is allowed after ``allow_erasure()``: erasure
    hands a kept record to the person's pseudonym."""
    from django.db import migrations

    function = f"{table}_append_only"
    moves = (
        f"""
    IF TG_OP = 'UPDATE' AND coalesce(current_setting('lms.erasing', true), '') = 'on'
       AND (to_jsonb(NEW) - '{erasure_moves}') = (to_jsonb(OLD) - '{erasure_moves}') THEN
        RETURN NEW;
    END IF;"""
        if erasure_moves
        else ""
    )
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN{moves}
    IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('lms.erasing', true), '') = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '{deleted}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.{unlink_column} IS NULL
       AND (to_jsonb(NEW) - '{unlink_column}') = (to_jsonb(OLD) - '{unlink_column}') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{changed}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {function} ON {table};
CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    reverse = f"""
DROP TRIGGER IF EXISTS {function} ON {table};
DROP FUNCTION IF EXISTS {function}();
"""

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return operation

    return migrations.RunPython(run(forward), run(reverse))
