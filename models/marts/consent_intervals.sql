-- indexes: what the dashboard and the audience export look up; the unique one also
-- enforces the grain at write time (its data test then only checks NULL keys)
{{ config(indexes=[
    {'columns': ['customer_key', 'purpose', 'channel', 'basis_source_system', 'basis_event_id'], 'unique': true}
]) }}

-- Every period in which a customer's consent for a purpose on a channel held, with
-- its basis (event, contract, document, evidence) and how it ended.

with

intervals as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
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
        recorded_at
    from intervals
)

select * from final
