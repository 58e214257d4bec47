{#- CTEs `<p>levels` and `<p>result`: each rule's severity from the thresholds, the status,
    the reason and the mart's columns. -#}
{% macro drift_result_ctes(p, monitor) %}
  {%- set double = model_monitor.type_double() -%}
    {{ p }}levels as (
      select s.*,
             {%- for metric in model_monitor.drift_threshold_metrics() %}
             {{ model_monitor.severity_level(metric) }} as {{ metric }}_level{{ "," if not loop.last }}
             {%- endfor %}
      from {{ p }}statistics as s
      join ({{ model_monitor.drift_thresholds_sql(monitor) }}) as t on t.feature_name = s.feature_name
    ),
    {{ p }}result as (
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
             feature_name, feature_type, window_start, window_end,
             {{ model_monitor.bigint_columns(['row_count', 'null_count']) }},
             null_rate,
             cast(invalid_count as {{ dbt.type_bigint() }}) as invalid_count,
             new_category_rate, psi, js_distance, hellinger, kl_divergence,
             wasserstein, ks_statistic,
             cast(ks_pvalue as {{ double }}) as ks_pvalue,
             chi2_statistic,
             cast(chi2_pvalue as {{ double }}) as chi2_pvalue,
             {{ model_monitor.drift_status_sql() }} as drift_status,
             {{ model_monitor.drift_reason_sql() }} as drift_reason,
             null_rate_increase,
             reference_start, reference_end,
             cast(reference_row_count as {{ dbt.type_bigint() }}) as reference_row_count,
             reference_null_rate,
             cast(ks_error_bound as {{ double }}) as ks_error_bound,
             cast(wasserstein_error_bound as {{ double }}) as wasserstein_error_bound
      from {{ p }}levels
    )
{% endmacro %}
