"""The pupil's absence week by week as an SVG drawn on the server: stacked bars of valid and
invalid absence, the municipality's thresholds drawn across as lines. Only numbers and the
interface's own words go into it (escaped all the same); the page shows the same figures as a
table beside it, for screen readers and for print."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lots.attendance.warning import Week

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36
VALID, INVALID, LINE = "#2b6cb0", "#9b2c2c", "#1a202c"


def n(value: float) -> str:
    """A coordinate as SVG writes it: one decimal (format_html escapes its arguments to text)."""
    return f"{value:.1f}"


def draw(weeks: list[Week], thresholds) -> SafeString:
    """The chart: y from 0 to 100 % (or the highest week and threshold, a little above)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([float(w.total_percent) for w in weeks] + [float(thresholds.routine_percent), 10.0])
    top = min(100.0, (int(top / 10) + 1) * 10)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="absence-chart-title" class="absence-chart">',
            WIDTH,
            HEIGHT,
        ),
        format_html('<title id="absence-chart-title">{}</title>', _("Absence week by week this term, in per cent")),
    ]
    for tick in range(0, int(top) + 1, 10 if top <= 50 else 20):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#cbd5e0" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#2d3748">{} %</text>',
                LEFT,
                WIDTH - RIGHT,
                n(y(tick)),
                n(y(tick)),
                LEFT - 6,
                n(y(tick) + 4),
                tick,
            )
        )
    step = plot_w / max(len(weeks), 1)
    bar = max(min(step * 0.7, 36), 2)
    for index, week in enumerate(weeks):
        x = LEFT + index * step + (step - bar) / 2
        valid, invalid = float(week.valid_percent), float(week.invalid_percent)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                n(x),
                n(y(valid)),
                n(bar),
                n(TOP + plot_h - y(valid)),
                VALID,
                n(x),
                n(y(valid + invalid)),
                n(bar),
                n(y(valid) - y(valid + invalid)),
                INVALID,
            )
        )
        if len(weeks) <= 12 or index % 2 == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#2d3748">{} {}</text>',
                    n(x + bar / 2),
                    HEIGHT - BOTTOM + 16,
                    _("w."),
                    week.monday.isocalendar()[1],
                )
            )
    for value, label in (
        (thresholds.mentor_percent, _("mentor")),
        (thresholds.student_health_percent, _("student health")),
        (thresholds.routine_percent, _("routine")),
    ):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{} {} %</text>',
                LEFT,
                WIDTH - RIGHT,
                n(y(value)),
                n(y(value)),
                LINE,
                WIDTH - RIGHT - 2,
                n(y(value) - 3),
                LINE,
                label,
                value,
            )
        )
    parts.append(format_html("</{}>", "svg"))
    return format_html_join("", "{}", ((part,) for part in parts))
