from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import RegionRole
from synergy.actors.models import Organisation
from synergy.challenges.forms import clean_currency_code
from synergy.core.forms import LocalDateTimeInput
from synergy.core.models import Region

from .models import POINTS, Project, Reward, SimulatedCampaign

GAME_FIELDS = ["currency", "region", "starts_at", "ends_at"]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title", "summary", "description", "organisation", "region", "campaign", "goal", "currency", "rule",
            "starts_at", "ends_at",
        ]  # fmt: skip
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"currency": _("A three-letter code such as EUR; ignored in a simulated campaign (points).")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["organisation"].help_text = _("Optional: one of your organisations.")
        self.fields["campaign"].queryset = SimulatedCampaign.objects.filter(status=SimulatedCampaign.Status.OPEN)
        self.fields["region"].queryset = Region.objects.order_by("name")
        # In a simulated campaign these come from the campaign; otherwise ``clean`` requires them.
        for name in GAME_FIELDS:
            self.fields[name].required = False

    def clean_currency(self):
        currency = self.cleaned_data["currency"]
        return clean_currency_code(currency) if currency else currency

    def clean(self):
        cleaned = super().clean()
        campaign = cleaned.get("campaign")
        if campaign:
            # A project of a training game runs in points, with the game's dates and region.
            cleaned |= {
                "currency": POINTS, "starts_at": campaign.starts_at, "ends_at": campaign.ends_at,
                "region": campaign.region,
            }  # fmt: skip
        else:
            for name in GAME_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The campaign must end after it starts."))
        return cleaned


RewardFormSet = inlineformset_factory(
    Project, Reward, fields=["title", "description", "minimum", "quantity"], extra=2, can_delete=True
)


class PledgeForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0.01, max_digits=12, decimal_places=2)
    reward = forms.ModelChoiceField(
        label=_("Reward"), queryset=Reward.objects.none(), required=False, empty_label=_("No reward")
    )
    anonymous = forms.BooleanField(label=_("Do not show my name among the supporters"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reward"].queryset = project.rewards.all()
        if project.in_points:
            self.fields["amount"].label = _("Points")
            self.fields["amount"].decimal_places = 0


class ApprovalForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the project designer"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class UpdateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class CampaignForm(forms.ModelForm):
    class Meta:
        model = SimulatedCampaign
        fields = ["title", "description", "region", "points_per_participant", "winners", "starts_at", "ends_at"]
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                roles__user=user, roles__role=RegionRole.Role.COORDINATOR
            )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The campaign must end after it starts."))
        return cleaned
