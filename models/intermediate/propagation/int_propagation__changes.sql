-- semantics.md > Propagation lag per system: each change in whether a customer's
-- contact point may be listed (int_propagation__allowed_changes), at each system that
-- could reflect it - one serving the channel, whose first snapshot came before the
-- change and which is expected to list the point at all (a source system: only its
-- own customers') - with the number of the system's first snapshot at or after it.

with

changes as (
    select * from {{ ref('int_propagation__allowed_changes') }}
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

snapshots as (
    select * from {{ ref('int_propagation__snapshots') }}
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

first_snapshots as (
    select
        system,
        min(snapshot_at) as first_snapshot_at
    from snapshots
    group by system
),

point_changes as (
    select
        system_channels.system,
        changes.channel,
        points.contact_point,
        changes.customer_key,
        changes.learned_at,
        changes.is_allowed
    from changes
    inner join points
        on changes.customer_key = points.customer_key and changes.channel = points.channel
    inner join system_channels
        on changes.channel = system_channels.channel
    inner join first_snapshots
        on
            system_channels.system = first_snapshots.system
            and changes.learned_at >= first_snapshots.first_snapshot_at
    {{ join_listing_scope('system_channels.system', 'changes.channel', 'points.contact_point') }}
    where {{ within_listing_scope('system_channels.system') }}
),

next_snapshots as (
    -- the number of the first snapshot at or after each change: changes and
    -- snapshots in one descending pass (a snapshot at the same moment counts)
    select
        system,
        channel,
        at_moment as learned_at,
        next_snapshot_no
    from (
        select
            system,
            channel,
            at_moment,
            snapshot_no,
            min(snapshot_no) over (
                partition by system, channel
                order by at_moment desc, snapshot_no is null
                rows between unbounded preceding and current row
            ) as next_snapshot_no
        from (
            select
                system,
                channel,
                snapshot_at as at_moment,
                snapshot_no
            from snapshots
            union all
            select distinct
                system,
                channel,
                learned_at as at_moment,
                cast(null as bigint) as snapshot_no
            from point_changes
        ) as moments
    ) as passed
    where snapshot_no is null
),

final as (
    select
        point_changes.system,
        point_changes.channel,
        point_changes.contact_point,
        point_changes.customer_key,
        point_changes.learned_at,
        point_changes.is_allowed,
        next_snapshots.next_snapshot_no
    from point_changes
    left join next_snapshots
        on
            point_changes.system = next_snapshots.system
            and point_changes.channel = next_snapshots.channel
            and point_changes.learned_at = next_snapshots.learned_at
)

select * from final
