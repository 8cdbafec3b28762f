"""Every form keeps what was typed and says at the top what to correct.

One test over every page of the access matrix (so over every URL of Lots): each page is opened
as a viewer who may see it, and each form on it that posts back to the page is sent with input
that cannot pass (a marker in every text field, a choice that does not exist, a date that is not
a date). The answer must be the form again, not a redirect; with the error summary at the top
("Det finns fel i formuläret", role="alert", focused by lots.js) holding a link to the field of
every field error; and with every marker still in its field.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.urls import reverse

from tests.access_matrix.rows import VIEWERS
from tests.access_matrix.test_matrix import MATRIX, fixtures  # noqa: F401 (the fixture)

#: Text input whose value the form must show again after an error.
KEPT = {"text", "search", "email", "tel", "url", None}
#: Forms that no marker makes invalid, their fields taking any text: "url name#form" -> why.
NOTHING_TO_GET_WRONG = {
    "access:consent#3": "withdrawing a consent takes any name of who withdrew it",
    "plans:request#1": "the reason for a request is any text",
    "routines:edit#1": "a version's summary and changes are any text",
    "people:search#1": "a search takes any words (and finds no one)",
}


class _Forms(HTMLParser):
    """The POST forms of a page, each with its fields: (tag, type, name, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            self._form["fields"].append(
                {"tag": "input", "type": a.get("type"), "name": a["name"], "value": a.get("value")}
            )
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append({"tag": "textarea", "type": None, "name": a["name"], "value": ""})
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "type": "select", "name": a["name"], "value": None}
            self._form["fields"].append(self._select)
        elif (
            tag == "button" and (a.get("type") or "submit") == "submit" and a.get("name") and "formnovalidate" not in a
        ):
            # A button that sends without validating (the child chooser's search) is not the form's submit.
            self._form["buttons"].append((a["name"], a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _invalid(form: dict, n: int) -> tuple[dict, list[str]]:
    """Data that no form can accept, and the markers that must come back."""
    data: dict[str, str] = {}
    markers = []
    for field in form["fields"]:
        kind, name = field["type"], field["name"]
        if kind == "hidden":
            data[name] = field["value"] or ""
        elif kind in ("checkbox", "radio", "file", "submit"):
            continue
        elif kind == "select":
            data[name] = "-404"
        elif kind == "password":
            data[name] = "fel"
        elif field["tag"] == "textarea" or kind in KEPT:
            marker = f"kvar{n}x{len(markers)}@"
            data[name] = marker
            markers.append(marker)
        else:  # date, number, time: not a date, not a number
            data[name] = "kvar"
    if form["buttons"]:
        data.setdefault(*form["buttons"][0])
    return data, markers


def _pages(world, made):
    for name, row in sorted(MATRIX.items()):
        viewers = [v for v in VIEWERS if v in row.allowed and not v.endswith("!")]
        if row.method == "get" and viewers:
            yield name, getattr(world, viewers[0]), reverse(name, args=row.args(world, made))
    yield "login", None, reverse("login")


def test_every_form_keeps_its_input_and_sums_up_its_errors(world, fixtures, client):  # noqa: F811
    checked, problems = [], []
    for name, user, url in _pages(world, fixtures):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for n, form in enumerate(parser.forms):
            if form["action"] not in ("", url) or f"{name}#{n}" in NOTHING_TO_GET_WRONG:
                continue
            data, markers = _invalid(form, len(checked))
            if not markers and not any(
                f["type"] == "select" or f["type"] not in KEPT | {"hidden"} for f in form["fields"]
            ):
                continue  # only buttons and hidden fields: nothing to type
            checked.append(f"{name}#{n}")
            answer = client.post(url, data)
            body = answer.content.decode()
            if answer.status_code not in (200, 400):
                problems.append(f"{name}#{n}: {answer.status_code} for invalid input {data}")
                continue
            summary = re.search(
                r'<div class="error-summary" role="alert" tabindex="-1" data-error-summary.*?</div>', body, re.S
            )
            if not summary:
                problems.append(f"{name}#{n}: no error summary")
                continue
            if "<li>" not in summary.group(0):
                problems.append(f"{name}#{n}: an empty error summary")
            for target in re.findall(r'href="#([^"]+)"', summary.group(0)):
                if f'id="{target}"' not in body:
                    problems.append(f"{name}#{n}: the summary links to #{target}, which is not on the page")
            problems += [f"{name}#{n}: lost what was typed ({m})" for m in markers if m not in body]
    assert not problems, "\n".join(problems)
    assert len(checked) >= 40, checked
