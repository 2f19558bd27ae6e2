{#- The moment a build describes: var `as_of`, default the build's start.
    A value without an offset is Moscow time, as everywhere in the contract. -#}
{% macro as_of() -%}
    {%- set value = var('as_of') or run_started_at.isoformat() -%}
    {%- set has_offset = modules.re.search('[T ][0-9:.]+ ?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$', value | string) is not none -%}
    {{ return(adapter.dispatch('as_of_literal', 'consentmart')(value, has_offset)) }}
{%- endmacro %}

{% macro default__as_of_literal(value, has_offset) -%}
    {%- if has_offset -%}
        cast('{{ value }}' as timestamp with time zone)
    {%- else -%}
        (cast('{{ value }}' as timestamp) at time zone 'Europe/Moscow')
    {%- endif -%}
{%- endmacro %}

{#- The moment this build started: when build_info says the marts were built, and
    the stamp of rows an incremental model rewrites. -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.isoformat() }}' as timestamp with time zone)
{%- endmacro %}

{#- A whole number of days as an interval (for date arithmetic on timestamps). -#}
{% macro days_interval(days) -%}
    {{ return(adapter.dispatch('days_interval', 'consentmart')(days)) }}
{%- endmacro %}

{% macro postgres__days_interval(days) -%}
    interval '{{ days }} days'
{%- endmacro %}

{#- The point-in-time consent answer (semantics.md rule 7): joins the status segment
    of customer `customer_key`, `purpose` and `channel` in force at `at` as `alias`.
    `coalesce(<alias>.status, 'never_given')` is the status; `<alias>.basis_event_id`
    and `<alias>.evidence_status` say on what basis. -#}
{% macro join_consent_at(alias, customer_key, purpose, channel, at) -%}
    left join {{ ref('int_consent_timeline__status_segments') }} as {{ alias }}
        on
            {{ alias }}.customer_key = {{ customer_key }}
            and {{ alias }}.purpose = {{ purpose }}
            and {{ alias }}.channel = {{ channel }}
            and {{ alias }}.valid_from <= {{ at }}
            and ({{ alias }}.valid_to is null or {{ alias }}.valid_to > {{ at }})
{%- endmacro %}

{#- A timestamp as text that sorts like the timestamp (UTC, microseconds), so a
    window max() over "<moment>|<detail>" finds the latest row and its detail. -#}
{% macro sortable_moment(column) -%}
    {{ return(adapter.dispatch('sortable_moment', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__sortable_moment(column) -%}
    to_char({{ column }} at time zone 'UTC', 'YYYYMMDDHH24MISSUS')
{%- endmacro %}

{#- The moment back from sortable_moment() text. -#}
{% macro parse_sortable_moment(text) -%}
    {{ return(adapter.dispatch('parse_sortable_moment', 'consentmart')(text)) }}
{%- endmacro %}

{% macro postgres__parse_sortable_moment(text) -%}
    (cast(to_timestamp({{ text }}, 'YYYYMMDDHH24MISSUS') as timestamp) at time zone 'UTC')
{%- endmacro %}

{% macro hours_interval(hours) -%}
    {{ return(adapter.dispatch('hours_interval', 'consentmart')(hours)) }}
{%- endmacro %}

{% macro postgres__hours_interval(hours) -%}
    interval '{{ hours }} hours'
{%- endmacro %}

{#- The evidence statuses the marketing audience policy accepts (var audience_evidence),
    as an SQL list: `evidence_status in ({{ audience_evidence_list() }})`. -#}
{% macro audience_evidence_list() -%}
    {{ "'" ~ var('audience_evidence') | join("', '") ~ "'" }}
{%- endmacro %}
