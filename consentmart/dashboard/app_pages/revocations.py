"""Revocations: the work queue by deadline, where each request stands in every
downstream system, and requests that found no customer yet."""

import streamlit as st

from consentmart import labels
from consentmart.dashboard import data, theme

st.title("Отзывы согласий")
st.caption("10 рабочих дней по производственному календарю (ч. 5.1 ст. 21 152-ФЗ): остановить рассылки "
           "во всех системах и ответить клиенту.")

statuses = data.revocation_statuses()
counts = dict(zip(statuses["status"], statuses["n"], strict=True))
kpis = st.columns(5)
for column, status in zip(kpis, ["open", "open_overdue", "unmatched", "done_late", "done_on_time"], strict=True):
    column.metric(labels.SLA_STATUSES[status], theme.number(counts.get(status, 0)), border=True)

# the per-system grid covers the head of the queue: what is due first
GRID_REQUESTS = 100

st.subheader("Очередь: кто ближе к сроку")
queue = data.revocation_queue()
if queue.empty:
    theme.empty("Все отзывы исполнены: очередь пуста.")
else:
    n_open = data.revocations_open()
    if n_open > len(queue):
        st.caption(f"Показаны {theme.number(len(queue))} ближайших к сроку из {theme.number(n_open)}.")
    st.dataframe(
        theme.relabel(queue, status=labels.SLA_STATUSES, channel=labels.CHANNEL_SHORT, scope=labels.SCOPES,
                      full_name={}),
        hide_index=True, width="stretch",
        column_order=["request_id", "status", "business_days_left", "deadline_at", "received_at", "full_name",
                      "scope", "channel", "n_systems_cleared", "n_systems", "response_sent_at"],
        column_config={"request_id": "Запрос", "status": "Состояние",
                       "business_days_left": st.column_config.NumberColumn(
                           "Рабочих дней осталось", help="0 — срок сегодня, минус — столько рабочих дней просрочки"),
                       "deadline_at": theme.moment_column("Срок"), "received_at": theme.moment_column("Получен"),
                       "full_name": "Клиент", "scope": "Объём", "channel": "Канал",
                       "n_systems_cleared": "Систем исполнило", "n_systems": "Систем всего",
                       "response_sent_at": theme.moment_column("Ответ клиенту")})

    st.subheader("Исполнение по системам")
    head = list(queue["request_id"].head(GRID_REQUESTS))
    if len(queue) > len(head):
        st.caption(f"Первые {len(head)} запросов очереди.")
    systems = data.revocation_systems(head)
    if systems.empty:
        theme.empty("Ни одна система не обслуживает каналы этих отзывов (например, только почта).")
    else:
        grid = theme.relabel(systems, state=labels.CLEARANCE_STATES).pivot(
            index="request_id", columns="system", values="state").fillna("—")
        colours = theme.colour_map(labels.CLEARANCE_STATES, theme.CLEARANCE_COLOURS)
        st.dataframe(grid.style.map(lambda v: f"color: {colours[v]}; font-weight: 600" if v in colours else ""),
                     width="stretch")

st.subheader("Отзывы без найденного клиента")
unmatched = data.unmatched_requests()
if unmatched.empty:
    theme.empty("Каждый отзыв однозначно сопоставлен с клиентом.")
else:
    st.caption("Срок идёт и для них: найдите клиента вручную среди кандидатов.")
    st.dataframe(unmatched, hide_index=True, width="stretch",
                 column_config={"request_id": "Запрос", "received_at": theme.moment_column("Получен"),
                                "deadline_at": theme.moment_column("Срок"), "reason": "Почему не сопоставлен",
                                "candidate_key": "Кандидат", "full_name": "ФИО кандидата",
                                "birth_date": theme.date_column("Дата рождения"),
                                "passport_masked": "Паспорт"})
