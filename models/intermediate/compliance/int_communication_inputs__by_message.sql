-- Per message, a fingerprint of everything its verdict and lineage depend on, and
-- the build that last saw it change (`changed_at`): the verdicts and
-- communication_lineage recompute only the messages changed since their own newest
-- rows (macros/communications_by_message.sql). The inputs: the message as accepted,
-- the customers its contact point resolves to, and - for an advertising message -
-- each one's consent inputs fingerprint, which stands for the status segments the
-- verdict joins to and the evidence the lineage shows (both are built from exactly
-- those inputs). The basis contract's product is not in it: the basis is known only
-- after judging, so communication_lineage compares its stored product instead.
-- A message no longer accepted keeps one row without a fingerprint (written once).

with

resolved as (
    select * from {{ ref('int_communications__resolved_to_customers') }}
),

advertising as (
    select * from {{ ref('int_communications__resolved_to_customers') }}
    where kind = 'advertising' and customer_key is not null
),

consent_inputs as (
    select * from {{ ref('int_consent_inputs__by_customer') }}
    where inputs_fingerprint is not null
),

message_inputs as (
    select
        communication_id,
        system,
        channel,
        kind,
        campaign_id,
        contact_point,
        sent_at,
        customer_key
    from resolved
),

consent_inputs_of_recipients as (
    -- an inner join: a customer without consent inputs has none to add
    select
        advertising.communication_id,
        advertising.customer_key,
        consent_inputs.inputs_fingerprint
    from advertising
    inner join consent_inputs on advertising.customer_key = consent_inputs.customer_key
),

changed_messages as (
    {{ keys_with_changed_inputs(
        ['message_inputs', 'consent_inputs_of_recipients'],
        key='communication_id',
        present_in=ref('int_communications__resolved_to_customers'),
    ) }}
),

final as (
    select
        communication_id,
        inputs_fingerprint,
        {{ build_started_at() }} as changed_at
    from changed_messages
)

select * from final
