-- Every raw row kept out of the marts, or kept without a value it could not
-- use, with the reason: nothing is dropped silently.

with

issues as (
    select * from {{ ref('int_dq__issues_unioned') }}
),

final as (
    select
        source_table,
        source_key,
        reason,
        details,
        disposition,
        _batch_id as load_batch_id,
        _row_id as raw_row_id
    from issues
)

select * from final
