-- indexes: what the dashboard and the audience export look up (the unique one, led
-- by the customer, also enforces the grain at write time); built_at: this model's
-- newest rows, for the next incremental build
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ prefer_index_lookups() }}", "{{ forget_audience_customers_to_build() }}"],
    indexes=[
        {'columns': ['customer_key', 'channel', 'contact_point'], 'unique': true},
        {'columns': ['channel', 'consent_expires_at']},
        {'columns': ['built_at']},
    ],
) }}

-- Who may receive advertising now, per channel and contact point: active marketing
-- consent with evidence the audience policy accepts (var audience_evidence, default
-- ok only), through a contact point all of whose customers may be contacted. No
-- passport, no birth date, no address beyond what the post channel needs.
-- Incremental by customer (macros/audience_by_customer.sql): a day changes a few
-- thousand customers' rows, where computing all of them read 9 M statuses and 5 M
-- points twice.
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

status as (
    select * from {{ ref('consent_status') }}
),

points as {{ read_where_used() }} (
    select * from {{ ref('int_identity__contact_points') }}
),

allowed as {{ read_where_used() }} (
    select
        customer_key,
        channel,
        expires_at,
        basis_event_id
    from status
    where
        purpose = 'marketing'
        and status = 'active'
        and evidence_status in ({{ audience_evidence_list() }})
),

{%- if is_incremental() %}

to_build as {{ computed_once() }} (
    {{ audience_customers_to_build() }}
),
{%- endif %}

allowed_points as (
    -- the customers to build: each allowed channel through each of their points
    select
        allowed.customer_key,
        allowed.channel,
        allowed.expires_at,
        allowed.basis_event_id,
        points.contact_point,
        points.n_customers
    from allowed
    inner join points
        on allowed.customer_key = points.customer_key and allowed.channel = points.channel
    {%- if is_incremental() %}
    where allowed.customer_key in (select to_build.customer_key from to_build)
    {%- endif %}
),

shared_points_all_allowed as (
    -- only a point several customers share needs its allowed owners counted (the
    -- point's n_customers says how many it has): a point of one customer is allowed
    -- exactly when that customer is (nearly all points)
    select
        shared.channel,
        shared.contact_point
    from (
        select distinct
            channel,
            contact_point,
            n_customers
        from allowed_points
        where n_customers > 1
    ) as shared
    inner join points as owners
        on shared.channel = owners.channel and shared.contact_point = owners.contact_point
    inner join allowed
        on owners.customer_key = allowed.customer_key and owners.channel = allowed.channel
    group by shared.channel, shared.contact_point, shared.n_customers
    having count(*) = shared.n_customers
),

final as (
    select
        allowed_points.customer_key,
        allowed_points.channel,
        allowed_points.contact_point,
        allowed_points.expires_at as consent_expires_at,
        allowed_points.basis_event_id,
        {{ build_started_at() }} as built_at
    from allowed_points
    left join shared_points_all_allowed
        on
            allowed_points.channel = shared_points_all_allowed.channel
            and allowed_points.contact_point = shared_points_all_allowed.contact_point
    where
        allowed_points.n_customers = 1
        or shared_points_all_allowed.contact_point is not null
)

select * from final
