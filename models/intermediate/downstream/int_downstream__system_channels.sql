-- Each accepted downstream system once per channel it contacts customers on, with
-- its propagation SLA and expected feed interval.

with

systems as (
    select * from {{ ref('stg_downstream__systems') }}
    where dq_reason is null
),

final as (
    select
        systems.system,
        served.element as channel,
        systems.propagation_sla_hours,
        systems.feed_interval_hours
    from systems
    {{ join_list_elements('served', 'systems.channels') }}
)

select * from final
