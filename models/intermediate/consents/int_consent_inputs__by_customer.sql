-- Per customer, a fingerprint of everything its consent facts, evidence, intervals,
-- status segments and status depend on, and the build that last saw it change
-- (`changed_at`): the consent models recompute only the customers changed since
-- their own newest rows (macros/consent_by_customer.sql). The inputs: its consent
-- events (on its identity), the documents its grants name, the names on its records,
-- its matched revocation requests, the purpose and channel catalogues, the audience
-- policy, and each judgement that turns with as_of - a term run out, a document
-- verified, a verification window closed - so that as_of moving either way changes
-- exactly the customers whose answer turns. Every other moment a status depends on is an event
-- or request at or before as_of (later ones are data-quality issues in staging).
-- A customer no longer in any input keeps one row without a fingerprint (written
-- once), so that the consent models forget it.

with

-- events and clusters twice, each read once: a CTE read twice would be written out
-- whole (3.4 M events at a million customers) before either use
events as (
    select * from {{ ref('int_consent_events__of_known_customers') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

grants as (
    select * from {{ ref('int_consent_events__of_known_customers') }}
    where action = 'grant' and document_id is not null
),

grant_clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

documents as (
    select * from {{ ref('stg_consents__documents') }}
    where dq_reason is null
),

records as (
    select * from {{ ref('int_identity__customer_records') }}
),

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'matched'
),

catalogues as (
    -- a change of either seed, or of the evidence the audience policy accepts (var
    -- audience_evidence: the propagation models and the audience read it with the
    -- status), changes every customer
    select md5(
        (select string_agg(purpose, ',' order by purpose) from {{ ref('purposes') }})
        || '/' || (select string_agg(channel, ',' order by channel) from {{ ref('channels') }})
        || '/' || '{{ var("audience_evidence") | sort | join(",") }}'
    ) as catalogue_hash
),

event_inputs as (
    select
        clusters.customer_key,
        events.source_system,
        events.event_id,
        events.contract_id,
        events.purpose,
        events.channel,
        events.action,
        events.event_at,
        events.recorded_at,
        events.valid_until,
        events.collection_method,
        events.document_id,
        events.valid_until <= {{ as_of() }} as has_expired,
        {{ as_of() }} <= events.event_at + {{ days_interval(var('verification_window_days')) }} as is_within_window
    from events
    inner join clusters
        on
            events.source_system = clusters.source_system
            and events.source_customer_id = clusters.source_customer_id
),

document_inputs as (
    -- the archived document each grant names (an inner join: a left join would hash
    -- the ~13 % of events without a document under one NULL key, and a hash join
    -- that cannot split that batch doubles its batches until memory runs out)
    select
        grant_clusters.customer_key,
        grants.source_system,
        grants.event_id,
        documents.document_id,
        documents.kind,
        documents.storage_uri,
        documents.sha256,
        documents.contract_id,
        documents.name_on_document_normalised,
        documents.is_signed,
        documents.is_readable,
        documents.verified_at,
        documents.verified_at <= {{ as_of() }} as is_verified
    from grants
    inner join grant_clusters
        on
            grants.source_system = grant_clusters.source_system
            and grants.source_customer_id = grant_clusters.source_customer_id
    inner join documents on grants.document_id = documents.document_id
),

name_inputs as (
    select
        records.customer_key,
        records.full_name_normalised,
        catalogues.catalogue_hash
    from records
    cross join catalogues
),

request_inputs as (
    select
        customer_key,
        request_id,
        received_at,
        scope,
        channel
    from requests
),

-- a customer gone (an identity merge retired the key) gets a tombstone: events,
-- names and requests are all of clustered records, so a key without a cluster has
-- no input (the clusters read directly: the CTE above is read once)
changed_customers as (
    {{ keys_with_changed_inputs(
        ['event_inputs', 'document_inputs', 'name_inputs', 'request_inputs'],
        present_in=ref('int_identity__clusters'),
    ) }}
),

final as (
    select
        customer_key,
        inputs_fingerprint,
        {{ build_started_at() }} as changed_at
    from changed_customers
)

select * from final
