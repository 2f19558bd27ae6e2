-- semantics.md > Personal-data retention: per customer with a consent interval,
-- whether a consent holds its data at as_of and when its last consent ended.
-- Incremental by customer (macros/consent_by_customer.sql): an interval starts and
-- ends at events up to as_of, or where its term runs out - a turn the consent
-- inputs' fingerprint covers - so only customers with changed inputs can change.
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

intervals as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
    {{ only_consent_customers_to_build() }}
),

final as (
    select
        customer_key,
        bool_or(valid_from <= {{ as_of() }} and (valid_to is null or valid_to > {{ as_of() }}))
            as has_active_consent,
        max(case when valid_to <= {{ as_of() }} then valid_to end) as last_consent_end,
        {{ build_started_at() }} as built_at
    from intervals
    group by customer_key
)

select * from final
