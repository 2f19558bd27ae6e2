-- semantics.md > Propagation: two lists decide every point's listing scope at once -
-- which systems are source systems (a source system lists only the points on its own
-- records) and which channels some downstream system lists (only those have periods).
-- Each change of either, stamped with the build that saw it: the point periods take
-- in every point again when it changed, which no per-point change shows.
-- Incremental: a build appends a row only when the lists differ from the newest row.

with

source_system_points as (
    select * from {{ ref('int_propagation__source_system_points') }}
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

current_scope as (
    select
        (
            select coalesce(string_agg(source_system_points.system, ',' order by source_system_points.system), '')
            from source_system_points
            where source_system_points.contact_point is null
        ) as source_systems,
        (
            select coalesce(string_agg(distinct system_channels.channel, ',' order by system_channels.channel), '')
            from system_channels
        ) as served_channels
),

{% if is_incremental() -%}
newest_stored as (
    select
        stored.source_systems,
        stored.served_channels
    from {{ this }} as stored
    order by stored.changed_at desc
    limit 1
),

{% endif -%}
final as (
    select
        current_scope.source_systems,
        current_scope.served_channels,
        {{ build_started_at() }} as changed_at
    from current_scope
    {%- if is_incremental() %}
    -- a row only when the scope differs from the newest stored one
    except
    select
        newest_stored.source_systems,
        newest_stored.served_channels,
        {{ build_started_at() }} as changed_at
    from newest_stored
    {%- endif %}
)

select * from final
