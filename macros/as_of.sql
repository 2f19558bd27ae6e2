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
