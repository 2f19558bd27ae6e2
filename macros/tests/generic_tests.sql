{#- Generic data tests the project needs (no dbt packages can be installed here). -#}

{#- No two rows share the values of these columns (NULLs count as equal). Where a valid
    unique index on exactly these columns guards the table (a partial one, made from
    the test, where the test has a `where`: macros/tests/enforced_rules.sql), the
    database already refuses duplicates without a NULL, so only rows with a NULL in
    one of the columns are grouped: the same answer without re-sorting a table of
    millions each build; where the columns are NOT NULL as well, the catalog alone
    answers. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set relation = tested_relation(model) %}
    {%- set index_name = tested_index_name(relation, combination_of_columns) %}
    {%- set indexed = has_unique_index(relation, combination_of_columns, index_name) %}
    {%- if indexed and not index_name and catalog_says(model, columns_not_null(model, combination_of_columns)) %}
    select 'unique index or NOT NULL columns gone' as missing_guarantee
    where not (
        {{ unique_index_holds(model, combination_of_columns) }}
        and {{ columns_not_null(model, combination_of_columns) }}
    )
    {%- else %}
    select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    {%- if indexed %}
    where
        {%- for column in combination_of_columns %}
        {{ column }} is null{% if not loop.last %} or{% endif %}
        {%- endfor %}
    {%- endif %}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
    {%- endif %}
{% endtest %}

{#- dbt's own tests, answered by the catalog where the database enforces the rule on
    every row the test reads (macros/tests/enforced_rules.sql), by a pass over the
    table elsewhere. With a `where`, `model` is dbt's subquery: the rule is looked up
    on the tested table under a name that carries the `where`. -#}
{% macro postgres__test_accepted_values(model, column_name, values, quote=true) %}
    {%- set relation = tested_relation(model) -%}
    {%- set name = check_rule_name('accepted', column_name, [tojson(values), quote], config.get('where')) -%}
    {%- if has_check_constraint(relation, name) %}
    {{ missing_check_constraint(relation, name) }}
    {%- else %}
    {{ default__test_accepted_values(model, column_name, values, quote) }}
    {%- endif %}
{% endmacro %}

{% macro postgres__test_not_null(model, column_name) %}
    {%- set relation = tested_relation(model) -%}
    {%- set where = config.get('where') -%}
    {%- set guarantee = check_constraint_holds(relation, check_rule_name('not_null', column_name, [], where)) if where
        else columns_not_null(model, [column_name]) -%}
    {%- if catalog_says(relation, guarantee) %}
    select '{{ column_name }}' as unguarded_column
    where not {{ guarantee }}
    {%- else %}
    {{ default__test_not_null(model, column_name) }}
    {%- endif %}
{% endmacro %}

{#- dbt's `unique` ignores NULLs, so a unique index on the column leaves it nothing to find. -#}
{% macro postgres__test_unique(model, column_name) %}
    {%- set relation = tested_relation(model) -%}
    {%- set index_name = tested_index_name(relation, [column_name]) -%}
    {%- if has_unique_index(relation, [column_name], index_name) %}
    select '{{ column_name }}' as missing_unique_index
    where not {{ unique_index_holds(relation, [column_name], index_name) }}
    {%- else %}
    {{ default__test_unique(model, column_name) }}
    {%- endif %}
{% endmacro %}

{#- The table a test reads: `model` itself, or the table behind dbt's `where`
    subquery (the test's own node names it). -#}
{% macro tested_relation(model) -%}
    {%- if execute and config.get('where') -%}
        {%- set node = graph.nodes.get(testing_node().get('attached_node')) -%}
        {%- if node -%}
            {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(model) }}
{%- endmacro %}

{#- The node being run: in a test's own body `model` is the tested relation instead. -#}
{% macro testing_node() -%}
    {{ return(model) }}
{%- endmacro %}

{#- The partial unique index a test with a `where` is enforced by; none without one. -#}
{% macro tested_index_name(relation, columns) -%}
    {%- set where = config.get('where') -%}
    {{ return(partial_unique_index_name(relation, columns, where) if where else none) }}
{%- endmacro %}

{#- Is `relation` a table with a valid unique index whose key is exactly `columns`
    (without a `name`: one without a predicate; with it: that partial index)? False
    for anything else: a view, a filtered test's subquery, another engine. -#}
{% macro has_unique_index(relation, columns, name=none) -%}
    {{ return(adapter.dispatch('has_unique_index', 'consentmart')(relation, columns, name)) }}
{%- endmacro %}

{% macro default__has_unique_index(relation, columns, name) -%}
    {{ return(false) }}
{%- endmacro %}

{% macro postgres__has_unique_index(relation, columns, name) -%}
    {{ return(catalog_says(relation, unique_index_holds(relation, columns, name))) }}
{%- endmacro %}

{#- A test answered by the catalog: a row while check constraint `name` is missing. -#}
{% macro missing_check_constraint(relation, name) -%}
    select '{{ name }}' as missing_check_constraint
    where not {{ check_constraint_holds(relation, name) }}
{%- endmacro %}

{#- Does `relation` have the validated check constraint `name`? False elsewhere. -#}
{% macro has_check_constraint(relation, name) -%}
    {{ return(adapter.dispatch('has_check_constraint', 'consentmart')(relation, name)) }}
{%- endmacro %}

{% macro default__has_check_constraint(relation, name) -%}
    {{ return(false) }}
{%- endmacro %}

{% macro postgres__has_check_constraint(relation, name) -%}
    {{ return(catalog_says(relation, check_constraint_holds(relation, name))) }}
{%- endmacro %}

{% macro unique_index_holds(relation, columns, name=none) -%}
    exists (
        select 1
        from pg_index as indexes
        where
            indexes.indrelid = {{ table_oid(relation) }}
            and indexes.indisunique
            and indexes.indisvalid
            and indexes.indexprs is null
            {%- if name %}
            and indexes.indpred is not null
            and indexes.indexrelid = to_regclass('"{{ relation.schema }}"."{{ name }}"')
            {%- else %}
            and indexes.indpred is null
            {%- endif %}
            and indexes.indnkeyatts = {{ columns | length }}
            and (
                select array_agg(cast(attributes.attname as text) order by attributes.attname)
                from unnest(cast(indexes.indkey as smallint [])) with ordinality as keys (attnum, position)
                inner join pg_attribute as attributes
                    on attributes.attrelid = indexes.indrelid and keys.attnum = attributes.attnum
                where keys.position <= indexes.indnkeyatts
            ) = array[{{ quoted_list(columns | sort) }}]
    )
{%- endmacro %}

{#- The value is already lower-case and trimmed (as the alias join expects). -#}
{% test is_lower_trimmed(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} <> trim({{ lower_cyrillic(column_name) }})
{% endtest %}

{#- The column is at least another column of the same row (answered by the
    catalog where a check constraint enforces it, as above). -#}
{% test column_at_least(model, column_name, other_column) %}
    {%- set relation = tested_relation(model) -%}
    {%- set name = check_rule_name('at_least', column_name, [other_column], config.get('where')) -%}
    {%- if has_check_constraint(relation, name) %}
    {{ missing_check_constraint(relation, name) }}
    {%- else %}
    select {{ column_name }}, {{ other_column }}
    from {{ model }}
    where {{ column_name }} < {{ other_column }}
    {%- endif %}
{% endtest %}

{#- Every non-NULL value matches a regular expression (the same). -#}
{% test matches_pattern(model, column_name, pattern) %}
    {%- set relation = tested_relation(model) -%}
    {%- set name = check_rule_name('pattern', column_name, [pattern], config.get('where')) -%}
    {%- if has_check_constraint(relation, name) %}
    {{ missing_check_constraint(relation, name) }}
    {%- else %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null and not {{ regex_matches(column_name, pattern) }}
    {%- endif %}
{% endtest %}

{% macro regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'consentmart')(expression, pattern)) }}
{%- endmacro %}

{% macro postgres__regex_matches(expression, pattern) -%}
    ({{ expression }} ~ '{{ pattern }}')
{%- endmacro %}

{#- The model has exactly `expected` rows. -#}
{% test row_count_equals(model, expected) %}
    select count(*) as n_rows
    from {{ model }}
    having count(*) <> {{ expected }}
{% endtest %}
