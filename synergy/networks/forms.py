from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.core.taxonomy import KeyArea

from .assistant import DEFAULT_SIZE
from .models import Member, Network

TEXT_LIMIT = 20_000  # an analysis field; far more than anyone writes, bounded all the same


def require_someone_to_run_it(form: forms.Form, cleaned: dict) -> None:
    if not cleaned.get("coordinator") and not cleaned.get("region") and not form.errors:
        form.add_error(
            "coordinator", _("Choose a coordinating organisation or a region: someone must run the network.")
        )


class NetworkForm(forms.ModelForm):
    key_areas = forms.MultipleChoiceField(
        label=_("Key areas"), choices=KeyArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is supported."),
    )

    class Meta:
        model = Network
        fields = ["name", "key_areas", "description", "region"]

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].help_text = _("The coordinators of this region help run the network.")


class CreateNetworkForm(NetworkForm):
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("It becomes the network's first member, and its admins run the network."),
    )

    class Meta(NetworkForm.Meta):
        fields = [*NetworkForm.Meta.fields, "coordinator"]

    def __init__(self, *args, organisations, organisation_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = organisations
        self.fields["coordinator"].required = organisation_required
        self.fields["coordinator"].empty_label = _("None: the region's coordinators run it")

    def clean(self):
        cleaned = super().clean()
        require_someone_to_run_it(self, cleaned)
        return cleaned


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    message = forms.CharField(
        label=_("Message"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What your organisation brings to the network."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices)


class AnalysisForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opportunities = forms.CharField(
        label=pgettext_lazy("SWOT analysis", "Opportunities"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    threats = forms.CharField(
        label=_("Threats"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lessons = forms.CharField(
        label=_("Lessons learnt"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What worked, what did not, and what you would do differently. Markdown is supported."),
    )
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("A line for the history, optional.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What is typed is kept as typed, spaces included: the history compares versions exactly.
        for name in ["strengths", "weaknesses", "opportunities", "threats", "lessons"]:
            self.fields[name].strip = False


class AssistantForm(forms.Form):
    key_area = forms.ChoiceField(label=_("Key area"), choices=KeyArea.choices)
    size = forms.IntegerField(label=_("Number of organisations"), min_value=2, max_value=40, initial=DEFAULT_SIZE)
    threshold = forms.IntegerField(
        label=_("Minimum profile completeness (%)"),
        min_value=0,
        max_value=100,
        initial=settings.NETWORK_PROFILE_THRESHOLD,
        help_text=_("Only organisations whose profile is at least this complete are proposed."),
    )


class AcceptProposalForm(forms.Form):
    """The coordinator's edit of the proposal: which candidates to invite, and the new network's name."""

    name = forms.CharField(label=_("Name of the network"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown is supported."),
    )
    organisations = forms.TypedMultipleChoiceField(
        label=_("Organisations to invite"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating organisation"), queryset=Organisation.objects.none(), required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, candidates, organisations, organisation_required: bool, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [(c.organisation.pk, c.organisation.name) for c in candidates]
        self.fields["coordinator"].queryset = organisations
        self.fields["coordinator"].required = organisation_required
        self.fields["region"].queryset = regions

    def clean(self):
        cleaned = super().clean()
        require_someone_to_run_it(self, cleaned)
        return cleaned
