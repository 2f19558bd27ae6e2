"""Write seeds/production_calendar.csv: the Russian production calendar, 2015-2027.

Source: the fixed public holidays of the Labour Code (art. 112) and the
government's yearly decrees on transfers of days off, as encoded with their
decree references in the `holidays` package (holidays/countries/russia.py). A
"day off substituted from D" entry moves the day off from D, so a weekend D that
is not itself a holiday becomes a working Saturday or Sunday.

Run: .venv/bin/python scripts/generate_production_calendar.py
The dbt test `assert_calendar_matches_official_working_day_counts` and the
pytest suite check the result against the official yearly working-day counts.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays

FIRST_YEAR, LAST_YEAR = 2015, 2027
TARGET = Path(__file__).resolve().parent.parent / "seeds" / "production_calendar.csv"
_SUBSTITUTED_FROM = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


def calendar_rows(first_year: int, last_year: int) -> list[dict[str, str]]:
    days_off = holidays.country_holidays("RU", years=range(first_year, last_year + 1), language="ru")
    moved_from = {
        date(int(m[3]), int(m[2]), int(m[1]))
        for name in days_off.values()
        for m in _SUBSTITUTED_FROM.finditer(name)
    }
    rows = []
    day = date(first_year, 1, 1)
    while day.year <= last_year:
        is_weekend = day.weekday() >= 5
        if day in days_off:
            kind = "transferred_day_off" if _SUBSTITUTED_FROM.search(days_off[day]) else "holiday"
            note = days_off[day]
        elif is_weekend and day in moved_from:
            kind, note = "working_weekend", "рабочий день (перенос выходного)"
        else:
            kind, note = ("weekend", "") if is_weekend else ("workday", "")
        rows.append({
            "calendar_date": day.isoformat(),
            "is_business_day": "true" if kind in ("workday", "working_weekend") else "false",
            "day_kind": kind,
            "note": note,
        })
        day += timedelta(days=1)
    return rows


def main() -> int:
    rows = calendar_rows(FIRST_YEAR, LAST_YEAR)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} days to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
