-- The product catalogue: the legal retention period is what keeps a former
-- customer's data after the last contract of a product ended.
{%- set checks = [
    {'when': 'product_code is null', 'reason': 'missing key'},
    {'when': key_too_long(['product_code']), 'reason': 'key too long'},
    {'when': 'pd_retention_years_raw is null', 'reason': 'missing pd_retention_years'},
    {'when': 'pd_retention_years_raw is not null and (pd_retention_years is null or pd_retention_years < 0)', 'reason': 'unparseable pd_retention_years', 'value': 'pd_retention_years_raw'},
] %}

with

source as (
    select * from {{ source('crm', 'products') }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('product_code') }} as product_code,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('product_line') }} as product_line,
        {{ clean_text('pd_retention_years') }} as pd_retention_years
    from source
),

typed as {{ computed_once() }} (
    select
        _batch_id,
        _row_id,
        {{ lower_cyrillic('product_code') }} as product_code,
        product_name,
        {{ lower_cyrillic('product_line') }} as product_line,
        {{ safe_cast_integer('pd_retention_years') }} as pd_retention_years,
        pd_retention_years as pd_retention_years_raw
    from trimmed
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['product_code'],
    content=['product_name', 'product_line', 'pd_retention_years'],
) }},

final as (
    select
        product_code,
        product_name,
        product_line,
        pd_retention_years,
        dq_reason,
        dq_details,
        {{ source_key(['product_code']) }} as source_key,
        _batch_id,
        _row_id
    from resolved
)

select * from final
