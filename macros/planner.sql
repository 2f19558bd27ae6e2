{#- First pre-hook of a model incremental by key (it runs in the model's transaction,
    with the delete and the insert): an incremental build reads and deletes the rows
    of a few thousand keys out of millions, which indexes find. The planner's default
    cost of a random page (4, for spinning disks) made it read whole tables instead:
    the day's 168 k of 17 M status segments deleted in 3.3 s, 0.5 s by index. Full
    builds keep the default: they read everything, and a lower cost once chose a
    nested loop twice as slow as the hash join. -#}
{% macro prefer_index_lookups() -%}
    {{ return(adapter.dispatch('prefer_index_lookups', 'consentmart')()) }}
{%- endmacro %}

{% macro default__prefer_index_lookups() -%}
    select 1
{%- endmacro %}

{% macro postgres__prefer_index_lookups() -%}
    {%- if is_incremental() -%}
        set local random_page_cost = 1.1
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of a fingerprint model (macros/incremental_by_customer.sql,
    keys_with_changed_inputs) whose fingerprints aggregate several inputs: the
    planner guesses such a group by at 200 rows and compares them with the stored
    ones by a nested loop of index lookups - a million of them at a million
    customers. Hashing the stored fingerprints instead took the message inputs from
    7.5 to 4.3 s (the consent inputs' 17-24 s moved within noise). With `always`, in
    full builds too: for a model joining CTEs, which have no statistics, where a
    guess of a few rows on both sides of a join of 270 k would be a nested loop. -#}
{% macro prefer_hash_joins(always=false) -%}
    {{ return(adapter.dispatch('prefer_hash_joins', 'consentmart')(always)) }}
{%- endmacro %}

{% macro default__prefer_hash_joins(always) -%}
    select 1
{%- endmacro %}

{% macro postgres__prefer_hash_joins(always) -%}
    {%- if always or is_incremental() -%}
        set local enable_nestloop = off
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
