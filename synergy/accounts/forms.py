from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from synergy.core.models import Region

from .models import StakeholderType, User
from .services import record_consents


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls ``signup`` once the user exists."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        help_text=_("How others on Synergy see you. Your e-mail address is never shown."),
    )
    stakeholder_type = forms.ChoiceField(label=_("I take part as"), choices=[("", "—"), *StakeholderType.choices])
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice."),
        error_messages={"required": _("You need to accept the terms of use to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our own translated string with two links; Django shows form help text unescaped.
        self.fields["accept_terms"].help_text = mark_safe(  # noqa: S308  # nosec B308 B703 - no user input in it
            _('Read the <a href="%(terms)s">terms of use</a> and the <a href="%(privacy)s">privacy notice</a>.')
            % {"terms": reverse("core:terms"), "privacy": reverse("core:privacy")}
        )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.stakeholder_type = self.cleaned_data["stakeholder_type"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.save(update_fields=["display_name", "stakeholder_type", "preferred_language"])
        record_consents(user)

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"])


def _clean_display_name(value: str) -> str:
    value = value.strip()
    if not value:
        raise forms.ValidationError(_("Please enter a name."))
    return value


class ProfileForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False, empty_label="—")

    class Meta:
        model = User
        fields = ["display_name", "stakeholder_type", "country", "region", "preferred_language", "email_frequency"]
        help_texts = {
            "email_frequency": _("How you receive notifications by e-mail. In-app notifications are always kept."),
        }

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(render_value=False))

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password
