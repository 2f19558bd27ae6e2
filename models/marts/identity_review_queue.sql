-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['request_id']}]) }}

-- What a data steward must decide, because the rules never guess: near-miss pairs,
-- records that fit several people, revocation requests that identify nobody for sure.

with

name_pairs as (
    select * from {{ ref('int_identity__near_miss_names') }}
),

passport_pairs as (
    select * from {{ ref('int_identity__near_miss_passports') }}
),

ambiguous as (
    select * from {{ ref('int_identity__ambiguous_records') }}
),

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'unmatched'
),

items as (
    select
        'near_miss_name' as item_type,
        customer_key_a || '|' || customer_key_b as item_subject,
        {{ text_array(['customer_key_a', 'customer_key_b']) }} as candidate_customer_keys,
        reason,
        cast(null as text) as request_id
    from name_pairs
    union all
    select
        'near_miss_passport' as item_type,
        customer_key_a || '|' || customer_key_b as item_subject,
        {{ text_array(['customer_key_a', 'customer_key_b']) }} as candidate_customer_keys,
        reason,
        cast(null as text) as request_id
    from passport_pairs
    union all
    select
        'ambiguous_record' as item_type,
        source_system || '/' || source_customer_id as item_subject,
        candidate_customer_keys,
        'the record fits customers with different passports' as reason,
        cast(null as text) as request_id
    from ambiguous
    union all
    select
        'unmatched_revocation_request' as item_type,
        request_id as item_subject,
        coalesce(candidate_keys, {{ text_array([]) }}) as candidate_customer_keys,
        unmatched_reason as reason,
        request_id
    from requests
),

final as (
    select
        {{ stable_key('IRQ-', "item_type || ':' || item_subject") }} as item_id,
        item_type,
        candidate_customer_keys,
        reason,
        request_id
    from items
)

select * from final
