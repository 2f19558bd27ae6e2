{#- Contract checks of one raw row. `checks` is a list of
    {'when': <sql condition>, 'reason': <stable category>, 'value': <raw column or none>}
    in priority order. Renders two columns: `row_issue`, the first reason that
    applies (NULL for a clean row), and `row_issue_details`, every reason with the
    offending raw value, for the data steward. -#}
{% macro row_issues(checks) -%}
    case
        {%- for check in checks %}
            when {{ check.when }} then '{{ check.reason }}'
        {%- endfor %}
    end as row_issue,
    {{ issue_details(checks) }} as row_issue_details
{%- endmacro %}

{#- Every check that applies, as "reason: 'raw value'", joined by '; ';
    NULL when none does. -#}
{% macro issue_details(checks) -%}
    nullif(concat_ws(
        '; '
        {%- for check in checks %},
        case when {{ check.when }} then '{{ check.reason }}'
            {%- if check.value %} || coalesce(': ' || quote_literal({{ check.value }}), ''){% endif %} end
        {%- endfor %}
    ), '')
{%- endmacro %}
