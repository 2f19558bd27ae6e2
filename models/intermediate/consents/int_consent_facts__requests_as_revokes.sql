-- semantics.md rule 4: a revocation request matched to a customer acts as a revoke
-- at received_at: all_marketing = marketing on every channel; channel = marketing
-- on that channel; pd_processing = every purpose on every channel.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'matched'
),

purposes as (
    select * from {{ ref('purposes') }}
),

channels as (
    select * from {{ ref('channels') }}
),

final as (
    select
        requests.customer_key,
        purposes.purpose,
        channels.channel,
        'revoke' as action,
        requests.received_at as event_at,
        requests.received_at as recorded_at,
        cast(null as timestamp with time zone) as valid_until,
        cast(null as text) as source_system,
        requests.request_id as event_id,
        cast(null as text) as contract_id,
        cast(null as text) as document_id,
        'request' as collection_method,
        false as is_any_channel,
        'request' as fact_source
    from requests
    cross join purposes
    cross join channels
    where
        (requests.scope = 'pd_processing')
        or (requests.scope = 'all_marketing' and purposes.purpose = 'marketing')
        or (requests.scope = 'channel' and purposes.purpose = 'marketing' and channels.channel = requests.channel)
)

select * from final
