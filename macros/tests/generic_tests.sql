{#- Generic data tests the project needs (no dbt packages can be installed here). -#}

{#- No two rows share the values of these columns. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}

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
