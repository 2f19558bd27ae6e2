-- semantics.md > Identity: a phone or e-mail belongs to the customers whose records
-- carry it; channels reach customers through contact points (e-mail by address;
-- sms, call, messenger and push by phone; post by postal address).

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
),

channels as (
    select * from {{ ref('channels') }}
),

points as (
    select
        records.customer_key,
        records.source_system,
        points_of_record.kind,
        points_of_record.contact_point
    from records
    cross join
        lateral (
            values
            ('phone', records.phone),
            ('email', records.email),
            ('address', {{ normalise_address('records.address') }})
        ) as points_of_record (kind, contact_point)
    where points_of_record.contact_point is not null
),

reaching as (
    -- listed point first: one sort serves this grouping and the count below
    select
        channels.channel,
        points.contact_point,
        points.customer_key,
        string_agg(distinct points.source_system, ',' order by points.source_system) as source_systems
    from points
    inner join channels on points.kind = channels.contact_point_kind
    group by channels.channel, points.contact_point, points.customer_key
),

final as (
    select
        customer_key,
        channel,
        contact_point,
        -- which source systems' records of the customer carry it (a department's CRM
        -- is expected to list only those: int_propagation__point_periods)
        source_systems,
        -- a point several customers share is listed only when all of them allow it
        count(*) over (partition by channel, contact_point) as n_customers
    from reaching
)

select * from final
