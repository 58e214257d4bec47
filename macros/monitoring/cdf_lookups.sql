{#- CTEs `<p>value_lookups`, `<p>window_points` and `<p>crossings`: the reference CDF, its
    integral and the CDF-crossing value looked up at every window value through sorted streams
    with running maxima/minima (as-of joins). See distribution_distance_ctes. -#}
{% macro cdf_lookup_ctes(p) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set by_reference = 'partition by period_key, feature_name' -%}
    {{ p }}value_lookups as (
      select events.*,
             max(reference_cum) over ({{ by_reference }} order by value, event_order rows between unbounded preceding and current row) as reference_cum_at,
             max(reference_cum) over ({{ by_reference }} order by value, event_order desc rows between unbounded preceding and current row) as reference_cum_before,
             max(reference_value) over ({{ by_reference }} order by value, event_order rows between unbounded preceding and current row) as floor_value,
             max(reference_cdf) over ({{ by_reference }} order by value, event_order rows between unbounded preceding and current row) as floor_cdf,
             max(reference_integral) over ({{ by_reference }} order by value, event_order rows between unbounded preceding and current row) as floor_integral
      from (
        select period_key, feature_name, value, 0 as event_order, cum_count as reference_cum, value as reference_value,
               cdf as reference_cdf, integral as reference_integral,
               cast(null as {{ dbt.type_timestamp() }}) as window_start, cast(null as {{ dbt.type_bigint() }}) as window_cum,
               cast(null as {{ dbt.type_bigint() }}) as window_count, cast(null as {{ dbt.type_bigint() }}) as value_count,
               cast(null as {{ double }}) as next_value
        from {{ p }}reference_steps
        union all
        select period_key, feature_name, value, 1, null, null, null, null,
               window_start, cum_count, window_count, value_count, next_value
        from {{ p }}window_cdf
      ) as events
    ),
    {{ p }}window_points as {{ model_monitor.materialized_cte() }} (
      select l.window_start, l.period_key, l.feature_name, l.value, l.next_value,
             l.window_count, t.reference_count, t.max_value, t.total_integral,
             cast(l.window_cum as {{ double }}) / l.window_count as window_cdf,
             cast(l.window_cum - l.value_count as {{ double }}) / l.window_count as window_cdf_before,
             cast(coalesce(l.reference_cum_at, 0) as {{ double }}) / t.reference_count as reference_cdf_at,
             cast(coalesce(l.reference_cum_before, 0) as {{ double }}) / t.reference_count as reference_cdf_before,
             case when l.floor_value is null then cast(0 as {{ double }})
                  else l.floor_integral + l.floor_cdf * (l.value - l.floor_value) end as integral_at
      from {{ p }}value_lookups as l
      join {{ p }}reference_totals as t on t.period_key = l.period_key and t.feature_name = l.feature_name
      where l.event_order = 1
    ),
    {{ p }}crossings as (
      -- the first reference value whose CDF reaches the window's CDF at each window value
      select window_start, feature_name, value, crossing_value, crossing_integral
      from (
        select events.*,
               min(reference_value) over ({{ by_reference }} order by share desc, event_order rows between unbounded preceding and current row) as crossing_value,
               min(reference_integral) over ({{ by_reference }} order by share desc, event_order rows between unbounded preceding and current row) as crossing_integral
        from (
          select period_key, feature_name, cdf as share, 0 as event_order, value as reference_value, integral as reference_integral,
                 cast(null as {{ dbt.type_timestamp() }}) as window_start, cast(null as {{ double }}) as value
          from {{ p }}reference_steps
          union all
          select period_key, feature_name, window_cdf, 1, null, null, window_start, value
          from {{ p }}window_points
        ) as events
      ) as carried
      where event_order = 1
    ),
{% endmacro %}
