{#- Incremental point periods (int_propagation__point_periods): whether every point is
    to be fingerprinted again - always in a full build; incrementally, when which
    systems are source systems or which channels are served changed since the
    model's newest rows (int_propagation__listing_scopes): every point's scope did.
    Decided when the model is rendered, so that the SQL holds either every point or
    the few that changed: a union branch of every point behind a filter still
    counted its 5 M rows in the planner's estimates, which then hashed whole tables
    instead of looking up a few thousand points. -#}
{% macro every_point_to_build() -%}
    {%- if execute and is_incremental() -%}
        {%- set query -%}
            select count(*) from {{ ref('int_propagation__listing_scopes') }} as scopes
            where {{ changed_since_built('scopes.changed_at', stamp='changed_at') }}
        {%- endset -%}
        {{ return(run_query(query).columns[0].values()[0] > 0) }}
    {%- endif -%}
    {{ return(true) }}
{%- endmacro %}
