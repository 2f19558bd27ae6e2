{#- Generic data tests the project needs (no dbt packages can be installed here). -#}

{#- No two rows share the values of these columns (NULLs count as equal). Where a valid
    unique index on exactly these columns guards the table, the database already
    refuses duplicates without a NULL, so only rows with a NULL in one of the columns
    are grouped: the same answer without re-sorting a table of millions each build. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    {%- if has_unique_index(model, combination_of_columns) %}
    where
        {%- for column in combination_of_columns %}
        {{ column }} is null{% if not loop.last %} or{% endif %}
        {%- endfor %}
    {%- endif %}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}

{#- Is `relation` a table with a valid unique index whose key is exactly `columns`?
    False for anything else: a view, a filtered test's subquery, another engine. -#}
{% macro has_unique_index(relation, columns) -%}
    {{ return(adapter.dispatch('has_unique_index', 'consentmart')(relation, columns)) }}
{%- endmacro %}

{% macro default__has_unique_index(relation, columns) -%}
    {{ return(false) }}
{%- endmacro %}

{% macro postgres__has_unique_index(relation, columns) -%}
    {#- a test's `where` config hands in a subquery (text), not a relation -#}
    {%- if not execute or relation.identifier is not defined -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set query -%}
        select count(*)
        from pg_index as indexes
        inner join pg_class as tables on indexes.indrelid = tables.oid
        inner join pg_namespace as schemas on tables.relnamespace = schemas.oid
        where
            schemas.nspname = '{{ relation.schema }}'
            and tables.relname = '{{ relation.identifier }}'
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
            ) = array[{% for column in columns | sort %}'{{ column }}'{% if not loop.last %}, {% endif %}{% endfor %}]
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] > 0) }}
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
