from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import RegionRole, StakeholderType
from synergy.core.forms import LocalDateTimeInput, https_by_default
from synergy.core.models import Region
from synergy.core.uploads import UploadValidator

from .models import (
    AgendaItem,
    Feedback,
    FollowUp,
    LearningObjective,
    MaterialVersion,
    Registration,
    Training,
    TrainingMaterial,
)

TIME_ZONES = sorted(zone for zone in available_timezones() if zone.startswith("Europe/"))
LOCAL_FIELDS = ["starts_at", "ends_at", "registration_deadline"]


class TrainingForm(forms.ModelForm):
    """Dates are typed as wall-clock times in the training's own time zone."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target stakeholder types"),
        choices=StakeholderType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[(zone, zone) for zone in TIME_ZONES])

    class Meta:
        model = Training
        formfield_callback = https_by_default
        fields = [
            "title", "description", "region", "organiser", "format", "venue", "webinar_url", "language",
            "time_zone", "starts_at", "ends_at", "registration_deadline", "capacity", "target_groups",
            "with_promotional_meeting", "materials",
        ]  # fmt: skip
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "registration_deadline": LocalDateTimeInput(),
            "materials": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                roles__user=user, roles__role=RegionRole.Role.COORDINATOR
            )
        self.fields["organiser"].queryset = self.fields["organiser"].queryset.order_by("name")
        if self.instance.pk:
            zone = ZoneInfo(self.instance.time_zone)
            for name in LOCAL_FIELDS:
                self.initial[name] = timezone.localtime(getattr(self.instance, name), zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = ZoneInfo(zone_name)
            for name in LOCAL_FIELDS:
                if isinstance(cleaned.get(name), datetime):
                    # The browser sent a wall-clock time; it belongs to the training's zone.
                    wall = timezone.localtime(cleaned[name]).replace(tzinfo=None)
                    cleaned[name] = wall.replace(tzinfo=zone)
        starts_at, ends_at, deadline = (cleaned.get(name) for name in LOCAL_FIELDS)
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The training must end after it starts."))
        if deadline and ends_at and deadline > ends_at:
            self.add_error("registration_deadline", _("Registration must close before the training ends."))
        if cleaned.get("format") in (Training.Format.ONLINE, Training.Format.HYBRID) and not cleaned.get("webinar_url"):
            self.add_error("webinar_url", _("Online and hybrid trainings need a webinar link."))
        if cleaned.get("format") in (Training.Format.IN_PERSON, Training.Format.HYBRID) and not cleaned.get("venue"):
            self.add_error("venue", _("In-person and hybrid trainings need a venue."))
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            confirmed = self.instance.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if capacity < confirmed:
                self.add_error(
                    "capacity",
                    _("%(count)s people already have a place; the capacity cannot be lower.") % {"count": confirmed},
                )
        return cleaned


ObjectiveFormSet = inlineformset_factory(
    Training,
    LearningObjective,
    fields=["position", "text"],
    extra=3,
    can_delete=True,
    widgets={"position": forms.NumberInput(attrs={"min": 0, "max": 99})},
)

AgendaFormSet = inlineformset_factory(
    Training,
    AgendaItem,
    fields=[
        "position",
        "starts_at",
        "title",
        "speaker_name",
        "speaker_affiliation",
        "speaker_is_external",
        "speaker_bio",
    ],
    extra=2,
    can_delete=True,
    widgets={
        "starts_at": forms.TimeInput(attrs={"type": "time"}),
        "speaker_bio": forms.Textarea(attrs={"rows": 3}),
        "position": forms.NumberInput(attrs={"min": 0, "max": 99}),
    },
)


class RegistrationForm(forms.Form):
    stakeholder_type = forms.ChoiceField(
        label=_("I take part as"), choices=[("", "—"), *StakeholderType.choices], required=False
    )
    share_contact = forms.BooleanField(
        label=_("Share my name and e-mail address with the organiser of this training."),
        required=False,
        help_text=_("Other participants never see them."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.stakeholder_type:
            del self.fields["stakeholder_type"]
        else:
            self.fields["stakeholder_type"].required = True


class WalkInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance report"),
        help_text=_("The CSV or text file that Zoom, Microsoft Teams, Webex or Google Meet exports."),
        validators=[UploadValidator(["csv"], max_bytes=5 * 1024 * 1024)],
    )
    minimum_minutes = forms.IntegerField(
        label=_("Minimum attended minutes"),
        min_value=0,
        max_value=24 * 60,
        initial=15,
        help_text=_("People who were there for less time are not counted as attendees."),
    )


class MappingForm(forms.Form):
    """Which column of the report holds what; the guesses come pre-selected."""

    LABELS = {
        "email": _("E-mail address"),
        "name": _("Name"),
        "duration": _("Time attended"),
        "join": _("Join time"),
        "leave": _("Leave time"),
    }

    minimum_minutes = AttendanceUploadForm.base_fields["minimum_minutes"]

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(index), header or f"#{index + 1}") for index, header in enumerate(headers)]]
        for name, label in self.LABELS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)

    def mapping(self) -> dict[str, int | None]:
        return {name: int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None for name in self.LABELS}


RATING_CHOICES = [(str(value), str(value)) for value in range(1, 6)]


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("Overall, how useful was the training? (1 = not at all, 5 = very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    intention = forms.ChoiceField(
        label=_("Do you intend to start an open-innovation initiative?"),
        choices=Feedback.Intention.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        for objective in self.objectives:
            self.fields[f"objective_{objective.pk}"] = forms.TypedChoiceField(
                label=objective.text, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
            )
        # Objectives first, in their order, then the general questions.
        order = [f"objective_{o.pk}" for o in self.objectives] + ["usefulness", "intention", "comment"]
        self.order_fields(order)

    def ratings(self) -> dict:
        return {objective: self.cleaned_data[f"objective_{objective.pk}"] for objective in self.objectives}


class MaterialForm(forms.ModelForm):
    class Meta:
        model = TrainingMaterial
        fields = ["title", "kind", "description"]


class MaterialVersionForm(forms.ModelForm):
    class Meta:
        model = MaterialVersion
        formfield_callback = https_by_default
        fields = ["language", "file", "url", "version"]

    def __init__(self, *args, material, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.material = material
        self.fields["language"].initial = ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url"):
            raise forms.ValidationError(_("Upload a file or give a link."))
        return cleaned


class TranslationRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    message = forms.CharField(label=_("Message to the coordinators (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, missing: list[tuple[str, str]], anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = missing
        if anonymous:
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail address"), help_text=_("So that the coordinators can tell you when it is ready.")
            )


class FollowUpForm(forms.ModelForm):
    trainings = forms.ModelMultipleChoiceField(
        label=_("Attendees of"), queryset=Training.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FollowUp
        formfield_callback = https_by_default
        fields = ["trainings", "subject", "body", "link"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        trainings = Training.objects.public().filter(registrations__attended_at__isnull=False).distinct()
        if not user.is_superuser:
            trainings = trainings.filter(region__roles__user=user, region__roles__role=RegionRole.Role.COORDINATOR)
        self.fields["trainings"].queryset = trainings.select_related("region").order_by("-starts_at")
