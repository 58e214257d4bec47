{#- CTE `<p>numeric_bins` (reference_end, feature_name, bin_index, bin_label, lower_edge,
    upper_edge, category, row_count): quantile edges of each reference's finite values, exactly
    as numpy.quantile(method='linear') computes them, outermost edges -inf/+inf, duplicate
    edges merged, bins [lower, upper). Reads <p>reference_values and <p>period_features. -#}
{% macro numeric_reference_bins_ctes(p, monitor) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set bins = monitor['bins'] -%}
    {{ p }}finite_values as {{ model_monitor.materialized_cte() }} (
      select reference_end, feature_name, num_value, value_count,
             sum(value_count) over (partition by reference_end, feature_name order by num_value
                                    rows between unbounded preceding and current row) - value_count as position_before
      from {{ p }}reference_values
      where feature_type = 'numeric' and num_value is not null and {{ model_monitor.is_finite('num_value') }}
    ),
    {{ p }}quantile_positions as (
      -- numpy: virtual index (n - 1) * q, interpolated between positions floor and floor + 1
      select counts.reference_end, counts.feature_name, counts.finite_count, probabilities.quantile_index,
             cast(counts.finite_count - 1 as {{ double }}) * probabilities.probability as virtual_index
      from (
        select reference_end, feature_name, sum(value_count) as finite_count
        from {{ p }}finite_values group by 1, 2
      ) as counts
      cross join (
        {%- for i in range(1, bins) %}
        select {{ i }} as quantile_index, cast({{ model_monitor.string_literal(i * (1.0 / bins)) }} as {{ double }}) as probability
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
    {#- The two neighbours are looked up separately, each driven by the few quantile targets: a
        planner that joined the value table to itself first would build n^2 rows. #}
    {{ p }}lower_neighbours as (
      select n.reference_end, n.feature_name, n.quantile_index, n.gamma, v.num_value as lower_value
      from {{ p }}quantile_neighbours as n
      join {{ p }}finite_values as v
        on v.reference_end = n.reference_end and v.feature_name = n.feature_name
       and n.lower_position >= v.position_before and n.lower_position < v.position_before + v.value_count
    ),
    {{ p }}upper_neighbours as (
      select n.reference_end, n.feature_name, n.quantile_index, v.num_value as upper_value
      from {{ p }}quantile_neighbours as n
      join {{ p }}finite_values as v
        on v.reference_end = n.reference_end and v.feature_name = n.feature_name
       and n.upper_position >= v.position_before and n.upper_position < v.position_before + v.value_count
    ),
    {{ p }}edges as (
      select distinct l.reference_end, l.feature_name,
             -- numpy's _lerp: a + (b - a) * t, computed from b when t >= 0.5
             case when l.gamma >= 0.5 then u.upper_value - (u.upper_value - l.lower_value) * (1 - l.gamma)
                  else l.lower_value + (u.upper_value - l.lower_value) * l.gamma
             end as edge
      from {{ p }}lower_neighbours as l
      join {{ p }}upper_neighbours as u
        on u.reference_end = l.reference_end and u.feature_name = l.feature_name
       and u.quantile_index = l.quantile_index
    ),
    {{ p }}upper_edges as (
      select reference_end, feature_name, edge as upper_edge from {{ p }}edges
      union all
      select reference_end, feature_name, {{ model_monitor.infinity(1) }} as upper_edge
      from {{ p }}period_features where feature_type = 'numeric'
    ),
    {{ p }}numeric_edges as (
      select reference_end, feature_name,
             row_number() over (partition by reference_end, feature_name order by upper_edge) - 1 as bin_index,
             coalesce(lag(upper_edge) over (partition by reference_end, feature_name order by upper_edge),
                      {{ model_monitor.infinity(-1) }}) as lower_edge,
             upper_edge
      from {{ p }}upper_edges
    ),
    {{ p }}numeric_bins as (
      select e.reference_end, e.feature_name, e.bin_index,
             '[' || cast(e.lower_edge as {{ dbt.type_string() }}) || ', ' || cast(e.upper_edge as {{ dbt.type_string() }}) || ')' as bin_label,
             e.lower_edge, e.upper_edge, cast(null as {{ dbt.type_string() }}) as category,
             coalesce(sum(v.value_count), 0) as row_count
      from {{ p }}numeric_edges as e
      left join {{ p }}finite_values as v
        on v.reference_end = e.reference_end and v.feature_name = e.feature_name
       and v.num_value >= e.lower_edge and v.num_value < e.upper_edge
      group by 1, 2, 3, 4, 5, 6, 7
    ),
{% endmacro %}
