"""One format for dates and one for times in each language (lots/core/formats/), and no page with its own."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format

PAGE = Template('{{ day|date }} · {{ moment|date:"DATETIME_FORMAT" }} · {{ moment|time }} · {{ day }} · {{ moment }}')
MOMENT = dt.datetime(2026, 11, 21, 13, 0, tzinfo=dt.UTC)  # 14:00 in Stockholm


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "2026-11-21 · 2026-11-21 14:00 · 14:00 · 2026-11-21 · 2026-11-21 14:00"),
        ("en", "21 Nov 2026 · 21 Nov 2026, 14:00 · 14:00 · 21 Nov 2026 · 21 Nov 2026, 14:00"),
    ],
)
def test_dates_and_times_read_one_way_in_each_language(language, expected):
    with translation.override(language), timezone.override("Europe/Stockholm"):
        assert PAGE.render(Context({"day": dt.date(2026, 11, 21), "moment": MOMENT})) == expected
        assert date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT") == expected.split(" · ")[1]


def test_no_template_writes_dates_its_own_way():
    """`|date` and `|time` take the language's formats; a literal format would be a second one
    (`l` adds the weekday, `c` is the machine-readable value of a <time datetime>)."""
    allowed = {"DATETIME_FORMAT", "DATE_FORMAT", "TIME_FORMAT", "SHORT_DATE_FORMAT", "l", "c"}
    own = []
    for path in Path(settings.BASE_DIR, "lots").rglob("templates/**/*.html"):
        for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", path.read_text()):
            if fmt not in allowed and not (path.match("audit/_entries.html") and fmt == "Y-m-d H:i:s"):
                own.append(f"{path.name}: {fmt}")
    assert not own
