-- indexes: what the dashboard and the audience export look up; the unique one also
-- enforces the grain at write time (its data test then only checks NULL keys);
-- built_at: this model's newest rows, for the next incremental build
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ prefer_index_lookups() }}", "{{ forget_consent_customers_to_build() }}"],
    indexes=[
        {'columns': ['customer_key', 'purpose', 'channel', 'basis_source_system', 'basis_event_id'], 'unique': true},
        {'columns': ['built_at']},
    ],
) }}

-- Every period in which a customer's consent for a purpose on a channel held, with
-- its basis (event, contract, document, evidence) and how it ended.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

intervals as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
    {{ only_consent_customers_to_build() }}
),

final as (
    select
        customer_key,
        purpose,
        channel,
        valid_from,
        valid_to,
        end_reason,
        basis_source_system,
        basis_event_id,
        contract_id,
        document_id,
        evidence_status,
        evidence_reason,
        is_perpetual,
        collection_method,
        recorded_at,
        {{ build_started_at() }} as built_at
    from intervals
)

select * from final
