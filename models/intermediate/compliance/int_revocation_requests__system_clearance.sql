-- hash joins: the CTEs below carry no statistics, and a guess of nine (request,
-- system) pairs for 270 k made the clearance join a nested loop of both
{{ config(pre_hook="{{ prefer_hash_joins(always=true) }}") }}

-- Per matched revocation request and each downstream system serving the channels it
-- stops: the first list after received_at without the customer's contact points for
-- them (cleared_at), else the newest list since (still listing the customer) or none
-- at all (a broken feed). int_revocation_requests__completion adds them up.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'matched'
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

channels as (
    select * from {{ ref('channels') }}
),

snapshots as (
    select * from {{ ref('int_propagation__snapshots') }}
),

affected as (
    -- the channels each request stops: all of them, or the one it names
    select
        requests.request_id,
        requests.customer_key,
        requests.received_at,
        channels.channel
    from requests
    inner join channels
        on requests.scope <> 'channel' or requests.channel = channels.channel
),

serving as (
    select distinct
        affected.request_id,
        system_channels.system
    from affected
    inner join system_channels on affected.channel = system_channels.channel
),

system_snapshots as (
    -- the few hundred snapshots already found, not a pass over every list row
    select distinct
        system,
        snapshot_at
    from snapshots
),

snapshot_windows as (
    -- each snapshot of a system with the one before it: a request received from the
    -- one before up to this one is first listed again (or not) by this one
    select
        system,
        snapshot_at,
        lag(snapshot_at) over (partition by system order by snapshot_at) as previous_snapshot_at,
        max(snapshot_at) over (partition by system) as last_snapshot_at
    from system_snapshots
),

snapshot_span as (
    -- the first and the newest snapshot of each serving system after the request:
    -- one window per pair (not every snapshot after it - 1.3 M rows at a million
    -- customers, sorted on disk to find the two)
    select
        serving.request_id,
        serving.system,
        snapshot_windows.snapshot_at as first_snapshot_at,
        snapshot_windows.last_snapshot_at
    from serving
    inner join requests on serving.request_id = requests.request_id
    inner join snapshot_windows
        on
            serving.system = snapshot_windows.system
            and requests.received_at < snapshot_windows.snapshot_at
            and (
                snapshot_windows.previous_snapshot_at is null
                or requests.received_at >= snapshot_windows.previous_snapshot_at
            )
),

still_listed as (
    select distinct
        affected.request_id,
        lists.system,
        lists.snapshot_at
    from affected
    inner join points
        on affected.customer_key = points.customer_key and affected.channel = points.channel
    inner join lists
        on
            points.channel = lists.channel
            and points.contact_point = lists.contact_point
            and affected.received_at < lists.snapshot_at
),

listed_pairs as (
    select distinct
        request_id,
        system
    from still_listed
),

snapshots_of_listed_pairs as (
    -- the snapshots after the request of each pair a system listed after it, flagged
    -- where they still list the customer: grouped below instead of anti-joined, which
    -- the planner, expecting a handful of listings, ran as a nested loop (48 M
    -- comparisons at a million customers)
    select
        listed_pairs.request_id,
        listed_pairs.system,
        system_snapshots.snapshot_at,
        false as is_listed
    from listed_pairs
    inner join requests on listed_pairs.request_id = requests.request_id
    inner join system_snapshots
        on
            listed_pairs.system = system_snapshots.system
            and requests.received_at < system_snapshots.snapshot_at
    union all
    select
        request_id,
        system,
        snapshot_at,
        true as is_listed
    from still_listed
),

clear_snapshots as (
    select
        request_id,
        system,
        snapshot_at
    from snapshots_of_listed_pairs
    group by request_id, system, snapshot_at
    having not bool_or(is_listed)
),

first_clear_after_listing as (
    -- the few requests a system listed after them: their first snapshot without the
    -- customer (any other request is cleared by the system's first snapshot after it)
    select
        request_id,
        system,
        min(snapshot_at) as cleared_at
    from clear_snapshots
    group by request_id, system
),

clearance as (
    select
        snapshot_span.request_id,
        snapshot_span.system,
        snapshot_span.last_snapshot_at,
        case
            when listed_pairs.request_id is null then snapshot_span.first_snapshot_at
            else first_clear_after_listing.cleared_at
        end as cleared_at
    from snapshot_span
    left join listed_pairs
        on snapshot_span.request_id = listed_pairs.request_id and snapshot_span.system = listed_pairs.system
    left join first_clear_after_listing
        on
            snapshot_span.request_id = first_clear_after_listing.request_id
            and snapshot_span.system = first_clear_after_listing.system
),

final as (
    select
        serving.request_id,
        requests.customer_key,
        serving.system,
        clearance.cleared_at,
        clearance.last_snapshot_at,
        case
            when clearance.cleared_at is not null then 'cleared'
            when clearance.last_snapshot_at is not null then 'still_listed'
            else 'no_list_since'
        end as clearance_state
    from serving
    inner join requests on serving.request_id = requests.request_id
    left join clearance
        on serving.request_id = clearance.request_id and serving.system = clearance.system
)

select * from final
