-- indexes: what the dashboard and the audience export look up; the unique one also
-- enforces the grain at write time (its data test then only checks NULL keys)
{{ config(indexes=[{'columns': ['customer_key', 'purpose', 'channel'], 'unique': true}, {'columns': ['expires_at']}]) }}

-- The status of every customer x purpose x channel that any event or request
-- touched, as of as_of. A combination without a row is never_given: kept sparse,
-- because every customer x purpose x channel would be rows of nothing.

with

segments as (
    select * from {{ ref('int_consent_timeline__status_segments') }}
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
        decided_by_event_id
    from segments
    where
        valid_from <= {{ as_of() }}
        and (valid_to is null or valid_to > {{ as_of() }})
)

select * from final
