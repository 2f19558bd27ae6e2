{#- semantics.md > Propagation: a system that is also a source system (a department's
    CRM) is expected to list only the contact points on its own customer records.
    `join_listing_scope` renders the join for a system, channel and contact point;
    `within_listing_scope(system)` is then the condition. A source system is known by
    its marker row in int_propagation__source_system_points (no channel, no point):
    a handful of systems, so the NOT IN is a small hashed set, not a join of every
    row with every marker. -#}
{% macro join_listing_scope(system, channel, contact_point) -%}
    left join {{ ref('int_propagation__source_system_points') }} as own_point
        on
            {{ system }} = own_point.system
            and {{ channel }} = own_point.channel
            and {{ contact_point }} = own_point.contact_point
{%- endmacro %}

{% macro within_listing_scope(system) -%}
    (
        own_point.contact_point is not null
        or {{ system }} not in (
            select source_system.system
            from {{ ref('int_propagation__source_system_points') }} as source_system
            where source_system.contact_point is null
        )
    )
{%- endmacro %}
