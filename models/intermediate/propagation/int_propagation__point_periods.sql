-- semantics.md > Propagation: when each contact point may be listed on a channel some
-- downstream system lists - every period in which one of its customers has active
-- marketing consent with evidence the audience policy accepts (judged at as_of),
-- from a change to allowed to the next change (int_propagation__allowed_changes:
-- a run of such status segments is one period) - and, per point, a fingerprint of
-- those periods and of its listing scope (the source systems whose records carry
-- it, and which systems are source systems).
-- Incremental by point: a point's periods are rewritten only when its fingerprint
-- changed, stamped with the build that rewrote them, so that the expected lists
-- recompute only those points at old snapshots (a point that lost its last period
-- keeps a row without one, so that its old expected rows are forgotten too).
-- Scope through the customers with periods suffices: a shared point is listed only
-- when all its customers have one.

with

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

allowed_changes as (
    select * from {{ ref('int_propagation__allowed_changes') }}
),

source_system_points as (
    select * from {{ ref('int_propagation__source_system_points') }}
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

turns as (
    -- only on channels some downstream system lists; changes alternate between
    -- allowed and not, so the next one ends an allowed period
    select
        customer_key,
        channel,
        is_allowed,
        changed_at as valid_from,
        lead(changed_at) over (partition by customer_key, channel order by changed_at) as valid_to
    from allowed_changes
    where channel in (select system_channels.channel from system_channels)
),

allowed_periods as (
    select
        customer_key,
        channel,
        valid_from,
        valid_to
    from turns
    where is_allowed
),

source_systems as (
    -- every point's scope depends on which systems are source systems
    select coalesce(string_agg(system, ',' order by system), '') as systems
    from source_system_points
    where contact_point is null
),

periods as {{ computed_once() }} (
    select
        allowed_periods.channel,
        points.contact_point,
        allowed_periods.customer_key,
        points.n_customers,
        allowed_periods.valid_from,
        allowed_periods.valid_to,
        -- the listing scope, so that the fingerprint covers it
        points.source_systems,
        source_systems.systems as all_source_systems
    from allowed_periods
    inner join points
        on
            allowed_periods.customer_key = points.customer_key
            and allowed_periods.channel = points.channel
    cross join source_systems
),

changed_points as (
    -- a point that lost every period: one row without a period (a tombstone)
    {{ keys_with_changed_inputs(['periods'], key=['channel', 'contact_point'], present_in='periods') }}
),

final as (
    select
        changed_points.channel,
        changed_points.contact_point,
        periods.customer_key,
        periods.n_customers,
        periods.valid_from,
        periods.valid_to,
        changed_points.inputs_fingerprint,
        {{ build_started_at() }} as changed_at
    from changed_points
    left join periods
        on
            changed_points.channel = periods.channel
            and changed_points.contact_point = periods.contact_point
)

select * from final
