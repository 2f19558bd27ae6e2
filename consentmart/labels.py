"""Russian labels for the values of the marts: one vocabulary for the evidence pack
and the dashboard, so a lawyer reads the same words in both."""

from __future__ import annotations

MOSCOW_TZ = "Europe/Moscow"

REGULATORS = {"FAS": "Федеральной антимонопольной службы (ФАС России)",
              "RKN": "Роскомнадзора"}
REGULATOR_SHORT = {"FAS": "ФАС России", "RKN": "Роскомнадзор"}
CHANNELS = {"sms": "SMS", "call": "телефонный звонок", "email": "электронная почта", "push": "push-уведомление",
            "messenger": "мессенджер", "post": "почтовое отправление"}
CHANNEL_SHORT = {"sms": "SMS", "call": "Звонки", "email": "E-mail", "push": "Push",
                 "messenger": "Мессенджеры", "post": "Почта"}
METHODS = {"paper": "на бумаге", "web_form": "через веб-форму", "mobile_app": "в мобильном приложении",
           "e_signature": "электронной подписью", "call_recording": "с записью разговора",
           "gosuslugi": "через Госуслуги", "letter": "письмом"}
PURPOSES = {"marketing": "Реклама", "pd_processing": "Обработка ПДн", "partner_transfer": "Передача партнёрам",
            "analytics": "Аналитика"}
REGULATOR_STATUSES = {"answered_on_time": "ответ направлен в срок",
                      "answered_late": "ответ направлен с нарушением срока",
                      "open": "ответ готовится, срок не истёк", "open_overdue": "срок ответа истёк"}
NO_BASIS = {
    "refused": "клиент отказался от рекламных сообщений по этому каналу или отозвал согласие до отправки",
    "expired": "срок действия согласия истёк до отправки",
    "no_consent": "согласие на получение рекламы по этому каналу клиент не давал",
    "unknown_recipient": "контактные данные не принадлежат ни одному известному клиенту",
}
VERDICTS = {"covered": "Есть согласие", "covered_unproven": "Согласие не доказано", "refused": "Отказ / отзыв",
            "expired": "Согласие истекло", "no_consent": "Согласия не было", "unknown_recipient": "Неизвестный адресат",
            "not_required": "Не реклама"}
SEVERITIES = {"critical": "Критично", "high": "Высокая", "medium": "Средняя", "low": "Низкая"}
VIOLATION_TYPES = {
    "communication_without_consent": "Реклама без согласия",
    "unprovable_consent": "Согласие не доказать",
    "revocation_overdue": "Отзыв исполнен с опозданием",
    "propagation_failure": "Отзыв не дошёл до системы",
    "stale_feed": "Выгрузка системы устарела",
    "perpetual_consent": "Бессрочное согласие",
    "pd_retention_overdue": "ПДн не уничтожены в срок",
    "regulator_request_overdue": "Ответ регулятору просрочен",
}
CONSENT_STATUSES = {"active": "Действует", "expired": "Истекло", "revoked": "Отозвано", "denied": "Отказ",
                    "never_given": "Не давалось"}
END_REASONS = {"open": "Действует", "expired": "Истекло", "revoked": "Закончилось отзывом",
               "denied": "Закончилось отказом"}
EVIDENCE_STATUSES = {"ok": "Документ подтверждён", "pending": "Документ в пути", "missing": "Документа нет",
                     "mismatch": "Документ не совпадает", "not_required": "Документ не нужен"}
SLA_STATUSES = {"done_on_time": "Исполнен в срок", "done_late": "Исполнен с опозданием", "open": "В работе",
                "open_overdue": "Просрочен", "unmatched": "Клиент не найден"}
CLEARANCE_STATES = {"cleared": "Удалён из списка", "still_listed": "Всё ещё в списке",
                    "no_list_since": "Нет выгрузки с момента отзыва"}
MISMATCHES = {"listed_not_allowed": "В списке без права", "allowed_not_listed": "Разрешён, но нет в списке",
              "pending": "Ждёт следующей выгрузки"}
RETENTION_STATUSES = {"active_basis": "Есть основание", "retain_legal_obligation": "Хранится по закону",
                      "destroy_due": "Уничтожить в срок", "destroy_overdue": "Срок уничтожения прошёл",
                      "destroyed": "Уничтожены"}
DQ_DISPOSITIONS = {"rejected": "Строка отклонена", "value_ignored": "Значение отброшено"}
REVIEW_ITEMS = {"near_miss_name": "Почти совпадающие ФИО", "near_miss_passport": "Почти совпадающие паспорта",
                "ambiguous_record": "Запись подходит нескольким клиентам",
                "unmatched_revocation_request": "Отзыв без клиента"}
SCOPES = {"all_marketing": "Вся реклама", "channel": "Реклама по каналу", "pd_processing": "Обработка ПДн"}
KINDS = {"advertising": "Реклама", "service": "Сервисное", "transactional": "Транзакционное"}
TERM_KINDS = {"name": "ФИО", "phone": "телефон", "email": "e-mail", "passport": "паспорт"}


def label(vocabulary: dict[str, str], value: str | None) -> str:
    """The Russian label of a value; an unknown value is shown as it is."""
    if value is None:
        return "—"
    return vocabulary.get(value, value)
