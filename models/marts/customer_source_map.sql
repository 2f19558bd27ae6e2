-- Which customer every accepted source record belongs to.

with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

final as (
    select
        source_system,
        source_customer_id,
        customer_key,
        is_ambiguous
    from clusters
)

select * from final
