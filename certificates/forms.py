from django import forms
from django.utils.translation import gettext_lazy as _


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

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("pdf"):
            raise forms.ValidationError(_("Enter a code or choose a PDF file."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}))


class VisibilityForm(forms.Form):
    show_name = forms.BooleanField(label=_("Show my full name on the public page"), required=False)
