-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key']}, {'columns': ['violation_type', 'occurred_at']}]) }}

-- One row per violation, at the grain outputs.md gives each type, with a stable id,
-- a severity, and the fine range the company is exposed to (fine_schedule seed).

with

lineage as (
    select * from {{ ref('communication_lineage') }}
),

revocations as (
    select * from {{ ref('revocation_sla') }}
),

checks as (
    select * from {{ ref('propagation_checks') }}
),

summary as (
    select * from {{ ref('propagation_summary') }}
),

intervals as (
    select * from {{ ref('consent_intervals') }}
),

retention as (
    select * from {{ ref('pd_retention') }}
),

regulators as (
    select * from {{ ref('regulator_requests') }}
),

fines as (
    select * from {{ ref('fine_schedule') }}
),

newest_lists as (
    select
        system,
        max(last_snapshot_at) as last_snapshot_at,
        bool_or(is_stale) as is_stale
    from summary
    group by system
),

violations as (
    select
        case when verdict = 'covered_unproven' then 'unprovable_consent' else 'communication_without_consent' end
            as violation_type,
        communication_id as subject,
        case when verdict = 'refused' then 'critical' else 'high' end as severity,
        customer_key,
        channel,
        system,
        sent_at as occurred_at,
        'verdict ' || verdict || ': ' || kind || ' ' || channel || ' to ' || contact_point
        || coalesce(' (campaign ' || campaign_id || ')', '') as details
    from lineage
    where verdict in ('refused', 'expired', 'no_consent', 'unknown_recipient', 'covered_unproven')
    union all
    select
        'revocation_overdue' as violation_type,
        request_id as subject,
        'high' as severity,
        customer_key,
        channel,
        cast(null as text) as system,
        deadline_at as occurred_at,
        'revocation request ' || request_id || ' ' || status || ' (' || n_systems_cleared || ' of '
        || n_systems || ' systems cleared)' as details
    from revocations
    where status in ('open_overdue', 'done_late')
    union all
    select
        'propagation_failure' as violation_type,
        checks.system || ' / ' || checks.channel || ' / ' || checks.contact_point as subject,
        'high' as severity,
        checks.customer_key,
        checks.channel,
        checks.system,
        checks.snapshot_at as occurred_at,
        'listed but not allowed in the newest list of ' || checks.system as details
    from checks
    inner join newest_lists
        on checks.system = newest_lists.system and checks.snapshot_at = newest_lists.last_snapshot_at
    where checks.mismatch = 'listed_not_allowed'
    union all
    select
        'stale_feed' as violation_type,
        system as subject,
        'medium' as severity,
        cast(null as text) as customer_key,
        cast(null as text) as channel,
        system,
        last_snapshot_at as occurred_at,
        'newest list ' || coalesce(cast(last_snapshot_at as text), 'never received')
        || ' is older than its feed interval' as details
    from newest_lists
    where is_stale
    union all
    select distinct
        'perpetual_consent' as violation_type,
        basis_source_system || ' / ' || basis_event_id as subject,
        'low' as severity,
        customer_key,
        cast(null as text) as channel,
        basis_source_system as system,
        valid_from as occurred_at,
        purpose || ' consent granted without a term' as details
    from intervals
    where is_perpetual and end_reason = 'open'
    union all
    select
        'pd_retention_overdue' as violation_type,
        customer_key as subject,
        'medium' as severity,
        customer_key,
        cast(null as text) as channel,
        cast(null as text) as system,
        destroy_deadline as occurred_at,
        reason as details
    from retention
    where status = 'destroy_overdue'
    union all
    select
        'regulator_request_overdue' as violation_type,
        request_id as subject,
        'high' as severity,
        customer_key,
        cast(null as text) as channel,
        cast(null as text) as system,
        deadline_at as occurred_at,
        regulator || ' request ' || request_id || ' ' || status as details
    from regulators
    where status in ('open_overdue', 'answered_late')
),

final as (
    select
        {{ stable_key('V-', "violations.violation_type || ':' || violations.subject") }} as violation_id,
        violations.violation_type,
        violations.subject,
        violations.severity,
        violations.customer_key,
        violations.channel,
        violations.system,
        violations.occurred_at,
        violations.details,
        fines.fine_min_rub,
        fines.fine_max_rub,
        fines.law_article
    from violations
    inner join fines on violations.violation_type = fines.violation_type
)

select * from final
