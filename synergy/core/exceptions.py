"""Exceptions the apps share."""


class Refused(Exception):
    """An action the rules refuse; the message is shown to the person.

    Views catch it where they can put the message next to the form. Anywhere else,
    ``synergy.core.middleware.RefusedMiddleware`` shows it and sends the person back, so a
    refused action is never a server error.
    """
