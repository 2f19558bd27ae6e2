"""How values look on every page: one colour per verdict, severity and state, Russian
labels, and number and date formats."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from consentmart import labels

SEVERITY_COLOURS = {"critical": "#b71c1c", "high": "#ef6c00", "medium": "#f9a825", "low": "#78909c"}
VERDICT_COLOURS = {"covered": "#2e7d32", "not_required": "#90a4ae", "covered_unproven": "#f9a825",
                   "expired": "#ef6c00", "refused": "#c62828", "no_consent": "#ad1457",
                   "unknown_recipient": "#6a1b9a"}
END_REASON_COLOURS = {"open": "#2e7d32", "expired": "#9e9e9e", "revoked": "#c62828", "denied": "#ad1457"}
CLEARANCE_COLOURS = {"cleared": "#2e7d32", "still_listed": "#c62828", "no_list_since": "#ef6c00"}
MISMATCH_COLOURS = {"listed_not_allowed": "#c62828", "allowed_not_listed": "#1565c0", "pending": "#9e9e9e"}
# marker symbols of the consent timeline
EVENT_SYMBOLS = {"grant": "triangle-up", "revoke": "x", "deny": "square"}
EVENT_LABELS = {"grant": "Событие: согласие", "revoke": "Событие: отзыв", "deny": "Событие: отказ"}

DATE = "DD.MM.YYYY"
MOMENT = "DD.MM.YYYY HH:mm"


def colour_map(vocabulary: dict[str, str], colours: dict[str, str]) -> dict[str, str]:
    """Colours keyed by the Russian labels the charts show."""
    return {labels.label(vocabulary, value): colour for value, colour in colours.items()}


def relabel(frame: pd.DataFrame, **vocabularies: dict[str, str]) -> pd.DataFrame:
    """A copy with the named columns' values replaced by their Russian labels."""
    shown = frame.copy()
    for column, vocabulary in vocabularies.items():
        shown[column] = shown[column].map(lambda value, v=vocabulary: labels.label(v, value) if pd.notna(value)
                                          else "—")
    return shown


def number(value: int | float | None) -> str:
    """12 345 (a narrow no-break space between thousands, as Russian text sets it)."""
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}".replace(",", "\u202f")


def roubles(value: int | float | None) -> str:
    return f"{number(value)} ₽"


def roubles_range(low: int | float, high: int | float) -> str:
    """A fine range short enough for a metric: "1,5–8,0 млн ₽"."""
    if max(low, high) >= 1_000_000:
        return f"{low / 1e6:.1f}–{high / 1e6:.1f} млн ₽".replace(".", ",")
    return f"{number(low)}–{number(high)} ₽"


def moment(value: datetime | pd.Timestamp | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return pd.Timestamp(value).tz_convert(labels.MOSCOW_TZ).strftime("%d.%m.%Y %H:%M")


def day(value: date | datetime | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return pd.Timestamp(value).strftime("%d.%m.%Y")


def plain(text: str | None) -> str:
    """Data shown inside Markdown: asterisks of masked passports are not emphasis."""
    return "—" if text is None or pd.isna(text) else str(text).replace("*", "\\*").replace("_", "\\_")


def empty(what: str) -> None:
    """An empty state that says what is missing, instead of an empty chart."""
    st.info(what, icon=":material/info:")


def moment_column(title: str) -> st.column_config.DatetimeColumn:
    return st.column_config.DatetimeColumn(title, format=MOMENT, timezone=labels.MOSCOW_TZ)


def date_column(title: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(title, format=DATE)
