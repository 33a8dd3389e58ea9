from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergy.core.forms import https_by_default
from synergy.core.taxonomy import Competence, KeyArea

from .models import JoinRequest, Membership, Organisation, Participation, PersonProfile, ResearchProject
from .naming import normalise_name


class OrganisationProfileForm(forms.ModelForm):
    key_areas = forms.MultipleChoiceField(
        label=_("Key areas"), choices=KeyArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    competences = forms.MultipleChoiceField(
        label=_("Competences and skills"),
        choices=Competence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = [
            "name", "short_name", "type", "country", "region", "nuts_code", "website", "contact_email",
            "specialisation", "description", "key_areas", "competences", "keywords", "services", "infrastructure",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "services": forms.Textarea(attrs={"rows": 5}),
            "infrastructure": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, declared: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["key_areas"].initial = [term for term in declared if term in KeyArea.values]
            self.fields["competences"].initial = [term for term in declared if term in Competence.values]

    def clean_nuts_code(self) -> str:
        code = self.cleaned_data["nuts_code"].strip().upper()
        if code and not code.isalnum():
            raise forms.ValidationError(_("A NUTS code has letters and digits only, for example SI041."))
        return code

    def declared_terms(self) -> list[str]:
        return [*self.cleaned_data["key_areas"], *self.cleaned_data["competences"]]


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        labels = {"message": _("A word to the administrators (optional)")}


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = ResearchProject
        fields = ["title", "acronym", "programme", "start_date", "end_date", "domain", "topics", "objective",
                  "outputs", "trl_start", "trl_end"]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "objective": forms.Textarea(attrs={"rows": 6}),
            "outputs": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        trl_start, trl_end = data.get("trl_start"), data.get("trl_end")
        if trl_start and trl_end and trl_end < trl_start:
            self.add_error("trl_end", _("The readiness level at the end cannot be lower than at the start."))
        return data


def find_organisation(text: str) -> Organisation | None:
    """The organisation typed by its name (as people write it) or by the address name in its page's URL."""
    text = text.strip()
    matches = list(Organisation.objects.filter(Q(slug=text) | Q(normalised_name=normalise_name(text)))[:2])
    exact = [organisation for organisation in matches if organisation.slug == text]
    if exact:
        return exact[0]
    if len(matches) > 1:
        raise forms.ValidationError(
            _("Several organisations are called “%(name)s”: type the address name from its page instead."),
            params={"name": text},
        )
    return matches[0] if matches else None


class PartnerForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_("Its name as listed among innovation actors, or the address name of its page."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Participation.Role.choices, initial=Participation.Role.PARTICIPANT
    )

    def clean_organisation(self):
        text = self.cleaned_data["organisation"]
        if not text.strip():
            return None
        organisation = find_organisation(text)
        if organisation is None:
            raise forms.ValidationError(
                _("No organisation called “%(name)s” is listed among innovation actors."), params={"name": text}
            )
        return organisation


class BaseConsortiumFormSet(forms.BaseFormSet):
    def __init__(self, *args, allowed_ids=None, kept_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_ids = allowed_ids  # None: whoever edits may leave any organisation out (platform admins)
        self.kept_ids = set(kept_ids)  # the consortium as saved: only an organisation's own admins take it out

    def clean(self):
        if any(self.errors):
            return
        consortium = self.consortium()
        ids = [organisation.pk for organisation, _role in consortium]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("Each organisation is listed once."))
        if not ids:
            raise forms.ValidationError(_("A project has at least one organisation."))
        if self.allowed_ids is not None and not set(ids) & set(self.allowed_ids):
            raise forms.ValidationError(_("Keep an organisation you administer in the consortium."))
        if self.allowed_ids is not None and self.kept_ids - set(ids) - set(self.allowed_ids):
            raise forms.ValidationError(
                _("Only its own administrators can take an organisation out of the consortium.")
            )
        coordinators = [role for _o, role in consortium if role == Participation.Role.COORDINATOR]
        if len(coordinators) > 1:
            raise forms.ValidationError(_("A project has one coordinator."))

    def consortium(self) -> list[tuple[Organisation, str]]:
        return [
            (form.cleaned_data["organisation"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        ]


ConsortiumFormSet = forms.formset_factory(
    PartnerForm, formset=BaseConsortiumFormSet, extra=3, can_delete=True, max_num=200, absolute_max=200
)


class PersonProfileForm(forms.ModelForm):
    competences = forms.MultipleChoiceField(
        label=_("Competences and skills"),
        choices=[(_("Key areas"), KeyArea.choices), (_("Competences"), Competence.choices)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Shown to others"),
        choices=PersonProfile.Field.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only when you are listed; your name is always shown on your listed profile."),
    )

    class Meta:
        model = PersonProfile
        fields = ["expertise", "competences", "keywords", "listed", "public_fields"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 6})}
