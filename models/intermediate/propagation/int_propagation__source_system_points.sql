-- semantics.md > Propagation: a system that is also a source system (a department's
-- CRM) is expected to list only the contact points on its own customer records.
-- Every source system, with each phone and e-mail its records carry per channel
-- (contact_point null: a source system whose records carry none).

with

customer_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

channels as (
    select * from {{ ref('channels') }}
),

own_points as (
    select distinct
        customer_records.source_system as system,
        channels.channel,
        case channels.contact_point_kind
            when 'phone' then customer_records.phone
            when 'email' then customer_records.email
        end as contact_point
    from customer_records
    inner join channels on channels.contact_point_kind in ('phone', 'email')
),

final as (
    select
        system,
        channel,
        contact_point
    from own_points
    where contact_point is not null
    union
    select
        source_system as system,
        cast(null as text) as channel,
        cast(null as text) as contact_point
    from customer_records
)

select * from final
