"""Forms for observations, self-assessments, prior learning and framework imports."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import LIKERT_CHOICES, Competency, PriorLearningClaim
from lms.accounts.names import display_name

from . import uploads

CONTEXT_SUGGESTIONS = [
    _("Coaching session with a peer"),
    _("Association meeting"),
    _("Meeting with a public office"),
    _("Cooperative-learning workshop"),
    _("Participatory experiment"),
]


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        indent = "— " * obj.depth if hasattr(obj, "depth") else ""
        return f"{indent}{obj.display_name}"


def competency_choices(framework) -> list[Competency]:
    """The framework's competencies in tree order, each with a ``depth`` attribute."""
    from . import selectors

    _scale, nodes = selectors.framework_tree(framework)
    result = []
    for node in nodes:
        node.competency.depth = node.depth
        result.append(node.competency)
    return result


def grouped_choices(framework) -> list:
    """Choices grouped under each area (an optgroup), leaving out competencies rated by
    their children: evidence is recorded where it counts."""
    from assessments.models import RuleType

    choices: list = [("", "---------")]
    group: list | None = None
    for competency in competency_choices(framework):
        if competency.depth == 0:
            group = []
            choices.append((competency.display_name, group))
            if competency.rule_type == RuleType.ALL_CHILDREN:
                continue
        if competency.rule_type == RuleType.ALL_CHILDREN:
            continue
        label = "— " * max(competency.depth - 1, 0) + competency.display_name
        group.append((competency.pk, label))
    return [choice for choice in choices if not isinstance(choice[1], list) or choice[1]]


class ObservationForm(forms.Form):
    """A trainer's observation of practice; short enough to fill on a phone."""

    learner = forms.ModelChoiceField(label=_("Trainee"), queryset=None)
    competency = CompetencyChoiceField(label=_("Competency"), queryset=None)
    level = forms.TypedChoiceField(label=_("Level observed"), coerce=int, widget=forms.RadioSelect)
    observed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    context = forms.CharField(
        label=_("Context"),
        max_length=200,
        required=False,
        help_text=_("Where you saw it, e.g. coaching session with a peer."),
        widget=forms.TextInput(attrs={"list": "context-suggestions", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, framework, learners, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = display_name
        self.fields["competency"].queryset = Competency.objects.filter(framework=framework)
        self.fields["competency"].choices = grouped_choices(framework)
        self.fields["level"].choices = [
            (number, f"{number} · {level.display_name}")
            for number, level in enumerate(scale.levels, 1)
        ]
        self.fields["observed_on"].initial = timezone.localdate()

    def clean_observed_on(self):
        value = self.cleaned_data["observed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class SelfAssessmentForm(forms.Form):
    """One radio group (1–5) per statement."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.display_name,
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer for this statement.")},
            )

    def answers(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class PriorLearningForm(forms.ModelForm):
    competency = CompetencyChoiceField(label=_("Competency"), queryset=None)
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Or a link to something that shows it."),
    )

    class Meta:
        model = PriorLearningClaim
        fields = ["competency", "description", "file", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "file": _(
                "A certificate, a letter or a photo of your work: a photo (JPEG, PNG or "
                "WebP) or a document (PDF, ODT or DOCX), 5 MB at most. Only you and your "
                "trainers can open it."
            ),
        }

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        field.queryset = Competency.objects.filter(framework=framework)
        field.choices = grouped_choices(framework)

    def clean_file(self):
        # Content checked against the extension, size capped, photo metadata removed.
        upload = self.cleaned_data.get("file")
        return uploads.clean_attachment(upload) if upload else upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Add a file or a link that shows your prior learning."))
        return data


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    level = forms.TypedChoiceField(label=_("Level shown"), coerce=int, required=False)
    note = forms.CharField(label=_("Note to the trainee"), required=False)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "---------")] + [
            (number, f"{number} · {level.display_name}")
            for number, level in enumerate(scale.levels, 1)
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("level"):
            self.add_error("level", _("Choose the level the prior learning shows."))
        return data


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("moodle-csv", _("Moodle competency CSV")), ("case", _("CASE JSON"))],
    )

    def clean_file(self):
        from lms.uploads import FRAMEWORK_IMPORT_MAX, read_capped

        upload = self.cleaned_data["file"]
        self.cleaned_data["data"] = read_capped(upload, FRAMEWORK_IMPORT_MAX)
        return upload


class SignoffForm(forms.Form):
    """A trainer signs a learner off for a competency, with a note."""

    learner = forms.ModelChoiceField(label=_("Trainee"), queryset=None)
    competency = CompetencyChoiceField(label=_("Competency"), queryset=None)
    level = forms.TypedChoiceField(
        label=_("Level signed off"), coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What the sign-off rests on: what you saw, where and when."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a note what the sign-off rests on.")},
    )

    def __init__(self, *args, framework, learners, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = display_name
        self.fields["competency"].queryset = Competency.objects.filter(framework=framework)
        self.fields["competency"].choices = grouped_choices(framework)
        self.fields["level"].choices = [
            (number, f"{number} · {level.display_name}")
            for number, level in enumerate(scale.levels, 1)
        ]
        self.fields["level"].initial = scale.proficient_from

    def clean_note(self):
        value = self.cleaned_data["note"].strip()
        if not value:
            raise forms.ValidationError(_("Say in a note what the sign-off rests on."))
        return value


class RevokeForm(forms.Form):
    note = forms.CharField(
        label=_("Why is the sign-off revoked?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say in a note why the sign-off is revoked.")},
    )
