"""A step's name in English: given by the editor, kept in the next draft, shown to those who read
Lots in English (the checklist, the journey, the flowchart), the Swedish title to the others."""

import pytest
from django.conf import settings
from django.urls import reverse

from lots.routines.services import journeys, versions

pytestmark = pytest.mark.django_db


def test_the_editor_names_a_step_in_english_and_english_readers_see_it(world, signed_in, absence):
    client = signed_in(world.rita)
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    first = draft.steps.order_by("order").first()
    url = reverse("routines:step_edit", args=[draft.pk, first.pk])
    form = client.get(url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "title_en": "Call the <home>"}
    data["interventions"] = []
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.title_en == "Call the <home>"
    versions.publish(actor=world.actor(world.rita), version=draft)
    draft.refresh_from_db()
    assert (
        versions.draft_version(actor=world.actor(world.rita), routine=absence.routine).steps.get(key=first.key).title_en
        == "Call the <home>"
    ), "a new draft keeps it"

    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=draft)
    kim = signed_in(world.kim)
    swedish = kim.get(reverse("routines:journey", args=[journey.pk])).content.decode()
    assert first.title in swedish and "Call the" not in swedish
    kim.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = kim.get(reverse("routines:journey", args=[journey.pk])).content.decode()
    assert "Call the &lt;home&gt;" in english
    assert english.count("Call the &lt;home&gt;") >= 2, "in the checklist and in the flowchart"
    version_page = kim.get(reverse("routines:version", args=[draft.pk])).content.decode()
    assert "Call the &lt;home&gt;" in version_page
