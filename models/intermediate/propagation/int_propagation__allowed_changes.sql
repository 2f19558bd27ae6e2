-- semantics.md > Propagation lag per system: each change, per customer and channel,
-- in whether the customer's contact point may be listed - active marketing consent
-- with evidence the audience policy accepts - and when the company learned of it
-- (not before the change itself). int_propagation__changes spreads these over the
-- customer's points and the systems that could reflect them.
-- Incremental by customer (macros/consent_by_customer.sql): a customer's changes
-- depend only on its own status segments, rewritten by the same stamps.
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

segments as (
    select * from {{ ref('int_consent_timeline__status_segments') }}
    {{ only_consent_customers_to_build() }}
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
    where purpose = 'marketing'
),

with_previous as (
    select
        *,
        lag(is_allowed) over (partition by customer_key, channel order by valid_from) as was_allowed
    from flagged
),

final as (
    select
        customer_key,
        channel,
        valid_from as changed_at,
        is_allowed,
        greatest(valid_from, learned_at) as learned_at,
        {{ build_started_at() }} as built_at
    from with_previous
    -- before a customer's first segment nothing may be listed
    where is_allowed is distinct from coalesce(was_allowed, false)
)

select * from final
