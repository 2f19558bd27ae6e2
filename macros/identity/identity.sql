{#- String comparisons for identity (semantics.md > Identity). -#}

{#- True when two normalised strings are at Levenshtein distance 0 or 1: equal, one
    substitution (same length, equal once position i is dropped from both), or one
    insertion/deletion (the longer, with position i dropped, is the shorter). -#}
{% macro within_one_edit(a, b) -%}
    {{ return(adapter.dispatch('within_one_edit', 'consentmart')(a, b)) }}
{%- endmacro %}

{% macro postgres__within_one_edit(a, b) -%}
    (
        {{ a }} = {{ b }}
        or (
            abs(length({{ a }}) - length({{ b }})) <= 1
            and exists (
                select 1
                from generate_series(1, greatest(length({{ a }}), length({{ b }}))) as edit_position (i)
                where
                    (
                        length({{ a }}) = length({{ b }})
                        and overlay({{ a }} placing '' from edit_position.i for 1)
                        = overlay({{ b }} placing '' from edit_position.i for 1)
                    )
                    or (
                        length({{ a }}) = length({{ b }}) + 1
                        and overlay({{ a }} placing '' from edit_position.i for 1) = {{ b }}
                    )
                    or (
                        length({{ b }}) = length({{ a }}) + 1
                        and overlay({{ b }} placing '' from edit_position.i for 1) = {{ a }}
                    )
            )
        )
    )
{%- endmacro %}

{#- One row per position of a string: the string with that character dropped
    (`deleted_at` = position), plus the string itself (`deleted_at` = 0). Two
    strings within one edit share such a variant, so this is the blocking key that
    finds near misses without comparing every pair. Renders a lateral join. -#}
{% macro join_deletion_variants(alias, column) -%}
    {{ return(adapter.dispatch('join_deletion_variants', 'consentmart')(alias, column)) }}
{%- endmacro %}

{% macro postgres__join_deletion_variants(alias, column) -%}
    cross join lateral (
        select
            variant_position.i as deleted_at,
            case
                when variant_position.i = 0 then {{ column }}
                else overlay({{ column }} placing '' from variant_position.i for 1)
            end as variant
        from generate_series(0, length({{ column }})) as variant_position (i)
    ) as {{ alias }}
{%- endmacro %}

{#- One row per digit of a 10-digit passport, with that digit masked: passports one
    digit apart share a mask. Renders a lateral join. -#}
{% macro join_passport_masks(alias, column) -%}
    {{ return(adapter.dispatch('join_passport_masks', 'consentmart')(alias, column)) }}
{%- endmacro %}

{% macro postgres__join_passport_masks(alias, column) -%}
    cross join lateral (
        select overlay({{ column }} placing '_' from mask_position.i for 1) as mask
        from generate_series(1, 10) as mask_position (i)
    ) as {{ alias }}
{%- endmacro %}

{#- A stable, non-reversible key from a text that identifies an entity: the same
    input gives the same key in every build and on every engine with md5. The salt
    (var `customer_key_salt`) keeps passport-derived keys from being brute-forced. -#}
{% macro stable_key(prefix, expression) -%}
    '{{ prefix }}' || substr(md5('{{ var("customer_key_salt") }}' || {{ expression }}), 1, 20)
{%- endmacro %}

{#- A passport as a clerk may show it: series and number with the middle hidden
    ("45** ***456"), enough to tell namesakes apart on the phone. -#}
{% macro mask_passport(column) -%}
    case
        when {{ column }} is not null
            then substr({{ column }}, 1, 2) || '** ***' || substr({{ column }}, 8, 3)
    end
{%- endmacro %}

{#- A text array of the given expressions (candidate keys in the review queue). -#}
{% macro text_array(expressions) -%}
    {{ return(adapter.dispatch('text_array', 'consentmart')(expressions)) }}
{%- endmacro %}

{% macro postgres__text_array(expressions) -%}
    cast(array[{{ expressions | join(', ') }}] as text [])
{%- endmacro %}
