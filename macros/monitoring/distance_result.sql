{#- CTEs ending in `<p>distances`: Wasserstein as the sum of per-interval areas and KS as the
    largest CDF gap, rounded as ks_2samp's exact mode does. See distribution_distance_ctes. -#}
{% macro distance_result_ctes(p) %}
  {%- set double = model_monitor.type_double() -%}
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
             -- a sum of areas computed from running integrals: never below 0 in exact arithmetic,
             -- but rounding at the data's scale (measured ~2e-17 of the largest |value|; bounded
             -- here by 16 machine epsilons of it) can move a distance that is small next to the
             -- values, even below 0 near +-1e300. Clamped at 0; rounding_bound is that bound.
             greatest(sum(area), 0) as wasserstein,
             16 * 2.220446049250313e-16
               * max(greatest(abs(value), abs(coalesce(next_value, value)), abs(max_value), abs(total_integral), abs(integral_at))) as rounding_bound,
             cast(max(reference_count) as {{ dbt.type_bigint() }}) as reference_value_count,
             cast(max(window_count) as {{ dbt.type_bigint() }}) as window_value_count
      from {{ p }}piece_areas
      group by 1, 2
    ),
    {{ p }}distances as (
      -- ks_2samp(method='auto') reports D as the fraction h / lcm(n, m) it really is whenever it
      -- takes the exact path (both sizes <= 10000); the asymptotic path keeps the float difference.
      select window_start, feature_name, wasserstein, rounding_bound, reference_value_count, window_value_count,
             case when greatest(reference_value_count, window_value_count) <= 10000
                  then round(ks_raw * lcm) / lcm else ks_raw end as ks_statistic
      from (
        select raw_distances.*,
               cast(reference_value_count / {{ model_monitor.gcd('reference_value_count', 'window_value_count') }} as {{ double }})
                 * window_value_count as lcm
        from {{ p }}raw_distances as raw_distances
      ) as with_lcm
    ),
{% endmacro %}
