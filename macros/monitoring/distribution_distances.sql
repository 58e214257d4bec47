{#- CTEs ending in `<p>distances` (feature_name, window_start, ks_statistic, wasserstein,
    reference_value_count, window_value_count): the exact two-sample Kolmogorov-Smirnov statistic
    and the 1-Wasserstein distance between each window's finite numeric values and its
    reference's, from the stored distinct values with counts (no sample is ever expanded).

    The reference's distribution is read once; each window's values look up the reference CDF
    F and its integral G(x) = int_{-inf}^{x} F through one sorted stream per reference and
    feature in which running maxima carry the last reference row forward (F, G and the values
    are monotone, so max() is an as-of join that also works on PostgreSQL). Then
      KS = max over window values x of |F(x) - Fw(x)| and |F(x-) - Fw(x-)|
    (the same float divisions as scipy.stats.ks_2samp, so the same maximum bit for bit), and
      W  = G(x1) + sum_i int_{x_i}^{x_i+1} |F - Fw(x_i)| + int_{x_k}^{inf} (1 - F),
    each piece split where F crosses Fw(x_i) (a second as-of lookup on the CDF axis).

    With `distribution_statistics: approximate` both samples are first rounded to
    `approximate_digits` significant digits, so the work grows with the number of distinct
    rounded values rather than with the window: every value moves by at most half a unit in
    its last kept digit, |W - W~| <= 0.5 * 10^(1 - digits) * (mean|x_ref| + mean|x_win|), and KS
    is off by at most the largest share of either sample inside one rounding cell. -#}
{% macro distribution_distance_ctes(p, monitor, window_values, reference_values, start) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- set reference = monitor['reference'] -%}
  {%- set trailing = reference['kind'] == 'trailing_windows' -%}
  {%- set key = model_monitor.relation_reference_key() if reference['kind'] == 'relation'
                else (model_monitor.timestamp_literal(reference['end']) if not trailing else none) -%}
  {%- set by_reference = 'partition by period_key, feature_name' -%}
  {%- set by_window = 'partition by window_start, feature_name' -%}
    {{ p }}window_points_raw as (
      select window_start, {{ 'window_start' if trailing else key }} as period_key, feature_name,
             {{ model_monitor.distribution_value('num_value', monitor) }} as value, sum(value_count) as value_count
      from {{ window_values }}
      where monitor_name = {{ name }} and {{ model_monitor.finite_numeric_value() }}
      {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
      group by 1, 2, 3, 4
    ),
    {{ p }}reference_points as (
      {%- if trailing %}
      select targets.window_start as period_key, v.feature_name,
             {{ model_monitor.distribution_value('v.num_value', monitor) }} as value, sum(v.value_count) as value_count
      from (select distinct window_start from {{ p }}window_points_raw) as targets
      join {{ window_values }} as v
        on v.monitor_name = {{ name }}
       and v.window_start >= {{ model_monitor.add_windows(monitor['window'], -reference['windows'], 'targets.window_start') }}
       and v.window_start < targets.window_start
      where {{ model_monitor.finite_numeric_value('v.') }}
      group by 1, 2, 3
      {%- else %}
      select {{ key }} as period_key, feature_name,
             {{ model_monitor.distribution_value('num_value', monitor) }} as value, sum(value_count) as value_count
      from {{ reference_values }}
      where monitor_name = {{ name }} and {{ model_monitor.finite_numeric_value() }}
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
      group by 1, 2, 3
      {%- endif %}
    ),
    {{ p }}reference_cdf as (
      select period_key, feature_name, value,
             cast(sum(value_count) over ({{ by_reference }} order by value rows between unbounded preceding and current row) as {{ double }})
               / sum(value_count) over ({{ by_reference }}) as cdf,
             sum(value_count) over ({{ by_reference }} order by value rows between unbounded preceding and current row) as cum_count,
             lead(value) over ({{ by_reference }} order by value) as next_value
      from {{ p }}reference_points
    ),
    {{ p }}reference_steps as {{ model_monitor.materialized_cte() }} (
      -- integral: G at this value, the sum of F * width over the reference's earlier steps
      select steps.*,
             coalesce(sum(step_area) over ({{ by_reference }} order by value rows between unbounded preceding and 1 preceding), 0) as integral
      from (select c.*, c.cdf * (c.next_value - c.value) as step_area from {{ p }}reference_cdf as c) as steps
    ),
    {{ p }}reference_totals as (
      select period_key, feature_name, max(cum_count) as reference_count, max(value) as max_value,
             coalesce(sum(step_area), 0) as total_integral
      from {{ p }}reference_steps group by 1, 2
    ),
    {{ p }}window_cdf as (
      select window_start, period_key, feature_name, value, value_count,
             sum(value_count) over ({{ by_window }} order by value rows between unbounded preceding and current row) as cum_count,
             sum(value_count) over ({{ by_window }}) as window_count,
             lead(value) over ({{ by_window }} order by value) as next_value
      from {{ p }}window_points_raw
    ),
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
    {{ p }}pieces as (
      select pts.*, c.crossing_value, c.crossing_integral,
             lead(pts.integral_at) over (partition by pts.window_start, pts.feature_name order by pts.value) as next_integral
      from {{ p }}window_points as pts
      join {{ p }}crossings as c
        on c.window_start = pts.window_start and c.feature_name = pts.feature_name and c.value = pts.value
    ),
    {{ p }}piece_areas as (
      select pieces.*,
             case when window_cdf_before = 0 then integral_at else 0 end
             + case when next_value is null then
                      case when max_value > value then (max_value - value) - (total_integral - integral_at) else 0 end
                    else window_cdf * (split - value) - (split_integral - integral_at)
                         + (next_integral - split_integral) - window_cdf * (next_value - split)
               end as area
      from (
        select pieces.*,
               least(greatest(crossing_value, value), coalesce(next_value, value)) as split,
               case when crossing_value <= value then integral_at
                    when crossing_value >= next_value then next_integral
                    else crossing_integral end as split_integral
        from {{ p }}pieces as pieces
      ) as pieces
    ),
    {{ p }}raw_distances as (
      select window_start, feature_name,
             max(greatest(abs(reference_cdf_at - window_cdf), abs(reference_cdf_before - window_cdf_before))) as ks_raw,
             sum(area) as wasserstein,
             cast(max(reference_count) as {{ dbt.type_bigint() }}) as reference_value_count,
             cast(max(window_count) as {{ dbt.type_bigint() }}) as window_value_count
      from {{ p }}piece_areas
      group by 1, 2
    ),
    {{ p }}distances as (
      -- ks_2samp(method='auto') reports D as the fraction h / lcm(n, m) it really is whenever it
      -- takes the exact path (both sizes <= 10000); the asymptotic path keeps the float difference.
      select window_start, feature_name, wasserstein, reference_value_count, window_value_count,
             case when greatest(reference_value_count, window_value_count) <= 10000
                  then round(ks_raw * lcm) / lcm else ks_raw end as ks_statistic
      from (
        select raw_distances.*,
               cast(reference_value_count / gcd(reference_value_count, window_value_count) as {{ double }})
                 * window_value_count as lcm
        from {{ p }}raw_distances as raw_distances
      ) as with_lcm
    ),
{% endmacro %}

{#- A stored value row that is a finite number of a numeric feature. -#}
{% macro finite_numeric_value(prefix='') -%}
  {{ prefix }}feature_type = 'numeric' and {{ prefix }}num_value is not null and {{ model_monitor.is_finite(prefix ~ 'num_value') }}
{%- endmacro %}

{#- The value KS and Wasserstein see: exact, or rounded to the monitor's significant digits. -#}
{% macro distribution_value(expr, monitor) -%}
  {%- if monitor['distribution_statistics'] == 'exact' -%}
    {{ expr }}
  {%- else -%}
    {%- set unit = 'power(cast(10 as ' ~ model_monitor.type_double() ~ '), floor(log10(abs(' ~ expr ~ '))) - ' ~ (monitor['approximate_digits'] - 1) ~ ')' -%}
    case when {{ expr }} = 0 then {{ expr }} else round({{ expr }} / {{ unit }}) * {{ unit }} end
  {%- endif -%}
{%- endmacro %}
