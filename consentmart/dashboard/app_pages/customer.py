"""Customer: find a person by name, phone, e-mail or passport, and read the profile the
article asks for - consents by contract, purpose and channel, their timeline, the
messages sent with their verdicts, and whether the data may still be kept."""

import pandas as pd
import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, search, theme

st.title("Клиент")

query = st.text_input("Поиск: ФИО, телефон, e-mail или паспорт", key="c_query",
                      placeholder="например, Ибрагимов Ибрагим, 8 916 123-45-67 или 4510 123456",
                      help="Опечатки и любая запись номера допускаются")
chosen = st.query_params.get("customer")
if query:
    terms = search.search_terms(query)
    found = data.search_customers(terms)
    if not terms:
        theme.empty("Введите не меньше трёх букв или четырёх цифр.")
    elif found.empty:
        theme.empty("Никого похожего не нашлось: проверьте запрос или поищите по другому признаку.")
    else:
        st.caption(f"Найдено: {len(found)}. Однофамильцы различаются датой рождения и паспортом.")
        chosen = st.radio(
            "Клиент", found["customer_key"], key="c_pick",
            format_func=lambda key: (lambda r: f"{r['full_name']} · {theme.day(r['birth_date'])} · "
                                     f"паспорт {theme.plain(r['passport_masked'])} · совпал "
                                     f"{labels.label(labels.TERM_KINDS, r['term_kind'])} «{r['term']}»")(
                found.loc[found["customer_key"] == key].iloc[0]))

person = data.customer(chosen) if chosen else None
if person is None:
    if not query:
        theme.empty("Найдите клиента, чтобы увидеть его согласия, сообщения и сроки хранения данных.")
    st.stop()

st.header(person["full_name"])
sources = data.customer_sources(chosen)
st.markdown(f"Дата рождения **{theme.day(person['birth_date'])}** · "
            f"паспорт **{theme.plain(person['passport_masked'])}** · "
            f"записей в источниках: **{person['n_source_records']}** ("
            + ", ".join(f"{r.source_system}:{r.source_customer_id}" for r in sources.itertuples()) + ")"
            + (" · **данные обезличены**" if person["is_anonymized"] else ""))

retention = data.customer_retention(chosen)
if retention is not None:
    until = retention["retain_until"] if pd.notna(retention["retain_until"]) else retention["destroy_deadline"]
    st.info(f"Хранение данных: **{labels.label(labels.RETENTION_STATUSES, retention['status'])}**"
            + (f" до {theme.moment(until)}" if pd.notna(until) else "") + f". {retention['reason']}",
            icon=":material/inventory_2:")

st.subheader("Согласия по договорам, целям и каналам")
statuses = data.customer_statuses(chosen)
if statuses.empty:
    theme.empty("По клиенту нет ни одного события согласия или отзыва.")
else:
    st.dataframe(
        theme.relabel(statuses, purpose=labels.PURPOSES, channel=labels.CHANNEL_SHORT,
                      status=labels.CONSENT_STATUSES, evidence_status=labels.EVIDENCE_STATUSES),
        hide_index=True, width="stretch",
        column_order=["contract_id", "purpose", "channel", "status", "active_since", "expires_at", "status_since",
                      "basis_source_system", "basis_event_id", "evidence_status", "evidence_reason", "is_perpetual"],
        column_config={"contract_id": "Договор", "purpose": "Цель", "channel": "Канал", "status": "Статус",
                       "active_since": theme.moment_column("Действует с"),
                       "expires_at": theme.moment_column("До"), "status_since": theme.moment_column("Статус с"),
                       "basis_source_system": "Система", "basis_event_id": "Событие-основание",
                       "evidence_status": "Документ", "evidence_reason": "Почему",
                       "is_perpetual": st.column_config.CheckboxColumn("Бессрочное")})

st.subheader("История согласий")
intervals = data.customer_intervals(chosen)
if intervals.empty:
    theme.empty("Клиент ни разу не давал согласий: рисовать нечего.")
else:
    st.plotly_chart(charts.consent_timeline(intervals, data.customer_refusals(chosen), data.current_build().as_of),
                    width="stretch")

st.subheader("Сообщения клиенту")
messages = data.customer_communications(chosen)
if messages.empty:
    theme.empty("Клиенту ничего не отправляли.")
else:
    st.dataframe(
        theme.relabel(messages, verdict=labels.VERDICTS, kind=labels.KINDS, channel=labels.CHANNEL_SHORT),
        hide_index=True, width="stretch",
        column_config={"communication_id": "ID", "sent_at": theme.moment_column("Отправлено"), "channel": "Канал",
                       "kind": "Вид", "system": "Система", "contact_point": "Адрес", "campaign_id": "Кампания",
                       "verdict": "Вердикт", "basis_event_id": "Основание", "document_id": "Документ",
                       "recorded_after_send": st.column_config.CheckboxColumn("Согласие внесено позже")})
