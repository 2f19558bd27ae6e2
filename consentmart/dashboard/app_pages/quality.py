"""Data quality and build: what was kept out of the marts and why, the last build's
tests, and how fresh each source is."""

import pandas as pd
import streamlit as st

from consentmart import labels
from consentmart.dashboard import charts, data, theme

st.title("Качество данных и сборка")

st.subheader("Отклонённые строки и отброшенные значения")
issues = data.data_quality_by_reason()
if issues.empty:
    theme.empty("Все сырые строки прошли проверки.")
else:
    kpis = st.columns(2)
    for column, (disposition, title) in zip(kpis, labels.DQ_DISPOSITIONS.items(), strict=True):
        column.metric(title, theme.number(issues.loc[issues["disposition"] == disposition, "n"].sum()), border=True)
    st.plotly_chart(charts.data_quality_by_reason(issues), width="stretch")
    with st.expander("Строки"):
        st.dataframe(theme.relabel(data.data_quality_rows(), disposition=labels.DQ_DISPOSITIONS),
                     hide_index=True, width="stretch")

st.subheader("Последняя сборка dbt")
results = data.run_results()
if results is None:
    theme.empty("Нет run_results.json этой сборки (папка target dbt на этой машине): тесты сборки показать "
                "нельзя. Запустите `consentmart build`.")
else:
    runs = pd.DataFrame([{"unique_id": r["unique_id"], "kind": r["unique_id"].split(".")[0], "status": r["status"],
                          "seconds": r["execution_time"], "message": r.get("message")} for r in results["results"]])
    kpis = st.columns(4)
    kpis[0].metric("Время сборки", f"{results['elapsed_time']:.0f} с", border=True)
    kpis[1].metric("Моделей и сидов", theme.number((runs["kind"].isin(["model", "seed"])).sum()), border=True)
    kpis[2].metric("Тестов пройдено", theme.number(((runs["kind"] == "test") & (runs["status"] == "pass")).sum()),
                   border=True)
    failed = runs.loc[runs["status"].isin(["fail", "error", "warn"])]
    kpis[3].metric("Не прошли", theme.number(len(failed)), border=True)
    if failed.empty:
        st.success("Все модели построены, все тесты прошли.", icon=":material/check_circle:")
    else:
        st.dataframe(failed, hide_index=True, width="stretch")
    st.caption("Дольше всего:")
    st.dataframe(runs.nlargest(10, "seconds")[["unique_id", "status", "seconds"]], hide_index=True, width="stretch",
                 column_config={"seconds": st.column_config.NumberColumn("Секунд", format="%.2f")})

st.subheader("Свежесть источников")
freshness = data.freshness()
if freshness is None:
    theme.empty("Свежесть источников ещё не проверялась: `consentmart build` проверяет её после сборки.")
else:
    sources = pd.DataFrame([{"source": r["unique_id"].removeprefix("source.consentmart."), "status": r["status"],
                             "max_loaded_at": pd.Timestamp(r.get("max_loaded_at")),
                             "hours_ago": (r.get("max_loaded_at_time_ago_in_s") or 0) / 3600}
                            for r in freshness["results"]])
    st.dataframe(sources, hide_index=True, width="stretch",
                 column_config={"source": "Источник", "status": "Состояние",
                                "max_loaded_at": theme.moment_column("Последняя загрузка"),
                                "hours_ago": st.column_config.NumberColumn("Часов назад", format="%.1f")})
