from django import forms
from django.utils.translation import gettext_lazy as _

from synergy.actors.models import Organisation
from synergy.core.taxonomy import Competence, KeyArea

from .models import CollaborationRequest


class NeedForm(forms.Form):
    need = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the problem, the skills or the equipment you are looking for, in your own words."),
    )
    competences = forms.MultipleChoiceField(
        label=_("Competences"), choices=Competence.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    key_areas = forms.MultipleChoiceField(
        label=_("Key areas"), choices=KeyArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class RequestForm(forms.ModelForm):
    class Meta:
        model = CollaborationRequest
        fields = ["subject", "message", "sender_organisation"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender_organisation"].queryset = Organisation.objects.filter(memberships__user=user).order_by(
            "name"
        )
        self.fields["sender_organisation"].required = False


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
