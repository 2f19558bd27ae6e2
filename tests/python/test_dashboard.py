"""The dashboard against the demo scenario (data/demo, built at DEMO_AS_OF): every page
runs without an exception and shows exactly the figures of the scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consentmart import settings
from consentmart.dashboard import launch
from consentmart.dashboard.search import search_terms

from conftest import BuiltDemo, Database

APP = str(launch.APP)

Open = Callable[..., AppTest]


def _open(page: str, query_params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(f"app_pages/{page}.py")
    for key, value in (query_params or {}).items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


@pytest.fixture
def open_page(demo: BuiltDemo, monkeypatch: pytest.MonkeyPatch) -> Open:
    monkeypatch.setenv(settings.DATABASE_URL_ENV, demo.url)
    monkeypatch.setenv("DBT_TARGET_PATH", str(demo.target_path))
    return _open


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def nbsp(text: str) -> str:
    """Figures are set with narrow no-break spaces between thousands ("_" here)."""
    return text.replace("_", "\u202f")


def test_overview_shows_the_scenarios_figures(open_page: Open) -> None:
    app = open_page("overview")
    assert metrics(app) == {
        "Нарушений": "23",
        "Возможные штрафы": "1,5–8,0 млн ₽",
        "Критичных нарушений": "3",
        "Отзывы: срок на этой неделе": "1",  # R-0003: unmatched, due 24.11
        "Отзывы: просрочены": "2",  # R-0001 and R-0004
        "Устаревшие выгрузки": "1",  # the e-mail service since 1 May
        "Отклонённые строки": "39",
    }
    assert len(app.get("plotly_chart")) == 3
    assert "esp_email" in app.warning[0].value


def test_violations_filter_drill_down_and_links(open_page: Open) -> None:
    app = open_page("violations", {"severity": "critical"})
    assert metrics(app) == {"Нарушений по фильтру": "3", "Штраф от": nbsp("300_000 ₽"),
                            "Штраф до": nbsp("1_500_000 ₽")}  # 3 messages × 100 000–500 000 ₽ (KoAP 14.3)
    table = app.dataframe[0].value
    assert sorted(table["violation_id"].str.len() > 0) == [True] * 3
    assert set(table["details"].str.extract(r"advertising \w+ to (\S+)")[0]) == {
        "kuznetsov.a@gmail.com", "+79161234567", "+79154445566"}

    app.multiselect(key="v_severities").set_value([]).run()
    app.multiselect(key="v_types").set_value(["revocation_overdue"]).run()
    assert metrics(app)["Нарушений по фильтру"] == "3"
    app.multiselect(key="v_types").set_value(["communication_without_consent"]).run()
    app.multiselect(key="v_channels").set_value(["sms"]).run()
    assert metrics(app)["Нарушений по фильтру"] == "4"

    # drill down: the refused SMS to the article's customer
    rows = app.dataframe[0].value
    refused = rows.loc[rows["details"].str.contains("\\+79161234567"), "violation_id"].iloc[0]
    app.selectbox(key="v_pick").set_value(refused).run()
    text = " ".join(m.value for m in app.markdown)
    assert "Сообщение **M-0008**" in text and "вердикт «Отказ / отзыв»" in text
    links = [link.proto.label for link in app.get("page_link")]
    assert "Профиль клиента: Иванов Ибрагим Петрович" in links
    assert len(app.get("plotly_chart")) == 1  # the lineage of the message


def test_violations_csv_download_has_every_row_of_the_filter(open_page: Open) -> None:
    import csv
    import io

    from consentmart.dashboard import data

    rows = list(csv.DictReader(io.StringIO(data.violations_csv(data.ViolationFilter(severities=("critical",)))
                                           .decode())))
    assert sorted(row["subject"] for row in rows) == ["M-0001", "M-0002", "M-0008"]
    assert {row["violation_type"] for row in rows} == {"communication_without_consent"}


@pytest.mark.parametrize("query", ["Ибрагимв Иванов", "8 (916) 123-45-67", "+7 916 1234567", "4510 123456",
                                   "4510 123457", "IBRAGIM@YA.RU"])
def test_customer_search_tolerates_typos_and_formatting(open_page: Open, query: str) -> None:
    app = open_page("customer")
    app.text_input(key="c_query").input(query).run()
    options = app.radio(key="c_pick").options
    assert options[0].startswith("Иванов Ибрагим Петрович · 14.03.1975 · паспорт 45")


def test_namesakes_are_shown_apart(open_page: Open) -> None:
    app = open_page("customer")
    app.text_input(key="c_query").input("Богданов Константин Ильич").run()
    names = [option.split(" · совпал")[0] for option in app.radio(key="c_pick").options]
    assert names[:2] == ["Богданов Константин Ильич · 07.07.1975 · паспорт —",
                         "Богданов Константин Ильич · 18.08.1988 · паспорт —"]


def test_customer_profile_of_the_article(open_page: Open) -> None:
    app = open_page("customer")
    app.text_input(key="c_query").input("ибрагим иванов").run()
    assert app.header[0].value == "Иванов Ибрагим Петрович"
    statuses, messages = app.dataframe[0].value, app.dataframe[1].value
    marketing = statuses.loc[statuses["purpose"] == "Реклама"]
    # four contracts, refusal in the latest: only e-mail is allowed
    assert sorted(marketing.loc[marketing["status"] == "Действует", "channel"]) == ["E-mail"]
    # newest first: the refused SMS of 2 November after the e-mail of 1 November
    assert list(zip(messages["communication_id"], messages["verdict"], strict=True)) == [
        ("M-0008", "Отказ / отзыв"), ("M-0007", "Есть согласие")]
    assert app.info[0].value.startswith("Хранение данных: **Есть основание**")
    assert len(app.get("plotly_chart")) == 1


def test_revocations_queue_systems_and_unmatched(open_page: Open) -> None:
    app = open_page("revocations")
    assert metrics(app) == {"В работе": "0", "Просрочен": "2", "Клиент не найден": "2",
                            "Исполнен с опозданием": "1", "Исполнен в срок": "0"}
    queue, systems, unmatched = (frame.value for frame in app.dataframe)
    assert list(zip(queue["request_id"], queue["business_days_left"], strict=True)) == [
        ("R-0004", -112), ("R-0001", -25), ("R-0003", 2), ("R-0005", 6)]
    grid = systems.set_index("request_id") if "request_id" in systems else systems
    assert grid.loc["R-0001", "crm_dept2"] == "Всё ещё в списке"
    assert grid.loc["R-0001", "esp_email"] == "Нет выгрузки с момента отзыва"
    assert (grid.loc["R-0001"] == "Удалён из списка").sum() == 4
    assert sorted(unmatched["request_id"].unique()) == ["R-0003", "R-0005"]
    assert set(unmatched.loc[unmatched["request_id"] == "R-0003", "full_name"]) == {"Богданов Константин Ильич"}


def test_propagation(open_page: Open) -> None:
    app = open_page("propagation")
    assert metrics(app) == {"В списке без права": "6", "Разрешены, но нет в списке": "7",
                            "Устаревших выгрузок": "1"}
    assert "esp_email · E-mail (последняя 01.05.2026" in app.warning[0].value
    # the heatmap and the trend; no change came after a system's first list, so no lag
    assert len(app.get("plotly_chart")) == 2
    assert app.info[0].value.startswith("После первых выгрузок изменений не было")


def test_regulator_request_lineage_and_evidence(open_page: Open) -> None:
    app = open_page("regulator_requests")
    assert metrics(app) == {"Ответ готовится, срок не истёк": "1", "Срок ответа истёк": "0",
                            "Ответ направлен с нарушением срока": "0", "Ответ направлен в срок": "1"}
    requests = app.dataframe[0].value
    call = requests.loc[requests["communication_id"] == "M-0004", "request_id"].iloc[0]
    app.selectbox(key="r_pick").set_value(call).run()
    text = " ".join(m.value for m in app.markdown)
    assert "**M-0004** · телефонный звонок" in text and "«Согласие истекло»" in text
    assert "# Материалы по запросу" in text and "срок действия согласия истёк до отправки" in text
    assert len(app.get("plotly_chart")) == 1


def test_audience_and_renewals(open_page: Open) -> None:
    app = open_page("audience")
    assert metrics(app) == {"Звонки": "2", "E-mail": "6", "Мессенджеры": "1", "Push": "2", "SMS": "6",
                            "Контактов к продлению": "0"}
    assert app.info[0].value == "Ни одно действующее согласие не истекает в ближайшие 30 дней."
    app.radio(key="a_days").set_value(90).run()
    assert metrics(app)["Контактов к продлению"] == "1"
    renewals = app.dataframe[0].value
    assert list(renewals["contact_point"]) == ["+79771230001"] and list(renewals["basis_event_id"]) == ["E-1040"]


def test_data_quality_and_build(open_page: Open, demo: BuiltDemo) -> None:
    import json

    app = open_page("quality")
    results = json.loads((demo.target_path / "run_results.json").read_text())["results"]
    passed = sum(1 for r in results if r["unique_id"].startswith("test.") and r["status"] == "pass")
    shown = metrics(app)
    assert shown["Строка отклонена"] == "36" and shown["Значение отброшено"] == "3"
    assert shown["Тестов пройдено"] == str(passed) and shown["Не прошли"] == "0"
    freshness = app.dataframe[-1].value
    # products and downstream systems are reference lists without a freshness rule
    assert len(freshness) == 8 and set(freshness["status"]) == {"pass"}
    assert "consents.consent_events" in set(freshness["source"])


def test_marts_not_built_says_what_to_run(fresh_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.DATABASE_URL_ENV, fresh_db.url)
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert [e.value for e in app.error] == [
        "Дашборд не может прочитать витрины: the marts are not built yet: run `consentmart build`"]


def test_database_down_says_what_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(settings.DATABASE_URL_ENV, f"postgresql://nobody@/consentmart?host={tmp_path}")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert len(app.error) == 1 and "consentmart db start" in app.error[0].value


@pytest.mark.parametrize(("query", "terms"), [
    ("  Иванов   Ибрагим ", {"name": "иванов ибрагим"}),
    ("Ёлкина", {"name": "елкина"}),
    ("8 (916) 123-45-67", {"phone": "79161234567", "passport": "89161234567"}),
    ("9161234567", {"phone": "79161234567", "passport": "9161234567"}),
    ("Ibragim@Ya.ru", {"email": "ibragim@ya.ru"}),
    ("ив", {}),
    ("12", {}),
])
def test_search_terms(query: str, terms: dict[str, str]) -> None:
    assert search_terms(query) == terms
