"""Date and time formats per language, the same on every page: Django's defaults mix
"12/25/2026 9 a.m." with "Dec. 25, 2026" in English. The campus is in Brussels, so both
languages use the 24-hour clock and day-month-year order."""
