"""Audience: who may receive advertising now, per channel, and whose consent ends soon
(the renewal list)."""

import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, theme

st.title("Аудитория")
st.caption("Только клиенты с действующим согласием на рекламу по каналу и подтверждённым документом.")

counts = data.audience_counts()
if counts.empty:
    theme.empty("Сейчас писать с рекламой нельзя никому: нет действующих подтверждённых согласий.")
    st.stop()

kpis = st.columns(len(counts))
for column, row in zip(kpis, counts.itertuples(), strict=True):
    column.metric(labels.label(labels.CHANNEL_SHORT, row.channel), theme.number(row.n_customers), border=True,
                  help=f"{theme.number(row.n_points)} адресов")
st.plotly_chart(charts.audience_counts(counts), width="stretch")

channel = st.selectbox("Выгрузить аудиторию канала", counts["channel"], key="a_channel",
                       format_func=lambda v: labels.label(labels.CHANNEL_SHORT, v))
st.download_button("Скачать CSV", data=lambda: data.audience_csv(channel), file_name=f"audience-{channel}.csv",
                   mime="text/csv", icon=":material/download:", on_click="ignore", key="a_download")

st.subheader("Продление: согласия, которые скоро истекут")
days = st.radio("Истекают в ближайшие", [30, 90], format_func=lambda d: f"{d} дней", horizontal=True, key="a_days")
renewals = data.renewals(days)
st.metric("Контактов к продлению", theme.number(len(renewals)))
if renewals.empty:
    theme.empty(f"Ни одно действующее согласие не истекает в ближайшие {days} дней.")
else:
    st.dataframe(theme.relabel(renewals, channel=labels.CHANNEL_SHORT), hide_index=True, width="stretch",
                 column_config={"channel": "Канал", "contact_point": "Адрес", "full_name": "Клиент",
                                "consent_expires_at": theme.moment_column("Согласие истекает"),
                                "basis_event_id": "Основание", "customer_key": "Ключ клиента"})
    st.download_button("Скачать список продления", data=renewals.to_csv(index=False).encode(),
                       file_name=f"renewals-{days}d.csv", mime="text/csv", icon=":material/download:",
                       key="a_renewals")
