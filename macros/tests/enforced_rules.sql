{#- An incremental model keeps its table from build to build, so a rule the database
    enforces on it is paid for once per written row instead of by a data test that
    reads the whole table again every build (a next-day build at a million customers
    spent ~22 s of node time re-reading 9-17 M rows for accepted values alone).
    Post-hook: each `accepted_values` and `not_null` test on the model without a
    `where` (which would make the test laxer than a constraint on every row) becomes a
    check constraint or a NOT NULL column; the tests then ask the catalog whether it
    holds (postgres__test_accepted_values and postgres__test_not_null,
    macros/tests/generic_tests.sql). A write that breaks the rule fails the model,
    which stores nothing, instead of storing the rows for a test to find. -#}
{% macro enforce_tested_rules(relation) -%}
    {{ return(adapter.dispatch('enforce_tested_rules', 'consentmart')(relation)) }}
{%- endmacro %}

{% macro default__enforce_tested_rules(relation) -%}
    select 1
{%- endmacro %}

{% macro postgres__enforce_tested_rules(relation) -%}
    {%- if not (execute and model.config.materialized == 'incremental') -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set accepted = [] -%}
    {%- set not_null_columns = [] -%}
    {%- for test in graph.nodes.values() -%}
        {%- set metadata = test.get('test_metadata') or {} -%}
        {%- if test.resource_type == 'test' and test.get('attached_node') == model.unique_id
            and not test.config.get('where') and not metadata.get('namespace') -%}
            {%- set arguments = metadata.get('kwargs', {}) -%}
            {%- if metadata.name == 'accepted_values' -%}
                {%- set quote = arguments.get('quote', true) -%}
                {%- do accepted.append({
                    'name': accepted_values_constraint_name(arguments.column_name, arguments['values'], quote),
                    'check': arguments.column_name ~ ' in (' ~ accepted_values_list(arguments['values'], quote) ~ ')',
                }) -%}
            {%- elif metadata.name == 'not_null' -%}
                {%- do not_null_columns.append(arguments.column_name) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set not_null_columns = not_null_columns | unique | sort | list -%}
    {#- a rule whose test is gone or changed is dropped, or a value the test now
        accepts would still be refused; a contract's NOT NULLs are the contract's -#}
    do $$
    declare
        stale record;
    begin
        for stale in
            select constraints.conname
            from pg_constraint as constraints
            where
                constraints.conrelid = {{ table_oid(relation) }}
                and constraints.contype = 'c'
                and constraints.conname like 'accepted\_\_%'
                and constraints.conname not in ({{ quoted_list(accepted | map(attribute='name')) }})
        loop
            execute format('alter table {{ relation }} drop constraint %I', stale.conname);
        end loop;
        {%- for rule in accepted %}
        if not {{ check_constraint_holds(relation, rule.name) }} then
            alter table {{ relation }} add constraint {{ rule.name }} check ({{ rule.check }});
        end if;
        {%- endfor %}
        {%- if not model.config.get('contract', {}).get('enforced', false) %}
        for stale in
            select attributes.attname
            from pg_attribute as attributes
            where
                attributes.attrelid = {{ table_oid(relation) }}
                and attributes.attnum > 0
                and attributes.attnotnull
                and not attributes.attisdropped
                and attributes.attname not in ({{ quoted_list(not_null_columns) }})
        loop
            execute format('alter table {{ relation }} alter column %I drop not null', stale.attname);
        end loop;
        {%- endif %}
    end
    $$
    {%- if not_null_columns %};
    {#- one statement: one pass over the table for all of them -#}
    alter table {{ relation }}
    {%- for column in not_null_columns %}
        alter column {{ column }} set not null{{ ',' if not loop.last }}
    {%- endfor %}
    {%- endif %}
{%- endmacro %}

{#- The constraint's name carries a digest of the column and the values, so a test
    finds it only while it enforces exactly the values the test lists. -#}
{% macro accepted_values_constraint_name(column_name, values, quote) -%}
    {{- 'accepted__' ~ column_name[:35] ~ '__' ~ local_md5(column_name ~ tojson(values) ~ quote)[:16] -}}
{%- endmacro %}

{% macro accepted_values_list(values, quote) -%}
    {%- for value in values -%}
        {{ "'" ~ value | replace("'", "''") ~ "'" if quote else value }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Names as a list of SQL string literals; none as '' (no name is empty, so
    `not in ('')` keeps every name). -#}
{% macro quoted_list(names) -%}
    {%- set names = names | list -%}
    {%- if names -%}
        {%- for name in names %}'{{ name }}'{{ ', ' if not loop.last }}{% endfor -%}
    {%- else -%}
        ''
    {%- endif -%}
{%- endmacro %}

{#- SQL conditions on the catalog, true while the guarantee stands: asked once when a
    test is compiled (which query to run) and again by the test itself. -#}
{% macro check_constraint_holds(relation, name) -%}
    exists (
        select 1
        from pg_constraint as constraints
        where
            constraints.conrelid = {{ table_oid(relation) }}
            and constraints.contype = 'c'
            and constraints.convalidated
            and constraints.conname = '{{ name }}'
    )
{%- endmacro %}

{% macro columns_not_null(relation, columns) -%}
    (
        select count(*)
        from pg_attribute as attributes
        where
            attributes.attrelid = {{ table_oid(relation) }}
            and attributes.attnotnull
            and not attributes.attisdropped
            and attributes.attname in ({{ quoted_list(columns) }})
    ) = {{ columns | length }}
{%- endmacro %}

{#- The table's oid, NULL while there is no such table. -#}
{% macro table_oid(relation) -%}
    to_regclass('"{{ relation.schema }}"."{{ relation.identifier }}"')
{%- endmacro %}

{#- Does `condition` (one of the above) hold now? False where `relation` is a test's
    `where` subquery (text, not a relation) or not yet built. -#}
{% macro catalog_says(relation, condition) -%}
    {%- if not execute or relation.identifier is not defined -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(run_query('select ' ~ condition).columns[0].values()[0]) }}
{%- endmacro %}
