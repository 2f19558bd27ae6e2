"""Propagation: does every downstream system list exactly who may be contacted?"""

import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, theme

st.title("Доставка изменений в системы")

summary = data.propagation_summary()
if summary.empty:
    theme.empty("Нет ни одной выгрузки списков из систем рассылки: сравнивать не с чем.")
    st.stop()

kpis = st.columns(3)
kpis[0].metric("В списке без права", theme.number(summary["n_listed_not_allowed"].sum()), border=True,
               help="Контакты в последней выгрузке системы, которым писать нельзя")
kpis[1].metric("Разрешены, но нет в списке", theme.number(summary["n_allowed_not_listed"].sum()), border=True)
kpis[2].metric("Устаревших выгрузок", theme.number(summary.loc[summary["is_stale"], "system"].nunique()),
               border=True)

stale = summary.loc[summary["is_stale"]]
if not stale.empty:
    st.warning("Выгрузки устарели: " + ", ".join(
        f"{row.system} · {labels.label(labels.CHANNEL_SHORT, row.channel)} (последняя "
        f"{theme.moment(row.last_snapshot_at)})" for row in stale.itertuples()), icon=":material/sync_problem:")

left, right = st.columns(2)
with left:
    st.subheader("Расхождения: системы × каналы")
    st.plotly_chart(charts.propagation_heatmap(summary), width="stretch")
with right:
    st.subheader("Задержка доставки изменений")
    if summary["lag_p50_hours"].notna().any():
        st.plotly_chart(charts.lag_percentiles(summary), width="stretch")
    else:
        theme.empty("После первых выгрузок изменений не было: задержку измерить не на чем.")

st.subheader("Динамика расхождений")
trend = data.propagation_trend()
if trend.empty:
    theme.empty("Расхождений ни в одной выгрузке не было.")
else:
    st.plotly_chart(charts.propagation_trend(trend), width="stretch")

st.dataframe(theme.relabel(summary, channel=labels.CHANNEL_SHORT), hide_index=True, width="stretch",
             column_config={"system": "Система", "channel": "Канал",
                            "last_snapshot_at": theme.moment_column("Последняя выгрузка"),
                            "is_stale": st.column_config.CheckboxColumn("Устарела"),
                            "n_listed_not_allowed": "В списке без права",
                            "n_allowed_not_listed": "Разрешён, нет в списке", "n_pending": "Ждут выгрузки",
                            "lag_p50_hours": st.column_config.NumberColumn("Задержка, медиана, ч", format="%.1f"),
                            "lag_p95_hours": st.column_config.NumberColumn("Задержка, 95%, ч", format="%.1f")})
