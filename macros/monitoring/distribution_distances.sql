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

    In profile mode the stored points are the cells' clamped means, so both are computed on
    condensed samples and are off by at most the bounds of profile_bound_ctes.
-#}
{% macro distribution_distance_ctes(p, monitor, window_values, reference_values, start) -%}
  {{ model_monitor.distance_points_ctes(p, monitor, window_values, reference_values, start) }}
  {{ model_monitor.cdf_lookup_ctes(p) }}
  {{ model_monitor.distance_result_ctes(p) }}
  {{ model_monitor.profile_bound_ctes(p, monitor, window_values, reference_values, start) }}
{%- endmacro %}


{#- A stored value row that is a finite number of a numeric feature. -#}
{% macro finite_numeric_value(prefix='') -%}
  {{ prefix }}feature_type = 'numeric' and {{ prefix }}num_value is not null and {{ model_monitor.is_finite(prefix ~ 'num_value') }}
{%- endmacro %}
