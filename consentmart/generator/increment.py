"""The next day of the same world, for incremental builds and the benchmark: about
1/365 of a year's consent events, requests, messages, and that day's contact lists.

The day's people are rebuilt from the seed (same names, records and consents); the
day's own rows get ids of their own, so the base load plus the increment is the
world one day later. No truth is written for the increment."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from consentmart.generator import catalog, people, world
from consentmart.generator.stories import Customer, StoryTeller, Writer, iso

# Per customer and day: a new consent fact, a revocation request, advertising per allowed channel.
EVENT_RATE = 3.0 / 365
REQUEST_RATE = 0.1 / 365
ADVERTISING_RATE = 1.0 / 28
# Of the day's consent facts, paper grants signed 20-40 days earlier (late-arriving events).
LATE_PAPER_SHARE = 0.2


class NextDay:
    def __init__(self, chunk: world.Chunk, day: int) -> None:
        self.chunk = chunk
        self.day = day
        self.rng = random.Random(f"{chunk.plan.seed}:{chunk.number}:day{day}")
        self.start = datetime.combine(chunk.plan.as_of.date() + timedelta(days=day - 1), time(0)) \
            if day > 1 else chunk.plan.as_of
        self.end = chunk.plan.as_of + timedelta(days=day)
        self.out = Writer()
        # the day's facts go through a story-teller writing into this day's rows
        self.teller = StoryTeller(self.rng, self.out, self.end, chunk.plan.population)
        self.teller.event_counter = 10_000 * day
        self.teller.document_counter = 10_000 * day
        self.teller.request_counter = 100 * day
        self.counter = 0

    def moment(self) -> datetime:
        return self.start + timedelta(seconds=self.rng.randint(0, int((self.end - self.start).total_seconds()) - 1))

    def consent_fact(self, customer: Customer) -> None:
        at = self.moment()
        reachable = self.teller.reachable_channels(customer)
        channel = self.rng.choice(reachable)
        system = customer.records[0].system
        # a paper form signed weeks ago that reaches the archive today: history changes late
        signed = at - timedelta(days=self.rng.randint(20, 40))
        if self.rng.random() < LATE_PAPER_SHARE and customer.consents.free("marketing", channel, signed):
            self.teller._grant(customer, None, "marketing", (channel,), signed, timedelta(days=365 * 3), "ok",
                               system=system, method="paper", recorded=at)
        elif customer.consents.free("marketing", channel, at) and self.rng.random() < 0.6:
            self.teller._grant(customer, None, "marketing", (channel,), at, timedelta(days=365 * 5), "ok",
                               system=system, method="web_form" if system == "web" else "e_signature",
                               recorded=at + timedelta(minutes=1))
        else:
            self.teller._end(customer, None, "marketing", (channel,), "revoke", at, system=system,
                             method="mobile_app")

    def message(self, point: str, channel: str) -> None:
        self.counter += 1
        system = world.CAMPAIGN_SYSTEM[channel]
        written = point if channel == "email" else people.format_phone("billing", point)
        self.out.row("communications", [f"M-{self.chunk.number:04d}-D{self.day:03d}-{self.counter:06d}", system,
                                        channel, written, None, iso(self.moment()), "advertising",
                                        f"{channel.upper()}-DAY"])

    def build(self) -> Writer:
        chunk, rng = self.chunk, self.rng
        for customer in chunk.customers:
            if customer.anonymized:
                continue
            if rng.random() < EVENT_RATE:
                self.consent_fact(customer)
            if rng.random() < REQUEST_RATE:
                self.teller._matched_request(customer, self.start, authenticated=False)
            for channel in ("sms", "call", "push", "email"):
                for point in chunk.points(customer, channel):
                    if rng.random() < ADVERTISING_RATE and chunk.allowed(point, channel, self.start):
                        self.message(point, channel)
        for system in catalog.DOWNSTREAM:
            if system.weekly_only or system.system == catalog.STALE_SYSTEM:
                continue
            moment = datetime.combine(self.end.date(), time(2))
            if not self.start < moment <= self.end:
                continue
            for customer in chunk.customers:
                if customer.anonymized:
                    continue
                for point, channel, own_id in chunk.members(system, customer):
                    if chunk.listed(system, customer, point, channel, moment):
                        written = point if channel == "email" else people.format_phone(
                            system.own_customers_of or "billing", point)
                        self.out.row("downstream_contact_lists", [system.system, iso(moment), channel, written, own_id])
        return self.out


def build_day(plan: world.Plan, number: int, day: int) -> Writer:
    chunk = world.Chunk(plan, number)
    chunk.build_people()
    return NextDay(chunk, day).build()
