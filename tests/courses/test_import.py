"""Bulk enrolment from CSV: the whole file is checked first, nothing is half imported."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from courses.importers import EnrollmentImportError, enrollment_import
from courses.models import Enrollment

from .factories import make_cohort

pytestmark = pytest.mark.django_db
User = get_user_model()

HEADER = "email,first_name,last_name,cohort,language\n"
GOOD = HEADER + (
    "fatou.ndiaye@example.org,Fatou,Ndiaye,Bari 2026,fr\n"
    "ahmed.benali@example.org,Ahmed,Benali,,ar\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(course):
    return make_cohort(course, name="Bari 2026", territory="bari")


def snapshot():
    return (
        sorted(User.objects.values_list("username", flat=True)),
        sorted(Enrollment.objects.values_list("user__username", "course_id", "cohort_id")),
    )


def test_good_file_creates_people_enrols_them_and_sends_activation_links(
    course, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = enrollment_import(data=GOOD.encode(), course=course, default_cohort=cohort)
    assert result.created_people == ["fatou.ndiaye@example.org", "ahmed.benali@example.org"]
    fatou = User.objects.get(username="fatou.ndiaye@example.org")
    assert not fatou.has_usable_password()
    assert fatou.profile.preferred_language == "fr"
    assert fatou.profile.territory == "bari"
    assert Enrollment.objects.get(user=fatou).cohort == cohort
    assert Enrollment.objects.get(user__username="ahmed.benali@example.org").cohort == cohort
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["fatou.ndiaye@example.org"]
    assert "http://testserver/fr/accounts/reset/" in mail.outbox[0].body


def test_existing_people_are_enrolled_without_a_new_account(trainee, course, cohort):
    data = HEADER + f"{trainee.email.upper()},A,B,Bari 2026,it\n"
    result = enrollment_import(data=data, course=course)
    assert result.created_people == [] and result.enrolled == [trainee.email]
    assert mail.outbox == []


def test_importing_the_same_file_twice_changes_nothing(course, cohort):
    enrollment_import(data=GOOD, course=course, default_cohort=cohort)
    before = snapshot()
    mail.outbox.clear()
    result = enrollment_import(data=GOOD, course=course, default_cohort=cohort)
    assert snapshot() == before
    assert result.enrolled == [] and len(result.unchanged) == 2
    assert mail.outbox == []


def test_bad_rows_are_all_reported_with_line_numbers_and_nothing_is_imported(course, cohort):
    data = HEADER + (
        "good.person@example.org,Good,Person,Bari 2026,it\n"
        "not-an-email,Bad,Email,Bari 2026,it\n"
        "no.name@example.org,,Surname,,it\n"
        "good.person@example.org,Good,Again,,it\n"
        "lang@example.org,Lang,Uage,Bari 2026,de\n"
        "who@example.org,Who,Knows,Taranto,it\n"
    )
    before = snapshot()
    with pytest.raises(EnrollmentImportError) as error:
        enrollment_import(data=data, course=course)
    assert error.value.errors == [
        (3, "“not-an-email” is not a valid e-mail address."),
        (4, "The first name is missing."),
        (5, "good.person@example.org is already on line 2."),
        (6, "Unknown language “de” (use ar, en, fr, it)."),
        (7, "Unknown cohort “Taranto”."),
    ]
    assert snapshot() == before
    assert mail.outbox == []


def test_semicolon_separated_files_from_italian_spreadsheets(course, cohort):
    data = GOOD.replace(",", ";").encode("utf-8-sig")
    result = enrollment_import(data=data, course=course, default_cohort=cohort)
    assert len(result.enrolled) == 2


def test_missing_columns_are_reported(course):
    with pytest.raises(EnrollmentImportError) as error:
        enrollment_import(data="email,name\nx@example.org,X\n", course=course)
    assert error.value.errors == [(1, "Missing columns: first_name, last_name.")]


def test_cohort_of_another_course_is_refused(catalog, course):
    from .factories import make_course

    other = make_course(catalog, title="Altro")
    make_cohort(other, name="Lecce 2026", territory="lecce")
    with pytest.raises(EnrollmentImportError) as error:
        enrollment_import(data=HEADER + "a@example.org,A,B,Lecce 2026,it\n", course=course)
    assert error.value.errors == [(2, "The cohort Lecce 2026 does not follow this course.")]


def test_management_command_imports_a_file(tmp_path, course, cohort):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_enrollments", str(path), "--course", course.slug, "--cohort", "Bari 2026")
    assert Enrollment.objects.filter(course=course, cohort=cohort).count() == 2


def test_management_command_refuses_a_bad_file_with_line_numbers(tmp_path, capsys, course, cohort):
    path = tmp_path / "people.csv"
    path.write_text(GOOD + "broken,,,,\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_enrollments", str(path), "--course", course.slug)
    assert str(error.value) == "Nothing imported: 1 row needs fixing."
    err = capsys.readouterr().err
    assert (
        "Line 4: “broken” is not a valid e-mail address. The first name is missing. "
        "The last name is missing." in err
    )
    assert snapshot() == before


def test_management_command_needs_a_known_course(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_enrollments", str(path), "--course", "nope")
    assert str(error.value) == "No course with slug “nope”."


def test_admin_upload_shows_every_bad_row(coordinator_client, course, cohort):
    upload = SimpleUploadedFile(
        "people.csv", (HEADER + "x,,,Bari 2026,it\n").encode(), content_type="text/csv"
    )
    response = coordinator_client.post(
        "/admin/enrollment_import/", {"course": course.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "Riga 2: “x” non è un indirizzo e-mail valido." in response.text
    assert Enrollment.objects.count() == 0


def test_admin_upload_imports_a_good_file(coordinator_client, course, cohort):
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    # Uploading shows the preview; confirming (with the file carried along) imports.
    response = coordinator_client.post(
        "/admin/enrollment_import/", {"course": course.pk, "cohort": cohort.pk, "file": upload}
    )
    assert response.status_code == 200 and Enrollment.objects.count() == 0
    content = response.context["form"]["content"].value()
    response = coordinator_client.post(
        "/admin/enrollment_import/",
        {"course": course.pk, "cohort": cohort.pk, "content": content, "confirm": ""},
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(cohort=cohort).count() == 2


def test_trainers_cannot_import(trainer_client, course):
    response = trainer_client.get("/admin/enrollment_import/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_someone_already_enrolled_is_moved_to_the_cohort_the_file_names(trainee, course, cohort):
    """Previously: nothing happened and nothing was said."""
    from courses.importers import enrollment_import_plan
    from courses.services import enrollment_create

    lecce = make_cohort(course, name="Lecce 2026", territory="lecce")
    enrollment_create(user=trainee, course=course, cohort=lecce, source="import")
    data = HEADER + f"{trainee.email},A,B,Bari 2026,it\n"
    plan = enrollment_import_plan(data=data, course=course)
    assert [(row.action, row.previous_cohort, row.cohort) for row in plan] == [
        ("move", lecce, cohort)
    ]
    assert Enrollment.objects.get(user=trainee).cohort == lecce  # the preview wrote nothing
    result = enrollment_import(data=data, course=course)
    assert result.moved == [trainee.email]
    assert Enrollment.objects.get(user=trainee).cohort == cohort


def test_the_admin_import_previews_then_imports_on_confirm(coordinator_client, course, cohort):
    from django.urls import reverse

    url = reverse("enrollment_import:index")
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    preview = coordinator_client.post(
        url, {"course": course.pk, "cohort": cohort.pk, "file": upload}
    )
    html = preview.content.decode()
    with translation.override("it"):  # the admin speaks the coordinator's language
        assert translation.gettext("Preview: nothing is imported yet") in html
        invited = translation.gettext("New person: account created, invited by e-mail, enrolled")
    assert html.count('class="plan--invite"') == 2 and invited in html
    assert not User.objects.filter(username="fatou.ndiaye@example.org").exists()
    done = coordinator_client.post(
        url, {"course": course.pk, "cohort": cohort.pk, "content": GOOD, "confirm": ""}
    )
    assert done.status_code == 302
    assert Enrollment.objects.filter(user__username="fatou.ndiaye@example.org").exists()
    sample = coordinator_client.get(reverse("enrollment_import:sample"))
    assert sample["Content-Type"].startswith("text/csv")
    assert sample.content.decode().startswith(
        "email,username,phone,first_name,last_name,cohort,language"
    )
