"""Lots's own date and time formats (FORMAT_MODULE_PATH): one for dates and one for times in each
language, used by every page, PDF and message (`|date`, `|time`, `date_format`). Swedish writes
dates the Swedish standard way (SS-ISO 8601: 2026-11-21) and times 13:00; English writes 21 Nov 2026
and 13:00. Input formats come from Django's own locales."""
