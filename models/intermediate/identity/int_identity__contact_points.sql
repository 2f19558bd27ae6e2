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
    -- per kind of point, not per channel: a phone reaches four channels, and grouping
    -- and counting it once per channel sorted twice the rows (10.8 M instead of 5.4 M
    -- at a million customers). The point first: one sort serves this grouping and the
    -- count below.
    select
        kind,
        contact_point,
        customer_key,
        string_agg(distinct source_system, ',' order by source_system) as source_systems
    from points
    group by kind, contact_point, customer_key
),

counted as (
    select
        kind,
        contact_point,
        customer_key,
        source_systems,
        -- a point several customers share is listed only when all of them allow it
        count(*) over (partition by kind, contact_point) as n_customers
    from reaching
),

final as (
    -- each channel reaches through one kind of point, so a point's customers on a
    -- channel are its customers of that kind
    select
        counted.customer_key,
        channels.channel,
        counted.contact_point,
        -- which source systems' records of the customer carry it (a department's CRM
        -- is expected to list only those: int_propagation__point_periods)
        counted.source_systems,
        counted.n_customers
    from counted
    inner join channels on counted.kind = channels.contact_point_kind
)

select * from final
