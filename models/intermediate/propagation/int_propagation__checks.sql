-- semantics.md > Propagation: each listed contact point that is not allowed is a
-- listed_not_allowed mismatch - unless it was allowed before and the company
-- learned of the change less than the system's SLA before the snapshot, or after
-- it (then pending). Allowed points missing from the list: allowed_not_listed.

with

systems as (
    select * from {{ ref('stg_downstream__systems') }}
    where dq_reason is null
),

differences as (
    select * from {{ ref('int_propagation__list_differences') }}
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

listed_not_allowed as (
    select
        system,
        snapshot_at,
        channel,
        contact_point
    from differences
    where is_listed
),

mismatched_points as (
    -- the customers of the few mismatched points, found in one pass over all points
    select
        points.channel,
        points.contact_point,
        points.customer_key
    from points
    where exists (
        select 1 from differences
        where differences.channel = points.channel and differences.contact_point = points.contact_point
    )
),

owners_then as (
    -- for each customer of such a point: when the company learned why it is not
    -- allowed now, and whether it was ever allowed before
    select
        listed_not_allowed.system,
        listed_not_allowed.snapshot_at,
        listed_not_allowed.channel,
        listed_not_allowed.contact_point,
        owners.customer_key,
        consent_then.learned_at,
        coalesce(first_allowed.first_allowed_from < listed_not_allowed.snapshot_at, false) as was_allowed
    from listed_not_allowed
    inner join mismatched_points as owners
        on
            listed_not_allowed.channel = owners.channel
            and listed_not_allowed.contact_point = owners.contact_point
    left join first_allowed
        on owners.customer_key = first_allowed.customer_key and owners.channel = first_allowed.channel
    {{ join_consent_at(
        'consent_then', 'owners.customer_key', "'marketing'", 'owners.channel', 'listed_not_allowed.snapshot_at',
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
        differences.system,
        differences.snapshot_at,
        differences.channel,
        differences.contact_point,
        'allowed_not_listed' as mismatch
    from differences
    where not differences.is_listed
),

final as (
    -- one row per contact point; a shared one names no single customer
    select
        mismatches.system,
        mismatches.snapshot_at,
        mismatches.channel,
        mismatches.contact_point,
        mismatches.mismatch,
        case when count(owners.customer_key) = 1 then min(owners.customer_key) end as customer_key,
        count(owners.customer_key) as n_customers
    from mismatches
    left join mismatched_points as owners
        on mismatches.channel = owners.channel and mismatches.contact_point = owners.contact_point
    group by
        mismatches.system, mismatches.snapshot_at, mismatches.channel, mismatches.contact_point, mismatches.mismatch
)

select * from final
