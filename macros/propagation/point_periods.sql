{#- Incremental point periods (int_propagation__point_periods): whether every point is
    to be fingerprinted again - always in a full build; incrementally, when the list
    of source systems (int_propagation__source_systems) changed since the model's
    newest rows, since every point's listing scope did. Decided when the model is
    rendered, so that the SQL holds either every point or the few that changed: a
    union branch of every point behind a filter still counted its 5 M rows in the
    planner's estimates, which then hashed whole tables instead of looking up a
    few thousand points. -#}
{% macro every_point_to_build() -%}
    {%- if execute and is_incremental() -%}
        {%- set query -%}
            select count(*) from {{ ref('int_propagation__source_systems') }} as lists
            where {{ changed_since_built('lists.changed_at', stamp='changed_at') }}
        {%- endset -%}
        {{ return(run_query(query).columns[0].values()[0] > 0) }}
    {%- endif -%}
    {{ return(true) }}
{%- endmacro %}
