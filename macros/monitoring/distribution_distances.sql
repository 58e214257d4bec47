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
{% macro distribution_distance_ctes(p, monitor, window_values, reference_values, start) -%}
  {{ model_monitor.distance_points_ctes(p, monitor, window_values, reference_values, start) }}
  {{ model_monitor.cdf_lookup_ctes(p) }}
  {{ model_monitor.distance_result_ctes(p) }}
{%- endmacro %}


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
