from django import forms
from django.conf import settings
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation
from synergy.core import indicators

from .models import Indicator, IndicatorValue, PlanAction


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TranslationRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args, missing: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = missing


class AdoptForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions to adopt"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one action.")},
    )  # fmt: skip
    starts_on = forms.DateField(
        label=_("The plan starts on"), widget=DateInput(), required=False,
        help_text=_("Indicators counted by the platform count from this day. Today if left empty."),
    )  # fmt: skip

    def __init__(self, *args, actions, first_adoption: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda action: f"{action.code} {action.title}"
        if not first_adoption:
            del self.fields["starts_on"]


class PlanActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["code", "title", "description", "owner", "starts_on", "ends_on", "status", "notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "description": _("Markdown is supported."),
            "owner": _("The organisation that carries the action out."),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        # The region's organisations first; any organisation of the platform may own an action.
        own_region_first = Case(When(region=region, then=Value(0)), default=Value(1))
        self.fields["owner"].queryset = Organisation.objects.order_by(own_region_first, "name")
        self.fields["owner"].help_text = _("The organisation that carries the action out.")
        self.region = region

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not come before the start."))
        return cleaned

    def _post_clean(self):
        # The services save the action, with their own checks; the model's constraints are
        # checked there too, not here (the form has no plan to check them against yet).
        pass


def counter_choices() -> list[tuple[str, str]]:
    return [("", _("Entered by hand"))] + [
        (metric.key, f"{metric.label} ({metric.unit})") for metric in indicators.all_metrics()
    ]


class IndicatorForm(forms.ModelForm):
    counter_key = forms.ChoiceField(label=_("Values"), required=False, choices=())

    class Meta:
        model = Indicator
        fields = ["name", "action", "unit", "baseline", "target", "counter_key", "period"]
        localized_fields = ["baseline", "target"]  # "2,5" in Italian or German, "2.5" everywhere
        help_texts = {
            "target": _("A number, such as 120 or 2.5. Leave empty while no target is agreed."),
            "period": _("Counted values are shown per quarter or per year."),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = plan.actions.order_by("code", "id")
        self.fields["action"].label_from_instance = lambda action: str(action)
        self.fields["action"].empty_label = _("The plan as a whole")
        self.fields["counter_key"].choices = counter_choices()
        self.fields["counter_key"].help_text = _(
            "Choose a figure the platform counts in the region, or enter the values by hand."
        )

    def _post_clean(self):
        pass


class ValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value"]
        localized_fields = ["value"]
        widgets = {"measured_on": DateInput()}

    def _post_clean(self):
        pass


LANGUAGE_NAMES = dict(settings.LANGUAGES)
