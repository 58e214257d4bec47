{#- CTE `<p>quantiles` (reference_end, feature_name, quantile_index, edge): each reference's
    finite values at the given quantiles exactly as numpy.quantile(method='linear') computes
    them. `probabilities` is a list of (index, probability). Reads <p>finite_values. -#}
{% macro numeric_quantile_ctes(p, probabilities) %}
  {%- set double = model_monitor.type_double() -%}
    {{ p }}quantile_positions as (
      -- numpy: virtual index (n - 1) * q, interpolated between positions floor and floor + 1
      select counts.reference_end, counts.feature_name, counts.finite_count, probabilities.quantile_index,
             cast(counts.finite_count - 1 as {{ double }}) * probabilities.probability as virtual_index
      from (
        select reference_end, feature_name, sum(value_count) as finite_count
        from {{ p }}finite_values group by 1, 2
      ) as counts
      cross join (
        {%- for index, probability in probabilities %}
        select {{ index }} as quantile_index, cast({{ model_monitor.string_literal(probability) }} as {{ double }}) as probability
        {% if not loop.last %}union all {% endif %}
        {%- endfor %}
      ) as probabilities
    ),
    {{ p }}quantile_neighbours as (
      select reference_end, feature_name, quantile_index, virtual_index - floor(virtual_index) as gamma,
             cast(floor(virtual_index) as {{ dbt.type_bigint() }}) as lower_position,
             least(cast(floor(virtual_index) as {{ dbt.type_bigint() }}) + 1, finite_count - 1) as upper_position
      from {{ p }}quantile_positions
    ),
    {#- The two neighbours are looked up in one pass of two joins, each driven by the few quantile
        targets: a planner that joined the value table to itself first would build n^2 rows, and
        one that paired the two lookups in a nested loop would repeat the second per target. #}
    {{ p }}neighbour_values as (
      select n.reference_end, n.feature_name, n.quantile_index, n.gamma, 0 as neighbour, v.num_value
      from {{ p }}quantile_neighbours as n
      join {{ p }}finite_values as v
        on v.reference_end = n.reference_end and v.feature_name = n.feature_name
       and n.lower_position >= v.position_before and n.lower_position < v.position_before + v.value_count
      union all
      select n.reference_end, n.feature_name, n.quantile_index, n.gamma, 1 as neighbour, v.num_value
      from {{ p }}quantile_neighbours as n
      join {{ p }}finite_values as v
        on v.reference_end = n.reference_end and v.feature_name = n.feature_name
       and n.upper_position >= v.position_before and n.upper_position < v.position_before + v.value_count
    ),
    {{ p }}quantiles as (
      select reference_end, feature_name, quantile_index,
             -- numpy's _lerp: a + (b - a) * t, computed from b when t >= 0.5
             case when gamma >= 0.5 then upper_value - (upper_value - lower_value) * (1 - gamma)
                  else lower_value + (upper_value - lower_value) * gamma
             end as edge
      from (
        select reference_end, feature_name, quantile_index, max(gamma) as gamma,
               max(case when neighbour = 0 then num_value end) as lower_value,
               max(case when neighbour = 1 then num_value end) as upper_value
        from {{ p }}neighbour_values
        group by 1, 2, 3
      ) as neighbours
    ),
{% endmacro %}
