{#- An incremental model keeps its table from build to build, so a rule the database
    enforces on it is paid for once per written row instead of by a data test that
    reads the whole table again every build (a next-day build at a million customers
    spent ~22 s of node time re-reading 9-17 M rows for accepted values alone).
    Post-hook: each `accepted_values`, `not_null`, `matches_pattern` and
    `column_at_least` test on the model becomes a check constraint (a not_null
    without a `where`: a NOT NULL column), each `unique` and
    `unique_combination_of_columns` test with a `where` a partial unique index (one
    without is the model's own unique index, in its config). A test's
    `where` goes into its rule - `not (<where>) or <rule>`, `... where <where>` - so
    the rule is exactly as strict as the test. The tests then ask the catalog whether
    it holds (macros/tests/generic_tests.sql). A write that breaks the rule fails the
    model, which stores nothing, instead of storing the rows for a test to find. -#}
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
    {%- set checks = [] -%}
    {%- set unique_indexes = [] -%}
    {%- set not_null_columns = [] -%}
    {%- for test in graph.nodes.values() -%}
        {%- set metadata = test.get('test_metadata') or {} -%}
        {%- if test.resource_type == 'test' and test.get('attached_node') == model.unique_id
            and not metadata.get('namespace') -%}
            {%- set arguments = metadata.get('kwargs', {}) -%}
            {%- set where = test.config.get('where') -%}
            {%- set only_where = '(not (' ~ where ~ ')) or ' if where else '' -%}
            {%- if metadata.name == 'accepted_values' -%}
                {%- set quote = arguments.get('quote', true) -%}
                {%- do checks.append({
                    'name': check_rule_name('accepted', arguments.column_name, [tojson(arguments['values']), quote], where),
                    'check': only_where ~ '(' ~ arguments.column_name ~ ' in ('
                        ~ accepted_values_list(arguments['values'], quote) ~ '))',
                }) -%}
            {%- elif metadata.name == 'not_null' and where -%}
                {%- do checks.append({
                    'name': check_rule_name('not_null', arguments.column_name, [], where),
                    'check': only_where ~ '(' ~ arguments.column_name ~ ' is not null)',
                }) -%}
            {%- elif metadata.name == 'not_null' -%}
                {%- do not_null_columns.append(arguments.column_name) -%}
            {%- elif metadata.name == 'matches_pattern' -%}
                {%- do checks.append({
                    'name': check_rule_name('pattern', arguments.column_name, [arguments.pattern], where),
                    'check': only_where ~ '(' ~ arguments.column_name ~ ' is null or '
                        ~ regex_matches(arguments.column_name, arguments.pattern) ~ ')',
                }) -%}
            {%- elif metadata.name == 'column_at_least' -%}
                {%- do checks.append({
                    'name': check_rule_name('at_least', arguments.column_name, [arguments.other_column], where),
                    'check': only_where ~ '(not (' ~ arguments.column_name ~ ' < ' ~ arguments.other_column ~ '))',
                }) -%}
            {%- elif metadata.name in ('unique', 'unique_combination_of_columns') and where -%}
                {%- set columns = [arguments.column_name] if metadata.name == 'unique'
                    else arguments.combination_of_columns -%}
                {%- do unique_indexes.append({
                    'name': partial_unique_index_name(relation, columns, where),
                    'columns': columns,
                    'where': where,
                }) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set not_null_columns = not_null_columns | unique | sort | list -%}
    {#- a rule whose test is gone or changed is dropped, or a value the test now
        accepts would still be refused; a contract's NOT NULLs are the contract's -#}
    do $rules$
    declare
        stale record;
    begin
        for stale in
            select constraints.conname
            from pg_constraint as constraints
            where
                constraints.conrelid = {{ table_oid(relation) }}
                and constraints.contype = 'c'
                and constraints.conname like any (array[
                    {%- for kind in check_rule_kinds() %}'{{ kind | replace('_', '\\_') }}\_\_%'{{ ', ' if not loop.last }}{% endfor -%}
                ])
                and constraints.conname not in ({{ quoted_list(checks | map(attribute='name')) }})
        loop
            execute format('alter table {{ relation }} drop constraint %I', stale.conname);
        end loop;
        for stale in
            select index_class.relname
            from pg_index as indexes
            inner join pg_class as index_class on indexes.indexrelid = index_class.oid
            where
                indexes.indrelid = {{ table_oid(relation) }}
                and index_class.relname like 'unique\_\_%'
                and index_class.relname not in ({{ quoted_list(unique_indexes | map(attribute='name')) }})
        loop
            execute format('drop index {{ relation.schema }}.%I', stale.relname);
        end loop;
        {%- for rule in checks %}
        if not {{ check_constraint_holds(relation, rule.name) }} then
            alter table {{ relation }} add constraint {{ rule.name }} check ({{ rule.check }});
        end if;
        {%- endfor %}
        {%- for rule in unique_indexes %}
        if not {{ unique_index_holds(relation, rule.columns, rule.name) }} then
            drop index if exists {{ relation.schema }}.{{ rule.name }};
            create unique index {{ rule.name }} on {{ relation }} ({{ rule.columns | join(', ') }})
            where {{ rule.where }};
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
    $rules$
    {%- if not_null_columns %};
    {#- one statement: one pass over the table for all of them -#}
    alter table {{ relation }}
    {%- for column in not_null_columns %}
        alter column {{ column }} set not null{{ ',' if not loop.last }}
    {%- endfor %}
    {%- endif %}
{%- endmacro %}

{#- A check rule's name: its kind (one of check_rule_kinds()), the column, and a
    digest of what it enforces (`details`: values, a pattern, another column; the
    test's `where`), so a test finds it only while it enforces exactly what the test
    asks. -#}
{% macro check_rule_name(kind, column_name, details, where) -%}
    {{- kind ~ '__' ~ column_name[:35] ~ '__' ~ local_md5(column_name ~ details | join('') ~ (where or ''))[:16] -}}
{%- endmacro %}

{#- The kinds of check rule the post-hook makes, and so may find stale and drop. -#}
{% macro check_rule_kinds() -%}
    {{ return(['accepted', 'not_null', 'pattern', 'at_least']) }}
{%- endmacro %}

{#- Index names are per schema: the table is part of the digest. -#}
{% macro partial_unique_index_name(relation, columns, where) -%}
    {{- 'unique__' ~ local_md5(relation.identifier ~ tojson(columns) ~ where)[:24] -}}
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
