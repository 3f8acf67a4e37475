from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Territory
from lms.uploads import ENROLMENT_CSV_MAX, read_capped


class CatalogFilterForm(forms.Form):
    """Search and filters on the catalogue; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tag = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    territory = forms.ChoiceField(label=_("Territory"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["tag"].choices = everything + list(tags)
        self.fields["language"].choices = everything + list(settings.LANGUAGES)
        self.fields["territory"].choices = everything + [
            choice for choice in Territory.choices if choice[0] != Territory.OTHER
        ]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        max_length=5000,
        help_text=_("Only you can read your journal."),
        error_messages={"required": _("Write a few words before saving.")},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a few words before saving."))
        return text


class EnrollmentImportForm(forms.Form):
    """The admin's CSV upload for bulk enrolment."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=None,
        required=False,
        help_text=_("Used for rows whose cohort column is empty."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: email, first_name, last_name, cohort, language."),
        required=False,
    )
    # The checked file, carried from the preview to the confirmation (not re-uploaded).
    content = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=ENROLMENT_CSV_MAX
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                cleaned["content"] = read_capped(upload, ENROLMENT_CSV_MAX).decode("utf-8-sig")
            except forms.ValidationError as error:
                self.add_error("file", error)
                return cleaned
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                ) from None
        elif not cleaned.get("content"):
            self.add_error("file", _("Choose a CSV file."))
        return cleaned

    def __init__(self, *args, **kwargs):
        from .models import Cohort
        from .selectors import original_courses

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = original_courses()
        self.fields["cohort"].queryset = Cohort.objects.order_by("name")


class PersonEnrolForm(forms.Form):
    """A coordinator enrols one person, who may have no e-mail address (issue 19): a
    name, or only a phone number, is enough; they sign in with a printed login card."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address (optional)"), required=False)
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=32,
        required=False,
        help_text=_("With the country code, like +39 333 123 4567."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=())
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from .models import Cohort
        from .selectors import original_courses

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["course"].queryset = original_courses()
        self.fields["cohort"].queryset = Cohort.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("first_name") or cleaned.get("last_name") or cleaned.get("phone")):
            raise forms.ValidationError(_("Give at least a name or a phone number."))
        return cleaned
