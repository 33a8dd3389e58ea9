from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "synergy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import personal_data, services
        from .models import User

        personal_data.register("account", services.account_data, services.anonymise_account)
        post_save.connect(person_changed, sender=User, dispatch_uid="person-changed-saved")
        post_delete.connect(person_changed, sender=User, dispatch_uid="person-changed-deleted")


# What pages may show of a person (a supporter's or juror's name): a change to it, an erasure
# or a deletion shows at once in every cached fragment. Signing in saves only ``last_login``.
SHOWN_FIELDS = {"display_name", "email", "is_active", "anonymised_at"}


def person_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    from synergy.core import caching

    if created or (update_fields is not None and not SHOWN_FIELDS & set(update_fields)):
        return
    for part in caching.every_part().split():
        caching.bump(part)
