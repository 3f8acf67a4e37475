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
            # A statement without a text in the reader's language is shown in Italian,
            # marked as such (``_fields.html``).
            self.fields[f"item_{item.pk}"].label_language = item.display_name_language

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


QUOTE_SLOTS = 3


class FocusGroupForm(forms.Form):
    """A focus group: where, when, who, and for each capability the group's priority
    and rated need (the self-assessment's 1–5 scale); up to three quotes, each kept
    only with the quoted people's consent."""

    territory = forms.ChoiceField(label=_("Territory"))
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    participant_count = forms.IntegerField(
        label=_("How many people took part"), min_value=1, max_value=500
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants with an account (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, capabilities, learners, **kwargs):
        from assessments.models import Priority
        from lms.accounts.models import Territory

        super().__init__(*args, **kwargs)
        self.capabilities = capabilities
        self.fields["territory"].choices = [("", "---------"), *Territory.choices]
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["participants"].queryset = learners
        self.fields["participants"].label_from_instance = display_name
        for capability in capabilities:
            self.fields[f"priority_{capability.pk}"] = forms.TypedChoiceField(
                label=_("%(capability)s: the group's priority")
                % {"capability": capability.display_name},
                choices=Priority.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the group's priority.")},
            )
            self.fields[f"need_{capability.pk}"] = forms.TypedChoiceField(
                label=_("%(capability)s: how well the associations manage it today (1–5)")
                % {"capability": capability.display_name},
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the group's rated need.")},
            )
        capability_choices = [("", _("General"))] + [(c.pk, c.display_name) for c in capabilities]
        for slot in range(1, QUOTE_SLOTS + 1):
            self.fields[f"quote_{slot}"] = forms.CharField(
                label=_("Quote %(number)s (optional)") % {"number": slot},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"quote_{slot}_capability"] = forms.TypedChoiceField(
                label=_("Quote %(number)s is about") % {"number": slot},
                choices=capability_choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"quote_{slot}_consent"] = forms.BooleanField(
                label=_("The people quoted agreed to be quoted (quote %(number)s)")
                % {"number": slot},
                required=False,
            )

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        for slot in range(1, QUOTE_SLOTS + 1):
            if data.get(f"quote_{slot}", "").strip() and not data.get(f"quote_{slot}_consent"):
                self.add_error(
                    f"quote_{slot}_consent",
                    _("A quote is kept only if the people quoted agreed: tick the consent box."),
                )
        count, linked = data.get("participant_count"), data.get("participants")
        if count and linked is not None and len(linked) > count:
            self.add_error(
                "participants",
                _(
                    "More participants are linked to accounts (%(linked)s) than took part "
                    "(%(count)s)."
                )
                % {"linked": len(linked), "count": count},
            )
        return data

    def ratings(self) -> dict[int, tuple[int, int]]:
        return {
            c.pk: (self.cleaned_data[f"priority_{c.pk}"], self.cleaned_data[f"need_{c.pk}"])
            for c in self.capabilities
        }

    def quotes(self) -> list:
        by_pk = {c.pk: c for c in self.capabilities}
        return [
            (
                by_pk.get(self.cleaned_data.get(f"quote_{slot}_capability")),
                self.cleaned_data.get(f"quote_{slot}", ""),
                self.cleaned_data.get(f"quote_{slot}_consent", False),
            )
            for slot in range(1, QUOTE_SLOTS + 1)
            if self.cleaned_data.get(f"quote_{slot}", "").strip()
        ]


class PlanLinkForm(forms.Form):
    """A coordinator links a module to a capability's need (the training plan)."""

    capability = forms.TypedChoiceField(label=_("Capability"), coerce=int)
    module = forms.ModelChoiceField(label=_("Module that addresses it"), queryset=None)

    def __init__(self, *args, capabilities, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability"].choices = [(c.pk, c.display_name) for c in capabilities]
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda page: page.title


class PeerRaterForm(forms.Form):
    """A coordinator authorises a peer coach (a trainee who completed a path) to observe
    one learner."""

    coach = forms.ModelChoiceField(label=_("Peer coach"), queryset=None)
    learner = forms.ModelChoiceField(label=_("Learner to observe"), queryset=None)

    def __init__(self, *args, coaches, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = display_name
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = display_name
