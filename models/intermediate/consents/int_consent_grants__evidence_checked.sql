-- semantics.md > Evidence: every grant needs a document that proves it. The first
-- status that applies, in the order missing, invalid, pending/unverified, ok.
-- Evidence is judged as it stands at as_of: what the company can prove today.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

grants as (
    select * from {{ ref('int_consent_events__of_known_customers') }}
    where action = 'grant'
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
    {{ only_consent_customers_to_build() }}
),

documents as (
    select * from {{ ref('stg_consents__documents') }}
    where dq_reason is null
),

records as (
    select * from {{ ref('int_identity__customer_records') }}
    {{ only_consent_customers_to_build() }}
),

customer_names as (
    -- each customer's names as one array: the name check below is then a look at a
    -- few names of the grant's own row, not a join and a regrouping of every grant
    select
        customer_key,
        array_agg(distinct full_name_normalised) as full_names
    from records
    group by customer_key
),

grant_documents as (
    select
        grants.source_system,
        grants.event_id,
        grants.event_at,
        grants.contract_id as grant_contract_id,
        grants.document_id as grant_document_id,
        clusters.customer_key,
        documents.document_id,
        documents.kind,
        documents.storage_uri,
        documents.sha256,
        documents.contract_id as document_contract_id,
        documents.name_on_document_normalised,
        documents.is_signed,
        documents.is_readable,
        documents.verified_at,
        customer_names.full_names
    from grants
    inner join clusters
        on
            grants.source_system = clusters.source_system
            and grants.source_customer_id = clusters.source_customer_id
    left join documents on grants.document_id = documents.document_id
    left join customer_names on clusters.customer_key = customer_names.customer_key
),

checked as (
    select
        grant_documents.*,
        case
            when grant_documents.grant_document_id is null then 'missing: the grant names no document'
            when grant_documents.document_id is null then 'missing: the document is not in the archive'
            when not grant_documents.is_readable then 'invalid: unreadable'
            when not grant_documents.is_signed then 'invalid: not signed'
            when grant_documents.grant_contract_id <> grant_documents.document_contract_id
                then 'invalid: filed under another contract'
            -- an OCR slip (one edit) still matches; another person does not
            when
                not (
                    select
                        bool_or({{ within_one_edit('names.full_name', 'grant_documents.name_on_document_normalised') }})
                    from unnest(grant_documents.full_names) as names (full_name)
                )
                then 'invalid: the name on the document is not the customer''s'
            when grant_documents.kind = 'web_form_plain'
                then 'invalid: a plain web form, anyone could have filled it in'
            when grant_documents.verified_at is null or grant_documents.verified_at > {{ as_of() }}
                then case
                    when
                        {{ as_of() }} <= grant_documents.event_at
                        + {{ days_interval(var('verification_window_days')) }}
                        then 'pending: not verified yet, within the verification window'
                    else 'unverified: not verified within the verification window'
                end
        end as evidence_finding
    from grant_documents
),

final as (
    select
        source_system,
        event_id,
        customer_key,
        document_id,
        kind as document_kind,
        storage_uri,
        sha256,
        coalesce(split_part(evidence_finding, ':', 1), 'ok') as evidence_status,
        trim(split_part(evidence_finding, ':', 2)) as evidence_reason,
        {{ build_started_at() }} as built_at
    from checked
)

select * from final
