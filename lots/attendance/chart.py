"""The pupil's absence week by week as an SVG drawn on the server (`lots.core.charts`): stacked
bars of valid and invalid absence, the municipality's thresholds drawn across as dashed lines.
Only numbers and the interface's own words go into it; the page shows the same figures as a
table beside it, for screen readers and for print."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lots.attendance.warning import Week
from lots.core import charts


def draw(weeks: list[Week], thresholds) -> SafeString:
    """The chart: y from 0 to 100 % (or the highest week and threshold, a little above)."""
    top = max([float(w.total_percent) for w in weeks] + [float(thresholds.routine_percent), 10.0])
    top = min(100.0, (int(top / 10) + 1) * 10)
    week = _("w.")
    return charts.stacked_bars(
        _("Absence week by week this term, in per cent"),
        [f"{week} {w.monday.isocalendar()[1]}" for w in weeks],
        [
            charts.Series(_("Valid"), [float(w.valid_percent) for w in weeks]),
            charts.Series(_("Invalid"), [float(w.invalid_percent) for w in weeks]),
        ],
        ident="absence-chart",
        css_class="absence-chart",
        unit="%",
        ceiling=top,
        guides=[
            charts.Guide(float(thresholds.mentor_percent), _("mentor")),
            charts.Guide(float(thresholds.student_health_percent), _("student health")),
            charts.Guide(float(thresholds.routine_percent), _("routine")),
        ],
    )
