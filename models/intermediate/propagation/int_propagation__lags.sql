-- semantics.md > Propagation lag per system: from a change in whether a contact point
-- may be listed (as the company learned it) to the first snapshot of the system
-- that reflects it. Only changes after the system's first snapshot can be timed;
-- changes no snapshot reflected yet have no lag (yet).
-- Set-based over runs of consecutive snapshots that list a point (gaps and
-- islands), not over every snapshot after every change.

with

-- both read where used: written out first (a CTE read twice is), the scan of 9.8 M
-- list rows joined to them at a million customers could not run in parallel
point_changes as {{ read_where_used() }} (
    select * from {{ ref('int_propagation__changes') }}
),

snapshots as {{ read_where_used() }} (
    select * from {{ ref('int_propagation__snapshots') }}
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

listed as (
    -- the snapshots that list a point some timeable change is about (most changes
    -- came before any snapshot since, or have none yet: their points' runs are unused)
    select distinct
        snapshots.system,
        snapshots.channel,
        lists.contact_point,
        snapshots.snapshot_no
    from lists
    inner join snapshots
        on
            lists.system = snapshots.system
            and lists.snapshot_at = snapshots.snapshot_at
            and lists.channel = snapshots.channel
    where exists (
        select 1 from point_changes
        where
            point_changes.system = lists.system
            and point_changes.channel = lists.channel
            and point_changes.contact_point = lists.contact_point
            and point_changes.next_snapshot_no is not null
    )
),

listing_runs as (
    select
        system,
        channel,
        contact_point,
        min(snapshot_no) as first_no,
        max(snapshot_no) as last_no
    from (
        select
            *,
            snapshot_no - row_number() over (
                partition by system, channel, contact_point order by snapshot_no
            ) as run_key
        from listed
    ) as numbered
    group by system, channel, contact_point, run_key
),

reflected_numbers as (
    -- now allowed: the first listing snapshot from the change on; no longer
    -- allowed: the next snapshot, or the one after the run of listings it is in
    select
        point_changes.system,
        point_changes.channel,
        point_changes.contact_point,
        point_changes.customer_key,
        point_changes.learned_at,
        case
            when point_changes.is_allowed
                -- greatest() skips nulls: a change with no run after it has no reflection
                then min(greatest(listing_runs.first_no, point_changes.next_snapshot_no)) filter (
                    where listing_runs.first_no is not null
                )
            else coalesce(
                max(listing_runs.last_no + 1) filter (
                    where listing_runs.first_no <= point_changes.next_snapshot_no
                ),
                point_changes.next_snapshot_no
            )
        end as reflected_no
    from point_changes
    left join listing_runs
        on
            point_changes.system = listing_runs.system
            and point_changes.channel = listing_runs.channel
            and point_changes.contact_point = listing_runs.contact_point
            and point_changes.next_snapshot_no <= listing_runs.last_no
    where point_changes.next_snapshot_no is not null
    group by
        point_changes.system,
        point_changes.channel,
        point_changes.contact_point,
        point_changes.customer_key,
        point_changes.learned_at,
        point_changes.is_allowed,
        point_changes.next_snapshot_no
),

reflections as (
    select
        reflected_numbers.system,
        reflected_numbers.channel,
        reflected_numbers.contact_point,
        reflected_numbers.customer_key,
        reflected_numbers.learned_at,
        min(snapshots.snapshot_at) as reflected_at
    from reflected_numbers
    inner join snapshots
        on
            reflected_numbers.system = snapshots.system
            and reflected_numbers.channel = snapshots.channel
            and reflected_numbers.reflected_no = snapshots.snapshot_no
    group by
        reflected_numbers.system,
        reflected_numbers.channel,
        reflected_numbers.contact_point,
        reflected_numbers.customer_key,
        reflected_numbers.learned_at
),

final as (
    select
        system,
        channel,
        contact_point,
        customer_key,
        learned_at,
        reflected_at,
        extract(epoch from reflected_at - learned_at) / 3600.0 as lag_hours
    from reflections
)

select * from final
