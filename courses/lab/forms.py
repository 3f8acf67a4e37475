"""Forms of the lab. They only validate input; the services decide and write."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from lms.accounts.names import display_name

from .models import Problem, Proposal, ProposalFollowUp, ProposalResponse
from .models.hypotheses import HYPOTHESIS_FIELDS, Hypothesis
from .services.proposals import PROPOSAL_FIELDS
from .uploads import CONTENT_TYPES, clean_attachment

#: The longest text a lab field accepts (a long page of writing; an upload is not text).
LAB_TEXT_MAX = 10_000


class BoundedText:
    """Every free-text field without its own limit gets ``LAB_TEXT_MAX``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = LAB_TEXT_MAX
                field.validators.append(MaxLengthValidator(LAB_TEXT_MAX))
                field.widget.attrs.setdefault("maxlength", str(LAB_TEXT_MAX))


class ProblemForm(BoundedText, forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "description", "where", "who_is_affected", "attachment"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "attachment": forms.ClearableFileInput(
                attrs={"accept": ",".join("." + extension for extension in CONTENT_TYPES)}
            ),
        }

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            attachment = clean_attachment(attachment)
        return attachment


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it? (participants read this)"),
        max_length=300,
    )


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(p.pk, p.title) for p in targets]


class VersionedForm(BoundedText, forms.ModelForm):
    """A form for text written together: it carries the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class HypothesisForm(VersionedForm):
    class Meta:
        model = Hypothesis
        fields = HYPOTHESIS_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in HYPOTHESIS_FIELDS if name != "title"
        }


class ProposalForm(VersionedForm):
    class Meta:
        model = Proposal
        fields = PROPOSAL_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 5}) for name in PROPOSAL_FIELDS if name != "title"
        }


class ResponseForm(BoundedText, forms.ModelForm):
    class Meta:
        model = ProposalResponse
        fields = ["verdict", "reasons"]
        widgets = {
            "verdict": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" blank choice.
        self.fields["verdict"].choices = ProposalResponse.Verdict.choices


class FollowUpForm(BoundedText, forms.ModelForm):
    class Meta:
        model = ProposalFollowUp
        fields = ["submitted_to", "submitted_on", "outcome", "links", "note"]
        widgets = {
            "submitted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "links": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class RecogniseForm(BoundedText, forms.Form):
    """One row per choice so it works without JavaScript on a phone."""

    contribution = forms.ChoiceField(label=_("Contribution and participant"))
    competency_level = forms.ChoiceField(
        label=_("Competency and level"),
        error_messages={
            "invalid_choice": _(
                "Choose a competency of this path and a level on its scale from the list."
            )
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, contributions=(), options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution"].choices = [
            (f"{item.ref}|{user.pk}", f"{item.title} — {display_name(user)}")
            for item in contributions
            for user in item.users
        ]
        self.fields["competency_level"].choices = [
            (
                option.label,
                [
                    (f"{option.id}:{number}", f"{option.label} — {name}")
                    for number, name in option.levels
                ],
            )
            for option in options
        ]

    def clean(self):
        data = super().clean()
        if "contribution" in data:
            data["ref"], user_id = data["contribution"].rsplit("|", 1)
            data["user_id"] = int(user_id)
        if "competency_level" in data:
            competency, level = data["competency_level"].split(":", 1)
            data["competency_id"], data["level"] = int(competency), int(level)
        return data
