"""Violations: filter, read, drill down to the customer and the communication, download."""

import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, theme

st.title("Нарушения")

facets = data.violation_facets()
period = data.violation_period()
preset = st.query_params.get_all("severity")

with st.sidebar:
    st.header("Фильтры")
    types = st.multiselect("Вид", facets.get("violation_type", []), key="v_types",
                           format_func=lambda v: labels.label(labels.VIOLATION_TYPES, v))
    severities = st.multiselect("Серьёзность", facets.get("severity", []), key="v_severities",
                                default=[s for s in preset if s in facets.get("severity", [])],
                                format_func=lambda v: labels.label(labels.SEVERITIES, v))
    systems = st.multiselect("Система", facets.get("system", []), key="v_systems")
    channels = st.multiselect("Канал", facets.get("channel", []), key="v_channels",
                              format_func=lambda v: labels.label(labels.CHANNEL_SHORT, v))
    chosen_period = st.date_input("Период", value=period or (), key="v_period", format="DD.MM.YYYY") if period else ()

since, until = (chosen_period if len(chosen_period) == 2 else (None, None))
chosen = data.ViolationFilter(tuple(types), tuple(severities), tuple(systems), tuple(channels), since, until)
summary = data.violations_summary(chosen)

kpis = st.columns(3)
kpis[0].metric("Нарушений по фильтру", theme.number(summary["n"]), border=True)
kpis[1].metric("Штраф от", theme.roubles(summary["fine_min_rub"]), border=True)
kpis[2].metric("Штраф до", theme.roubles(summary["fine_max_rub"]), border=True)

if summary["n"] == 0:
    theme.empty("Под выбранные фильтры нарушений нет.")
    st.stop()

rows = data.violations(chosen)
if len(rows) < summary["n"]:
    st.caption(f"Показаны последние {theme.number(len(rows))} из {theme.number(summary['n'])}; "
               "в CSV — все по фильтру.")
st.dataframe(
    theme.relabel(rows, violation_type=labels.VIOLATION_TYPES, severity=labels.SEVERITIES,
                  channel=labels.CHANNEL_SHORT),
    hide_index=True, width="stretch",
    column_order=["violation_id", "severity", "violation_type", "occurred_at", "system", "channel", "full_name",
                  "details", "fine_min_rub", "fine_max_rub", "law_article"],
    column_config={"violation_id": "ID", "severity": "Серьёзность", "violation_type": "Вид",
                   "occurred_at": theme.moment_column("Когда"), "system": "Система", "channel": "Канал",
                   "full_name": "Клиент", "details": "Подробности", "fine_min_rub": "Штраф от, ₽",
                   "fine_max_rub": "Штраф до, ₽", "law_article": "Статья"})
st.download_button("Скачать CSV", data=lambda: data.violations_csv(chosen),
                   file_name="violations.csv", mime="text/csv", icon=":material/download:", on_click="ignore")

st.subheader("Подробно")
kinds = dict(zip(rows["violation_id"], rows["violation_type"], strict=True))
picked = st.selectbox("Нарушение", rows["violation_id"], key="v_pick", index=None,
                      placeholder="Выберите нарушение из таблицы",
                      format_func=lambda v: f"{v} · {labels.label(labels.VIOLATION_TYPES, kinds[v])}")
if picked:
    item = data.violation(picked)
    st.markdown(f"**{labels.label(labels.VIOLATION_TYPES, item['violation_type'])}** · "
                f"{labels.label(labels.SEVERITIES, item['severity'])} · {theme.moment(item['occurred_at'])}  \n"
                f"{item['details']}  \nШтраф {theme.roubles(item['fine_min_rub'])} – "
                f"{theme.roubles(item['fine_max_rub'])} ({item['law_article'] or 'статья не указана'})")
    if item["customer_key"]:
        person = data.customer(item["customer_key"])
        st.page_link("app_pages/customer.py", label=f"Профиль клиента: {person['full_name']}",
                     icon=":material/person:", query_params={"customer": item["customer_key"]})
    message = data.communication(item["subject"])
    if message is not None:
        st.markdown(f"Сообщение **{message['communication_id']}**: {labels.label(labels.KINDS, message['kind'])}, "
                    f"{labels.label(labels.CHANNELS, message['channel'])} на {message['contact_point']}, "
                    f"{theme.moment(message['sent_at'])}, "
                    f"вердикт «{labels.label(labels.VERDICTS, message['verdict'])}»")
        st.plotly_chart(charts.lineage_graph(message), width="stretch")
