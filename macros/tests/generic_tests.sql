{#- Generic data tests the project needs (no dbt packages can be installed here). -#}

{#- No two rows share the values of these columns (NULLs count as equal). Where a valid
    unique index on exactly these columns guards the table, the database already
    refuses duplicates without a NULL, so only rows with a NULL in one of the columns
    are grouped: the same answer without re-sorting a table of millions each build;
    where the columns are NOT NULL as well, the catalog alone answers. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set indexed = has_unique_index(model, combination_of_columns) %}
    {%- if indexed and catalog_says(model, columns_not_null(model, combination_of_columns)) %}
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
    every row (macros/tests/enforced_rules.sql), by a pass over the table elsewhere. -#}
{% macro postgres__test_accepted_values(model, column_name, values, quote=true) %}
    {%- set name = accepted_values_constraint_name(column_name, values, quote) -%}
    {%- if catalog_says(model, check_constraint_holds(model, name)) %}
    select '{{ name }}' as missing_check_constraint
    where not {{ check_constraint_holds(model, name) }}
    {%- else %}
    {{ default__test_accepted_values(model, column_name, values, quote) }}
    {%- endif %}
{% endmacro %}

{% macro postgres__test_not_null(model, column_name) %}
    {%- if catalog_says(model, columns_not_null(model, [column_name])) %}
    select '{{ column_name }}' as nullable_column
    where not {{ columns_not_null(model, [column_name]) }}
    {%- else %}
    {{ default__test_not_null(model, column_name) }}
    {%- endif %}
{% endmacro %}

{#- dbt's `unique` ignores NULLs, so a unique index on the column leaves it nothing to find. -#}
{% macro postgres__test_unique(model, column_name) %}
    {%- if has_unique_index(model, [column_name]) %}
    select '{{ column_name }}' as missing_unique_index
    where not {{ unique_index_holds(model, [column_name]) }}
    {%- else %}
    {{ default__test_unique(model, column_name) }}
    {%- endif %}
{% endmacro %}

{#- Is `relation` a table with a valid unique index whose key is exactly `columns`?
    False for anything else: a view, a filtered test's subquery, another engine. -#}
{% macro has_unique_index(relation, columns) -%}
    {{ return(adapter.dispatch('has_unique_index', 'consentmart')(relation, columns)) }}
{%- endmacro %}

{% macro default__has_unique_index(relation, columns) -%}
    {{ return(false) }}
{%- endmacro %}

{% macro postgres__has_unique_index(relation, columns) -%}
    {{ return(catalog_says(relation, unique_index_holds(relation, columns))) }}
{%- endmacro %}

{% macro unique_index_holds(relation, columns) -%}
    exists (
        select 1
        from pg_index as indexes
        where
            indexes.indrelid = {{ table_oid(relation) }}
            and indexes.indisunique
            and indexes.indisvalid
            and indexes.indexprs is null
            and indexes.indpred is null
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

{#- The column is at least another column of the same row. -#}
{% test column_at_least(model, column_name, other_column) %}
    select {{ column_name }}, {{ other_column }}
    from {{ model }}
    where {{ column_name }} < {{ other_column }}
{% endtest %}

{#- Every non-NULL value matches a regular expression. -#}
{% test matches_pattern(model, column_name, pattern) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null and not {{ regex_matches(column_name, pattern) }}
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
