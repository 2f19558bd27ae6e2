-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key']}, {'columns': ['communication_id']}, {'columns': ['contact_point']}]) }}

-- Every communication with its verdict at sent_at and the lineage a regulator asks
-- for: the basis consent event, its document (where the original lives, checksum),
-- the contract and product it was collected with, the source system and method -
-- or NULLs where no basis exists.

with

communications as (
    select * from {{ ref('int_communications__resolved_to_customers') }}
),

verdicts as (
    select * from {{ ref('int_communications__verdicts') }}
),

evidence as (
    select * from {{ ref('int_consent_grants__evidence_checked') }}
),

contracts as (
    select * from {{ ref('int_contracts__of_known_customers') }}
),

products as (
    select * from {{ ref('stg_crm__products') }}
    where dq_reason is null
),

messages as (
    select distinct
        communication_id,
        system,
        channel,
        kind,
        campaign_id,
        contact_point,
        sent_at
    from communications
),

final as (
    select
        messages.communication_id,
        verdicts.customer_key,
        verdicts.n_customers,
        messages.system,
        messages.channel,
        messages.contact_point,
        messages.sent_at,
        messages.kind,
        messages.campaign_id,
        verdicts.verdict,
        verdicts.basis_source_system,
        verdicts.basis_event_id,
        verdicts.document_id,
        evidence.storage_uri,
        evidence.sha256 as document_sha256,
        verdicts.evidence_status,
        verdicts.contract_id,
        contracts.product_code,
        products.product_name,
        verdicts.collection_method,
        verdicts.recorded_after_send
    from messages
    inner join verdicts on messages.communication_id = verdicts.communication_id
    left join evidence
        on
            verdicts.basis_source_system = evidence.source_system
            and verdicts.basis_event_id = evidence.event_id
    left join contracts
        on
            verdicts.basis_source_system = contracts.source_system
            and verdicts.contract_id = contracts.contract_id
    left join products on contracts.product_code = products.product_code
)

select * from final
