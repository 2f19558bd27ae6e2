"""What each story piece intends, recorded as it is built: per customer, purpose and
channel, the status from each moment on. A piece states the outcome of its own
steps ("this grant makes e-mail active until 2030, evidence ok"; "this refusal
ends it"); nothing here re-derives statuses from the raw rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Verdicts from worst to best (semantics.md > Communications).
VERDICT_ORDER = ("refused", "expired", "no_consent", "covered_unproven", "covered")


@dataclass(frozen=True)
class Segment:
    since: datetime
    status: str                     # active, denied, revoked, expired
    learned_at: datetime            # when the company could know of this change
    basis: str | None = None        # "system / event_id" of the basis grant, while active
    evidence: str | None = None     # evidence status of the basis grant (as of as_of)
    expires_at: datetime | None = None
    perpetual: bool = False
    recorded_at: datetime | None = None  # when the basis grant was recorded


@dataclass
class Cell:
    segments: list[Segment] = field(default_factory=list)

    def at(self, moment: datetime) -> Segment | None:
        current = None
        for segment in self.segments:
            if segment.since > moment:
                break
            current = segment
        return current

    def is_active(self, moment: datetime) -> bool:
        segment = self.at(moment)
        return segment is not None and segment.status == "active"

    def truncate_after(self, moment: datetime) -> None:
        self.segments = [s for s in self.segments if s.since <= moment]


class Consents:
    """Every (purpose, channel) cell of one customer that an event or request touched."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], Cell] = {}

    def cell(self, purpose: str, channel: str) -> Cell:
        return self.cells.setdefault((purpose, channel), Cell())

    def free(self, purpose: str, channel: str, moment: datetime) -> bool:
        """No grant covers the cell at this moment (a new grant would be the only basis)."""
        cell = self.cells.get((purpose, channel))
        return cell is None or not cell.is_active(moment)

    def grant(self, purpose: str, channel: str, at: datetime, until: datetime | None, basis: str,
              evidence: str, recorded_at: datetime) -> None:
        cell = self.cell(purpose, channel)
        if cell.is_active(at):
            raise AssertionError(f"story error: {purpose}/{channel} already active at {at}")
        cell.truncate_after(at)
        cell.segments.append(Segment(at, "active", recorded_at, basis, evidence, until, until is None, recorded_at))
        if until is not None:
            cell.segments.append(Segment(until, "expired", until))

    def end(self, purpose: str, channel: str, at: datetime, status: str, learned_at: datetime) -> None:
        """A deny or revoke at `at` ends whatever covered the cell (rule 3)."""
        cell = self.cell(purpose, channel)
        cell.truncate_after(at)
        cell.segments.append(Segment(at, status, learned_at))

    def verdict(self, channel: str, moment: datetime) -> str:
        segment = self.cells.get(("marketing", channel), Cell()).at(moment)
        if segment is None:
            return "no_consent"
        if segment.status == "active":
            return "covered" if segment.evidence == "ok" else "covered_unproven"
        return {"denied": "refused", "revoked": "refused", "expired": "expired"}[segment.status]

    def allowed(self, channel: str, moment: datetime) -> bool:
        """Active marketing with evidence the audience policy accepts (ok)."""
        segment = self.cells.get(("marketing", channel), Cell()).at(moment)
        return segment is not None and segment.status == "active" and segment.evidence == "ok"

    def last_change(self, channel: str) -> datetime | None:
        cell = self.cells.get(("marketing", channel))
        return cell.segments[-1].since if cell and cell.segments else None


def worst(verdicts: list[str]) -> str:
    return min(verdicts, key=VERDICT_ORDER.index)
