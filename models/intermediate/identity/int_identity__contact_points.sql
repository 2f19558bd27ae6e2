-- semantics.md > Identity: a phone or e-mail belongs to the customers whose records
-- carry it; channels reach customers through contact points (e-mail by address;
-- sms, call, messenger and push by phone; post by postal address).
-- Incremental by contact point: a row depends on its customer's records and on how
-- many customers share the point, so a build recomputes every point a changed
-- customer (int_identity_inputs__by_customer) carried or carries - its own rows from
-- its records, the other customers' on those points from their stored rows (their
-- records did not change). delete+insert replaces those points' rows; the post-hook
-- forgets the rows of changed customers on points that nobody carries any more.
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    {{ only_identity_customers_to_build() }}
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

{%- if is_incremental() %}

touched_points as (
    -- every point a changed customer carries now or carried before (its stored rows;
    -- this model's table is read twice, each time through an index, not as one CTE
    -- that would be written out whole; the seed itself, not the CTE used thrice,
    -- whose row count the planner would not know)
    select
        kind,
        contact_point
    from reaching
    union
    select
        changed_channels.contact_point_kind as kind,
        changed_rows.contact_point
    from {{ this }} as changed_rows
    inner join {{ ref('channels') }} as changed_channels on changed_rows.channel = changed_channels.channel
    where {{ any_identity_customer_to_build(['changed_rows.customer_key']) }}
),

others_on_touched_points as (
    -- one row per kind of point (a phone's customer is stored once per channel)
    select distinct
        touched_points.kind,
        other_rows.contact_point,
        other_rows.customer_key,
        other_rows.source_systems
    from touched_points
    inner join {{ this }} as other_rows on touched_points.contact_point = other_rows.contact_point
    inner join {{ ref('channels') }} as other_channels
        on
            other_rows.channel = other_channels.channel
            and touched_points.kind = other_channels.contact_point_kind
    where {{ not_an_identity_customer_to_build('other_rows.customer_key') }}
),

{%- endif %}

customers_on_points as (
    select * from reaching
    {%- if is_incremental() %}
    union all
    select * from others_on_touched_points
    {%- endif %}
),

counted as (
    select
        kind,
        contact_point,
        customer_key,
        source_systems,
        -- a point several customers share is listed only when all of them allow it
        count(*) over (partition by kind, contact_point) as n_customers
    from customers_on_points
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
        counted.n_customers,
        {{ build_started_at() }} as built_at
    from counted
    inner join channels on counted.kind = channels.contact_point_kind
)

select * from final
