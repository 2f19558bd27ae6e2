"""The company the generator simulates: its systems, products and downstream lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Generated data describes the world as of this moment (Moscow time), unless told otherwise.
DEFAULT_AS_OF = datetime(2026, 11, 20, 12, 0, 0)
HISTORY_START = datetime(2015, 1, 1)
BIRTH_FIRST = datetime(1946, 1, 1).date()
BIRTH_LAST = datetime(2006, 12, 31).date()

# Advertising is simulated over this window before as_of; contact-list snapshots
# are weekly over it and daily over its last days.
COMMUNICATION_WINDOW = timedelta(days=56)
WEEKLY_SNAPSHOTS = 8
DAILY_SNAPSHOTS = 2
# Revocation requests arrive within this window, so snapshots can show their propagation.
REQUEST_WINDOW = timedelta(days=45)

CHANNELS = ("sms", "call", "email", "push", "messenger", "post")
PURPOSES = ("pd_processing", "marketing", "partner_transfer", "analytics")


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    line: str
    retention_years: int
    system: str  # the source system that sells it


PRODUCTS: tuple[Product, ...] = (
    Product("mobile", "Мобильная связь", "telecom", 0, "crm_dept1"),
    Product("home_internet", "Домашний интернет", "telecom", 0, "crm_dept2"),
    Product("cable_tv", "Кабельное телевидение", "telecom", 0, "crm_dept2"),
    Product("cctv", "Видеонаблюдение", "telecom", 0, "web"),
    Product("consumer_loan", "Потребительский кредит", "banking", 5, "branch_paper"),
    Product("deposit", "Вклад", "banking", 5, "billing"),
    Product("credit_card", "Кредитная карта", "banking", 5, "billing"),
    Product("osago", "ОСАГО", "insurance", 3, "web"),
)
PRODUCT = {p.code: p for p in PRODUCTS}


@dataclass(frozen=True)
class Downstream:
    system: str
    channels: tuple[str, ...]
    sla_hours: int
    feed_hours: int
    lag_hours: int          # how late its list follows the mart (within the SLA)
    own_customers_of: str | None  # a CRM lists only its own customers
    weekly_only: bool = False


DOWNSTREAM: tuple[Downstream, ...] = (
    Downstream("crm_dept1", ("sms", "call"), 24, 24, 4, "crm_dept1"),
    Downstream("crm_dept2", ("call", "sms"), 24, 24, 5, "crm_dept2"),
    Downstream("esp_email", ("email",), 12, 24, 2, None),
    Downstream("dialer", ("call",), 24, 24, 3, None),
    Downstream("sms_gateway", ("sms",), 6, 24, 1, None),
    Downstream("push_service", ("push", "messenger"), 24, 168, 10, None, weekly_only=True),
)
# The e-mail service's integration broke: its newest list is this old at as_of.
STALE_SYSTEM = "esp_email"
STALE_SINCE = timedelta(days=150)
# The second department's CRM never hears of this share of revocations.
DEAF_SYSTEM = "crm_dept2"
DEAF_SHARE = 0.5

CITIES = ("Москва", "Санкт-Петербург", "Подольск", "Химки", "Тула", "Калуга", "Люберцы",
          "Екатеринбург", "Казань", "Нижний Новгород", "Самара", "Воронеж")
STREETS = ("Ленина", "Мира", "Садовая", "Центральная", "Советская", "Молодёжная", "Школьная",
           "Лесная", "Тверская", "Гагарина", "Пушкина", "Кирова", "Профсоюзная", "Новая")
EMAIL_DOMAINS = (("mail.ru", 30), ("yandex.ru", 22), ("gmail.com", 20), ("bk.ru", 6),
                 ("list.ru", 5), ("ya.ru", 5), ("inbox.ru", 5), ("rambler.ru", 4), ("outlook.com", 3))
