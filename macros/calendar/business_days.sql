{#- semantics.md > Time: "N business days after t" ends at 23:59:59 Moscow time of
    the N-th business day after the calendar date of t (production calendar:
    weekends, holidays, transfers, working Saturdays). Renders two joins to
    int_calendar__business_days; `<alias>_deadline.calendar_date` is that day and
    `business_deadline(alias)` the moment. A day off counts as the business day
    before it, so the next business day is always number + 1. -#}
{% macro join_business_days_after(alias, moment, days) -%}
    left join {{ ref('int_calendar__business_days') }} as {{ alias }}_start
        on {{ alias }}_start.calendar_date = {{ moscow_date(moment) }}
    left join {{ ref('int_calendar__business_days') }} as {{ alias }}_deadline
        on
            {{ alias }}_deadline.business_day_number = {{ alias }}_start.business_day_number + {{ days }}
            and {{ alias }}_deadline.is_business_day
{%- endmacro %}

{% macro business_deadline(alias) -%}
    {{ end_of_moscow_day(alias ~ '_deadline.calendar_date') }}
{%- endmacro %}

{% macro moscow_date(moment) -%}
    {{ return(adapter.dispatch('moscow_date', 'consentmart')(moment)) }}
{%- endmacro %}

{% macro postgres__moscow_date(moment) -%}
    cast({{ moment }} at time zone 'Europe/Moscow' as date)
{%- endmacro %}

{% macro end_of_moscow_day(day) -%}
    {{ return(adapter.dispatch('end_of_moscow_day', 'consentmart')(day)) }}
{%- endmacro %}

{% macro postgres__end_of_moscow_day(day) -%}
    (({{ day }} + time '23:59:59') at time zone 'Europe/Moscow')
{%- endmacro %}

{#- Midnight Moscow time at the start of a date, as a moment. -#}
{% macro moscow_midnight(day) -%}
    {{ return(adapter.dispatch('moscow_midnight', 'consentmart')(day)) }}
{%- endmacro %}

{% macro postgres__moscow_midnight(day) -%}
    (cast({{ day }} as timestamp) at time zone 'Europe/Moscow')
{%- endmacro %}

{#- A date some whole years later (29 February becomes 28 February). -#}
{% macro add_years(day, years) -%}
    {{ return(adapter.dispatch('add_years', 'consentmart')(day, years)) }}
{%- endmacro %}

{% macro postgres__add_years(day, years) -%}
    cast({{ day }} + make_interval(years => {{ years }}) as date)
{%- endmacro %}
