{{ config(indexes=[{'columns': ['request_id']}]) }}

-- Per matched revocation request, each downstream system that had to stop: has it
-- sent a list without the customer since (cleared), is it still listing them, or
-- has it sent no list at all since the request (a broken feed keeps it open).

with

clearance as (
    select * from {{ ref('int_revocation_requests__system_clearance') }}
),

final as (
    select
        request_id,
        customer_key,
        system,
        clearance_state as state,
        cleared_at,
        last_snapshot_at
    from clearance
)

select * from final
