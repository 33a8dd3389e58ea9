from django import forms
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Membership, Organisation
from synergy.core.forms import LocalDateTimeInput
from synergy.core.models import Region
from synergy.core.taxonomy import KeyArea

from .models import Item, Photo, UsageReport


class ItemForm(forms.ModelForm):
    key_areas = forms.MultipleChoiceField(
        label=_("Key areas"), choices=KeyArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Item
        fields = ["name", "kind", "description", "key_areas", "provider", "region", "location", "access", "price",
                  "availability", "published"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            self.fields["provider"].queryset = Organisation.objects.filter(
                memberships__user=user, memberships__role=Membership.Role.ADMIN
            ).order_by("name")
        self.fields["region"].queryset = Region.objects.order_by("name")


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "description"]


class RequestForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("From"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Until"), widget=LocalDateTimeInput())
    purpose = forms.CharField(label=_("Purpose"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    needs = forms.CharField(
        label=_("Needs"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Materials, training, assistance."),
    )  # fmt: skip
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


class TermsForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("From"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Until"), widget=LocalDateTimeInput())
    terms = forms.CharField(label=_("Terms"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UsageForm(forms.ModelForm):
    class Meta:
        model = UsageReport
        fields = ["hours_used", "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
