from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord, Gender, ParticipantCategory, Profile, Territory

User = get_user_model()


class SignupForm(forms.Form):
    """Self sign-up as a trainee, with explicit consent to data processing."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name other participants and your trainers will see."),
    )
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=())
    territory = forms.ChoiceField(label=_("Where do you take part?"), choices=Territory.choices)
    organisation = forms.CharField(
        label=_("Association or organisation (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the IMPACT programme processes my personal data to run my "
            "training, as explained in the privacy notice."
        ),
        error_messages={"required": _("We can only create your account with your consent.")},
    )

    optional_consents = forms.MultipleChoiceField(
        label=_("You may also agree to (optional, you can change this later on My privacy)"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["optional_consents"].choices = optional_purpose_choices()
        self.fields["preferred_language"].choices = settings.LANGUAGES
        # The consent names the privacy notice: link it right there (opens in place).
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("accounts:privacy"), _("Read the privacy notice")
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self):
        # Whether the address already has an account is not revealed here: the view
        # answers as for a new sign-up and e-mails the existing owner instead.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are different."))
        elif p1:
            probe = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def optional_purpose_choices():
    return [
        (value, label)
        for value, label in ConsentRecord.Purpose.choices
        if value not in ConsentRecord.REQUIRED_PURPOSES
        and value not in ConsentRecord.REMINDER_PURPOSES
    ]


REPORTING_FIELDS = ["territory", "participant_category", "gender", "gender_self_described"]


class ReportingFieldsForm(forms.ModelForm):
    """The reporting fields, each with its purpose (``lms.accounts.reporting``). Gender
    is offered only with the person's statistics consent (``gender_allowed``)."""

    class Meta:
        model = Profile
        fields = REPORTING_FIELDS
        help_texts = {
            "territory": _(
                "Why we ask: the programme is organised by territory (your group and "
                "trainers), and the funder's reports count participants by territory."
            ),
            "participant_category": _(
                "Why we ask: local-authority staff have their own role in the lab, and the "
                "funder's reports count participants by category, never by name."
            ),
            "gender": _(
                "Why we ask: the funder's anonymous statistics count participants by "
                "gender. Optional; you gave consent for it on My privacy."
            ),
            "gender_self_described": _("Only if you chose “I describe myself as…”."),
        }

    def __init__(self, *args, gender_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant_category"].choices = [
            ("", _("Not stated")),
            *ParticipantCategory.choices,
        ]
        if gender_allowed:
            self.fields["gender"].choices = [("", _("Not stated")), *Gender.choices]
        else:
            del self.fields["gender"]
            del self.fields["gender_self_described"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gender") != Gender.SELF_DESCRIBED:
            cleaned["gender_self_described"] = ""
        return cleaned


class ProfileForm(ReportingFieldsForm):
    class Meta(ReportingFieldsForm.Meta):
        fields = ["display_name", "preferred_language", "organisation", *REPORTING_FIELDS]


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the e-mail address or, for people without one (a login card gave
    them a username, issue 19), the username, in any letter case; "remember me" keeps a
    trainee signed in on this device for 30 days (staff sessions always end after 8
    idle hours)."""

    remember = forms.BooleanField(
        label=_("Keep me signed in on this device"),
        help_text=_("For 30 days. Leave it unticked on a shared computer."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or username")
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()
