{#- A mart with an enforced contract is created from its declared columns (this DDL),
    not as its query, so its text columns would take the database's default
    collation while every model before it holds byte-ordered text (byte_ordered()).
    An index serves only comparisons in its own collation: `customer_key in (the
    changed customers)` could not use the marts' indexes, and a next-day build read
    consent_status, consent_intervals, the audience and the lineage whole to delete a
    day's rows (1M customers: the next day 244 -> 308 s). dbt's own column DDL, each
    text column byte-ordered too, by the collation byte_ordered() gives (PostgreSQL
    takes COLLATE among a column's constraints, so it may follow them). -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set columns = model['columns'].values() | list -%}
    {%- set rendered_columns = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for rendered in rendered_columns -%}
        {{ byte_ordered(rendered) if columns[loop.index0]['data_type'] | lower in ('text', 'text[]') else rendered }}
        {{- ',' if not loop.last or model_constraints }}
    {% endfor %}
    {% for constraint in model_constraints -%}
        {{ constraint }}{{ ',' if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
