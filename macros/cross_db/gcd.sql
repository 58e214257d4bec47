{#- Greatest common divisor of two non-negative integer expressions (the KS exact-mode rounding
    needs lcm(n, m)). Spark has no gcd(): Euclid's algorithm as a fold over 93 steps, enough for
    any pair of 64-bit integers (consecutive Fibonacci numbers below 2^63 need 91). -#}
{% macro gcd(a, b) %}
  {{- return(adapter.dispatch('gcd', 'model_monitor')(a, b)) -}}
{% endmacro %}

{% macro default__gcd(a, b) %}gcd({{ a }}, {{ b }}){% endmacro %}

{% macro spark__gcd(a, b) -%}
  aggregate(sequence(1, 93), named_struct('a', cast({{ a }} as bigint), 'b', cast({{ b }} as bigint)),
            (acc, step) -> case when acc.b = 0 then acc else named_struct('a', acc.b, 'b', acc.a % acc.b) end,
            acc -> acc.a)
{%- endmacro %}
