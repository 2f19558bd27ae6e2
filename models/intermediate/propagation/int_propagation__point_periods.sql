-- semantics.md > Propagation: when each contact point may be listed on a channel some
-- downstream system lists - every period in which one of its customers has active
-- marketing consent with evidence the audience policy accepts (judged at as_of),
-- from a change to allowed to the next change (int_propagation__allowed_changes:
-- a run of such status segments is one period) - and, per point, a fingerprint of
-- those periods and of its listing scope (the source systems whose records carry
-- it, which systems are source systems and which channels are served).
-- Incremental by point: a point's periods are rewritten only when its fingerprint
-- changed, stamped with the build that rewrote them, so that the expected lists
-- recompute only those points at old snapshots (a point that lost its last period
-- keeps a row without one, so that its old expected rows are forgotten too).
-- Scope through the customers with periods suffices: a shared point is listed only
-- when all its customers have one.
-- Only the points whose fingerprint can have changed since this model's newest rows
-- are fingerprinted: those of customers whose consent inputs changed (their allowed
-- changes), those identity rewrote (a new point, or a new count or scope), those
-- stored for a customer whose records changed (a point nobody carries now); every
-- point when the source systems or the served channels changed
-- (int_propagation__listing_scopes, macros/propagation/point_periods.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

allowed_changes as (
    select * from {{ ref('int_propagation__allowed_changes') }}
),

listing_scopes as (
    select * from {{ ref('int_propagation__listing_scopes') }}
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

{% set every_point = every_point_to_build() -%}
{% if not every_point -%}
consent_changed as (
    {{ keys_to_build(ref('int_consent_inputs__by_customer'), 'customer_key', stamp='changed_at') }}
),

identity_changed as (
    {{ keys_to_build(ref('int_identity_inputs__by_customer'), 'customer_key', stamp='changed_at') }}
),

-- contact points read directly in each branch: the CTE read more than once would be
-- written out whole (5 M rows at a million customers) first. A point on every
-- channel: joined on the point alone, the planner estimates the rows it finds (by
-- channel too, it knew nothing of the channels here and expected 60x fewer, then
-- compared every period with every other in nested loops)
points_to_build as {{ computed_once() }} (
    select consent_points.contact_point
    from {{ ref('int_identity__contact_points') }} as consent_points
    inner join consent_changed on consent_points.customer_key = consent_changed.customer_key
    union
    select identity_points.contact_point
    from {{ ref('int_identity__contact_points') }} as identity_points
    where {{ changed_since_built('identity_points.built_at', stamp='changed_at') }}
    union
    select stored.contact_point
    from {{ this }} as stored
    inner join identity_changed on stored.customer_key = identity_changed.customer_key
),

{% endif -%}
points_in_scope as (
    select points.*
    from points
    {%- if not every_point %}
    where points.contact_point in (select points_to_build.contact_point from points_to_build)
    {%- endif %}
),

changes_in_scope as (
    -- every customer's, or those of the customers on the points in scope (whole
    -- histories: a period runs from one change to the next)
    select allowed_changes.*
    from allowed_changes
    {%- if not every_point %}
    where allowed_changes.customer_key in (select points_in_scope.customer_key from points_in_scope)
    {%- endif %}
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
    from changes_in_scope
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

scope_now as (
    -- every point's scope depends on which systems are source systems and which
    -- channels are served (the newest lists): in every fingerprint, so that a change
    -- of either rewrites every point with a period
    select
        source_systems,
        served_channels
    from listing_scopes
    order by changed_at desc
    limit 1
),

periods as {{ computed_once() }} (
    select
        allowed_periods.channel,
        points_in_scope.contact_point,
        allowed_periods.customer_key,
        points_in_scope.n_customers,
        allowed_periods.valid_from,
        allowed_periods.valid_to,
        -- the listing scope, so that the fingerprint covers it
        points_in_scope.source_systems,
        scope_now.source_systems as all_source_systems,
        scope_now.served_channels
    from allowed_periods
    inner join points_in_scope
        on
            allowed_periods.customer_key = points_in_scope.customer_key
            and allowed_periods.channel = points_in_scope.channel
    cross join scope_now
),

-- a point that lost every period: one row without a period (a tombstone)
changed_points as (
    {{ keys_with_changed_inputs(
        ['periods'], key=['channel', 'contact_point'], present_in='periods',
        among=none if every_point else 'points_to_build', among_key=['contact_point'],
    ) }}
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
