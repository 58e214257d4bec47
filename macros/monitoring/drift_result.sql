{#- CTEs `<p>judged`, `<p>levels` and `<p>result`: each rule's severity from the thresholds
    (under drift_verdict effect_and_significance, an effect counts only in a significant window:
    drift_significant), the status, the reason and the mart's columns. -#}
{% macro drift_result_ctes(p, monitor, learned) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set verdict = monitor['drift_verdict'] -%}
  {%- set gated = verdict['mode'] == 'effect_and_significance' -%}
    {{ p }}judged as (
      select s.*,
             {%- for metric in model_monitor.drift_threshold_metrics() %}
             {%- for level in ['warn', 'alert'] %}
             {{ model_monitor.threshold_column_sql(monitor, metric, level) }} as {{ metric }}_{{ level }},
             {%- endfor %}
             {%- endfor %}
             {{ model_monitor.drift_significant_sql(verdict) if gated else 'cast(null as ' ~ dbt.type_boolean() ~ ')' }} as drift_significant
      from {{ p }}statistics as s
      join ({{ model_monitor.drift_thresholds_sql(monitor) }}) as t on t.feature_name = s.feature_name
      {{ model_monitor.learned_thresholds_join(monitor, learned, 's.feature_name') }}
    ),
    {{ p }}levels as (
      select j.*,
             {%- for metric in model_monitor.drift_threshold_metrics() %}
             {%- if gated and metric in ['ks_pvalue', 'chi2_pvalue'] %}
             cast(null as {{ dbt.type_int() }}) as {{ metric }}_level{{ "," if not loop.last }}
             {%- elif gated and model_monitor.is_effect_metric(metric) %}
             case when drift_significant then {{ model_monitor.severity_level(metric) }}
                  when {{ metric }} is null then null else 0 end as {{ metric }}_level{{ "," if not loop.last }}
             {%- else %}
             {{ model_monitor.severity_level(metric) }} as {{ metric }}_level{{ "," if not loop.last }}
             {%- endif %}
             {%- endfor %}
      from {{ p }}judged as j
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
             cast(wasserstein_error_bound as {{ double }}) as wasserstein_error_bound,
             drift_significant
      from {{ p }}levels
    )
{% endmacro %}

{#- effect_and_significance: the window has at least min_rows rows and its p-value (KS for a
    numeric feature, chi-square for a categorical one) is at or below the p-value's threshold
    (warn, else alert). False when the p-value is NULL (an empty window, no reference). -#}
{% macro drift_significant_sql(verdict) -%}
  coalesce(row_count >= {{ verdict['min_rows'] }} and case feature_type
         when 'numeric' then ks_pvalue <= coalesce(t.ks_pvalue_warn, t.ks_pvalue_alert)
         else chi2_pvalue <= coalesce(t.chi2_pvalue_warn, t.chi2_pvalue_alert) end, false)
{%- endmacro %}
