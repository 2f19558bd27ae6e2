-- semantics.md > Propagation: at each snapshot of each downstream system, which
-- contact points it should list on each of its channels: those all of whose
-- customers have active marketing consent then, with evidence the audience policy
-- accepts (judged at as_of). A system that is also a source system (a department's
-- CRM) is expected to list only the contact points on its own customer records.

with

systems as (
    select * from {{ ref('stg_downstream__systems') }}
    where dq_reason is null
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

customer_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

channels as (
    select * from {{ ref('channels') }}
),

snapshots as (
    select distinct
        lists.system,
        lists.snapshot_at,
        served.element as channel
    from lists
    inner join systems on lists.system = systems.system
    {{ join_list_elements('served', 'systems.channels') }}
),

own_points as (
    -- a CRM's own customers' contact points, as its records carry them
    select distinct
        customer_records.source_system as system,
        channels.channel,
        case channels.contact_point_kind
            when 'phone' then customer_records.phone
            when 'email' then customer_records.email
        end as contact_point
    from customer_records
    inner join channels on channels.contact_point_kind in ('phone', 'email')
),

source_systems as (
    select distinct source_system as system
    from customer_records
),

candidate_points as (
    select
        snapshots.system,
        snapshots.snapshot_at,
        snapshots.channel,
        points.contact_point,
        points.customer_key
    from snapshots
    inner join points on snapshots.channel = points.channel
    left join source_systems on snapshots.system = source_systems.system
    left join own_points
        on
            snapshots.system = own_points.system
            and snapshots.channel = own_points.channel
            and points.contact_point = own_points.contact_point
    where source_systems.system is null or own_points.contact_point is not null
),

judged as (
    select
        candidate_points.*,
        coalesce(
            consent_then.status = 'active'
            and consent_then.evidence_status in ({{ audience_evidence_list() }}),
            false
        ) as is_allowed
    from candidate_points
    {{ join_consent_at(
        'consent_then', 'candidate_points.customer_key', "'marketing'", 'candidate_points.channel',
        'candidate_points.snapshot_at',
    ) }}
),

final as (
    select
        system,
        snapshot_at,
        channel,
        contact_point,
        bool_and(is_allowed) as is_allowed
    from judged
    group by system, snapshot_at, channel, contact_point
)

select * from final
