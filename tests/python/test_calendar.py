"""The production-calendar seed: official counts, and reproducible from its script."""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter

import pytest

from conftest import PROJECT

SEEDS = PROJECT / "seeds"


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_working_days_per_year_match_the_official_counts() -> None:
    counted = Counter(row["calendar_date"][:4] for row in _read("production_calendar.csv") if row["is_business_day"] == "true")
    official = {row["year"]: int(row["working_days"]) for row in _read("official_working_day_counts.csv")}
    assert dict(counted) == official
    assert official["2024"] == 248 and official["2025"] == 247


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("2024-04-27", "working_weekend"),     # Saturday worked for 29 April
        ("2024-04-29", "transferred_day_off"),
        ("2024-12-28", "working_weekend"),     # Saturday before the New Year break
        ("2025-11-01", "working_weekend"),
        ("2025-05-08", "transferred_day_off"),  # moved from 23 February
        ("2026-01-09", "transferred_day_off"),
        ("2026-12-31", "transferred_day_off"),
        ("2025-06-12", "holiday"),
        ("2025-06-14", "weekend"),
        ("2025-06-16", "workday"),
    ],
)
def test_transfers_and_holidays(day: str, kind: str) -> None:
    rows = {row["calendar_date"]: row for row in _read("production_calendar.csv")}
    assert rows[day]["day_kind"] == kind
    assert rows[day]["is_business_day"] == ("true" if kind in ("workday", "working_weekend") else "false")


def test_the_seed_is_what_the_script_generates() -> None:
    if importlib.util.find_spec("holidays") is None:
        pytest.skip("the holidays package (dev dependency) is not installed")
    spec = importlib.util.spec_from_file_location("gen", PROJECT / "scripts" / "generate_production_calendar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.calendar_rows(module.FIRST_YEAR, module.LAST_YEAR)
    assert generated == _read("production_calendar.csv")
