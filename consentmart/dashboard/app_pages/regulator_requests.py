"""Regulator requests: deadlines, and per request the lineage of the contested message
with the evidence pack a lawyer sends after review."""

import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, theme

st.title("Запросы регуляторов")
st.caption("Ответ — в течение 10 рабочих дней (ч. 4 ст. 20 152-ФЗ).")

requests = data.regulator_requests()
if requests.empty:
    theme.empty("Запросов ФАС и Роскомнадзора не поступало.")
    st.stop()

counts = requests["status"].value_counts()
kpis = st.columns(4)
for column, status in zip(kpis, ["open", "open_overdue", "answered_late", "answered_on_time"], strict=True):
    column.metric(labels.REGULATOR_STATUSES[status].capitalize(), theme.number(counts.get(status, 0)), border=True)

st.dataframe(
    theme.relabel(requests, status=labels.REGULATOR_STATUSES, regulator=labels.REGULATOR_SHORT,
                  verdict=labels.VERDICTS),
    hide_index=True, width="stretch",
    column_order=["request_id", "regulator", "status", "received_at", "deadline_at", "answered_at",
                  "complainant_name", "contact_point", "communication_id", "verdict"],
    column_config={"request_id": "Запрос", "regulator": "Регулятор", "status": "Состояние",
                   "received_at": theme.moment_column("Получен"), "deadline_at": theme.moment_column("Срок"),
                   "answered_at": theme.moment_column("Ответ"), "complainant_name": "Заявитель",
                   "contact_point": "Контакт", "communication_id": "Сообщение", "verdict": "Вердикт"})

regulators = dict(zip(requests["request_id"], requests["regulator"], strict=True))
picked = st.selectbox("Запрос", requests["request_id"], key="r_pick",
                      format_func=lambda v: f"{v} · {labels.label(labels.REGULATOR_SHORT, regulators[v])}")
messages = data.request_communications(picked)
st.subheader("Происхождение спорного сообщения")
if messages.empty:
    theme.empty("Сообщений, о которых спрашивает регулятор, в данных компании не найдено.")
for _, row in messages.iterrows():
    st.markdown(f"**{row['communication_id']}** · {labels.label(labels.CHANNELS, row['channel'])} на "
                f"{row['contact_point']} · {theme.moment(row['sent_at'])} · вердикт "
                f"«{labels.label(labels.VERDICTS, row['verdict'])}»")
    st.plotly_chart(charts.lineage_graph(row), width="stretch", key=f"lineage-{row['communication_id']}")

pack = data.evidence_pack(picked)
st.download_button("Скачать материалы для ответа (Markdown)", data=pack.encode(),
                   file_name=f"evidence-{picked}.md", mime="text/markdown", icon=":material/download:",
                   key="r_evidence")
with st.expander("Материалы для ответа"):
    st.markdown(pack)
