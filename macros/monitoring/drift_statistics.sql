{#- CTEs `<p>sums` .. `<p>statistics`: the per-window sums turned into PSI, Jensen-Shannon,
    Hellinger, KL, chi-square, rates, KS/Wasserstein (joined from <p>distances) and p-values. -#}
{% macro drift_statistic_ctes(p, monitor, udfs) %}
  {%- set double = model_monitor.type_double() -%}
    {{ model_monitor.binned_sums_cte(p) }}
    {{ p }}metrics as (
      select sums.feature_name, feature_type, sums.window_start, window_end, reference_start, reference_end,
             row_count, null_count, invalid_count, reference_row_count,
             coalesce(window_binned, 0) > 0 and coalesce(reference_binned, 0) > 0 as comparable,
             coalesce(reference_binned, 0) > 0 as has_reference,
             case when row_count > 0 then cast(null_count as {{ double }}) / row_count end as null_rate,
             case when reference_row_count > 0 then cast(reference_null_count as {{ double }}) / reference_row_count end as reference_null_rate,
             case when feature_type = 'categorical' and window_binned > 0 then unseen_count / window_binned end as new_category_rate,
             psi_sum, js_sum, hellinger_sum, kl_sum,
             -- empty columns dropped; one column left means no degree of freedom (statistic 0)
             {{ model_monitor.binned_statistic_sql('chi2_statistic') }} as chi2_statistic,
             chi2_columns - 1 as chi2_dof,
             k.ks_statistic, d.wasserstein, d.reference_value_count, d.window_value_count,
             case when k.ks_statistic is not null then b.ks_error_bound end as ks_error_bound,
             -- where the rounding at the data's scale exceeds 1e-9 of the distance (the accuracy
             -- promised), the bound says how far off it may be: precision lost is flagged, not hidden
             case when d.wasserstein is not null then
                    case when d.rounding_bound > 1e-9 * d.wasserstein then greatest(b.wasserstein_error_bound, d.rounding_bound)
                         else b.wasserstein_error_bound end end as wasserstein_error_bound
      from {{ p }}sums as sums
      left join {{ p }}distances as d on d.feature_name = sums.feature_name and d.window_start = sums.window_start
      left join {{ p }}profile_bounds as b on b.feature_name = sums.feature_name and b.window_start = sums.window_start
      left join {{ p }}profile_ks as k on k.feature_name = sums.feature_name and k.window_start = sums.window_start
    ),
    {{ p }}statistics as (
      select metrics.*,
             null_rate - reference_null_rate as null_rate_increase,
             {%- for metric in ['psi', 'js_distance', 'hellinger', 'kl_divergence'] %}
             {{ model_monitor.binned_statistic_sql(metric) }} as {{ metric }},
             {%- endfor %}
             {{ model_monitor.call_udf(model_monitor.ks_pvalue_udf(monitor), ['ks_statistic', 'cast(reference_value_count as ' ~ dbt.type_bigint() ~ ')', 'cast(window_value_count as ' ~ dbt.type_bigint() ~ ')'], udfs) }} as ks_pvalue,
             case when chi2_statistic is null then null
                  when chi2_dof = 0 then cast(1 as {{ double }})
                  else {{ model_monitor.call_udf('model_monitor_chi2_sf', ['chi2_statistic', 'cast(chi2_dof as ' ~ dbt.type_bigint() ~ ')'], udfs) }}
             end as chi2_pvalue
      from {{ p }}metrics as metrics
    ),
{% endmacro %}

{#- The KS p-value function of a monitor's mode: scipy's exact path (ks_2samp, method='auto')
    for exact monitors; for profile monitors, whose statistic is itself within a bound, an O(1)
    asymptotic approximation (see python_udfs/statistics.py for its accuracy). -#}
{% macro ks_pvalue_udf(monitor) %}
  {{ return('model_monitor_ks_2samp_pvalue_approx' if monitor['distribution_statistics'] == 'profile' else 'model_monitor_ks_2samp_pvalue') }}
{% endmacro %}

{#- CTE `<p>sums`: per feature and window of `<p>terms`, the counts and the sums behind the binned
    statistics (binned_statistic_sql). -#}
{% macro binned_sums_cte(p) %}
    {{ p }}sums as (
      select feature_name, feature_type, window_start, window_end,
             max(reference_start) as reference_start, max(reference_end) as reference_end,
             max(period_row_count) as row_count, max(period_null_count) as null_count,
             max(period_invalid_count) as invalid_count,
             max(window_binned) as window_binned, max(reference_binned) as reference_binned,
             max(reference_row_count) as reference_row_count,
             max(reference_null_count) as reference_null_count,
             sum(case when bin_label = '__unseen__' then window_count else 0 end) as unseen_count,
             sum((a_clip - e_clip) * ln(a_clip / e_clip)) as psi_sum,
             sum(case when a > 0 then a * ln(a / ((a + e) / 2)) else 0 end
                 + case when e > 0 then e * ln(e / ((a + e) / 2)) else 0 end) as js_sum,
             sum((sqrt(e) - sqrt(a)) * (sqrt(e) - sqrt(a))) as hellinger_sum,
             sum(a_norm * ln(a_norm / e_norm)) as kl_sum,
             sum(case when window_count + reference_count > 0 and window_expected is not null
                      then (window_count - window_expected) * (window_count - window_expected) / window_expected
                         + (reference_count - reference_expected) * (reference_count - reference_expected) / reference_expected
                 end) as chi2_sum,
             sum(case when window_count + reference_count > 0 then 1 else 0 end) as chi2_columns
      from {{ p }}terms
      group by 1, 2, 3, 4
    ),
{% endmacro %}

{#- One binned statistic from the columns of `<p>sums` (and `comparable`: both sides have binned
    values; feature_type; window_binned, reference_binned and chi2_columns for chi-square). -#}
{% macro binned_statistic_sql(metric) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- if metric == 'psi' -%}
    case when comparable then psi_sum end
  {%- elif metric == 'js_distance' -%}
    {#- scipy.spatial.distance.jensenshannon(e, a, base=2) -#}
    case when comparable then sqrt(greatest(js_sum / ln(cast(2 as {{ double }})) / 2, cast(0 as {{ double }}))) end
  {%- elif metric == 'hellinger' -%}
    case when comparable then sqrt(hellinger_sum) / sqrt(cast(2 as {{ double }})) end
  {%- elif metric == 'kl_divergence' -%}
    case when comparable then kl_sum end
  {%- elif metric == 'chi2_statistic' -%}
    {#- empty columns dropped; one column left means no degree of freedom (statistic 0) -#}
    case when feature_type = 'categorical' and coalesce(window_binned, 0) > 0 and coalesce(reference_binned, 0) > 0
         then case when chi2_columns > 1 then chi2_sum else 0 end end
  {%- else -%}
    {{ exceptions.raise_compiler_error("model_monitor: binned_statistic_sql has no statistic " ~ metric) }}
  {%- endif -%}
{%- endmacro %}
