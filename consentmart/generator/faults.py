"""Bad raw rows of every kind the contract names, added at a small rate, each with
the reason the warehouse must give for it. Every bad row is an extra row (a new
key, or a copy of a real one), so the stories' truth does not depend on them."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from consentmart.contract import RAW_TABLES
from consentmart.generator.stories import Writer, iso

Row = list[str]


class Faults:
    def __init__(self, out: Writer, rng: random.Random, as_of: datetime, tag: str) -> None:
        self.out, self.rng, self.as_of, self.tag = out, rng, as_of, tag
        self.serial = 0

    def _pick(self, table: str, where: Callable[[Row], bool] = lambda r: True) -> Row | None:
        rows = [r for r in self.out.raw.get(table, []) if where(r)]
        return list(self.rng.choice(rows)) if rows else None

    def _set(self, table: str, row: Row, **values: str) -> Row:
        columns = RAW_TABLES[table]
        for column, value in values.items():
            row[columns.index(column)] = value
        return row

    def _get(self, table: str, row: Row, column: str) -> str:
        return row[RAW_TABLES[table].index(column)]

    def _new_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-BAD-{self.tag}-{self.serial:04d}"

    def _reject(self, table: str, row: Row, key: str, reason: str, disposition: str = "rejected") -> None:
        self.out.row(table, row)
        self.out.fact("data_quality", [table, key, reason, disposition])

    def _after(self) -> str:
        # at least three days on, so a build one or two days later still calls them early
        return iso(self.as_of + timedelta(days=self.rng.randint(3, 20)))

    # one function per fault kind; each returns nothing when the chunk has no row to start from

    def customers(self) -> None:
        t = "customers"
        # a regular record with passport and birth date, of a person without a near-miss passport
        reviewed = {r[1][1:] for r in self.out.raw.get(t, []) if r[1].startswith("Q")}
        anchor = self._pick(t, lambda r: r[4] != "" and r[3] != "" and r[1][:1] in "CDWPB"
                            and r[1][1:] not in reviewed)
        if anchor is None:
            return
        system = self._get(t, anchor, "source_system")
        missing = self._set(t, list(anchor), source_customer_id="")
        self._reject(t, missing, f"{system} / ∅", "missing key")
        for reason, values in (("missing full_name", {"full_name": ""}),
                               ("unparseable updated_at", {"updated_at": "31.12.2025"}),
                               ("after as_of", {"updated_at": self._after()})):
            new_id = self._new_id("Z")
            self._reject(t, self._set(t, list(anchor), source_customer_id=new_id, **values),
                         f"{system} / {new_id}", reason)
        new_id = self._new_id("Z")
        for phone in ("+7 900 000-00-01", "+7 900 000-00-02"):
            self._reject(t, self._set(t, list(anchor), source_customer_id=new_id, phone=phone),
                         f"{system} / {new_id}", "duplicate key with different content")
        # Kept with a value ignored: another record of the same person, linked by passport
        # (the garbled birth date) or by name and birth date (the garbled passport).
        person = self._get(t, anchor, "source_customer_id")[1:]
        for reason, values in (("unparseable birth_date", {"birth_date": f"{anchor[3][:4]}-02-30"}),
                               ("passport is not 10 digits", {"passport": anchor[4].replace(" ", "")[:9]})):
            new_id = self._new_id("V")
            row = self._set(t, list(anchor), source_system="billing", source_customer_id=new_id,
                            phone="", email="", **values)
            self._reject(t, row, f"billing / {new_id}", reason, "value_ignored")
            cluster = next(r[3] for r in self.out.truth["source_records"]
                           if r[0] == system and r[1] == self._get(t, anchor, "source_customer_id"))
            self.out.fact("source_records", ["billing", new_id, int(person), cluster])

    def contracts(self) -> None:
        t = "contracts"
        base = self._pick(t)
        if base is None:
            return
        system = base[0]
        signed = self._get(t, base, "signed_at")
        for reason, values in (("unknown source_customer_id", {"source_customer_id": self._new_id("C")}),
                               ("unparseable signed_at", {"signed_at": signed.replace("-", "/")}),
                               ("after as_of", {"signed_at": self._after()[:10], "ended_at": ""}),
                               ("ended_at before signed_at", {"ended_at": "2014-12-31"})):
            new_id = self._new_id("K")
            self._reject(t, self._set(t, list(base), contract_id=new_id, **values), f"{system} / {new_id}", reason)

    def consent_events(self) -> None:
        t = "consent_events"
        base = self._pick(t, lambda r: r[9] != "")  # a grant with a term
        if base is None:
            return
        system = base[0]
        kinds = (
            ("unknown channel", {"channel": "fax"}),
            ("unknown purpose", {"purpose": "newsletter"}),
            ("unknown action", {"action": "maybe"}),
            ("unknown collection_method", {"collection_method": "pigeon"}),
            ("missing source_customer_id", {"source_customer_id": ""}),
            ("missing event_at", {"event_at": ""}),
            ("unparseable event_at", {"event_at": "2024-13-01T10:00:00"}),
            ("missing recorded_at", {"recorded_at": ""}),
            ("valid_until before event_at", {"valid_until": "2014-06-01T00:00:00"}),
            ("after as_of", {"event_at": self._after(), "recorded_at": self._after(), "valid_until": ""}),
            ("unknown source_customer_id", {"source_customer_id": self._new_id("C")}),
        )
        for reason, values in kinds:
            new_id = self._new_id("E")
            self._reject(t, self._set(t, list(base), event_id=new_id, **values), f"{system} / {new_id}", reason)
        new_id = self._new_id("E")
        for channel in ("sms", "call"):
            self._reject(t, self._set(t, list(base), event_id=new_id, channel=channel),
                         f"{system} / {new_id}", "duplicate key with different content")
        self.out.row(t, list(base))  # a re-delivery: collapses silently
        self.out.fact("redeliveries", [t, f"{system} / {base[1]}"])

    def consent_documents(self) -> None:
        t = "consent_documents"
        base = self._pick(t)
        if base is None:
            return
        for reason, values in (("unknown kind", {"kind": "photo"}),
                               ("unparseable is_signed", {"is_signed": "maybe"}),
                               ("unparseable sha256", {"sha256": "abc"}),
                               ("missing storage_uri", {"storage_uri": ""}),
                               ("after as_of", {"uploaded_at": self._after(), "verified_at": ""})):
            new_id = self._new_id("DOC")
            self._reject(t, self._set(t, list(base), document_id=new_id, **values), new_id, reason)

    def revocation_requests(self) -> None:
        t = "revocation_requests"
        base = self._pick(t)
        if base is None:
            return
        for reason, values in (("unknown scope", {"scope": "everything"}),
                               ("unknown received_via", {"received_via": "pigeon"}),
                               ("after as_of", {"received_at": self._after(), "response_sent_at": ""})):
            new_id = self._new_id("R")
            self._reject(t, self._set(t, list(base), request_id=new_id, **values), new_id, reason)

    def regulator_requests(self) -> None:
        t = "regulator_requests"
        base = self._pick(t)
        if base is None:
            return
        for reason, values in (("unknown regulator", {"regulator": "ЦБ"}),
                               ("unparseable received_at", {"received_at": "вчера"})):
            new_id = self._new_id("RR")
            self._reject(t, self._set(t, list(base), request_id=new_id, **values), new_id, reason)

    def contact_lists(self) -> None:
        t = "downstream_contact_lists"
        base = self._pick(t)
        if base is None:
            return
        for reason, values in (("unparseable contact_point", {"contact_point": "n/a"}),
                               ("unknown channel", {"channel": "any"}),
                               ("after as_of", {"snapshot_at": self._after()})):
            row = self._set(t, list(base), **values)
            key = " / ".join(row[:4])
            self._reject(t, row, key, reason)

    def communications(self) -> None:
        t = "communications"
        base = self._pick(t)
        if base is None:
            return
        for reason, values in (("unparseable sent_at", {"sent_at": "05.11.2026 10:00"}),
                               ("missing contact_point", {"contact_point": ""}),
                               ("unknown kind", {"kind": "promo"}),
                               ("after as_of", {"sent_at": self._after()})):
            new_id = self._new_id("M")
            self._reject(t, self._set(t, list(base), communication_id=new_id, **values), new_id, reason)
        self.out.row(t, list(base))
        self.out.fact("redeliveries", [t, base[0]])

    def apply(self, rate: float, always: bool) -> None:
        """Each kind of fault appears with probability `rate` (every kind when `always`)."""
        for kind in (self.customers, self.contracts, self.consent_events, self.consent_documents,
                     self.revocation_requests, self.regulator_requests, self.contact_lists, self.communications):
            if always or self.rng.random() < rate:
                kind()


def global_faults(out: Writer) -> None:
    out.row("products", ["debit_card", "Дебетовая карта", "banking", "five"])
    out.fact("data_quality", ["products", "debit_card", "unparseable pd_retention_years", "rejected"])
    out.row("downstream_systems", ["pager_hub", "sms,pager", "24", "24"])
    out.fact("data_quality", ["downstream_systems", "pager_hub", "unknown channel", "rejected"])
