from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "synergy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_init, post_save

        from synergy.core import caching
        from synergy.core.permissions import roles_changed

        from . import personal_data, services
        from .models import RegionRole, User

        personal_data.register("account", services.account_data, services.anonymise_account)
        for signal in (post_save, post_delete):  # what a person object remembers of its roles
            signal.connect(roles_changed, sender=RegionRole, dispatch_uid=f"roles-regionrole-{signal}")
        caching.watch("roles", RegionRole)  # a person's own pages list what their roles let them do
        post_init.connect(remember_shown, sender=User, dispatch_uid="person-shown-loaded")
        post_save.connect(person_saved, sender=User, dispatch_uid="person-changed-saved")
        post_delete.connect(person_deleted, sender=User, dispatch_uid="person-changed-deleted")


# What pages may show of a person (a supporter's or juror's name): a change to it, an erasure
# or a deletion shows at once in every cached fragment. Signing in, a new password or a saved
# preference changes none of it, and moves nothing.
SHOWN_FIELDS = ("display_name", "email", "is_active", "anonymised_at")


def _shown(user) -> tuple:
    return tuple(user.__dict__.get(name) for name in SHOWN_FIELDS)


def remember_shown(sender, instance, **kwargs) -> None:
    instance._shown_as_loaded = _shown(instance)


def person_saved(sender, instance, created=False, **kwargs) -> None:
    shown, before = _shown(instance), instance._shown_as_loaded
    instance._shown_as_loaded = shown
    if not created and shown != before:
        _move_every_part()


def person_deleted(sender, instance, **kwargs) -> None:
    _move_every_part()


def _move_every_part() -> None:
    from synergy.core import caching

    for part in caching.every_part().split():
        caching.bump(part)
