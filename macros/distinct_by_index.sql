{#- The distinct values of `columns` (never NULL) of `relation`, which an index leads
    with: on PostgreSQL a walk through that index, one lookup per distinct value (a
    loose index scan; PostgreSQL before 18 cannot skip by itself), instead of reading
    every row - the ~100 snapshots among 10 M expected-list rows. -#}
{% macro distinct_by_index(relation, columns) -%}
    {{ return(adapter.dispatch('distinct_by_index', 'consentmart')(relation, columns)) }}
{%- endmacro %}

{% macro default__distinct_by_index(relation, columns) -%}
    select distinct {{ columns | join(', ') }} from {{ relation }}
{%- endmacro %}

{% macro postgres__distinct_by_index(relation, columns) -%}
    {%- set listed = columns | join(', ') -%}
    with recursive walk as (
        (select {{ listed }} from {{ relation }} order by {{ listed }} limit 1)
        union all
        select following.*
        from walk
        cross join lateral (
            select {{ listed }}
            from {{ relation }} as candidates
            where
                ({% for column in columns %}candidates.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %})
                > ({% for column in columns %}walk.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %})
            order by {{ listed }}
            limit 1
        ) as following
    )

    select {{ listed }} from walk
{%- endmacro %}
