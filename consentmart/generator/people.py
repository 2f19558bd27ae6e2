"""People and how each source system writes them down.

Identifiers come from bijections of the person's index, so they are unique without
remembering them: passports and phones of different people never collide, and a
number derived from an index past the last person belongs to nobody (the grey list).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from consentmart.generator import catalog
from consentmart.generator.names import Weighted, translit

_PASSPORT_A, _PASSPORT_B, _PASSPORT_M = 7_654_321_097, 1_234_567_891, 10**10
_PHONE_A, _PHONE_B, _PHONE_M = 387_420_489, 100_003, 10**9
_PASSPORT_A_INVERSE = pow(_PASSPORT_A, -1, _PASSPORT_M)
_DOMAINS = Weighted([d for d, _ in catalog.EMAIL_DOMAINS], [w for _, w in catalog.EMAIL_DOMAINS])


def passport_of(index: int) -> str:
    return f"{(index * _PASSPORT_A + _PASSPORT_B) % _PASSPORT_M:010d}"


def passport_owner(passport: str) -> int:
    """The index whose passport this is (maybe past the last person)."""
    return ((int(passport) - _PASSPORT_B) * _PASSPORT_A_INVERSE) % _PASSPORT_M


def phone_of(index: int) -> str:
    return f"+79{(index * _PHONE_A + _PHONE_B) % _PHONE_M:09d}"


@dataclass
class Person:
    index: int
    full_name: str
    gender: str
    birth_date: date
    passport: str
    phone: str
    email: str | None
    address: str | None


def make_person(index: int, full_name: str, gender: str, birth_date: date, rng: random.Random) -> Person:
    surname, given = full_name.split(" ")[:2]
    email = None
    if rng.random() < 0.75:
        if rng.random() < 0.6:
            login = f"{translit(given)}.{translit(surname)}"
        else:
            login = f"{translit(surname)}{birth_date:%y}"
        email = f"{login}.{index:x}@{_DOMAINS.draw(rng)}"
    address = None
    if rng.random() < 0.8:
        address = (f"г. {rng.choice(catalog.CITIES)}, ул. {rng.choice(catalog.STREETS)}, "
                   f"д. {rng.randint(1, 120)}, кв. {rng.randint(1, 300)}")
    phone = phone_of(index)
    return Person(index, full_name, gender, birth_date, passport_of(index), phone, email, address)


# How each source system types what it holds (raw-contract.md lists these habits).
def format_phone(system: str, phone: str) -> str:
    digits = phone[2:]  # ten digits after +7
    if system == "crm_dept1":
        return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    if system == "crm_dept2":
        return "8" + digits
    if system == "web":
        return digits
    if system == "branch_paper":
        return f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    return phone


def format_passport(system: str, passport: str) -> str:
    if system in ("crm_dept1", "billing"):
        return f"{passport[:4]} {passport[4:]}"
    if system == "branch_paper":
        return f"{passport[:2]} {passport[2:4]} {passport[4:]}"
    return passport


def format_name(system: str, full_name: str, rng: random.Random) -> str:
    if system == "crm_dept2":
        surname, rest = full_name.split(" ", 1)
        spacer = "  " if rng.random() < 0.15 else " "
        return surname.upper() + spacer + rest
    if system == "web" and rng.random() < 0.3:
        return full_name.lower()
    if system == "branch_paper":
        return full_name.replace("ё", "е").replace("Ё", "Е")
    return full_name


def format_email(system: str, email: str, rng: random.Random) -> str:
    if system == "web" and rng.random() < 0.4:
        login, domain = email.split("@")
        return f"{login.capitalize()}@{domain.capitalize()} "
    return email


def format_moment(system: str, moment: datetime) -> str:
    """Moscow local time, written as the system writes timestamps."""
    if system == "web":
        return moment.strftime("%Y-%m-%dT%H:%M:%S+03:00")
    if system == "billing":
        from datetime import timedelta

        return (moment - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if system == "crm_dept2":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime("%Y-%m-%dT%H:%M:%S")
