-- semantics.md > Propagation lag per system: from a change in whether a contact point
-- may be listed (as the company learned it) to the first snapshot of the system
-- that reflects it. Only changes after the system's first snapshot can be timed;
-- changes no snapshot reflected yet have no lag (yet).

with

segments as (
    select * from {{ ref('int_consent_timeline__status_segments') }}
    where purpose = 'marketing'
),

expected as (
    select * from {{ ref('int_propagation__expected_lists') }}
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

flagged as (
    select
        customer_key,
        channel,
        valid_from,
        learned_at,
        coalesce(
            status = 'active' and evidence_status in ({{ audience_evidence_list() }}),
            false
        ) as is_allowed
    from segments
),

changes as (
    select
        customer_key,
        channel,
        valid_from as changed_at,
        is_allowed,
        greatest(valid_from, learned_at) as learned_at
    from (
        select
            *,
            lag(is_allowed) over (partition by customer_key, channel order by valid_from) as was_allowed
        from flagged
    ) as with_previous
    where is_allowed is distinct from coalesce(was_allowed, false)
),

listed as (
    select distinct
        system,
        snapshot_at,
        channel,
        contact_point
    from lists
),

first_snapshots as (
    select
        system,
        min(snapshot_at) as first_snapshot_at
    from lists
    group by system
),

reflections as (
    -- snapshots after the change whose listing of the point agrees with the new state
    select
        expected.system,
        expected.channel,
        expected.contact_point,
        changes.customer_key,
        changes.learned_at,
        min(expected.snapshot_at) as reflected_at
    from changes
    inner join points
        on changes.customer_key = points.customer_key and changes.channel = points.channel
    inner join expected
        on
            points.channel = expected.channel
            and points.contact_point = expected.contact_point
            and changes.learned_at <= expected.snapshot_at
    inner join first_snapshots
        on
            expected.system = first_snapshots.system
            and changes.learned_at >= first_snapshots.first_snapshot_at
    left join listed
        on
            expected.system = listed.system
            and expected.snapshot_at = listed.snapshot_at
            and expected.channel = listed.channel
            and expected.contact_point = listed.contact_point
    where changes.is_allowed = (listed.system is not null)
    group by expected.system, expected.channel, expected.contact_point, changes.customer_key, changes.learned_at
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
