"""The front page, the start page "Att göra" per role, and choosing a child by search, in the
browser with axe (every page reached through `ui` is checked)."""

import pytest
from playwright.sync_api import expect

_LAST_PUPIL = """
SELECT c.first_name, c.last_name FROM people_child c
JOIN access_assignment a ON a.child_id = c.id JOIN organisations_user u ON u.id = a.user_id
WHERE u.username = 'mentor.asen' AND a.ends_at IS NULL
ORDER BY c.last_name DESC, c.first_name DESC LIMIT 1
"""


def test_the_front_page_leads_the_public_to_the_catalogue_and_staff_to_sign_in(ui):
    ui.goto("/")
    assert "Logga in som personal" in ui.text() and "Logga in i familjevyn" in ui.text()
    ui.fill("Vad behöver ni hjälp med?", "föräldrastöd")
    ui.press("Sök")
    assert "/insatser/" in ui.page.url


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("mentor.asen", "Försenat"),
        ("rektor.asen", "Uppföljningen"),
        ("mottagning", "Mottagningens kö"),
        ("bup", "Snart"),
        ("styrgrupp", "Uppföljningen"),
        ("familjelots", "Nytt"),
    ],
)
def test_each_role_lands_on_its_start_page(ui, username, expected):
    ui.sign_in(username)
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Att göra"
    assert expected in ui.text()
    ui.goto("/")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Att göra"


def test_the_mentor_finds_the_last_of_the_pupils_by_search(ui, database):
    first_name, last_name = database.execute(_LAST_PUPIL).fetchone()
    ui.sign_in("mentor.asen")
    ui.goto("/ingang/orosanmalan/ny/")
    ui.fill("Barnets namn eller personnummer", last_name)
    ui.page.get_by_role("button", name="Sök barnet").click()  # htmx: the chooser in place
    expect(ui.page.get_by_label(f"{last_name}, {first_name}")).to_be_visible()
    ui.page.get_by_label(f"{last_name}, {first_name}").check()
    ui.assert_accessible()
