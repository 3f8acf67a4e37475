from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.names import display_name


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        required=False,
        max_length=40,
        help_text=_("For example 7K3M-Q9TX-2HDF-W4NB-8RZC. Capitals and dashes are optional."),
    )
    pdf = forms.FileField(
        label=_("Or upload the certificate PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_pdf(self):
        from lms.uploads import VERIFY_PDF_MAX, check_size

        return check_size(self.cleaned_data.get("pdf"), VERIFY_PDF_MAX)

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("pdf"):
            raise forms.ValidationError(_("Enter a code or choose a PDF file."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}))
    reason_public = forms.BooleanField(
        label=_("Show the reason on the public verification page"),
        required=False,
        help_text=_("Unticked, the reason stays internal: the public page only says revoked."),
    )


class VisibilityForm(forms.Form):
    show_name = forms.BooleanField(label=_("Show my full name on the public page"), required=False)


class CourseSignoffForm(forms.Form):
    """A trainer signs a learner off for a course (the certificate rule asking for it)."""

    learner = forms.ModelChoiceField(label=_("Trainee"), queryset=None)
    rule = forms.ModelChoiceField(label=_("Course"), queryset=None)
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What the sign-off rests on: what you saw, where and when."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a note what the sign-off rests on.")},
    )

    def __init__(self, *args, learners, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = display_name
        self.fields["rule"].queryset = rules
        self.fields["rule"].label_from_instance = lambda rule: rule.course.title

    def clean_note(self):
        value = self.cleaned_data["note"].strip()
        if not value:
            raise forms.ValidationError(_("Say in a note what the sign-off rests on."))
        return value


class SignoffRevokeForm(forms.Form):
    note = forms.CharField(
        label=_("Why is the sign-off revoked?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say in a note why the sign-off is revoked.")},
    )


class HolderNameForm(forms.Form):
    """The name printed on certificates, as its holder writes it (any script)."""

    given_name = forms.CharField(
        label=_("Given name(s)"),
        max_length=70,
        help_text=_("If you have only one name, write it here."),
        error_messages={"required": _("Write the given name (or your only name).")},
    )
    family_name = forms.CharField(
        label=_("Family name(s)"),
        max_length=70,
        required=False,
        help_text=_("Leave empty if you have no family name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, autocomplete in (("given_name", "given-name"), ("family_name", "family-name")):
            self.fields[name].widget.attrs.update(
                {"dir": "auto", "autocomplete": autocomplete, "spellcheck": "false"}
            )

    def clean(self):
        from .printable import undrawable_characters

        data = super().clean()
        for name in ("given_name", "family_name"):
            chars = undrawable_characters(data.get(name) or "")
            if chars:
                self.add_error(
                    name,
                    _(
                        "These characters cannot be printed on a certificate: %(chars)s. "
                        "Write the name with other characters, or ask the coordinator."
                    )
                    % {"chars": chars},
                )
        return data
