-- Contracts that passed their own checks and belong to a customer record that
-- passed its checks. The others are reported by int_dq__unknown_customer_references.

with

contracts as (
    select * from {{ ref('stg_crm__contracts') }}
    where dq_reason is null
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null
),

final as (
    select
        contracts.source_system,
        contracts.contract_id,
        contracts.source_customer_id,
        contracts.product_code,
        contracts.sales_channel,
        contracts.branch,
        contracts.signed_at,
        contracts.ended_at
    from contracts
    where exists (
        select 1
        from customers
        where
            customers.source_system = contracts.source_system
            and customers.source_customer_id = contracts.source_customer_id
    )
)

select * from final
