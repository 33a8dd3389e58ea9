"""Signed tokens that stand for a person where no session exists: calendar feeds, unsubscribe links.

Each use has its own salt, so a token made for one purpose opens nothing else. A token
stays valid until ``SECRET_KEY`` changes (per-person rotation is a known follow-up).
"""

from django.core import signing

from .models import User


def user_token(user: User, *, salt: str) -> str:
    return signing.dumps(user.pk, salt=salt)


def user_for_token(token: str, *, salt: str) -> User | None:
    """The active person the token was made for, or None for a forged or foreign token."""
    try:
        user_id = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()
