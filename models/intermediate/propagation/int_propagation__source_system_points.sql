-- semantics.md > Propagation: a system that is also a source system (a department's
-- CRM) is expected to list only the contact points on its own customer records.
-- Every source system, with each phone and e-mail its records carry on each channel
-- it lists as a downstream system (contact_point null: a marker for every source
-- system). Only those pairs are ever looked up: the points of source systems that
-- list nothing were ~80% of the rows.

with

customer_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

channels as (
    select * from {{ ref('channels') }}
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
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
    inner join system_channels on customer_records.source_system = system_channels.system
    inner join channels
        on
            system_channels.channel = channels.channel
            and channels.contact_point_kind in ('phone', 'email')
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
