"""Story pieces: each customer's history, assembled from pieces whose outcome is
known when the piece is chosen, with that outcome recorded in `Consents` as the
rows are written.

A piece only grants on a (purpose, channel) that nothing covers at that moment, so
each active consent has exactly the basis the piece says; refusals, revocations
and expiries end what was there. Pieces are applied in time order per customer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from consentmart.generator import catalog, people
from consentmart.generator.names import deletion_variants, draw_name, normalise, one_typo
from consentmart.generator.timeline import Consents

DAY = timedelta(days=1)
PREFIX = {"crm_dept1": "C", "crm_dept2": "D", "web": "W", "branch_paper": "P", "billing": "B"}
METHODS = {
    "crm_dept1": ("e_signature", "paper"),
    "crm_dept2": ("paper", "call_recording"),
    "web": ("web_form",),
    "branch_paper": ("paper",),
    "billing": ("paper", "e_signature"),
}
KIND_OF_METHOD = {"paper": "scan", "e_signature": "e_signature", "call_recording": "call_recording",
                  "web_form": "web_form_otp", "mobile_app": "e_signature", "letter": "letter"}
# Document defects and the evidence status each leads to (semantics.md > Evidence).
DEFECTS = {"ok": "ok", "no_id": "missing", "missing_row": "missing", "unsigned": "invalid",
           "unreadable": "invalid", "wrong_person": "invalid", "wrong_contract": "invalid",
           "plain": "invalid", "unverified": "unverified", "pending": "pending"}
# How some systems spell codes (mapped back by the code_aliases seed).
CHANNEL_SPELLING = {"crm_dept2": {"sms": "SMS", "call": "звонок", "email": "e-mail"}}
ACTION_SPELLING = {"branch_paper": {"deny": "не согласен", "grant": "согласие"}}
WORDING = {"pd_processing": "pd", "marketing": "mkt", "partner_transfer": "ptr", "analytics": "anl"}


@dataclass
class Record:
    system: str
    source_id: str
    phone: str | None
    email: str | None
    address: str | None
    updated_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.system} / {self.source_id}"


@dataclass
class Contract:
    system: str
    contract_id: str
    product: str
    signed_at: datetime
    ended_at: date | None


@dataclass
class Request:
    request_id: str
    received_at: datetime
    scope: str
    channel: str | None
    matched: bool
    response_sent_at: datetime | None
    deaf_systems: tuple[str, ...] = ()


@dataclass
class Customer:
    """One person and everything the generator decided about them."""

    person: people.Person
    records: list[Record] = field(default_factory=list)
    extra_clusters: list[tuple[Record, str]] = field(default_factory=list)  # near misses, with reason
    contracts: list[Contract] = field(default_factory=list)
    consents: Consents = field(default_factory=Consents)
    requests: list[Request] = field(default_factory=list)
    retention: tuple[str, datetime | None, datetime | None] = ("active_basis", None, None)
    stories: list[str] = field(default_factory=list)
    planned_messages: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    anonymized: bool = False

    @property
    def cluster(self) -> str:
        return self.records[0].key

    def record_in(self, system: str) -> Record | None:
        return next((r for r in self.records if r.system == system), None)


class Writer:
    """Rows of one chunk, per raw table and per truth file."""

    def __init__(self) -> None:
        self.raw: dict[str, list[list[str]]] = {}
        self.truth: dict[str, list[list[str]]] = {}

    def row(self, table: str, values: list) -> None:
        self.raw.setdefault(table, []).append(["" if v is None else str(v) for v in values])

    def fact(self, name: str, values: list) -> None:
        self.truth.setdefault(name, []).append(["" if v is None else str(v) for v in values])


def add_years(moment: datetime, years: int) -> datetime:
    """Calendar years later; 29 February becomes 28 February (as in PostgreSQL)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S")


def business_hours(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 19), rng.randint(0, 59), rng.randint(0, 59)))


class StoryTeller:
    """Builds customers of one chunk; `rng` is the chunk's own random stream."""

    def __init__(self, rng: random.Random, writer: Writer, as_of: datetime, population: int) -> None:
        self.rng = rng
        self.out = writer
        self.as_of = as_of
        self.population = population
        self.event_counter = 0
        self.document_counter = 0
        self.request_counter = 0

    # ---- identity ------------------------------------------------------------------

    def customer(self, person: people.Person, bucket: set[str]) -> Customer:
        rng = self.rng
        customer = Customer(person)
        bank = rng.random() < 0.3
        if rng.random() < 0.01:
            return self._destroyed(customer)
        if bank:
            pool = [("billing", 0.7), ("branch_paper", 0.6), ("web", 0.3), ("crm_dept1", 0.2)]
        else:
            pool = [("crm_dept1", 0.8), ("crm_dept2", 0.5), ("web", 0.35), ("billing", 0.1)]
        systems = [s for s, p in pool if rng.random() < p] or [pool[0][0]]
        # With a one-digit-off passport around, every record carries the passport: a record
        # with name and birth date only would fit both passports and be ambiguous.
        near_passport = rng.random() < 0.01
        for position, system in enumerate(systems):
            customer.records.append(self._record(customer, system, position == 0, near_passport))
        customer.stories.append("bank" if bank else "telecom")
        if rng.random() < 0.02:
            self._near_miss_name(customer, bucket)
        if near_passport:
            self._near_miss_passport(customer)
        return customer

    def _record(self, customer: Customer, system: str, anchor: bool, with_passport: bool) -> Record:
        """A record as `system` holds it. The anchor carries name, birth date and passport,
        so every other record links to it by passport or by name and birth date."""
        rng, person = self.rng, customer.person
        has_passport = anchor or with_passport or system in ("branch_paper", "billing") or rng.random() < 0.5
        has_birth = anchor or not has_passport or rng.random() < 0.9
        phone = person.phone if (anchor or rng.random() < 0.85) else None
        email = person.email if person.email and (system == "web" or rng.random() < 0.4) else None
        address = person.address if system in ("crm_dept1", "crm_dept2", "billing", "branch_paper") else None
        record = Record(system, f"{PREFIX[system]}{person.index:08d}", phone, email, address)
        self._write_record(customer, record, customer.person.full_name, has_birth, has_passport)
        return record

    def _write_record(self, customer: Customer, record: Record, full_name: str, has_birth: bool,
                      has_passport: bool, passport: str | None = None) -> None:
        person, rng, system = customer.person, self.rng, record.system
        updated = self.as_of - timedelta(days=rng.randint(30, 2500), hours=rng.randint(0, 23))
        record.updated_at = updated
        self.out.row("customers", [
            system, record.source_id, people.format_name(system, full_name, rng),
            person.birth_date.isoformat() if has_birth else None,
            people.format_passport(system, passport or person.passport) if has_passport else None,
            people.format_phone(system, record.phone) if record.phone else None,
            people.format_email(system, record.email, rng) if record.email else None,
            record.address, people.format_moment(system, updated),
            people.format_moment(system, updated) if customer.anonymized else None,
        ])
        self.out.fact("source_records", [system, record.source_id, person.index,
                                         customer.cluster if customer.records else record.key])

    def _near_miss_name(self, customer: Customer, bucket: set[str]) -> None:
        """A web sign-up with a one-letter slip in the name: never merged, reviewed."""
        person = customer.person
        own = deletion_variants(normalise(person.full_name))
        for _ in range(10):
            typo = one_typo(person.full_name, self.rng)
            # at distance one from this person, and not near anyone else born that day
            near_others = deletion_variants(normalise(typo)) & (bucket - own)
            if normalise(typo) != normalise(person.full_name) and not near_others:
                break
        else:
            return
        bucket |= deletion_variants(normalise(typo))
        email = f"{person.email.split('@')[0]}.web@{person.email.split('@')[1]}" if person.email else None
        updated = self.as_of - timedelta(days=self.rng.randint(30, 900))
        record = Record("web", f"X{person.index:08d}", None, email, None, updated)
        self.out.row("customers", [
            "web", record.source_id, typo, person.birth_date.isoformat(), None, None, email, None,
            people.format_moment("web", updated), None,
        ])
        self.out.fact("source_records", ["web", record.source_id, person.index, record.key])
        customer.extra_clusters.append((record, "name differs by one letter"))
        customer.stories.append("near_miss_name")

    def _near_miss_passport(self, customer: Customer) -> None:
        """A paper record whose passport has one wrong digit: not the same passport, reviewed."""
        person = customer.person
        for _ in range(10):
            position = self.rng.randrange(10)
            digit = str((int(person.passport[position]) + self.rng.randint(1, 9)) % 10)
            wrong = person.passport[:position] + digit + person.passport[position + 1:]
            if people.passport_owner(wrong) >= self.population:
                break
        else:
            return
        updated = self.as_of - timedelta(days=self.rng.randint(30, 900))
        record = Record("branch_paper", f"Q{person.index:08d}", None, None, None, updated)
        self.out.row("customers", [
            "branch_paper", record.source_id, person.full_name, person.birth_date.isoformat(),
            people.format_passport("branch_paper", wrong), None, None, None,
            people.format_moment("branch_paper", updated), None,
        ])
        self.out.fact("source_records", ["branch_paper", record.source_id, person.index, record.key])
        customer.extra_clusters.append((record, "passport differs by one digit"))
        customer.stories.append("near_miss_passport")

    def _destroyed(self, customer: Customer) -> Customer:
        """A former customer whose source destroyed the personal data: name gone, no keys."""
        rng, person = self.rng, customer.person
        customer.anonymized = True
        system = rng.choice(("crm_dept1", "crm_dept2"))
        record = Record(system, f"{PREFIX[system]}{person.index:08d}", None, None, None)
        customer.records.append(record)
        signed = datetime(2015, 1, 1) + timedelta(days=rng.randint(0, 900))
        ended = (signed + timedelta(days=rng.randint(400, 900))).date()
        anonymized_at = datetime.combine(ended, time(3)) + timedelta(days=rng.randint(31, 300))
        moment = people.format_moment(system, anonymized_at)
        self.out.row("customers",
                     [system, record.source_id, "Обезличено", None, None, None, None, None, moment, moment])
        self.out.fact("source_records", [system, record.source_id, person.index, record.key])
        contract = self._contract(customer, system, "mobile" if system == "crm_dept1" else "home_internet",
                                  signed, ended)
        self._grant(customer, contract, "marketing", ("sms",), signed, timedelta(days=365 * 2), "ok")
        customer.stories.append("destroyed")
        return customer

    # ---- contracts and consents ----------------------------------------------------

    def _contract(self, customer: Customer, system: str, product: str, signed: datetime,
                  ended: date | None) -> Contract:
        k = len(customer.contracts) + 1
        contract = Contract(system, f"K-{PREFIX[system]}{customer.person.index:08d}-{k}", product, signed, ended)
        customer.contracts.append(contract)
        channel = {"web": "web", "crm_dept1": self.rng.choice(("office", "app")),
                   "branch_paper": "partner_store"}.get(system, "office")
        branch = f"{self.rng.choice(catalog.CITIES)}, офис {self.rng.randint(1, 40)}" if channel != "web" else None
        self.out.row("contracts", [system, contract.contract_id, f"{PREFIX[system]}{customer.person.index:08d}",
                                   product, signed.date().isoformat(), ended.isoformat() if ended else None,
                                   channel, branch])
        return contract

    def _event(self, customer: Customer, system: str, contract: Contract | None, purpose: str, channel: str,
               action: str, at: datetime, recorded: datetime, until: datetime | None, method: str,
               document_id: str | None, partner: str | None = None) -> str:
        self.event_counter += 1
        event_id = f"E-{customer.person.index:08d}-{self.event_counter:05d}"
        spelled_channel = CHANNEL_SPELLING.get(system, {}).get(channel, channel)
        spelled_action = ACTION_SPELLING.get(system, {}).get(action, action)
        self.out.row("consent_events", [
            system, event_id, f"{PREFIX[system]}{customer.person.index:08d}",
            contract.contract_id if contract else None, purpose, spelled_channel, spelled_action,
            people.format_moment(system, at), people.format_moment(system, recorded),
            people.format_moment(system, until) if until else None, method, document_id, partner,
            f"{WORDING[purpose]}-{at.year}-{self.rng.randint(1, 3)}",
        ])
        return f"{system} / {event_id}"

    def _document(self, customer: Customer, system: str, contract: Contract | None, method: str,
                  at: datetime, recorded: datetime, defect: str) -> str | None:
        """The evidence behind a grant; `defect` decides its evidence status."""
        if defect == "no_id":
            return None
        self.document_counter += 1
        document_id = f"DOC-{customer.person.index:08d}-{self.document_counter:05d}"
        if defect == "missing_row":
            return document_id  # the archive never received it
        rng = self.rng
        kind = "web_form_plain" if defect == "plain" else KIND_OF_METHOD[method]
        uploaded = max(recorded, at) + timedelta(hours=rng.randint(0, 48))
        if uploaded > self.as_of:
            uploaded = self.as_of - timedelta(minutes=5)
        name = customer.person.full_name
        if defect == "wrong_person":
            name = self._stranger_name(customer)
        elif rng.random() < 0.05:
            name = one_typo(name, rng)  # an OCR slip still matches
        filed_under = contract.contract_id if contract else None
        if defect == "wrong_contract":
            filed_under = f"K-Z{(customer.person.index * 7 + 3) % max(self.population, 1):08d}-1"
        checked = defect not in ("pending", "unverified", "plain")
        verified = None
        if defect not in ("pending", "unverified"):
            verified = min(uploaded + timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 8)),
                           self.as_of - timedelta(minutes=1))
        storage = {"scan": f"archive://{at:%Y/%m}/{system}/{document_id}.pdf",
                   "e_signature": f"s3://consents/esign/{at:%Y/%m}/{document_id}.p7s",
                   "call_recording": f"s3://recordings/{at:%Y/%m/%d}/{document_id}.ogg",
                   "web_form_otp": f"s3://consents/web/{at:%Y/%m/%d}/{document_id}.json",
                   "web_form_plain": f"s3://consents/web/{at:%Y/%m/%d}/{document_id}.png",
                   "letter": f"archive://letters/{at:%Y/%m}/{document_id}.pdf"}[kind]
        if kind == "scan" and at.year < 2020:
            storage = f"tape://LTO-{rng.randint(1, 400):04d}/{at:%Y/%m}/{document_id}.tif"
        self.out.row("consent_documents", [
            document_id, system, kind, storage,
            f"{rng.getrandbits(256):064x}" if rng.random() < 0.6 else None,
            people.format_moment(system, uploaded), filed_under, name,
            ("false" if defect == "unsigned" else "true") if checked else None,
            ("false" if defect == "unreadable" else "true") if checked else None,
            people.format_moment(system, verified) if verified else None,
        ])
        return document_id

    def _stranger_name(self, customer: Customer) -> str:
        own = deletion_variants(normalise(customer.person.full_name))
        while True:
            name, _ = draw_name(self.rng)
            if not deletion_variants(normalise(name)) & own:
                return name

    def _grant(self, customer: Customer, contract: Contract | None, purpose: str, channels: tuple[str, ...],
               at: datetime, term: timedelta | None, defect: str, system: str | None = None,
               method: str | None = None, recorded: datetime | None = None, partner: str | None = None) -> str:
        """A grant on `channels` (or `any` when all six), with its document."""
        system = system or (contract.system if contract else customer.records[0].system)
        method = method or self.rng.choice(METHODS[system])
        if recorded is None:
            recorded = at + (timedelta(days=self.rng.randint(7, 40)) if method == "paper" and system == "branch_paper"
                             else timedelta(minutes=self.rng.randint(0, 30)))
        if defect == "plain":
            method = "web_form"
        until = at + term if term else None
        document_id = self._document(customer, system, contract, method, at, recorded, defect)
        evidence = DEFECTS[defect]
        targets = ("any",) if set(channels) == set(catalog.CHANNELS) else channels
        basis = None
        for channel in targets:
            basis = self._event(customer, system, contract, purpose, channel, "grant", at, recorded, until,
                                method, document_id, partner)
            for expanded in (catalog.CHANNELS if channel == "any" else (channel,)):
                customer.consents.grant(purpose, expanded, at, until, basis, evidence, recorded)
        return basis or ""

    def _end(self, customer: Customer, contract: Contract | None, purpose: str, channels: tuple[str, ...],
             action: str, at: datetime, system: str | None = None, method: str | None = None) -> None:
        system = system or (contract.system if contract else customer.records[0].system)
        method = method or self.rng.choice(METHODS[system])
        recorded = at + (timedelta(days=self.rng.randint(3, 20)) if method == "paper" else timedelta(minutes=2))
        targets = ("any",) if set(channels) == set(catalog.CHANNELS) else channels
        status = "denied" if action == "deny" else "revoked"
        for channel in targets:
            self._event(customer, system, contract, purpose, channel, action, at, recorded, None, method, None)
            for expanded in (catalog.CHANNELS if channel == "any" else (channel,)):
                customer.consents.end(purpose, expanded, at, status, recorded)
                if purpose == "pd_processing":  # rule 5: the other purposes end too
                    for other in catalog.PURPOSES[1:]:
                        customer.consents.end(other, expanded, at, status, recorded)

    def reachable_channels(self, customer: Customer) -> list[str]:
        channels = []
        if any(r.phone for r in customer.records):
            channels += ["sms", "call", "push", "messenger"]
        if any(r.email for r in customer.records):
            channels.append("email")
        if any(r.address for r in customer.records):
            channels.append("post")
        return channels or ["sms"]

    def _pick_defect(self, system: str) -> str:
        roll = self.rng.random()
        for defect, share in (("no_id", 0.02), ("missing_row", 0.015), ("unsigned", 0.02), ("unreadable", 0.01),
                              ("wrong_person", 0.01), ("wrong_contract", 0.01), ("unverified", 0.025)):
            if roll < share:
                return defect
            roll -= share
        if system == "web" and self.rng.random() < 0.12:
            return "plain"
        return "ok"

    def contracts_and_consents(self, customer: Customer) -> None:
        """Contracts over the years, each with the consent form signed with it."""
        if customer.anonymized:
            return
        rng = self.rng
        bank = "bank" in customer.stories
        roll = rng.random()
        if bank and roll < 0.05:
            profile = "bank_withdrawal"
        elif roll < 0.06:
            profile = "ex"
        elif roll < 0.075:
            profile = "ex_recent"
        else:
            profile = "current"
        former = profile != "current"
        latest_start = self.as_of - timedelta(days=120)
        planned: list[tuple[str, str, datetime]] = []
        for record in customer.records:
            products = [p for p in catalog.PRODUCTS if p.system == record.system]
            if not products or (record.system == "web" and rng.random() < 0.5):
                continue
            for _ in range(rng.choice((1, 1, 1, 2))):
                product = rng.choice(products)
                if former:
                    day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 1500))
                else:
                    day = catalog.HISTORY_START.date() + timedelta(
                        days=rng.randint(0, (latest_start - catalog.HISTORY_START).days))
                planned.append((record.system, product.code, business_hours(day, rng)))
        planned.sort(key=lambda item: item[2])
        if not planned:
            customer.stories.append("no_contract")
            return
        for position, (system, product, signed) in enumerate(planned):
            ended = None
            if former:
                ended = (signed + timedelta(days=rng.randint(400, 1400))).date()
                if profile == "ex_recent" and position == len(planned) - 1:
                    ended = (self.as_of - timedelta(days=rng.randint(5, 25))).date()
            elif rng.random() < 0.1 and position < len(planned) - 1:
                ended = min((signed + timedelta(days=rng.randint(200, 900))).date(),
                            (self.as_of - timedelta(days=60)).date())
            made = self._contract(customer, system, product, signed, ended)
            self._consent_form(customer, made, former)
        if profile == "bank_withdrawal":
            self._pd_withdrawal(customer)

    def _consent_form(self, customer: Customer, contract: Contract, ex_customer: bool) -> None:
        """The consents ticked with one contract: a piece chosen by weight."""
        rng = self.rng
        at = contract.signed_at + timedelta(minutes=rng.randint(5, 40))
        reachable = self.reachable_channels(customer)
        if rng.random() < 0.6:
            self._grant_free(customer, contract, "pd_processing", tuple(catalog.CHANNELS), at,
                             timedelta(days=365 * 5) if ex_customer or rng.random() < 0.7 else None, "ok",
                             story="pd_processing_grant")
        roll = rng.random()
        term = timedelta(days=365 * (3 if ex_customer or rng.random() < 0.2 else 5))
        if roll < 0.40:
            channels = tuple(rng.sample(reachable, k=min(len(reachable), rng.choice((1, 1, 2, 3)))))
            self._grant_free(customer, contract, "marketing", channels, at, term, self._pick_defect(contract.system),
                             story="grant_channels")
        elif roll < 0.52:
            self._grant_free(customer, contract, "marketing", tuple(catalog.CHANNELS), at, term, "ok",
                             story="grant_any")
        elif roll < 0.58 and not ex_customer:
            channels = tuple(rng.sample(reachable, k=1))
            self._grant_free(customer, contract, "marketing", channels, at, None, "ok", story="perpetual_grant")
        elif roll < 0.70:
            channels = tuple(rng.sample(reachable, k=min(len(reachable), rng.choice((1, 2)))))
            self._end(customer, contract, "marketing", channels, "deny", at)
            customer.stories.append("refusal")
        else:
            customer.stories.append("contract_only")
        if rng.random() < 0.08:
            partner = rng.choice(("Альфа-Партнёр", "СтрахГарант", "Маркет-Плюс"))
            self._grant_free(customer, contract, "partner_transfer", ("email",) if "email" in reachable else ("sms",),
                             at, term, "ok", partner=partner, story="partner_transfer_grant")
        if rng.random() < 0.08:
            self._grant_free(customer, contract, "analytics", tuple(catalog.CHANNELS), at, term, "ok",
                             story="analytics_grant")

    def _grant_free(self, customer: Customer, contract: Contract, purpose: str, channels: tuple[str, ...],
                    at: datetime, term: timedelta | None, defect: str, story: str, partner: str | None = None) -> None:
        """Grant only where nothing covers the cell now (the piece's outcome is then exact)."""
        free = tuple(c for c in channels if customer.consents.free(purpose, c, at))
        if not free:
            return
        self._grant(customer, contract, purpose, free, at, term, defect, partner=partner)
        customer.stories.append(story)

    def settle_retention(self, customer: Customer) -> None:
        """Who may be kept, until when (semantics.md > Personal-data retention), from what
        the pieces built: contracts in force, consents active, legal retention periods."""
        if customer.anonymized:
            customer.retention = ("destroyed", None, None)
            return
        in_force = any(c.ended_at is None or datetime.combine(c.ended_at, time(0)) > self.as_of
                       for c in customer.contracts)
        if in_force or any(cell.is_active(self.as_of) for cell in customer.consents.cells.values()):
            customer.retention = ("active_basis", None, None)
            return
        ends = []
        for contract in customer.contracts:
            years = catalog.PRODUCT[contract.product].retention_years
            end = datetime.combine(contract.ended_at, time(0))
            ends.append(add_years(end, years))
        for cell in customer.consents.cells.values():
            # a consent ends where an active period is followed by anything else
            ends += [after.since for before, after in pairwise(cell.segments) if before.status == "active"]
        if not ends:  # never had any basis: the clock starts at the earliest record
            ends = [min(r.updated_at for r in customer.records)]
        basis_end = max(ends)
        if basis_end > self.as_of:
            customer.retention = ("retain_legal_obligation", basis_end, None)
        else:
            deadline = basis_end + timedelta(days=30)
            customer.retention = ("destroy_overdue" if deadline < self.as_of else "destroy_due", None, deadline)
        customer.stories.append(f"retention_{customer.retention[0]}")

    # ---- later in life: revocations, requests, new consents --------------------------

    def _last_event_moment(self, customer: Customer) -> datetime:
        moments = [s.since for cell in customer.consents.cells.values() for s in cell.segments
                   if s.since <= self.as_of]
        moments += [s.learned_at for cell in customer.consents.cells.values() for s in cell.segments
                    if s.learned_at <= self.as_of]
        return max(moments, default=catalog.HISTORY_START)

    def later_pieces(self, customer: Customer) -> None:
        if customer.anonymized:
            return
        rng = self.rng
        after = self._last_event_moment(customer) + timedelta(hours=1)
        active = [c for c in catalog.CHANNELS if customer.consents.cells.get(("marketing", c))
                  and customer.consents.cells[("marketing", c)].is_active(self.as_of)]
        if active and rng.random() < 0.05 and after < self.as_of - timedelta(days=2):
            self._app_revoke(customer, rng.choice(active), after)
            after = self._last_event_moment(customer) + timedelta(hours=1)
        window_start = max(after, self.as_of - catalog.REQUEST_WINDOW)
        if window_start >= self.as_of - timedelta(days=1):
            return
        roll = rng.random()
        if roll < 0.03:
            self._matched_request(customer, window_start, authenticated=False)
        elif roll < 0.05:
            self._matched_request(customer, window_start, authenticated=True)
        elif roll < 0.06 and "near_miss_name" not in customer.stories:
            # (a slip in the letter could be the very slip of the near-miss record, and match it)
            self._unmatched_request(customer, window_start, typo=True)
        elif roll < 0.065:
            self._unmatched_request(customer, window_start, typo=False)
        elif roll < 0.085:
            self._pending_grant(customer)
        elif roll < 0.11 and customer.record_in("branch_paper"):
            self._paper_recorded_late(customer, after)

    def _app_revoke(self, customer: Customer, channel: str, after: datetime) -> None:
        system = "crm_dept1" if customer.record_in("crm_dept1") else customer.records[0].system
        span = max(int((self.as_of - timedelta(days=1) - after).total_seconds() // 3600), 1)
        at = after + timedelta(hours=self.rng.randint(0, span))
        self._end(customer, None, "marketing", (channel,), "revoke", at, system=system, method="mobile_app")
        customer.stories.append("app_revoke")

    def _request_row(self, customer: Customer, received: datetime, via: str, scope: str, channel: str | None,
                     full_name: str | None, birth: bool, passport: bool, phone: bool,
                     record: Record | None, response: datetime | None) -> str:
        self.request_counter += 1
        person = customer.person
        request_id = f"R-{person.index:08d}-{self.request_counter}"
        self.out.row("revocation_requests", [
            request_id, iso(received), via, scope, channel, full_name,
            person.birth_date.isoformat() if birth else None,
            people.format_passport("crm_dept1", person.passport) if passport else None,
            people.format_phone("branch_paper", person.phone) if phone else None, None,
            record.system if record else None, record.source_id if record else None, iso(response),
        ])
        return request_id

    def _response(self, received: datetime) -> datetime | None:
        if self.rng.random() < 0.25:
            return None
        moment = received + timedelta(days=self.rng.randint(1, 18), hours=self.rng.randint(0, 8))
        return moment if moment < self.as_of else None

    def _matched_request(self, customer: Customer, start: datetime, authenticated: bool) -> None:
        """A letter (or an authenticated request) that identifies the customer: marketing stops at once."""
        rng = self.rng
        received = start + timedelta(seconds=rng.randint(0, int((self.as_of - start).total_seconds()) - 3600))
        reachable = self.reachable_channels(customer)
        if authenticated:
            record = rng.choice(customer.records)
            scope, channel = "channel", rng.choice([c for c in reachable if c != "post"] or ["sms"])
            via = rng.choice(("web", "call_center"))
            name, birth, passport = None, False, False
        else:
            record = None
            scope, channel = ("all_marketing", None) if rng.random() < 0.75 else ("channel", rng.choice(reachable))
            via = rng.choice(("letter", "letter", "gosuslugi", "email", "branch"))
            name = customer.person.full_name if rng.random() < 0.7 else customer.person.full_name.upper()
            passport = rng.random() < 0.7
            birth = True
        response = self._response(received)
        request_id = self._request_row(customer, received, via, scope, channel, name, birth, passport, False,
                                       record, response)
        channels = catalog.CHANNELS if scope == "all_marketing" else (channel,)
        for target in channels:
            customer.consents.end("marketing", target, received, "revoked", received)
        deaf = ()
        if customer.record_in(catalog.DEAF_SYSTEM) and rng.random() < catalog.DEAF_SHARE:
            deaf = (catalog.DEAF_SYSTEM,)
        customer.requests.append(Request(request_id, received, scope, channel, True, response, deaf))
        customer.stories.append("request_authenticated" if authenticated else "request_matched")

    def _unmatched_request(self, customer: Customer, start: datetime, typo: bool) -> None:
        """A letter that fits nobody for sure: a slip in the name, or a name and a phone only."""
        rng = self.rng
        received = start + timedelta(seconds=rng.randint(0, int((self.as_of - start).total_seconds()) - 3600))
        name = one_typo(customer.person.full_name, rng) if typo else customer.person.full_name
        request_id = self._request_row(customer, received, "letter", "all_marketing", None, name,
                                       birth=typo, passport=False, phone=not typo, record=None,
                                       response=self._response(received))
        customer.requests.append(Request(request_id, received, "all_marketing", None, False, None))
        customer.stories.append("request_unmatched_typo" if typo else "request_phone_only")

    def _pd_withdrawal(self, customer: Customer) -> None:
        """A former bank customer withdraws consent to processing: everything ends, but the
        law keeps the data for five years after the last banking contract."""
        rng = self.rng
        start = self.as_of - catalog.REQUEST_WINDOW
        received = start + timedelta(seconds=rng.randint(0, int(catalog.REQUEST_WINDOW.total_seconds()) - 86400))
        response = self._response(received)
        request_id = self._request_row(customer, received, rng.choice(("letter", "branch")), "pd_processing", None,
                                       customer.person.full_name, True, True, False, None, response)
        for purpose in catalog.PURPOSES:
            for channel in catalog.CHANNELS:
                customer.consents.end(purpose, channel, received, "revoked", received)
        customer.requests.append(Request(request_id, received, "pd_processing", None, True, response))
        customer.stories.append("bank_pd_withdrawal")

    def _untouched_since(self, customer: Customer, channel: str, moment: datetime) -> bool:
        """Nothing covers the marketing cell at `moment` and nothing happens to it afterwards."""
        last = customer.consents.last_change(channel)
        return customer.consents.free("marketing", channel, moment) and (last is None or last < moment)

    def _pending_grant(self, customer: Customer) -> None:
        """A fresh consent whose document a steward has not verified yet (still in the window)."""
        at = self.as_of - timedelta(days=self.rng.randint(3, 25), hours=self.rng.randint(0, 10))
        free = [c for c in self.reachable_channels(customer) if self._untouched_since(customer, c, at)]
        if not free:
            return
        system = customer.records[0].system
        method = "paper" if system in ("branch_paper", "crm_dept2") else "e_signature"
        self._grant(customer, None, "marketing", (self.rng.choice(free),), at, timedelta(days=365 * 5), "pending",
                    system=system, method=method, recorded=at + timedelta(minutes=10))
        customer.stories.append("pending_evidence")

    def _paper_recorded_late(self, customer: Customer, start: datetime) -> None:
        """A loan signed in a store; the paper consent reaches the archive weeks later, and
        marketing texts the new customer before it is recorded."""
        rng = self.rng
        at = self.as_of - timedelta(days=rng.randint(40, 50), hours=rng.randint(0, 8))
        phone = next((r.phone for r in customer.records if r.phone), None)
        if at <= start or phone is None or not self._untouched_since(customer, "sms", at):
            return
        recorded = at + timedelta(days=rng.randint(20, 30))
        contract = self._contract(customer, "branch_paper", "consumer_loan", at - timedelta(minutes=30), None)
        self._grant(customer, contract, "marketing", ("sms",), at, timedelta(days=365 * 5), "ok",
                    system="branch_paper", method="paper", recorded=recorded)
        sent = at + timedelta(days=rng.randint(3, 12), hours=rng.randint(1, 6))
        customer.planned_messages.append(("sms_gateway", "sms", phone, sent))
        customer.stories.append("paper_recorded_late")
