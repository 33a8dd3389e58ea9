import itertools

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Membership, Organisation
from synergy.core.forms import LocalDateTimeInput
from synergy.core.models import Region
from synergy.core.taxonomy import Competence, KeyArea

from .models import (
    Challenge,
    ChallengeAttachment,
    Criterion,
    Milestone,
    Proposal,
    ProposalAttachment,
    Round,
)


def clean_currency_code(value: str) -> str:
    currency = value.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise forms.ValidationError(_("Use a three-letter currency code such as EUR."))
    return currency


DATE_FIELDS = ["opens_at", "refinement_starts_at", "evaluation_starts_at", "results_at", "closes_at"]


class ChallengeForm(forms.ModelForm):
    competences = forms.MultipleChoiceField(
        label=_("Competences sought"), choices=Competence.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    key_areas = forms.MultipleChoiceField(
        label=_("Key areas"), choices=KeyArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Challenge
        fields = [
            "title", "summary", "description", "needs", "competences", "keywords", "key_areas", "giver", "regions",
            "transnational", "thematic_call", "campaign_type", "prize_kind", "prize_value", "prize_currency",
            "prize_description", "ip_terms", "confidentiality_terms", "proposal_visibility", "team_min", "team_max",
            *DATE_FIELDS,
        ]  # fmt: skip
        widgets = {
            **{name: LocalDateTimeInput() for name in DATE_FIELDS},
            "regions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            "needs": forms.Textarea(attrs={"rows": 4}),
            "ip_terms": forms.Textarea(attrs={"rows": 3}),
            "confidentiality_terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            # A coordinator editing someone else's challenge keeps its giver.
            administered = Q(memberships__user=user, memberships__role=Membership.Role.ADMIN)
            current = Q(pk=self.instance.giver_id) if self.instance.giver_id else Q(pk__in=[])
            self.fields["giver"].queryset = Organisation.objects.filter(administered | current).distinct()
        self.fields["giver"].queryset = self.fields["giver"].queryset.order_by("name")
        self.fields["regions"].queryset = Region.objects.order_by("name")
        self.fields["prize_currency"].widget.attrs.update({"size": 3, "autocomplete": "off"})

    def clean_prize_currency(self):
        return clean_currency_code(self.cleaned_data["prize_currency"])

    def clean(self):
        cleaned = super().clean()
        order = [name for name in DATE_FIELDS if cleaned.get(name)]
        for earlier, later in itertools.pairwise(order):
            if cleaned[later] <= cleaned[earlier]:
                self.add_error(later, _("Each phase must start after the one before it."))
                break
        team_min, team_max = cleaned.get("team_min"), cleaned.get("team_max")
        if team_min and team_max and team_min > team_max:
            self.add_error("team_max", _("The maximum team size cannot be below the minimum."))
        return cleaned


class ChallengeAttachmentForm(forms.ModelForm):
    class Meta:
        model = ChallengeAttachment
        fields = ["title", "file"]


class ApprovalForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the challenge giver"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "title", "summary", "organisation", "objectives", "approach", "resources", "budget_total", "budget_notes",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 6}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "budget_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["organisation"].help_text = _("Optional: one of your organisations.")


MilestoneFormSet = inlineformset_factory(
    Proposal,
    Milestone,
    fields=["title", "due_on", "deliverable"],
    extra=2,
    can_delete=True,
    widgets={"due_on": forms.DateInput(attrs={"type": "date"})},
)


class ProposalAttachmentForm(forms.ModelForm):
    class Meta:
        model = ProposalAttachment
        fields = ["title", "file"]
        # Also what a refused upload shows when it comes back: the browser cannot be given the file again.
        error_messages = {"file": {"required": _("Choose the file to attach.")}}


class InviteForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail address or name"),
        max_length=254,
        help_text=_("A member's display name, or any e-mail address: people without an account get an invitation."),
    )

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        if "@" in identifier:
            forms.EmailField().clean(identifier)
        return identifier


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DeclarationForm(forms.Form):
    confidentiality = forms.BooleanField(
        label=_("I will keep the proposals and the jury's deliberations confidential.")
    )
    no_conflict = forms.BooleanField(
        label=_(
            "I have no conflict of interest with this challenge. Should one arise with a proposal, "
            "I will declare it and not score that proposal."
        )
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the coordinators only)"), required=False, max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Reason (optional)")}),
    )  # fmt: skip


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "position", "scale_min", "scale_max", "proposals"]
        widgets = {"proposals": forms.CheckboxSelectMultiple}

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = challenge.proposals.submitted().order_by("title")
        self.fields["proposals"].help_text = _("The proposals the jury scores in this round.")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return cleaned


class BaseCriterionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [
            form.cleaned_data["weight"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("weight")
        ]
        if weights and sum(weights) != 100:
            raise forms.ValidationError(
                _("The criteria's weights add up to %(total)s %%; they must add up to 100 %%."),
                code="weights",
                params={"total": sum(weights)},
            )


CriterionFormSet = inlineformset_factory(
    Round,
    Criterion,
    formset=BaseCriterionFormSet,
    fields=["name", "description", "weight", "position"],
    extra=3,
    can_delete=True,
    widgets={"weight": forms.NumberInput(attrs={"min": 1, "max": 100})},
)


class ScoreForm(forms.Form):
    """One score and comment per criterion of the round."""

    def __init__(self, *args, round_, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = existing.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s: score (%(low)s–%(high)s)")
                % {"criterion": criterion.name, "low": round_.scale_min, "high": round_.scale_max},
                min_value=round_.scale_min,
                max_value=round_.scale_max,
                initial=score.value if score else None,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": criterion.name},
                required=False,
                max_length=4000,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def marks(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"value_{c.pk}"], data[f"comment_{c.pk}"].strip()) for c in self.criteria}

    def pairs(self):
        return [(self[f"value_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class AwardForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Winning proposal"), queryset=Proposal.objects.none())
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=100, initial=1)
    title = forms.CharField(label=_("Award"), max_length=200, initial=_("First prize"))
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = challenge.proposals.submitted().order_by("title")
        self.fields["value"].initial = challenge.prize_value
        self.fields["currency"].initial = challenge.prize_currency

    def clean_currency(self):
        return clean_currency_code(self.cleaned_data["currency"])
