"""Issue 19 item 3: enrolling people without an e-mail address, one at a time on the
screen and by CSV. Every bad line is reported in one pass and nothing is half imported."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from courses.importers import EnrollmentImportError, enrollment_import
from courses.models import Enrollment

from .factories import make_cohort

pytestmark = pytest.mark.django_db
User = get_user_model()

HEADER = "email,username,phone,first_name,last_name,cohort,language\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(course):
    return make_cohort(course, name="Bari 2026", territory="bari")


def state():
    return (
        sorted(User.objects.values_list("username", flat=True)),
        sorted(Enrollment.objects.values_list("user__username", "cohort_id")),
    )


def test_phone_only_and_username_rows_create_people_who_need_a_login_card(
    course, cohort, django_capture_on_commit_callbacks
):
    data = HEADER + (
        ",,+39 333 123 4567,,,Bari 2026,ar\n"
        ",yonas.t,,Yonas,Tesfaye,Bari 2026,it\n"
        "fatou@example.org,,,Fatou,Ndiaye,Bari 2026,fr\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = enrollment_import(data=data, course=course)
    assert result.created_people == ["+393331234567", "yonas.t", "fatou@example.org"]
    phone_person = User.objects.get(profile__phone="+393331234567")
    assert phone_person.email == "" and not phone_person.has_usable_password()
    # A phone-only person is never shown to others by their number.
    assert "393331234567" not in phone_person.profile.display_name
    assert phone_person.username == "person"
    assert User.objects.get(username="yonas.t").profile.display_name == "Yonas Tesfaye"
    assert result.need_card == ["person", "yonas.t"]
    assert [m.to for m in mail.outbox] == [["fatou@example.org"]]  # no mail to nobody
    assert Enrollment.objects.filter(course=course, cohort=cohort).count() == 3


def test_the_same_file_again_finds_the_same_people_by_phone_and_username(course, cohort):
    data = HEADER + ",,+393331234567,Amina,,Bari 2026,fr\n,yonas.t,,Yonas,,,it\n"
    enrollment_import(data=data, course=course, default_cohort=cohort)
    before = state()
    result = enrollment_import(data=data, course=course, default_cohort=cohort)
    assert state() == before
    assert result.created_people == [] and result.unchanged == ["+393331234567", "yonas.t"]


def test_every_bad_line_is_reported_in_one_pass_and_nothing_is_written(course, cohort):
    data = HEADER + (
        ",,+393331234567,Good,,Bari 2026,it\n"
        ",,,Only,Name,Bari 2026,it\n"
        ",,333 12,Bad,Phone,,it\n"
        ",bad name!,,Bad,User,,it\n"
        ",,0039 333 123 4567,Same,Phone,,it\n"
        "x@example.org,,,,,,it\n"
    )
    before = state()
    with pytest.raises(EnrollmentImportError) as error:
        enrollment_import(data=data, course=course)
    assert error.value.errors == [
        (
            3,
            "Give an e-mail address, a username or a phone number: it is how the person is "
            "found when the file is imported again.",
        ),
        (4, "“333 12” is not a phone number in international form, like +39 333 123 4567."),
        (5, "“bad name!” is not a valid username (letters, digits and . + - _ only)."),
        (6, "+393331234567 is already on line 2."),
        (7, "The first name is missing. The last name is missing."),
    ]
    assert state() == before and mail.outbox == []


def test_a_row_whose_contacts_belong_to_two_people_is_refused(course, trainee, other_trainee):
    other_trainee.profile.phone = "+393330000000"
    other_trainee.profile.save()
    data = HEADER + f"{trainee.email},,+393330000000,A,B,,it\n"
    with pytest.raises(EnrollmentImportError) as error:
        enrollment_import(data=data, course=course)
    assert error.value.errors == [
        (
            2,
            "The e-mail address, username and phone number of this row belong to different people.",
        )
    ]


def test_a_coordinator_enrols_a_person_with_only_a_name_on_the_screen(
    coordinator_client, course, cohort
):
    url = reverse("enrollment_import:person")
    page = coordinator_client.get(url)
    assert page.status_code == 200
    response = coordinator_client.post(
        url,
        {"first_name": "Amina", "last_name": "", "language": "ar", "course": course.pk,
         "cohort": cohort.pk},
    )  # fmt: skip
    assert response.status_code == 302
    amina = User.objects.get(profile__display_name="Amina")
    assert amina.username == "amina" and amina.email == ""
    assert amina.profile.preferred_language == "ar"
    assert Enrollment.objects.get(user=amina).cohort == cohort
    assert mail.outbox == []


def test_a_coordinator_enrols_a_person_with_only_a_phone_number(coordinator_client, course):
    url = reverse("enrollment_import:person")
    response = coordinator_client.post(
        url, {"phone": "+39 333 765 4321", "language": "it", "course": course.pk}
    )
    assert response.status_code == 302
    person = User.objects.get(profile__phone="+393337654321")
    assert Enrollment.objects.filter(user=person, course=course).exists()
    # The same number again enrols the same person: no duplicate account.
    coordinator_client.post(url, {"phone": "+393337654321", "language": "it", "course": course.pk})
    assert User.objects.filter(profile__phone="+393337654321").count() == 1


def test_the_screen_says_what_is_wrong_and_creates_nobody(coordinator_client, course):
    url = reverse("enrollment_import:person")
    before = state()
    nothing = coordinator_client.post(url, {"language": "it", "course": course.pk})
    bad_phone = coordinator_client.post(
        url, {"phone": "12", "first_name": "X", "language": "it", "course": course.pk}
    )
    assert nothing.status_code == bad_phone.status_code == 200
    with translation.override("it"):
        assert translation.gettext("Give at least a name or a phone number.") in nothing.text
    assert "12" in bad_phone.text and "+39 333 123 4567" in bad_phone.text
    assert state() == before


def test_exports_name_a_person_without_e_mail_by_username(coordinator, course):
    """The coordinator's export lists whom they enrolled: a person without e-mail by
    username, never as an empty string."""
    from lms.accounts.services import user_export_data

    data = HEADER + ",yonas.t,,Yonas,,,it\n"
    enrollment_import(data=data, course=course, enrolled_by=coordinator)
    made = user_export_data(user=coordinator)["courses"]["enrolments_made"]
    assert [row["learner"] for row in made] == ["yonas.t"]


def test_usernames_are_made_from_names_in_any_script_and_never_collide(course):
    data = HEADER + ",,+393330000001,أمينة,,,ar\n,,+393330000002,أمينة,,,ar\n"
    enrollment_import(data=data, course=course)
    names = sorted(
        User.objects.filter(profile__phone__startswith="+39333000000").values_list(
            "username", flat=True
        )
    )
    assert names == ["أمينة", "أمينة2"]
