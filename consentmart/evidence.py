"""The evidence pack for a regulator's request: a document in Russian that a lawyer
can send after review - the contested message, its verdict, and the basis consent
with its event, document, contract and source system, or the plain statement that
there was none. Everything comes from the marts."""

from __future__ import annotations

import difflib
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row

from consentmart.errors import ConsentMartError
from consentmart.labels import CHANNELS, METHODS, MOSCOW_TZ, NO_BASIS, REGULATOR_STATUSES, REGULATORS

MOSCOW = ZoneInfo(MOSCOW_TZ)


def _moment(value: datetime | None) -> str:
    return value.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M (мск)") if value else "—"


def _fetch(conn: psycopg.Connection, request_id: str) -> tuple[dict, list[dict]]:
    built = conn.execute("select to_regclass('marts.regulator_requests') is not null").fetchone()[0]
    if not built:
        raise ConsentMartError("the marts are not built yet: run `consentmart build` first")
    with conn.cursor(row_factory=dict_row) as cur:
        request = cur.execute("select * from marts.regulator_requests where request_id = %s", (request_id,)).fetchone()
        if request is None:
            known = [r["request_id"] for r in cur.execute("select request_id from marts.regulator_requests")]
            closest = difflib.get_close_matches(request_id, known, n=3, cutoff=0.5)
            hint = f"; closest: {', '.join(closest)}" if closest else f"; {len(known)} requests are known"
            raise ConsentMartError(f"unknown regulator request {request_id!r}{hint}")
        messages = cur.execute(
            "select l.*, c.full_name, c.birth_date, c.passport_masked, i.valid_from as basis_valid_from, "
            "i.valid_to as basis_valid_to, i.recorded_at as basis_recorded_at, i.evidence_reason "
            "from marts.communication_lineage l "
            "left join marts.customers c on c.customer_key = l.customer_key "
            "left join marts.consent_intervals i on i.basis_event_id = l.basis_event_id "
            "and i.basis_source_system = l.basis_source_system and i.customer_key = l.customer_key "
            "and i.channel = l.channel and i.purpose = 'marketing' "
            "where l.communication_id = %(id)s "
            "or (%(id)s is null and l.contact_point = %(point)s and l.kind = 'advertising') order by l.sent_at",
            {"id": request["communication_id"], "point": request["contact_point"]},
        ).fetchall()
    return request, messages


def _message_section(number: int, message: dict) -> list[str]:
    lines = [
        f"## {number}. Сообщение {message['communication_id']}",
        "",
        f"- Вид: {'рекламное' if message['kind'] == 'advertising' else 'не рекламное (' + message['kind'] + ')'}",
        f"- Канал: {CHANNELS.get(message['channel'], message['channel'])}; система-отправитель: {message['system']}"
        + (f"; кампания {message['campaign_id']}" if message["campaign_id"] else ""),
        f"- Адресат: {message['contact_point']}",
        f"- Отправлено: {_moment(message['sent_at'])}",
    ]
    if message["customer_key"]:
        birth = message["birth_date"].strftime("%d.%m.%Y") if message["birth_date"] else "не указана"
        passport = message["passport_masked"] or "—"
        lines.append(f"- Клиент: {message['full_name']}, дата рождения {birth}, паспорт {passport}")
    lines.append("")
    if message["verdict"] in ("covered", "covered_unproven"):
        term = f"до {_moment(message['basis_valid_to'])}" if message["basis_valid_to"] else "без срока действия"
        lines += [
            "**Основание.** На момент отправки действовало согласие клиента на получение рекламы по этому каналу:",
            "",
            f"- запись о согласии {message['basis_event_id']} в системе {message['basis_source_system']}, "
            f"получено {METHODS.get(message['collection_method'], message['collection_method'])} "
            f"{_moment(message['basis_valid_from'])}, действует {term};",
            f"- договор: {message['contract_id'] or 'без договора'}"
            + (f" ({message['product_name']})" if message["product_name"] else "") + ";",
            f"- документ: {message['document_id'] or 'не указан'}; оригинал хранится: "
            f"{message['storage_uri'] or 'не найден'}; "
            f"контрольная сумма SHA-256: {message['document_sha256'] or 'нет'}.",
        ]
        if message["verdict"] == "covered_unproven":
            why = message["evidence_reason"] or "документ не подтверждён"
            lines.append(f"- Внимание: подтвердить согласие документом нельзя ({why}).")
        if message["recorded_after_send"]:
            lines.append(f"- Внимание: согласие внесено в систему {_moment(message['basis_recorded_at'])}, "
                         "позже отправки сообщения.")
    elif message["verdict"] == "not_required":
        lines.append("**Основание.** Сообщение не рекламное: согласие на рекламу не требуется.")
    else:
        lines.append(f"**Основания не было**: {NO_BASIS[message['verdict']]}.")
    return lines + [""]


def render(request: dict, messages: list[dict]) -> str:
    regulator = REGULATORS.get(request["regulator"], request["regulator"])
    lines = [
        f"# Материалы по запросу {regulator} № {request['request_id']}",
        "",
        f"Запрос поступил {_moment(request['received_at'])}; срок ответа — {_moment(request['deadline_at'])} "
        f"(10 рабочих дней, ч. 4 ст. 20 Федерального закона № 152-ФЗ); "
        f"состояние: {REGULATOR_STATUSES[request['status']]}.",
        "",
    ]
    if request["complainant_name"] or request["contact_point"]:
        who = request["complainant_name"] or "не назван"
        lines += [f"Заявитель: {who}; контакт: {request['contact_point'] or '—'}.", ""]
    if not messages:
        lines += ["Сообщений, о которых спрашивает регулятор, в данных компании не найдено.", ""]
    for number, message in enumerate(messages, 1):
        lines += _message_section(number, message)
    lines += ["---", "", "Подготовлено ConsentMart по витринам согласий; перед отправкой проверяется юристом.", ""]
    return "\n".join(lines)


def pack(conn: psycopg.Connection, request_id: str) -> str:
    request, messages = _fetch(conn, request_id)
    return render(request, messages)
