{#- contactable_audience is incremental by customer: a build deletes, then computes
    again, the rows of the customers whose audience can have changed since the
    model's newest rows (macros/build_stamps.sql). A customer's rows depend on its
    own consent status and contact points and, on a shared point, on the status of
    everyone sharing it. The model's SQL needs
    `-- depends_on: {{ ref('int_consent_inputs__by_customer') }}` and
    `-- depends_on: {{ ref('int_identity_inputs__by_customer') }}`. -#}

{#- The customers to recompute, as a query (incremental builds only): those whose
    consent inputs changed (their status; the audience policy is one of those
    inputs), those whose records changed (their points, including points they no
    longer carry), everyone on a point identity rewrote (its sharers, its count), and
    everyone sharing a point with a customer whose consent changed. -#}
{% macro audience_customers_to_build() -%}
    {%- set points = ref('int_identity__contact_points') -%}
    {%- set consent_changed = keys_to_build(ref('int_consent_inputs__by_customer'), 'customer_key') -%}
    {{ consent_changed }}
    union
    {{ keys_to_build(ref('int_identity_inputs__by_customer'), 'customer_key') }}
    union
    select rewritten_points.customer_key
    from {{ points }} as rewritten_points
    where {{ changed_since_built('rewritten_points.built_at') }}
    union
    select sharers.customer_key
    from {{ points }} as shared_points
    inner join {{ points }} as sharers
        on shared_points.channel = sharers.channel and shared_points.contact_point = sharers.contact_point
    where
        shared_points.n_customers > 1
        and shared_points.customer_key in ({{ consent_changed }})
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the customers to recompute. -#}
{% macro forget_audience_customers_to_build() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where customer_key in ({{ audience_customers_to_build() }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
