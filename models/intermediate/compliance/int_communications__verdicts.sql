-- semantics.md > Communications: an advertising message is judged at its sent_at
-- for every customer of its contact point, on the consent in force then (macro
-- join_consent_at) and the evidence as it stands at as_of; a shared contact point
-- gets the worst verdict (refused, expired, no_consent, covered_unproven, covered).
-- Service and transactional messages need no marketing consent.
-- Incremental by message (macros/communications_by_message.sql).
-- depends_on: {{ ref('int_communication_inputs__by_message') }}

with

resolved as (
    select * from {{ ref('int_communications__resolved_to_customers') }}
    {{ only_messages_to_build() }}
),

judged as (
    select
        resolved.communication_id,
        resolved.customer_key,
        -- a basis only matters for advertising
        case when resolved.kind = 'advertising' then consent_then.basis_source_system end as basis_source_system,
        case when resolved.kind = 'advertising' then consent_then.basis_event_id end as basis_event_id,
        case when resolved.kind = 'advertising' then consent_then.contract_id end as contract_id,
        case when resolved.kind = 'advertising' then consent_then.document_id end as document_id,
        case when resolved.kind = 'advertising' then consent_then.collection_method end as collection_method,
        case when resolved.kind = 'advertising' then consent_then.evidence_status end as evidence_status,
        coalesce(resolved.kind = 'advertising' and consent_then.basis_recorded_at > resolved.sent_at, false)
            as recorded_after_send,
        case
            when resolved.kind <> 'advertising' then 'not_required'
            when resolved.customer_key is null then 'unknown_recipient'
            when consent_then.status = 'active' and consent_then.evidence_status = 'ok' then 'covered'
            when consent_then.status = 'active' then 'covered_unproven'
            when consent_then.status in ('denied', 'revoked') then 'refused'
            when consent_then.status = 'expired' then 'expired'
            else 'no_consent'
        end as verdict
    from resolved
    {{ join_consent_at(
        'consent_then', 'resolved.customer_key', "'marketing'", 'resolved.channel', 'resolved.sent_at',
    ) }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by communication_id
            order by
                case verdict
                    when 'refused' then 1
                    when 'expired' then 2
                    when 'no_consent' then 3
                    when 'covered_unproven' then 4
                    else 5
                end,
                customer_key
        ) as verdict_rank,
        count(customer_key) over (partition by communication_id) as n_customers
    from judged
),

final as (
    select
        communication_id,
        customer_key,
        n_customers,
        verdict,
        basis_source_system,
        basis_event_id,
        contract_id,
        document_id,
        collection_method,
        evidence_status,
        recorded_after_send,
        {{ build_started_at() }} as built_at
    from ranked
    where verdict_rank = 1
)

select * from final
