-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key'], 'unique': true}, {'columns': ['status']}]) }}

-- Who may be kept, until when and why; who must be destroyed by when; who is
-- overdue. For a customer who revoked everything at a bank: the date until which
-- the law requires keeping the data, with the reason - the answer the company owes.

with

bases as (
    select * from {{ ref('int_pd_retention__bases') }}
),

deadlines as (
    select * from {{ ref('legal_deadlines') }}
    where rule = 'pd_destruction_after_purpose_achieved'
),

final as (
    select
        bases.customer_key,
        case
            when bases.is_destroyed then 'destroyed'
            when bases.has_contract_in_force or bases.has_active_consent then 'active_basis'
            when bases.retention_until is not null then 'retain_legal_obligation'
            when bases.last_basis_ended_at + {{ days_interval(30) }} < {{ as_of() }} then 'destroy_overdue'
            else 'destroy_due'
        end as status,
        case
            when not bases.is_destroyed and not bases.has_contract_in_force and not bases.has_active_consent
                then bases.retention_until
        end as retain_until,
        case
            when
                not bases.is_destroyed and not bases.has_contract_in_force and not bases.has_active_consent
                and bases.retention_until is null
                then bases.last_basis_ended_at + deadlines.amount * {{ days_interval(1) }}
        end as destroy_deadline,
        case
            when bases.is_destroyed then 'every source record is anonymised'
            when bases.has_contract_in_force then 'a contract is in force'
            when bases.has_active_consent then 'a consent is active'
            when bases.retention_until is not null
                then
                    'the law requires keeping the data after the last ' || bases.retention_product
                    || ' contract ended (' || deadlines.law_reference || ' does not apply until then)'
            when bases.never_had_basis
                then
                    'no contract or consent ever held: destroy within '
                    || deadlines.amount || ' days of the first record (' || deadlines.law_reference || ')'
            else
                'every basis has ended: destroy within ' || deadlines.amount || ' days ('
                || deadlines.law_reference || ')'
        end as reason,
        bases.last_basis_ended_at
    from bases
    cross join deadlines
)

select * from final
