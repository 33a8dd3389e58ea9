"""Trainings as iCalendar (.ics): one event, a region's feed, a member's own feed.

icalendar is imported where a document is built: a worker that never serves a calendar does not
hold it in memory (about 2 MB).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from .models import Training

if TYPE_CHECKING:
    from icalendar import Event


def _event(training: Training, *, with_link: bool) -> "Event":
    from icalendar import Event

    event = Event()
    event.add("uid", f"training-{training.pk}@synergy")
    event.add("dtstamp", training.published_at or training.created_at)
    event.add("dtstart", training.starts_at)
    event.add("dtend", training.ends_at)
    event.add("summary", training.title)
    event.add("url", settings.SITE_URL + training.get_absolute_url())
    if training.venue:
        event.add("location", training.venue)
    elif with_link and training.webinar_url:
        event.add("location", training.webinar_url)
    description = settings.SITE_URL + training.get_absolute_url()
    if with_link and training.webinar_url:
        description = f"{training.webinar_url}\n\n{description}"
    event.add("description", description)
    event.add("status", "CANCELLED" if training.status == Training.Status.CANCELLED else "CONFIRMED")
    return event


def calendar(trainings: Iterable[Training], *, name: str, with_links: bool = False) -> bytes:
    """An .ics document; webinar links only when every reader may see them."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Synergy//Regional trainings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for training in trainings:
        cal.add_component(_event(training, with_link=with_links))
    return cal.to_ical()
