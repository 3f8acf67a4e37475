"""``manage.py funder_report``: the file, and clear refusals that write nothing."""

import pytest
from django.core.management import CommandError, call_command

from tests.courses.factories import make_cohort, make_session

from .conftest import person, present

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_command_writes_the_report(fmt, course, period, tmp_path):
    cohort = make_cohort(course)
    present(make_session(cohort, course, days=-1), [person(course, cohort) for _ in range(6)])
    output = tmp_path / f"report.{fmt}"
    call_command(
        "funder_report",
        "--from", period[0].isoformat(),
        "--to", period[1].isoformat(),
        "--territory", "bari",
        "--format", fmt,
        "--output", str(output),
    )  # fmt: skip
    body = output.read_bytes()
    magic = {"csv": b"\xef\xbb\xbf", "xlsx": b"PK\x03\x04", "pdf": b"%PDF"}[fmt]
    assert body.startswith(magic)


@pytest.mark.parametrize(
    "arguments, field",
    [
        (["--from", "2026-05-10", "--to", "2026-05-01"], "--to"),
        (["--from", "10/05/2026", "--to", "2026-05-01"], "--from"),
        (["--from", "2026-05-01", "--to", "2026-05-31", "--territory", "milano"], "--territory"),
        (["--from", "2026-05-01", "--to", "2026-05-31", "--format", "docx"], "--format"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(arguments, field, tmp_path):
    output = tmp_path / "report.out"
    if "--format" not in arguments:
        arguments = [*arguments, "--format", "csv"]
    with pytest.raises(CommandError) as error:
        call_command("funder_report", *arguments, "--output", str(output))
    assert str(error.value).startswith(f"{field}: ")
    assert "nothing written" in str(error.value)
    assert not output.exists()
