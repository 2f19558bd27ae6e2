-- indexes: what the dashboard and the audience export look up; the unique one also
-- enforces the grain at write time (its data test then only checks NULL keys);
-- built_at: this model's newest rows, for the next incremental build
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ prefer_index_lookups() }}", "{{ forget_consent_customers_to_build() }}"],
    indexes=[
        {'columns': ['customer_key', 'purpose', 'channel'], 'unique': true},
        {'columns': ['expires_at']},
        {'columns': ['built_at']},
    ],
) }}

-- The status of every customer x purpose x channel that any event or request
-- touched, as of as_of. A combination without a row is never_given: kept sparse,
-- because every customer x purpose x channel would be rows of nothing.
-- Incremental by customer (macros/consent_by_customer.sql): a customer's status
-- turns with as_of only where a term ends or evidence is judged anew, and both
-- change its inputs' fingerprint.
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

segments as (
    select * from {{ ref('int_consent_timeline__status_segments') }}
    {{ only_consent_customers_to_build() }}
),

final as (
    select
        customer_key,
        purpose,
        channel,
        status,
        active_since,
        expires_at,
        basis_source_system,
        basis_event_id,
        evidence_status,
        evidence_reason,
        is_perpetual,
        contract_id,
        document_id,
        valid_from as status_since,
        decided_by_event_id,
        {{ build_started_at() }} as built_at
    from segments
    where
        valid_from <= {{ as_of() }}
        and (valid_to is null or valid_to > {{ as_of() }})
)

select * from final
