-- semantics.md rule 5: withdrawing pd_processing ends marketing, partner_transfer
-- and analytics too. Every consent fact of every customer - events and matched
-- requests - plus, for each pd_processing revoke or refusal event, the same end on
-- the other purposes. (Requests with scope pd_processing already cover them all.)
-- A refusal of processing cascades too: whoever refused processing was not asked
-- to be advertised to either.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

{%- set fact_columns = [
    'customer_key', 'purpose', 'channel', 'action', 'event_at', 'recorded_at', 'valid_until', 'source_system',
    'event_id', 'contract_id', 'document_id', 'collection_method', 'is_any_channel', 'fact_source',
] %}

with

events as (
    select * from {{ ref('int_consent_events__expanded_to_channels') }}
    {{ only_consent_customers_to_build() }}
),

requests as (
    select * from {{ ref('int_consent_facts__requests_as_revokes') }}
    {{ only_consent_customers_to_build() }}
),

purposes as (
    select * from {{ ref('purposes') }}
),

cascaded as (
    select
        events.customer_key,
        purposes.purpose,
        events.channel,
        events.action,
        events.event_at,
        events.recorded_at,
        events.valid_until,
        events.source_system,
        events.event_id,
        events.contract_id,
        events.document_id,
        events.collection_method,
        events.is_any_channel,
        'pd_processing_cascade' as fact_source
    from events
    inner join purposes on purposes.purpose <> 'pd_processing'
    where events.purpose = 'pd_processing' and events.action in ('revoke', 'deny')
),

final as (
    {%- for part in ['events', 'requests', 'cascaded'] %}
    select {{ fact_columns | join(', ') }}, {{ build_started_at() }} as built_at from {{ part }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
