-- semantics.md > Propagation: each listed contact point that is not allowed is a
-- listed_not_allowed mismatch - unless it was allowed before and the company
-- learned of the change less than the system's SLA before the snapshot, or after
-- it (then pending). Allowed points missing from the list: allowed_not_listed.

with

systems as (
    select * from {{ ref('stg_downstream__systems') }}
    where dq_reason is null
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

expected as (
    select * from {{ ref('int_propagation__expected_lists') }}
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

intervals as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
),

first_allowed as (
    -- since when each customer's marketing on a channel ever had acceptable evidence
    select
        customer_key,
        channel,
        min(valid_from) as first_allowed_from
    from intervals
    where
        purpose = 'marketing'
        and evidence_status in ({{ audience_evidence_list() }})
    group by customer_key, channel
),

listed as (
    select distinct
        system,
        snapshot_at,
        channel,
        contact_point
    from lists
),

listed_not_allowed as (
    select
        listed.system,
        listed.snapshot_at,
        listed.channel,
        listed.contact_point
    from listed
    left join expected
        on
            listed.system = expected.system
            and listed.snapshot_at = expected.snapshot_at
            and listed.channel = expected.channel
            and listed.contact_point = expected.contact_point
    where expected.system is null
),

owners_then as (
    -- for each customer of such a point: when the company learned why it is not
    -- allowed now, and whether it was ever allowed before
    select
        listed_not_allowed.system,
        listed_not_allowed.snapshot_at,
        listed_not_allowed.channel,
        listed_not_allowed.contact_point,
        points.customer_key,
        consent_then.learned_at,
        coalesce(first_allowed.first_allowed_from < listed_not_allowed.snapshot_at, false) as was_allowed
    from listed_not_allowed
    inner join points
        on
            listed_not_allowed.channel = points.channel
            and listed_not_allowed.contact_point = points.contact_point
    left join first_allowed
        on points.customer_key = first_allowed.customer_key and points.channel = first_allowed.channel
    {{ join_consent_at(
        'consent_then', 'points.customer_key', "'marketing'", 'points.channel', 'listed_not_allowed.snapshot_at',
    ) }}
),

graced as (
    select
        owners_then.system,
        owners_then.snapshot_at,
        owners_then.channel,
        owners_then.contact_point,
        bool_and(owners_then.was_allowed) as was_allowed,
        max(owners_then.learned_at) as learned_at
    from owners_then
    group by owners_then.system, owners_then.snapshot_at, owners_then.channel, owners_then.contact_point
),

mismatches as (
    select
        listed_not_allowed.system,
        listed_not_allowed.snapshot_at,
        listed_not_allowed.channel,
        listed_not_allowed.contact_point,
        case
            when
                graced.was_allowed
                and listed_not_allowed.snapshot_at - graced.learned_at
                < systems.propagation_sla_hours * {{ hours_interval(1) }}
                then 'pending'
            else 'listed_not_allowed'
        end as mismatch
    from listed_not_allowed
    inner join systems on listed_not_allowed.system = systems.system
    left join graced
        on
            listed_not_allowed.system = graced.system
            and listed_not_allowed.snapshot_at = graced.snapshot_at
            and listed_not_allowed.channel = graced.channel
            and listed_not_allowed.contact_point = graced.contact_point
    union all
    select
        expected.system,
        expected.snapshot_at,
        expected.channel,
        expected.contact_point,
        'allowed_not_listed' as mismatch
    from expected
    left join listed
        on
            expected.system = listed.system
            and expected.snapshot_at = listed.snapshot_at
            and expected.channel = listed.channel
            and expected.contact_point = listed.contact_point
    where listed.system is null
),

final as (
    -- one row per contact point; a shared one names no single customer
    select
        mismatches.system,
        mismatches.snapshot_at,
        mismatches.channel,
        mismatches.contact_point,
        mismatches.mismatch,
        case when count(points.customer_key) = 1 then min(points.customer_key) end as customer_key,
        count(points.customer_key) as n_customers
    from mismatches
    left join points
        on mismatches.channel = points.channel and mismatches.contact_point = points.contact_point
    group by
        mismatches.system, mismatches.snapshot_at, mismatches.channel, mismatches.contact_point, mismatches.mismatch
)

select * from final
