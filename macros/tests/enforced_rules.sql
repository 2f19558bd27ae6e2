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
    {%- set statements = [] -%}
    {%- set not_null_columns = [] -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        {%- for test in graph.nodes.values() -%}
            {%- set metadata = test.get('test_metadata') or {} -%}
            {%- if test.resource_type == 'test' and test.get('attached_node') == model.unique_id
                and not test.config.get('where') and not metadata.get('namespace') -%}
                {%- set arguments = metadata.get('kwargs', {}) -%}
                {%- if metadata.name == 'accepted_values' -%}
                    {%- do statements.append(add_accepted_values_constraint(
                        relation, arguments.column_name, arguments['values'], arguments.get('quote', true)
                    )) -%}
                {%- elif metadata.name == 'not_null' -%}
                    {%- do not_null_columns.append(arguments.column_name) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not_null_columns -%}
        {#- one statement: one pass over the table for all of them -#}
        {%- set clauses = [] -%}
        {%- for column in not_null_columns | unique | sort -%}
            {%- do clauses.append('alter column ' ~ column ~ ' set not null') -%}
        {%- endfor -%}
        {%- do statements.append('alter table ' ~ relation ~ ' ' ~ clauses | join(', ')) -%}
    {%- endif -%}
    {{ statements | join(';\n') if statements else 'select 1' }}
{%- endmacro %}

{#- The constraint's name carries a digest of the column and the values, so a test
    finds it only while it enforces exactly the values the test lists. -#}
{% macro accepted_values_constraint_name(column_name, values, quote) -%}
    {{- (column_name ~ '__accepted_values__')[:46] ~ local_md5(column_name ~ tojson(values) ~ quote)[:16] -}}
{%- endmacro %}

{% macro accepted_values_list(values, quote) -%}
    {%- for value in values -%}
        {{ "'" ~ value | replace("'", "''") ~ "'" if quote else value }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro add_accepted_values_constraint(relation, column_name, values, quote) -%}
    {%- set name = accepted_values_constraint_name(column_name, values, quote) -%}
    do $$
    begin
        if not {{ check_constraint_holds(relation, name) }} then
            alter table {{ relation }} add constraint {{ name }}
                check ({{ column_name }} in ({{ accepted_values_list(values, quote) }}));
        end if;
    end
    $$
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
            and attributes.attname in ({% for column in columns %}'{{ column }}'{{ ', ' if not loop.last }}{% endfor %})
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
