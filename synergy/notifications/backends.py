from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    """Django's mail layer ends here: every message is stored, then delivered by a task."""

    def send_messages(self, email_messages) -> int:
        from .services import store_in_outbox

        for message in email_messages:
            store_in_outbox(message)
        return len(email_messages)
