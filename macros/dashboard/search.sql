{#- Fuzzy customer search for the dashboard: trigram indexes tolerate typos in names,
    phones and passports. pg_trgm is a trusted extension (PostgreSQL 13+), so a user
    with CREATE on the database may add it; run once before the models. -#}
{% macro create_search_extension() -%}
    {{ return(adapter.dispatch('create_search_extension', 'consentmart')()) }}
{%- endmacro %}

{% macro default__create_search_extension() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_search_extension() -%}
    create extension if not exists pg_trgm
{%- endmacro %}

{#- The index config of a column searched by similarity (see customer_search_terms). -#}
{% macro similarity_index(column) -%}
    {{ return(adapter.dispatch('similarity_index', 'consentmart')(column)) }}
{%- endmacro %}

{% macro default__similarity_index(column) -%}
    {{ return({'columns': [column]}) }}
{%- endmacro %}

{% macro postgres__similarity_index(column) -%}
    {{ return({'columns': [column ~ ' gin_trgm_ops'], 'type': 'gin'}) }}
{%- endmacro %}
