"""The SWOT analysis and lessons learnt: a version per save, a history with readable differences,
and hostile text kept as typed and shown escaped."""

import pytest
from django.urls import reverse

from synergy.networks import services
from synergy.networks.history import word_diff
from synergy.networks.models import Revision

from ..hostile import LONG, NUL, SCRIPT, STORABLE

pytestmark = pytest.mark.django_db


def _save(client, network, **texts):
    return client.post(reverse("networks:analysis", args=[network.slug]), texts)


def test_each_save_keeps_a_version_with_its_author(network, org_admin, login):
    client = login(org_admin)
    _save(client, network, strengths="Fast printers", note="first")
    _save(client, network, strengths="Fast and precise printers", lessons="Meet monthly")
    network.refresh_from_db()
    assert network.strengths == "Fast and precise printers" and network.lessons == "Meet monthly"
    versions = list(network.revisions.all())
    assert [v.strengths for v in versions] == ["Fast and precise printers", "Fast printers"]
    assert versions[1].note == "first" and {v.author for v in versions} == {org_admin}


def test_saving_the_same_text_keeps_no_new_version(network, org_admin, login):
    client = login(org_admin)
    _save(client, network, strengths="Same")
    response = _save(client, network, strengths="Same")
    assert response.status_code == 302
    assert Revision.objects.count() == 1


def test_history_shows_who_changed_what(network, org_admin, coordinator, login):
    services.save_analysis(network, by=org_admin, strengths="We print metal parts")
    services.save_analysis(network, by=coordinator, strengths="We print polymer parts", threats=SCRIPT)
    html = login(coordinator).get(reverse("networks:history", args=[network.slug])).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>metal</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>polymer</ins>' in html
    assert org_admin.display_name.replace("<", "&lt;").replace(">", "&gt;") in html
    assert SCRIPT not in html and "&lt;script&gt;" in html


def test_history_compares_the_oldest_version_of_a_page_with_the_one_before(network, org_admin, login):
    for number in range(12):
        services.save_analysis(network, by=org_admin, lessons=f"Lesson {number}")
    html = login(org_admin).get(reverse("networks:history", args=[network.slug])).content.decode()
    # Version 2 (the oldest on the first page of ten) is compared with version 1, not with nothing.
    assert "removed: </span>1</del>" in html and "added: </span>2</ins>" in html
    second_page = login(org_admin).get(reverse("networks:history", args=[network.slug]), {"page": 2}).content.decode()
    assert "added: </span>Lesson 0</ins>" in second_page


@pytest.mark.parametrize("text", [*STORABLE, LONG])
def test_hostile_text_is_kept_as_typed_and_shown_escaped(network, org_admin, login, text):
    client = login(org_admin)
    assert _save(client, network, strengths=text, lessons=text).status_code == 302
    network.refresh_from_db()
    assert network.strengths == text and network.revisions.get().lessons == text
    page = client.get(network.get_absolute_url()).content.decode()
    assert SCRIPT not in page
    assert client.get(reverse("networks:history", args=[network.slug])).status_code == 200


def test_a_null_character_is_refused_with_a_message(network, org_admin, login):
    response = _save(login(org_admin), network, strengths=NUL)
    assert response.status_code == 200 and "Null characters are not allowed" in response.content.decode()
    assert not Revision.objects.exists()


def test_word_diff_keeps_spacing_and_order():
    segments = [(s.kind, s.text) for s in word_diff("a b\nc", "a x\nc d")]
    assert segments == [("same", "a "), ("removed", "b"), ("added", "x"), ("same", "\nc"), ("added", " d")]
    assert "".join(s.text for s in word_diff("one two", "one three") if s.kind != "removed") == "one three"


def test_personal_data_lists_the_versions_saved_and_erasing_forgets_the_author(network, org_admin):
    services.save_analysis(network, by=org_admin, lessons="Meet often", note="after the fair")
    assert services.authorship_data(org_admin)[0]["note"] == "after the fair"
    services.erase_authorship(org_admin)
    assert network.revisions.get().author is None and network.revisions.get().lessons == "Meet often"
