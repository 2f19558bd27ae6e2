"""The entry of the DPO dashboard: navigation, the build banner, and one clear message
when the marts cannot be read."""

import streamlit as st

from consentmart.dashboard import data, theme

st.set_page_config(page_title="ConsentMart — согласия", page_icon=":material/verified_user:", layout="wide")

page = st.navigation([
    st.Page("app_pages/overview.py", title="Обзор", icon=":material/dashboard:", default=True),
    st.Page("app_pages/violations.py", title="Нарушения", icon=":material/gavel:"),
    st.Page("app_pages/customer.py", title="Клиент", icon=":material/person_search:"),
    st.Page("app_pages/revocations.py", title="Отзывы согласий", icon=":material/block:"),
    st.Page("app_pages/propagation.py", title="Доставка в системы", icon=":material/sync_problem:"),
    st.Page("app_pages/regulator_requests.py", title="Запросы регуляторов", icon=":material/account_balance:"),
    st.Page("app_pages/audience.py", title="Аудитория", icon=":material/campaign:"),
    st.Page("app_pages/quality.py", title="Качество данных и сборка", icon=":material/fact_check:"),
])

try:
    build = data.current_build()
    st.sidebar.caption(f"Данные на **{theme.moment(build.as_of)}** (мск)  \nСборка {theme.moment(build.built_at)}")
    page.run()
except data.NotReady as exc:
    st.error(f"Дашборд не может прочитать витрины: {exc}", icon=":material/error:")
