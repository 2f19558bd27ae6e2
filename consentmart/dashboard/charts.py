"""Plotly figures for the pages: each takes the rows a query returned and draws them
with the house colours and Russian labels. No data access, no rules."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from consentmart import labels
from consentmart.dashboard import theme


def _layout(figure: go.Figure, height: int = 360) -> go.Figure:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None})
    return figure


def violations_by_type(rows: pd.DataFrame) -> go.Figure:
    shown = theme.relabel(rows, violation_type=labels.VIOLATION_TYPES, severity=labels.SEVERITIES)
    figure = px.bar(shown, x="n", y="violation_type", color="severity", orientation="h",
                    color_discrete_map=theme.colour_map(labels.SEVERITIES, theme.SEVERITY_COLOURS),
                    category_orders={"severity": list(labels.SEVERITIES.values())},
                    labels={"n": "Нарушений", "violation_type": "", "severity": "Серьёзность"})
    return _layout(figure)


def violations_trend(rows: pd.DataFrame) -> go.Figure:
    shown = theme.relabel(rows, severity=labels.SEVERITIES)
    figure = px.bar(shown, x="month", y="n", color="severity",
                    color_discrete_map=theme.colour_map(labels.SEVERITIES, theme.SEVERITY_COLOURS),
                    category_orders={"severity": list(labels.SEVERITIES.values())},
                    labels={"n": "Нарушений", "month": "Месяц", "severity": "Серьёзность"})
    figure.update_xaxes(tickformat="%m.%Y")
    return _layout(figure)


def share_by_channel(rows: pd.DataFrame) -> go.Figure:
    shown = theme.relabel(rows, channel=labels.CHANNEL_SHORT)
    figure = px.bar(shown, x="channel", y="share_pct", text="share_pct",
                    labels={"channel": "", "share_pct": "% клиентов, которым можно писать"})
    figure.update_traces(marker_color="#2e7d32", texttemplate="%{text}%")
    figure.update_yaxes(range=[0, 100])
    return _layout(figure, 300)


def consent_timeline(intervals: pd.DataFrame, refusals: pd.DataFrame, as_of: datetime) -> go.Figure:
    """Bars per purpose × channel for each interval; markers where a consent was given,
    revoked or refused. An open interval is drawn up to as_of."""
    bars = intervals.assign(
        row=intervals["purpose"].map(lambda v: labels.label(labels.PURPOSES, v)) + " · "
        + intervals["channel"].map(lambda v: labels.label(labels.CHANNEL_SHORT, v)),
        until=intervals["valid_to"].where(intervals["valid_to"].notna(), pd.Timestamp(as_of)),
        state=intervals["end_reason"].map(lambda v: labels.label(labels.END_REASONS, v)),
    )
    figure = px.timeline(bars, x_start="valid_from", x_end="until", y="row", color="state",
                         color_discrete_map=theme.colour_map(labels.END_REASONS, theme.END_REASON_COLOURS),
                         hover_data={"basis_event_id": True, "contract_id": True, "evidence_status": True,
                                     "row": False, "until": False},
                         labels={"row": "", "state": "Интервал"})
    events = pd.concat([
        pd.DataFrame({"row": bars["row"], "at": bars["valid_from"], "event": "grant"}),
        pd.DataFrame({"row": bars["row"], "at": bars["valid_to"],
                      "event": bars["end_reason"].map({"revoked": "revoke", "denied": "deny"})}),
        pd.DataFrame({
            "row": refusals["purpose"].map(lambda v: labels.label(labels.PURPOSES, v)) + " · "
            + refusals["channel"].map(lambda v: labels.label(labels.CHANNEL_SHORT, v)),
            "at": refusals["status_since"],
            "event": refusals["status"].map({"revoked": "revoke", "denied": "deny"})}),
    ]).dropna()
    for event, points in events.groupby("event"):
        figure.add_trace(go.Scatter(x=points["at"], y=points["row"], mode="markers", name=theme.EVENT_LABELS[event],
                                    marker={"symbol": theme.EVENT_SYMBOLS[event], "size": 12, "color": "#212121"}))
    figure.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line_dash="dot", line_color="#616161")
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, 120 + 36 * max(bars["row"].nunique(), 1))


def propagation_heatmap(summary: pd.DataFrame) -> go.Figure:
    """Systems × channels: contact points whose listing disagrees with the consents."""
    grid = summary.assign(
        n=summary["n_listed_not_allowed"] + summary["n_allowed_not_listed"],
        channel=summary["channel"].map(lambda v: labels.label(labels.CHANNEL_SHORT, v)),
    ).pivot_table(index="system", columns="channel", values="n", aggfunc="sum")
    figure = px.imshow(grid, text_auto=True, color_continuous_scale="Reds", aspect="auto",
                       labels={"x": "", "y": "", "color": "Расхождений"})
    return _layout(figure, 80 + 40 * len(grid.index))


def lag_percentiles(summary: pd.DataFrame) -> go.Figure:
    rows = summary.dropna(subset=["lag_p50_hours"]).assign(
        target=lambda f: f["system"] + " · " + f["channel"].map(lambda v: labels.label(labels.CHANNEL_SHORT, v)))
    long = rows.melt(id_vars="target", value_vars=["lag_p50_hours", "lag_p95_hours"], var_name="percentile",
                     value_name="hours").replace({"percentile": {"lag_p50_hours": "медиана", "lag_p95_hours": "95%"}})
    figure = px.bar(long, x="hours", y="target", color="percentile", barmode="group", orientation="h",
                    labels={"hours": "Часов от изменения до выгрузки", "target": "", "percentile": "Задержка"})
    return _layout(figure, 100 + 30 * len(rows))


def propagation_trend(rows: pd.DataFrame) -> go.Figure:
    shown = theme.relabel(rows, mismatch=labels.MISMATCHES)
    figure = px.line(shown, x="day", y="n", color="mismatch", markers=True,
                     color_discrete_map=theme.colour_map(labels.MISMATCHES, theme.MISMATCH_COLOURS),
                     labels={"day": "Дата выгрузки", "n": "Расхождений", "mismatch": ""})
    return _layout(figure, 300)


def lineage_graph(message: pd.Series) -> go.Figure:
    """Communication → consent event → document → contract → source system, left to
    right; a missing link is drawn red with what is missing."""
    verdict = labels.label(labels.VERDICTS, message["verdict"])
    nodes = [("Сообщение", f"{message['communication_id']}<br>{theme.moment(message['sent_at'])}<br>{verdict}",
              theme.VERDICT_COLOURS.get(message["verdict"], "#616161"))]
    links = [("Согласие", message["basis_event_id"]), ("Документ", message["document_id"]),
             ("Договор", message["contract_id"]), ("Система-источник", message["basis_source_system"])]
    for title, value in links:
        present = pd.notna(value) and value is not None
        nodes.append((title, str(value) if present else "нет", "#1565c0" if present else "#c62828"))
    if pd.notna(message.get("storage_uri")) and message.get("storage_uri"):
        nodes[2] = (nodes[2][0], f"{nodes[2][1]}<br>{message['storage_uri']}", nodes[2][2])
    xs = list(range(len(nodes)))
    figure = go.Figure(go.Scatter(
        x=xs, y=[0] * len(nodes), mode="markers+text", marker={"size": 34, "color": [n[2] for n in nodes]},
        text=[f"<b>{n[0]}</b><br>{n[1]}" for n in nodes], textposition="bottom center",
        hoverinfo="text", showlegend=False))
    for start in xs[:-1]:
        figure.add_annotation(x=start + 0.82, y=0, ax=start + 0.18, ay=0, xref="x", yref="y", axref="x", ayref="y",
                              showarrow=True, arrowhead=3, arrowsize=1.4, arrowcolor="#616161", text="")
    figure.update_xaxes(visible=False, range=[-0.6, len(nodes) - 0.4])
    figure.update_yaxes(visible=False, range=[-1.4, 0.5])
    return _layout(figure, 260)


def data_quality_by_reason(rows: pd.DataFrame) -> go.Figure:
    figure = px.bar(rows, x="n", y="reason", color="source_table", orientation="h",
                    labels={"n": "Строк", "reason": "", "source_table": "Сырая таблица"})
    figure.update_yaxes(categoryorder="total ascending")
    return _layout(figure, 120 + 24 * rows["reason"].nunique())


def audience_counts(rows: pd.DataFrame) -> go.Figure:
    shown = theme.relabel(rows, channel=labels.CHANNEL_SHORT)
    figure = px.bar(shown, x="channel", y="n_customers", text="n_customers",
                    labels={"channel": "", "n_customers": "Клиентов, которым можно писать"})
    figure.update_traces(marker_color="#2e7d32")
    return _layout(figure, 300)
