{#- CTEs `<p>value_lookups`, `<p>window_points` and `<p>crossings`: the reference CDF, its
    integral and the CDF-crossing value looked up at every window value (as-of lookups). See
    distribution_distance_ctes. The two lookups are dispatched (DuckDB has an ASOF JOIN; elsewhere
    sorted streams with running maxima/minima do the same); the window points between them are
    computed once, here, for every engine. -#}
{% macro cdf_lookup_ctes(p) %}
  {%- set double = model_monitor.type_double() -%}
    {{ p }}value_lookups as (
      {{ model_monitor.cdf_value_lookups(p) }}
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
      {{ model_monitor.cdf_crossings(p) }}
    ),
{% endmacro %}

{#- A select of every window value (event_order = 1) of `<p>window_cdf` with the reference row
    at or below it and strictly below it: window_start, period_key, feature_name, value,
    next_value, window_count, window_cum, value_count, reference_cum_at, reference_cum_before,
    floor_value, floor_cdf, floor_integral (NULL where no reference value is that low). -#}
{% macro cdf_value_lookups(p) %}
  {{- return(adapter.dispatch('cdf_value_lookups', 'model_monitor')(p)) -}}
{% endmacro %}

{#- Reference and window rows in one ordering, the last reference row carried forward with
    running max(), which any engine can run (reference rows come out too, with event_order 0). -#}
{% macro default__cdf_value_lookups(p) %}
  {%- set by_reference = 'partition by period_key, feature_name' -%}
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
               cast(null as {{ model_monitor.type_double() }}) as next_value
        from {{ p }}reference_steps
        union all
        select period_key, feature_name, value, 1, null, null, null, null,
               window_start, cum_count, window_count, value_count, next_value
        from {{ p }}window_cdf
      ) as events
{% endmacro %}

{#- DuckDB: two ASOF joins, a merge of the two sorted inputs instead of window functions over their
    union (feature_drift at 10M rows: 7.4 s -> 5.9 s); equal to the default up to the order of the
    floating-point sums downstream (tests/test_oracle_drift.py). -#}
{% macro duckdb__cdf_value_lookups(p) %}
      select w.window_start, w.period_key, w.feature_name, w.value, w.next_value, w.window_count,
             w.cum_count as window_cum, w.value_count, 1 as event_order,
             at_or_below.cum_count as reference_cum_at, below.cum_count as reference_cum_before,
             at_or_below.value as floor_value, at_or_below.cdf as floor_cdf,
             at_or_below.integral as floor_integral
      from {{ p }}window_cdf as w
      asof left join {{ p }}reference_steps as at_or_below
        on at_or_below.period_key = w.period_key and at_or_below.feature_name = w.feature_name
       and w.value >= at_or_below.value
      asof left join {{ p }}reference_steps as below
        on below.period_key = w.period_key and below.feature_name = w.feature_name
       and w.value > below.value
{% endmacro %}

{#- A select of window_start, feature_name, value, crossing_value, crossing_integral for every row
    of `<p>window_points`: the first reference value whose CDF reaches the window's CDF there. -#}
{% macro cdf_crossings(p) %}
  {{- return(adapter.dispatch('cdf_crossings', 'model_monitor')(p)) -}}
{% endmacro %}

{#- Reference and window rows ordered by share, descending; running min() of the reference values. -#}
{% macro default__cdf_crossings(p) %}
  {%- set by_reference = 'partition by period_key, feature_name' -%}
      select window_start, feature_name, value, crossing_value, crossing_integral
      from (
        select events.*,
               min(reference_value) over ({{ by_reference }} order by share desc, event_order rows between unbounded preceding and current row) as crossing_value,
               min(reference_integral) over ({{ by_reference }} order by share desc, event_order rows between unbounded preceding and current row) as crossing_integral
        from (
          select period_key, feature_name, cdf as share, 0 as event_order, value as reference_value, integral as reference_integral,
                 cast(null as {{ dbt.type_timestamp() }}) as window_start, cast(null as {{ model_monitor.type_double() }}) as value
          from {{ p }}reference_steps
          union all
          select period_key, feature_name, window_cdf, 1, null, null, window_start, value
          from {{ p }}window_points
        ) as events
      ) as carried
      where event_order = 1
{% endmacro %}

{#- DuckDB: an ASOF join on the CDF axis. The reference CDF strictly increases, so the first value
    reaching a share is unique. -#}
{% macro duckdb__cdf_crossings(p) %}
      select pts.window_start, pts.feature_name, pts.value,
             crossing.value as crossing_value, crossing.integral as crossing_integral
      from {{ p }}window_points as pts
      asof left join {{ p }}reference_steps as crossing
        on crossing.period_key = pts.period_key and crossing.feature_name = pts.feature_name
       and pts.window_cdf <= crossing.cdf
{% endmacro %}
