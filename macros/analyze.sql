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
    {%- elif model.config.materialized == 'incremental' -%}
        {#- a build that changed a sliver of a big table leaves its statistics as
            good as they were (ANALYZE samples 30 000 rows: 1.5-3 s a model at a
            million customers, ~15 s of a next-day build): analyzed when new or when
            this build changed more than autovacuum's own 10 % (autovacuum, on for
            these tables, sees to changes that add up over several builds) -#}
        do $$
        begin
            if (
                select
                    tables.reltuples < 0
                    or pg_stat_get_xact_tuples_inserted(tables.oid)
                    + pg_stat_get_xact_tuples_updated(tables.oid)
                    + pg_stat_get_xact_tuples_deleted(tables.oid) > 0.1 * tables.reltuples
                from pg_class as tables
                where tables.oid = '{{ relation }}'::regclass
            ) then
                analyze {{ relation }};
            end if;
        end
        $$
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
