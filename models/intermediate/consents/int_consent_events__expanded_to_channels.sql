-- semantics.md rule 2: channel `any` means every channel. Each consent event of a
-- known customer, on the customer it belongs to, once per channel it covers.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

events as (
    select * from {{ ref('int_consent_events__of_known_customers') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
    {{ only_consent_customers_to_build() }}
),

channels as (
    select * from {{ ref('channels') }}
),

final as (
    select
        clusters.customer_key,
        events.purpose,
        channels.channel,
        events.action,
        events.event_at,
        events.recorded_at,
        events.valid_until,
        events.source_system,
        events.event_id,
        events.contract_id,
        events.document_id,
        events.collection_method,
        'event' as fact_source,
        events.channel = 'any' as is_any_channel,
        {{ build_started_at() }} as built_at
    from events
    inner join clusters
        on
            events.source_system = clusters.source_system
            and events.source_customer_id = clusters.source_customer_id
    inner join channels
        on events.channel in (channels.channel, 'any')
)

select * from final
