from django import forms
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import StakeholderType
from synergy.actors.models import Organisation
from synergy.actors.rules import administered_organisation_ids
from synergy.core.forms import https_by_default
from synergy.core.models import Region
from synergy.core.taxonomy import keyword_list
from synergy.strategy.models import Action
from synergy.trainings.models import Training

from .models import TOPIC_CHOICES, Attachment, Entry, Link
from .services import REASON_MAX_LENGTH


class KeywordsField(forms.CharField):
    """Free topics typed as a comma-separated list, stored as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return keyword_list(super().to_python(value) or "")


def _training_label(training) -> str:
    return f"{training.title} ({training.region}, {training.starts_at:%Y-%m-%d})"


class EntryForm(forms.ModelForm):
    """The entry in English, the language every entry has; other languages have a page of their own."""

    title_en = forms.CharField(label=_("Title"), max_length=300)
    summary_en = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences, shown in lists."),
    )  # fmt: skip
    body_en = forms.CharField(
        label=_("Text"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown is supported: **bold**, lists, links, headings with ##."),
    )  # fmt: skip
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    keywords = KeywordsField(
        label=_("Other topics"), max_length=500, required=False,
        help_text=_("Free words, separated by commas, for what the topics above do not name."),
    )  # fmt: skip
    stakeholder_types = forms.MultipleChoiceField(
        label=_("For whom"), choices=StakeholderType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    related_trainings = forms.ModelMultipleChoiceField(
        label=_("Related trainings"), queryset=Training.objects.none(), required=False,
        help_text=_("Trainings that present this entry; it is listed on their pages."),
    )  # fmt: skip

    related_actions = forms.ModelMultipleChoiceField(
        label=_("Related strategy actions"), queryset=Action.objects.none(), required=False,
        help_text=_("Actions of the crowd-innovation strategy this entry shows at work; it is listed on their pages."),
    )  # fmt: skip

    class Meta:
        model = Entry
        fields = ["kind", "title_en", "summary_en", "body_en", "region", "organisation", "topics", "keywords",
                  "stakeholder_types", "related_trainings", "related_actions"]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        organisations = Organisation.objects.order_by("name")
        if not user.is_superuser:  # one's own organisations, and the one the entry already names
            own = {*administered_organisation_ids(user), self.instance.organisation_id}
            organisations = organisations.filter(pk__in=own - {None})
        self.fields["organisation"].queryset = organisations
        trainings = Training.objects.public().select_related("region").order_by("-starts_at", "-id")
        self.fields["related_trainings"].queryset = trainings
        self.fields["related_trainings"].label_from_instance = _training_label
        self.fields["related_actions"].queryset = Action.objects.filter(strategy__published=True).order_by(
            "strategy", "position", "code"
        )
        self.user = user

    def clean_organisation(self):
        """Whoever is not a coordinator or platform admin writes for an organisation they administer."""
        organisation = self.cleaned_data.get("organisation")
        if organisation is None and not self.user.has_perm("library.publish_entry", self._as_entry()):
            raise forms.ValidationError(
                _("Choose the organisation you write this entry for, or a region you coordinate.")
            )
        return organisation

    def _as_entry(self) -> Entry:
        return Entry(region=self.cleaned_data.get("region"))


class LanguageVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"), max_length=50_000, required=False, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Leave the text empty to remove this language version: readers then see the English text."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body") and not cleaned.get("title"):
            self.add_error("title", _("A language version needs a title."))
        if cleaned.get("title") and not cleaned.get("body"):
            self.add_error("body", _("A language version needs its text; without it readers see the English one."))
        return cleaned


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "language"]


class LinkForm(forms.ModelForm):
    class Meta:
        model = Link
        fields = ["label", "url"]
        formfield_callback = https_by_default


class ReturnForm(forms.Form):
    """Why an entry goes back to draft: its author is told, its editors read it on its page."""

    reason = forms.CharField(
        label=_("Why it goes back to draft"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words for the author: what to change, or why it leaves the library."),
    )  # fmt: skip
