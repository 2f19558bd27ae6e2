{#- Fresh statistics right after a table is built: the next models' join plans depend
    on them, and autovacuum's analyze comes too late inside one build (without it a
    1 s model once took a 90 s nested-loop plan in a new database). -#}
{% macro analyze_relation(relation) -%}
    {{ return(adapter.dispatch('analyze_relation', 'consentmart')(relation)) }}
{%- endmacro %}

{% macro default__analyze_relation(relation) -%}
    select 1
{%- endmacro %}

{% macro postgres__analyze_relation(relation) -%}
    {%- if model.config.materialized == 'table' -%}
        {#- rebuilt whole by every build and never updated in between: autovacuum would
            only read it all again, beside the build, on the same two cores (it still
            runs when transaction ids need freezing) -#}
        alter table {{ relation }} set (autovacuum_enabled = false);
        analyze {{ relation }}
    {%- elif model.config.materialized in ('incremental', 'seed') -%}
        {#- a seed too: never analysed otherwise, a join with one was estimated
            at a row, and a nested loop read 1.8 M records nine times over -#}
        analyze {{ relation }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
