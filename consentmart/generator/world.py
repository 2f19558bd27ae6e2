"""One chunk of the world: the people born on a range of days, their stories, and
what the company's downstream systems did with them (messages, contact lists,
regulator inquiries) — with the expected outcome of each, as the pieces decided it."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from consentmart import settings
from consentmart.generator import catalog, people
from consentmart.generator.names import deletion_variants, draw_name, normalise
from consentmart.generator.stories import Customer, StoryTeller, Writer, iso
from consentmart.generator.timeline import worst

BIRTH_DAYS = (catalog.BIRTH_LAST - catalog.BIRTH_FIRST).days + 1
CAMPAIGN_SYSTEM = {"sms": "sms_gateway", "call": "dialer", "push": "push_service", "email": "esp_email"}


@dataclass(frozen=True)
class Plan:
    seed: int
    population: int
    as_of: datetime
    chunk_days: int

    @property
    def chunks(self) -> int:
        return -(-BIRTH_DAYS // self.chunk_days)

    def people_of_day(self, day: int) -> range:
        """People are spread evenly over birth days: person i is born on day i*D//N."""
        first = -(-day * self.population // BIRTH_DAYS)
        last = -(-(day + 1) * self.population // BIRTH_DAYS)
        return range(first, last)


@lru_cache(maxsize=1)
def business_days() -> list[date]:
    with (settings.project_dir() / "seeds" / "production_calendar.csv").open(encoding="utf-8") as handle:
        return [date.fromisoformat(r["calendar_date"]) for r in csv.DictReader(handle)
                if r["is_business_day"] == "true"]


def business_deadline(moment: datetime, days: int) -> datetime:
    """End (23:59:59) of the `days`-th business day after the calendar date of `moment`."""
    calendar = business_days()
    from bisect import bisect_right

    position = bisect_right(calendar, moment.date()) + days - 1
    return datetime.combine(calendar[position], time(23, 59, 59))


def snapshot_times(system: catalog.Downstream, as_of: datetime) -> list[datetime]:
    """Weekly lists (Mondays 02:00) over the window, daily ones over its last days; the
    stale system's feed stopped long ago."""
    end = as_of - catalog.STALE_SINCE if system.system == catalog.STALE_SYSTEM else as_of
    monday = datetime.combine(end.date() - timedelta(days=end.weekday()), time(2))
    if monday >= end:
        monday -= timedelta(days=7)
    times = {monday - timedelta(weeks=k) for k in range(catalog.WEEKLY_SNAPSHOTS)}
    if not system.weekly_only and system.system != catalog.STALE_SYSTEM:
        for k in range(catalog.DAILY_SNAPSHOTS):
            moment = datetime.combine(end.date() - timedelta(days=k), time(2))
            if moment < end:
                times.add(moment)
    return sorted(times)


class Chunk:
    def __init__(self, plan: Plan, number: int) -> None:
        self.plan = plan
        self.number = number
        self.rng = random.Random(f"{plan.seed}:{number}")
        self.out = Writer()
        self.teller = StoryTeller(self.rng, self.out, plan.as_of, plan.population)
        self.customers: list[Customer] = []
        self.owners: dict[str, list[Customer]] = defaultdict(list)
        self.message_counter = 0

    # ---- people ----------------------------------------------------------------------

    def build_people(self) -> None:
        plan, rng = self.plan, self.rng
        first_day = self.number * plan.chunk_days
        for day in range(first_day, min(first_day + plan.chunk_days, BIRTH_DAYS)):
            birth = catalog.BIRTH_FIRST + timedelta(days=day)
            bucket: set[str] = set()
            for index in plan.people_of_day(day):
                while True:  # no two people born the same day within one edit of each other
                    full_name, gender = draw_name(rng)
                    variants = deletion_variants(normalise(full_name))
                    if not variants & bucket:
                        break
                bucket |= variants
                person = people.make_person(index, full_name, gender, birth, rng)
                if self.customers and rng.random() < 0.02 and not self.customers[-1].anonymized:
                    person.phone = self.customers[-1].person.phone  # a family sharing one phone
                customer = self.teller.customer(person, bucket)
                if person.phone != people.phone_of(index):
                    customer.stories.append("shared_phone")
                self.teller.contracts_and_consents(customer)
                self.teller.later_pieces(customer)
                self.teller.settle_retention(customer)
                self.customers.append(customer)
        for customer in self.customers:
            for record in customer.records:
                for point in (record.phone, record.email, record.address):
                    if point and customer not in self.owners[point]:
                        self.owners[point].append(customer)

    # ---- contact points --------------------------------------------------------------

    def points(self, customer: Customer, channel: str) -> list[str]:
        if channel == "email":
            found = [r.email for r in customer.records]
        elif channel == "post":
            found = [r.address for r in customer.records]
        else:
            found = [r.phone for r in customer.records]
        return sorted({p for p in found if p})

    def verdict(self, point: str, channel: str, moment: datetime) -> str:
        owners = self.owners.get(point, [])
        if not owners:
            return "unknown_recipient"
        return worst([o.consents.verdict(channel, moment) for o in owners])

    def allowed(self, point: str, channel: str, moment: datetime) -> bool:
        owners = self.owners.get(point, [])
        return bool(owners) and all(o.consents.allowed(channel, moment) for o in owners)

    def learned(self, point: str, channel: str, moment: datetime) -> datetime:
        """When the company learned the change that made the point not allowed at `moment`."""
        moments = []
        for owner in self.owners.get(point, []):
            segment = owner.consents.cells.get(("marketing", channel))
            current = segment.at(moment) if segment else None
            if current is not None and not owner.consents.allowed(channel, moment):
                moments.append(current.learned_at)
        return max(moments, default=moment)

    def recorded_after(self, point: str, channel: str, moment: datetime) -> bool:
        for owner in self.owners.get(point, []):
            cell = owner.consents.cells.get(("marketing", channel))
            segment = cell.at(moment) if cell else None
            if segment and segment.status == "active" and segment.recorded_at and segment.recorded_at > moment:
                return True
        return False

    # ---- messages --------------------------------------------------------------------

    def message(self, system: str, channel: str, point: str, sent: datetime, kind: str, campaign: str | None,
                source_id: str | None = None) -> None:
        self.message_counter += 1
        message_id = f"M-{self.number:04d}-{self.message_counter:07d}"
        written = point if channel == "email" else people.format_phone(
            {"dialer": "crm_dept2", "crm_dept2": "crm_dept2", "crm_dept1": "crm_dept1"}.get(system, "billing"), point)
        self.out.row("communications", [message_id, system, channel, written, source_id, iso(sent), kind, campaign])
        owners = ";".join(o.cluster for o in self.owners.get(point, []))
        if kind == "advertising":
            verdict = self.verdict(point, channel, sent)
            late = self.recorded_after(point, channel, sent)
            self.out.fact("communications", [message_id, verdict, str(late).lower(), owners])
            if verdict in ("refused", "expired", "no_consent", "unknown_recipient"):
                self.out.fact("violations", ["communication_without_consent", message_id, verdict])
            elif verdict == "covered_unproven":
                self.out.fact("violations", ["unprovable_consent", message_id, verdict])
            if verdict not in ("covered", "covered_unproven"):
                self.violating.append((message_id, point, sent, verdict))
        else:
            self.out.fact("communications", [message_id, "not_required", "false", owners])

    def random_moment(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.randint(0, max(int((end - start).total_seconds()), 1)))

    def build_messages(self, stale_lists: dict[str, set[tuple[str, str]]]) -> None:
        plan, rng = self.plan, self.rng
        self.violating: list[tuple[str, str, datetime, str]] = []
        start = plan.as_of - catalog.COMMUNICATION_WINDOW
        month = f"{plan.as_of:%Y-%m}"
        for customer in self.customers:
            if customer.anonymized:
                continue
            for channel in ("sms", "call", "push"):
                for point in self.points(customer, channel):
                    for _ in range(rng.choice((0, 1, 1, 2))):
                        sent = self.random_moment(start, plan.as_of)
                        # campaigns pull everyone whose CRM shows the tick, proven or not
                        if self.verdict(point, channel, sent) in ("covered", "covered_unproven"):
                            self.message(CAMPAIGN_SYSTEM[channel], channel, point, sent, "advertising",
                                         f"{channel.upper()}-{month}")
            for point in self.points(customer, "email"):
                if (point, "email") in stale_lists.get(catalog.STALE_SYSTEM, set()):
                    # the e-mail service still mails its list from before the integration broke
                    sent = self.random_moment(start, plan.as_of)
                    self.message("esp_email", "email", point, sent, "advertising", f"NEWS-{month}")
            dept2 = customer.record_in(catalog.DEAF_SYSTEM)
            if dept2 and dept2.phone and rng.random() < 0.25:
                # "has a contract" is not "may be called": the second department's tariff campaign
                self.message(catalog.DEAF_SYSTEM, "call", dept2.phone, self.random_moment(start, plan.as_of),
                             "advertising", "HAS-CONTRACT-UPSELL", dept2.source_id)
            for request in customer.requests:
                if dept2 and dept2.phone and catalog.DEAF_SYSTEM in request.deaf_systems:
                    sent = self.random_moment(request.received_at + timedelta(days=1), plan.as_of)
                    if sent < plan.as_of:
                        self.message(catalog.DEAF_SYSTEM, "call", dept2.phone, sent, "advertising",
                                     "HAS-CONTRACT-UPSELL", dept2.source_id)
            phones = self.points(customer, "sms")
            if phones and rng.random() < 0.15:
                kind = rng.choice(("service", "transactional"))
                self.message("sms_gateway", "sms", phones[0], self.random_moment(start, plan.as_of), kind, None)
            for system, channel, point, sent in customer.planned_messages:
                self.message(system, channel, point, sent, "advertising", f"NEW-CLIENTS-{sent:%Y-%m}")
        grey = sum(1 for _ in self.customers if rng.random() < 0.003) or int(self.number == 0)
        for k in range(grey):  # numbers bought from a lead list: nobody's
            point = people.phone_of(plan.population + self.number * 100_000 + k)
            self.message("sms_gateway", "sms", point, self.random_moment(start, plan.as_of), "advertising",
                         "LEADS-PARTNER")

    # ---- contact lists ---------------------------------------------------------------

    def listed(self, system: catalog.Downstream, customer: Customer, point: str, channel: str,
               moment: datetime) -> bool:
        follow = moment - timedelta(hours=system.lag_hours)
        for request in customer.requests:
            if system.system in request.deaf_systems and request.received_at < follow:
                follow = request.received_at - timedelta(seconds=1)  # never heard of the letter
        return self.allowed(point, channel, follow)

    def members(self, system: catalog.Downstream, customer: Customer) -> list[tuple[str, str, str | None]]:
        """(contact point, channel, the system's own customer id) it could list for this customer."""
        found = []
        if system.own_customers_of:
            record = customer.record_in(system.own_customers_of)
            if record is None:
                return []
            for channel in system.channels:
                point = record.email if channel == "email" else record.phone
                if point:
                    found.append((point, channel, record.source_id))
            return found
        for channel in system.channels:
            for point in self.points(customer, channel):
                found.append((point, channel, None))
        return found

    def steady(self, point: str, channel: str, start: datetime, end: datetime) -> bool | None:
        """Whether the point is allowed throughout (start, end], when no owner's consent
        changes in between; None when it does change (then each moment is looked at)."""
        for owner in self.owners.get(point, []):
            cell = owner.consents.cells.get(("marketing", channel))
            if cell and any(start < s.since <= end for s in cell.segments):
                return None
        return self.allowed(point, channel, end)

    def build_lists(self) -> dict[str, set[tuple[str, str]]]:
        """Full snapshots per system, with the expected mismatch of every listed or
        allowed contact point; returns each system's newest list."""
        plan = self.plan
        newest: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for system in catalog.DOWNSTREAM:
            times = snapshot_times(system, plan.as_of)
            stamps = [iso(t) for t in times]
            window = (times[0] - timedelta(hours=system.lag_hours), times[-1])
            for customer in self.customers:
                if customer.anonymized:
                    continue
                deaf = any(system.system in r.deaf_systems for r in customer.requests)
                for point, channel, own_id in self.members(system, customer):
                    written = point if channel == "email" else people.format_phone(
                        system.own_customers_of or "billing", point)
                    state = None if deaf else self.steady(point, channel, *window)
                    if state is not None:  # the list follows a consent that did not change
                        if state:
                            for stamp in stamps:
                                self.out.row("downstream_contact_lists",
                                             [system.system, stamp, channel, written, own_id])
                            newest[system.system].add((point, channel))
                        continue
                    for moment, stamp in zip(times, stamps, strict=True):
                        listed = self.listed(system, customer, point, channel, moment)
                        allowed = self.allowed(point, channel, moment)
                        if listed:
                            self.out.row("downstream_contact_lists", [system.system, stamp, channel, written, own_id])
                            if moment == times[-1]:
                                newest[system.system].add((point, channel))
                        if listed != allowed:
                            self._expect_list_state(system, moment, point, channel, listed, final=moment == times[-1])
        return newest

    def _expect_list_state(self, system: catalog.Downstream, moment: datetime, point: str, channel: str,
                           listed: bool, final: bool) -> None:
        """A listed point that is not allowed, or an allowed one that is not listed."""
        owners = ";".join(o.cluster for o in self.owners.get(point, []))
        if listed:
            learned = self.learned(point, channel, moment)
            grace = moment - learned < timedelta(hours=system.sla_hours)
            mismatch = "pending" if grace else "listed_not_allowed"
            self.out.fact("propagation_checks", [system.system, iso(moment), channel, point, owners, mismatch])
            if final and mismatch == "listed_not_allowed":
                self.out.fact("violations", ["propagation_failure", f"{system.system} / {channel} / {point}", owners])
        else:
            self.out.fact("propagation_checks", [system.system, iso(moment), channel, point, owners,
                                                 "allowed_not_listed"])

    # ---- requests --------------------------------------------------------------------

    def expect_requests(self) -> None:
        """Revocation requests: complete when every system serving the affected channels
        shows a list without the customer after the request, and the answer was sent."""
        plan = self.plan
        for customer in self.customers:
            for request in customer.requests:
                deadline = business_deadline(request.received_at, 10)
                if not request.matched:
                    self.out.fact("revocation_requests", [request.request_id, None, "unmatched", iso(deadline), None])
                    continue
                channels = set(catalog.CHANNELS) if request.scope != "channel" else {request.channel}
                moments = [request.response_sent_at]
                for system in catalog.DOWNSTREAM:
                    served = channels & set(system.channels)
                    if not served:
                        continue
                    after = [t for t in snapshot_times(system, plan.as_of) if t > request.received_at]
                    clear = next((t for t in after if not self.lists_any(system, customer, served, t)), None)
                    moments.append(clear)
                if all(moments):
                    completed = max(moments)
                    status = "done_on_time" if completed <= deadline else "done_late"
                else:
                    completed = None
                    status = "open_overdue" if plan.as_of > deadline else "open"
                self.out.fact("revocation_requests", [request.request_id, customer.cluster, status, iso(deadline),
                                                      iso(completed)])
                if status in ("open_overdue", "done_late"):
                    self.out.fact("violations", ["revocation_overdue", request.request_id, status])

    def lists_any(self, system: catalog.Downstream, customer: Customer, channels: set[str], moment: datetime) -> bool:
        """Whether the system's list at `moment` holds any of the customer's contact points on
        these channels, whichever customer's record put it there (a shared phone counts)."""
        for channel in channels:
            for point in self.points(customer, channel):
                for owner in self.owners.get(point, []):
                    if (point, channel) in {(p, c) for p, c, _ in self.members(system, owner)} \
                            and self.listed(system, owner, point, channel, moment):
                        return True
        return False

    def build_regulator_requests(self) -> None:
        plan, rng = self.plan, self.rng
        chosen = [v for v in self.violating if rng.random() < 0.03]
        if not chosen and self.number == 0 and self.violating:
            chosen = self.violating[:1]
        for k, (message_id, point, sent, verdict) in enumerate(chosen, 1):
            received = sent + timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 8))
            if received > plan.as_of - timedelta(hours=1):
                continue
            deadline = business_deadline(received, 10)
            roll = rng.random()
            answered = None
            if roll < 0.55:
                answered = received + (deadline - received) * rng.random()
            elif roll < 0.75:
                answered = deadline + timedelta(days=rng.randint(1, 8))
            if answered is not None and answered > plan.as_of:
                answered = None
            if answered is None:
                status = "open_overdue" if plan.as_of > deadline else "open"
            else:
                status = "answered_on_time" if answered <= deadline else "answered_late"
            owners = self.owners.get(point, [])
            request_id = f"RR-{self.number:04d}-{k:04d}"
            name = owners[0].person.full_name if len(owners) == 1 else None
            written = point if "@" in point else people.format_phone("branch_paper", point)
            self.out.row("regulator_requests", [request_id, "FAS" if rng.random() < 0.75 else "RKN", iso(received),
                                                message_id, written, name, iso(answered)])
            self.out.fact("regulator_requests", [request_id, status, verdict,
                                                 ";".join(o.cluster for o in owners), iso(deadline)])
            if status in ("open_overdue", "answered_late"):
                self.out.fact("violations", ["regulator_request_overdue", request_id, status])

    # ---- what the marts must say about each customer ---------------------------------

    def expect_customers(self) -> None:
        as_of = self.plan.as_of
        for customer in self.customers:
            for story in customer.stories:
                self.out.fact("stories", [customer.person.index, customer.cluster, story])
            for record, reason in customer.extra_clusters:
                self.out.fact("review_pairs", [customer.cluster, record.key, reason])
                deadline = record.updated_at + timedelta(days=30)
                status = "destroy_overdue" if deadline < as_of else "destroy_due"
                self.out.fact("retention", [record.key, status, None, iso(deadline)])
                if status == "destroy_overdue":
                    self.out.fact("violations", ["pd_retention_overdue", record.key, status])
            kinds = {reason: record for record, reason in customer.extra_clusters}
            if len(kinds) == 2:  # the one-digit-off passport record bears the name the slip is one letter from
                self.out.fact("review_pairs", [kinds["passport differs by one digit"].key,
                                               kinds["name differs by one letter"].key, "name differs by one letter"])
            status, retain_until, deadline = customer.retention
            self.out.fact("retention", [customer.cluster, status, iso(retain_until), iso(deadline)])
            if status == "destroy_overdue":
                self.out.fact("violations", ["pd_retention_overdue", customer.cluster, status])
            perpetual = set()
            for (purpose, channel), cell in sorted(customer.consents.cells.items()):
                segment = cell.at(as_of)
                if segment is None:
                    continue
                active = segment.status == "active"
                self.out.fact("consent_status", [
                    customer.cluster, purpose, channel, segment.status,
                    segment.basis if active else None, segment.evidence if active else None,
                    iso(segment.expires_at) if active else None, str(active and segment.perpetual).lower(),
                ])
                if active and segment.perpetual:  # any purpose: a consent without a term is criticised
                    perpetual.add(segment.basis)
            for basis in sorted(perpetual):
                self.out.fact("violations", ["perpetual_consent", basis, customer.cluster])
            for channel in catalog.CHANNELS:
                if not customer.consents.allowed(channel, as_of):
                    continue
                for point in self.points(customer, channel):
                    if self.allowed(point, channel, as_of):
                        self.out.fact("audience", [customer.cluster, channel, point])


def build_chunk(plan: Plan, number: int) -> Writer:
    """Everything of one chunk: raw rows and truth rows, deterministic in (seed, chunk)."""
    chunk = Chunk(plan, number)
    chunk.build_people()
    stale = chunk.build_lists()
    chunk.build_messages(stale)
    chunk.expect_requests()
    chunk.build_regulator_requests()
    chunk.expect_customers()
    return chunk.out


def write_global(plan: Plan, out: Writer) -> None:
    """The catalogue and the downstream systems (one copy for the whole world)."""
    for product in catalog.PRODUCTS:
        out.row("products", [product.code, product.name, product.line, product.retention_years])
    for system in catalog.DOWNSTREAM:
        out.row("downstream_systems", [system.system, ",".join(system.channels), system.sla_hours,
                                       system.feed_hours])
    out.fact("violations", ["stale_feed", catalog.STALE_SYSTEM, "newest list older than its feed interval"])


def chunk_output_dir(base: Path, number: int) -> Path:
    return base / f"chunk-{number:05d}"
