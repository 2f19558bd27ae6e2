-- Contracts, typed. A contract is a basis for keeping data, never a consent.
{%- set checks = [
    {'when': 'source_system is null or contract_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['source_system', 'contract_id']), 'reason': 'key too long'},
    {'when': 'source_customer_id is null', 'reason': 'missing source_customer_id'},
    {'when': 'product_code is null', 'reason': 'missing product_code'},
    {'when': 'signed_at_raw is null', 'reason': 'missing signed_at'},
    {'when': 'signed_at_raw is not null and signed_at is null', 'reason': 'unparseable signed_at', 'value': 'signed_at_raw'},
    {'when': 'ended_at_raw is not null and ended_at is null', 'reason': 'unparseable ended_at', 'value': 'ended_at_raw'},
    {'when': 'ended_at < signed_at', 'reason': 'ended_at before signed_at', 'value': 'ended_at_raw'},
    {'when': 'signed_at > cast(' ~ as_of() ~ ' at time zone \'Europe/Moscow\' as date)', 'reason': 'after as_of', 'value': 'signed_at_raw'},
] %}

with

source as (
    {{ keyed_rows_to_type(
        source('crm', 'contracts'),
        source_key([lower_cyrillic(clean_text('source_system')), clean_text('contract_id')]),
    ) }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('source_system') }} as source_system,
        {{ clean_text('contract_id') }} as contract_id,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('product_code') }} as product_code,
        {{ clean_text('signed_at') }} as signed_at,
        {{ clean_text('ended_at') }} as ended_at,
        {{ clean_text('sales_channel') }} as sales_channel,
        {{ clean_text('branch') }} as branch
    from source
),

typed as {{ computed_once() }} (
    select
        _batch_id,
        _row_id,

        -- keys
        {{ lower_cyrillic('source_system') }} as source_system,
        contract_id,
        source_customer_id,

        -- product and where it was sold
        {{ lower_cyrillic('product_code') }} as product_code,
        {{ lower_cyrillic('sales_channel') }} as sales_channel,
        branch,

        -- dates
        {{ safe_cast_date('signed_at') }} as signed_at,
        {{ safe_cast_date('ended_at') }} as ended_at,

        -- raw text, for the data-quality report
        signed_at as signed_at_raw,
        ended_at as ended_at_raw
    from trimmed
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['source_system', 'contract_id'],
    content=['source_customer_id', 'product_code', 'sales_channel', 'branch', 'signed_at', 'ended_at'],
) }},

final as (
    select
        source_system,
        contract_id,
        source_customer_id,
        product_code,
        sales_channel,
        branch,
        signed_at,
        ended_at,
        dq_reason,
        dq_details,
        {{ source_key(['source_system', 'contract_id']) }} as source_key,
        _batch_id,
        _row_id,
        {{ as_of() }} as _as_of
    from resolved
)

select * from final
