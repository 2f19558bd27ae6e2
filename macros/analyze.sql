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
    {%- elif model.config.materialized == 'incremental' and model.config.get('meta', {}).get('read_by_stamp') -%}
        {#- later models select what to redo by this table's newest stamp (`changed_at
            > their last build`): statistics from before this build would not know
            the stamp and guess one row, and a plan for one row of thousands is the
            kind that once turned 1 s into 90 s -#}
        analyze {{ relation }}
    {%- elif model.config.materialized == 'incremental' -%}
        {#- only when this build rewrote more than a tenth of it (the threshold of
            autovacuum's own analyze, which looks after smaller changes piling up
            between builds): a next-day build rewrites ~1 % of each table, and
            analysing the unchanged rest again cost ~14 s of node time at a million
            customers -#}
        do $analyze$
        begin
            if {{ statistics_are_stale(relation) }} then
                analyze {{ relation }};
            end if;
        end
        $analyze$
    {%- elif model.config.materialized == 'seed' -%}
        {#- never analysed otherwise: a join with a seed was estimated at a row,
            and a nested loop read 1.8 M records nine times over -#}
        analyze {{ relation }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Whether this transaction wrote more than a tenth of the table's rows (a table
    never analysed has reltuples -1: always). Not the writes since the last
    analysis: an ANALYZE inside the writing transaction sees its rows, yet they are
    added to n_mod_since_analyze at commit all the same, so the next build would
    count them again and analyse an unchanged table (or not, if autovacuum got there
    first: a test caught both outcomes). -#}
{% macro statistics_are_stale(relation) -%}
    {{ return(adapter.dispatch('statistics_are_stale', 'consentmart')(relation)) }}
{%- endmacro %}

{% macro postgres__statistics_are_stale(relation) -%}
    (
        select
            coalesce(this_transaction.n_tup_ins + this_transaction.n_tup_upd + this_transaction.n_tup_del, 0)
            > 0.1 * tables.reltuples
        from pg_class as tables
        left join pg_stat_xact_user_tables as this_transaction on tables.oid = this_transaction.relid
        where tables.oid = {{ table_oid(relation) }}
    )
{%- endmacro %}
