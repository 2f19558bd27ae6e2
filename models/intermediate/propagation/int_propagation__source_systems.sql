-- semantics.md > Propagation: which systems are source systems decides every point's
-- listing scope (a source system lists only the points on its own records).
-- Each change of that list, stamped with the build that saw it: the point periods
-- take in every point again when it changed, which no per-point change shows.
-- Incremental: a build appends a row only when the list differs from the newest.

with

source_system_points as (
    select * from {{ ref('int_propagation__source_system_points') }}
),

current_list as (
    select coalesce(string_agg(system, ',' order by system), '') as source_systems
    from source_system_points
    where contact_point is null
),

{% if is_incremental() -%}
newest_stored as (
    select stored.source_systems
    from {{ this }} as stored
    order by stored.changed_at desc
    limit 1
),

{% endif -%}
final as (
    select
        current_list.source_systems,
        {{ build_started_at() }} as changed_at
    from current_list
    {%- if is_incremental() %}
    where current_list.source_systems not in (select newest_stored.source_systems from newest_stored)
    {%- endif %}
)

select * from final
