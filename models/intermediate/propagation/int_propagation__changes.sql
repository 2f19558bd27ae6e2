-- semantics.md > Propagation lag per system: each change in whether a customer's
-- contact point may be listed (int_propagation__allowed_changes), at each system that
-- could reflect it - one serving the channel, whose first snapshot came before the
-- change and which is expected to list the point at all (a source system: only its
-- own customers') - with the number of the system's first snapshot at or after it.
-- Only changes learned by as_of: a consent's end years ahead is a change too (about
-- nine in ten of them), but no list can have reflected it yet.

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

recent_changes as (
    -- the changes learned by as_of since any system's first snapshot (~120 k of 5 M
    -- at a million customers), before their customers' points are looked up: joined
    -- whole, the planner hashed all 5 M points instead of these
    select changes.*
    from changes
    where
        changes.learned_at <= {{ as_of() }}
        and changes.learned_at >= (select min(first_snapshots.first_snapshot_at) from first_snapshots)
),

point_changes as (
    select
        system_channels.system,
        changes.channel,
        points.contact_point,
        changes.customer_key,
        changes.learned_at,
        changes.is_allowed
    from recent_changes as changes
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

snapshot_windows as (
    -- each snapshot takes the changes learned after the one before it, up to its own
    -- moment (a snapshot at the same moment counts): a hash join on the system and
    -- channel over ~15 snapshots each, not a sort of a million changes with them
    select
        system,
        channel,
        snapshot_no,
        snapshot_at as until_at,
        lag(snapshot_at) over (partition by system, channel order by snapshot_no) as after_at
    from snapshots
),

final as (
    select
        point_changes.system,
        point_changes.channel,
        point_changes.contact_point,
        point_changes.customer_key,
        point_changes.learned_at,
        point_changes.is_allowed,
        snapshot_windows.snapshot_no as next_snapshot_no
    from point_changes
    left join snapshot_windows
        on
            point_changes.system = snapshot_windows.system
            and point_changes.channel = snapshot_windows.channel
            and point_changes.learned_at <= snapshot_windows.until_at
            and (snapshot_windows.after_at is null or point_changes.learned_at > snapshot_windows.after_at)
)

select * from final
