-- One row saying which build the marts come from: the dashboard keys its cache on
-- invocation_id and shows as_of, so every figure says what moment it describes.

with

final as (
    select
        cast('{{ invocation_id }}' as text) as invocation_id,
        {{ as_of() }} as as_of,
        {{ build_started_at() }} as built_at
)

select * from final
