{#- Safe casts: text in, typed value or NULL out, never an error, so one bad
    value cannot fail a build. Staging compares the NULL with the raw text to
    route the row to data_quality_issues. Inline expressions (no functions, no
    exception blocks) keep them set-based and identical on PostgreSQL 14-18.
    `column` must already be trimmed, with '' turned into NULL. -#}

{% macro safe_cast_timestamptz(column) -%}
    {{ return(adapter.dispatch('safe_cast_timestamptz', 'consentmart')(column)) }}
{%- endmacro %}

{#- ISO 8601: a date, or a date and time, optionally with an offset (only after a
    time). Without an offset the moment is Moscow time (raw-contract.md). -#}
{% macro postgres__safe_cast_timestamptz(column) -%}
    case
        when
            -- case-sensitive with both cases listed: ~* cost 10-50 % more (3.4 M events)
            {{ column }} ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([tT ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?( ?([zZ]|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?))?)?$'
            then case
                when {{ _calendar_date_exists(column) }}
                    then case
                        -- past the date, only an offset has z, + or -: found without
                        -- a second regular expression (4 of 17 s a column at 3.4 M rows)
                        when
                            strpos(substr({{ column }}, 11), '+') > 0
                            or strpos(substr({{ column }}, 11), '-') > 0
                            or right({{ column }}, 1) in ('z', 'Z')
                            then cast({{ column }} as timestamp with time zone)
                        else cast({{ column }} as timestamp) at time zone 'Europe/Moscow'
                    end
            end
    end
{%- endmacro %}

{% macro safe_cast_date(column) -%}
    {{ return(adapter.dispatch('safe_cast_date', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__safe_cast_date(column) -%}
    case
        when {{ column }} ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            then case when {{ _calendar_date_exists(column) }} then cast({{ column }} as date) end
    end
{%- endmacro %}

{#- Feb 30 passes the pattern: the day must exist in its month. Only called on
    text that matched a YYYY-MM-DD prefix. -#}
{% macro _calendar_date_exists(column) -%}
    extract(
        month from make_date(
            cast(substr({{ column }}, 1, 4) as integer), cast(substr({{ column }}, 6, 2) as integer), 1
        ) + (cast(substr({{ column }}, 9, 2) as integer) - 1)
    ) = cast(substr({{ column }}, 6, 2) as integer)
{%- endmacro %}

{% macro safe_cast_integer(column) -%}
    {{ return(adapter.dispatch('safe_cast_integer', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__safe_cast_integer(column) -%}
    case when {{ column }} ~ '^[+-]?[0-9]{1,9}$' then cast({{ column }} as integer) end
{%- endmacro %}

{% macro safe_cast_boolean(column) -%}
    {{ return(adapter.dispatch('safe_cast_boolean', 'consentmart')(column)) }}
{%- endmacro %}

{% macro default__safe_cast_boolean(column) -%}
    case
        when {{ lower_cyrillic(column) }} in ('true', 't', '1', 'yes', 'y', 'да') then true
        when {{ lower_cyrillic(column) }} in ('false', 'f', '0', 'no', 'n', 'нет') then false
    end
{%- endmacro %}

{#- The raw text as staging sees it: trimmed, empty = NULL (raw-contract.md), and
    in byte order. -#}
{% macro clean_text(column) -%}
    {{ byte_ordered("nullif(trim(" ~ column ~ "), '')") }}
{%- endmacro %}

{#- Text that compares in byte order (code-point order for UTF-8), whatever the
    database's default collation. Every id, name and order encoding the models
    derive from raw text inherits it (tables keep an expression's collation), so a
    tie broken by an id - two grants of one moment, the basis is the larger event
    id - has one answer in every database: under a linguistic collation (ICU und,
    en_US) 'ev-9001' < 'EV-9002', in byte order the reverse. And C sorts and indexes
    by memcmp, 2-3x faster than a linguistic collation. -#}
{% macro byte_ordered(expression) -%}
    {{ return(adapter.dispatch('byte_ordered', 'consentmart')(expression)) }}
{%- endmacro %}

{% macro postgres__byte_ordered(expression) -%}
    {{ expression }} collate "C"
{%- endmacro %}

{#- Staging's `typed` step is read by the checks, the version windows and the final
    select; inlined, PostgreSQL re-evaluates every cast and regular expression in
    each (4x the work: stg_consents__documents 8.2 s -> 3.5 s at 100k customers).
    Written `typed as {{ computed_once() }} (`. -#}
{% macro computed_once() -%}
    {{ return(adapter.dispatch('computed_once', 'consentmart')()) }}
{%- endmacro %}

{% macro default__computed_once() -%}
{%- endmacro %}

{% macro postgres__computed_once() -%}
    materialized
{%- endmacro %}

{#- The opposite, for a CTE of a large table read more than once: PostgreSQL writes
    such a CTE out whole before the first read (5 M contact points spilled to disk
    in the marketing audience), where reading the table again at each use costs a
    scan and lets each use run in parallel (the audience 10-12 s -> 8-9 s, the
    revocation requests' matching 10 -> 9 s, at a million customers).
    Written `points as {{ read_where_used() }} (`. -#}
{% macro read_where_used() -%}
    {{ return(adapter.dispatch('read_where_used', 'consentmart')()) }}
{%- endmacro %}

{% macro default__read_where_used() -%}
{%- endmacro %}

{% macro postgres__read_where_used() -%}
    not materialized
{%- endmacro %}
