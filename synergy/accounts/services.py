"""Writes to accounts: consent, language, export and deletion of a person's data."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import personal_data
from .models import Consent, User

logger = logging.getLogger(__name__)


def record_consents(user: User) -> None:
    """Record that ``user`` accepted the current terms and privacy notice, now."""
    now = timezone.now()
    for document, version in (
        (Consent.Document.TERMS, settings.TERMS_VERSION),
        (Consent.Document.PRIVACY, settings.PRIVACY_VERSION),
    ):
        Consent.objects.get_or_create(user=user, document=document, version=version, defaults={"accepted_at": now})


def set_preferred_language(user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def export_personal_data(user: User) -> dict:
    """Everything the platform holds about ``user``, one section per app."""
    return {
        "exported_at": timezone.now().isoformat(),
        "sections": {section.name: section.export(user) for section in personal_data.sections()},
    }


@transaction.atomic
def delete_account(user: User) -> None:
    """Anonymise the account: contributions stay, attributed to "Deleted user".

    Every app's erase function runs in this one transaction, so a failure leaves the
    account as it was.
    """
    user_id = user.pk
    # Reverse order of registration: the accounts section, registered first, runs last,
    # so the other apps still see the person's e-mail address while they erase.
    for section in reversed(personal_data.sections()):
        if section.erase:
            section.erase(user)
    logger.info("account %s deleted and anonymised", user_id)


def account_data(user: User) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "display_name": user.display_name,
        "stakeholder_type": user.stakeholder_type,
        "country": user.country,
        "region": user.region.nuts_code if user.region else None,
        "preferred_language": user.preferred_language,
        "email_frequency": user.email_frequency,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "consents": [
            {"document": c.document, "version": c.version, "accepted_at": c.accepted_at.isoformat()}
            for c in user.consents.all()
        ],
        "region_roles": [
            {"region": r.region.nuts_code, "role": r.role, "granted_at": r.granted_at.isoformat()}
            for r in user.region_roles.select_related("region")
        ],
        "two_factor_enabled": user.authenticator_set.exists(),
    }


def anonymise_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.region_roles.all().delete()
    user.email = f"deleted-{user.pk}@invalid.invalid"
    user.display_name = ""
    user.stakeholder_type = ""
    user.country = ""
    user.region = None
    user.preferred_language = ""
    user.email_frequency = "off"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
