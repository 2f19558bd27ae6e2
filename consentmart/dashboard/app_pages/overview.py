"""Overview: the numbers a DPO checks every morning, each linked to its page."""

import streamlit as st

from consentmart.dashboard import charts, data, theme

st.title("Согласия: обзор")

by_type = data.violations_by_type()
revocations = data.revocation_counts().iloc[0]
stale = data.stale_systems()

kpis = st.columns(3)
kpis[0].metric("Нарушений", theme.number(by_type["n"].sum()), border=True,
               help="Все нарушения восьми видов на момент данных")
kpis[1].metric("Возможные штрафы", theme.roubles_range(by_type["fine_min_rub"].sum(), by_type["fine_max_rub"].sum()),
               border=True, help=f"От {theme.roubles(by_type['fine_min_rub'].sum())} до "
               f"{theme.roubles(by_type['fine_max_rub'].sum())}: минимальные и максимальные штрафы по КоАП "
               "за каждое нарушение")
kpis[2].metric("Критичных нарушений", theme.number(by_type.loc[by_type["severity"] == "critical", "n"].sum()),
               border=True)
with kpis[0]:
    st.page_link("app_pages/violations.py", label="Все нарушения", icon=":material/arrow_forward:")
with kpis[1]:
    st.page_link("app_pages/violations.py", label="Штрафы по нарушениям", icon=":material/arrow_forward:")
with kpis[2]:
    st.page_link("app_pages/violations.py", label="Критичные", icon=":material/arrow_forward:",
                 query_params={"severity": "critical"})

work = st.columns(4)
work[0].metric("Отзывы: срок на этой неделе", theme.number(revocations["due_week"]), border=True)
work[1].metric("Отзывы: просрочены", theme.number(revocations["overdue"]), border=True)
work[2].metric("Устаревшие выгрузки", theme.number(len(stale)), border=True,
               help="Системы, чей последний список старше их интервала выгрузки")
work[3].metric("Отклонённые строки", theme.number(data.data_quality_total()), border=True,
               help="Сырые строки, не попавшие в витрины, и отброшенные значения")
with work[0]:
    st.page_link("app_pages/revocations.py", label="Очередь отзывов", icon=":material/arrow_forward:")
with work[1]:
    st.page_link("app_pages/revocations.py", label="Просроченные", icon=":material/arrow_forward:")
with work[2]:
    st.page_link("app_pages/propagation.py", label="Доставка в системы", icon=":material/arrow_forward:")
with work[3]:
    st.page_link("app_pages/quality.py", label="Качество данных", icon=":material/arrow_forward:")

if by_type.empty:
    theme.empty("Нарушений нет: ни одно сообщение, отзыв, выгрузка или срок хранения не нарушает правил.")
else:
    left, right = st.columns(2)
    with left:
        st.subheader("Нарушения по видам")
        st.plotly_chart(charts.violations_by_type(by_type), width="stretch")
    with right:
        st.subheader("Нарушения по месяцам")
        trend = data.violations_by_month()
        if trend.empty:
            theme.empty("У нарушений нет дат: динамику построить не по чему.")
        else:
            st.plotly_chart(charts.violations_trend(trend), width="stretch")

st.subheader("Кому можно писать: доля клиентов по каналам")
share = data.contactable_share()
if share.empty:
    theme.empty("Сейчас нет ни одного клиента с действующим подтверждённым согласием на рекламу.")
else:
    st.plotly_chart(charts.share_by_channel(share), width="stretch")
    st.page_link("app_pages/audience.py", label="Аудитория и продления", icon=":material/arrow_forward:")

if not stale.empty:
    st.warning("Устарели выгрузки: " + ", ".join(
        f"{row.system} (последняя {theme.moment(row.last_snapshot_at)})" for row in stale.itertuples()),
        icon=":material/sync_problem:")
