{#- CTE `<p>numeric_bins` (reference_end, feature_name, bin_index, bin_label, lower_edge,
    upper_edge, category, row_count): quantile edges of each reference's finite values, exactly
    as numpy.quantile(method='linear') computes them, outermost edges -inf/+inf, duplicate
    edges merged, bins [lower, upper). Reads <p>reference_values and <p>period_features.
    In profile mode <p>reference_values holds the reference's cells, whose points no longer give
    the exact quantiles, so the edges are read from `reference_edges` (computed from the exact
    values when the reference was reduced); every cell lies inside one bin, so the counts are
    exact either way. -#}
{% macro numeric_reference_bins_ctes(p, monitor, reference_edges) %}
  {%- set bins = monitor['bins'] -%}
    {{ model_monitor.finite_reference_values_cte(p) }}
    {%- if monitor['distribution_statistics'] == 'profile' %}
    {{ p }}edges as (
      select distinct {{ model_monitor.reference_key_sql(monitor) }} as reference_end, feature_name, edge
      from {{ reference_edges }}
      where monitor_name = {{ model_monitor.string_literal(monitor['name']) }} and is_bin_edge
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
    ),
    {%- else %}
    {{ model_monitor.numeric_quantile_ctes(p, model_monitor.bin_probabilities(bins)) }}
    {{ p }}edges as (
      select distinct reference_end, feature_name, edge from {{ p }}quantiles
    ),
    {%- endif %}
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

{#- The interior quantile probabilities of `bins` equal-mass bins, as (index, probability):
    i * (1 / bins), the float numpy.linspace gives up to its last bit. -#}
{% macro bin_probabilities(bins) %}
  {%- set probabilities = [] -%}
  {%- for i in range(1, bins) -%}
    {%- do probabilities.append((i, i * (1.0 / bins))) -%}
  {%- endfor -%}
  {{ return(probabilities) }}
{% endmacro %}

{#- CTE `<p>finite_values`: the finite numeric values of <p>reference_values with the number of
    values before each (its position in the sorted sample). -#}
{% macro finite_reference_values_cte(p) %}
    {{ p }}finite_values as {{ model_monitor.materialized_cte() }} (
      select reference_end, feature_name, num_value, value_count,
             -- bigint: PostgreSQL sums bigints as numeric, whose comparisons are slow
             cast(sum(value_count) over (partition by reference_end, feature_name order by num_value
                                         rows between unbounded preceding and current row) - value_count
                  as {{ dbt.type_bigint() }}) as position_before
      from {{ p }}reference_values
      where feature_type = 'numeric' and num_value is not null and {{ model_monitor.is_finite('num_value') }}
    ),
{% endmacro %}
