{#- Every package default in one place. Precedence: feature-level setting > monitor setting >
    these defaults. -#}
{% macro defaults() %}
  {{ return({
      'bins': 10,
      'top_k': 20,
      'lookback_windows': 3,
      'distribution_statistics': 'profile',
      'profile_cells': 256,
      'profile_categories': 256,
      'outcome_lookback_days': 60,
      'decision_threshold': 0.5,
      'thresholds': {
          'psi': {'warn': 0.1, 'alert': 0.25},
          'null_rate_increase': {'warn': 0.05, 'alert': 0.10},
          'new_category_rate': {'warn': 0.01, 'alert': 0.05},
          'ks_pvalue': {'warn': 0.001},
          'chi2_pvalue': {'warn': 0.001},
          'prediction_lag_seconds': {'warn': 129600, 'alert': 259200},
          'outcome_lag_seconds': {'warn': 604800, 'alert': 1209600},
          'output_length_psi': {'warn': 0.1, 'alert': 0.25},
      },
      'slo': {'period_windows': 28, 'short_windows': 1, 'long_windows': 6, 'page_burn_rate': 2,
              'ticket_burn_rate': 1, 'no_data': 'bad'},
  }) }}
{% endmacro %}

{#- Drift metrics a threshold may name, in the order drift_reason reports them. A larger value
    is worse, except for the p-values (lower_is_worse_metrics). -#}
{% macro drift_threshold_metrics() %}
  {{ return(['psi', 'ks_pvalue', 'chi2_pvalue', 'null_rate_increase', 'new_category_rate',
             'js_distance', 'hellinger', 'kl_divergence', 'wasserstein', 'ks_statistic',
             'chi2_statistic']) }}
{% endmacro %}

{#- Operational SLIs of model_monitor__operational_metrics a threshold may name; a larger value
    is worse for all of them. Only output_length_psi has a default (the psi rule): latency, cost
    and token counts have no unit-free sensible default, so their rules are off until set. -#}
{% macro operational_threshold_metrics() %}
  {{ return(['latency_p50', 'latency_p95', 'latency_p99', 'cost_per_1000_predictions', 'cost_per_call',
             'mean_input_tokens', 'mean_output_tokens', 'output_length_psi', 'prompt_version_share']) }}
{% endmacro %}

{% macro lower_is_worse_metrics() %}
  {{ return(['ks_pvalue', 'chi2_pvalue'] + model_monitor.performance_lower_is_worse_metrics()) }}
{% endmacro %}

{% macro monitor_keys() %}
  {{ return({
      'required': ['name', 'predictions', 'id_column', 'timestamp_column', 'task', 'score_column',
                   'features', 'window', 'reference'],
      'optional': ['model_version_column', 'prediction_column', 'segments', 'outcomes',
                   'thresholds', 'bins', 'top_k', 'lookback_windows', 'distribution_statistics',
                   'profile_cells', 'profile_categories', 'outcome_lookback_days', 'decision_threshold',
                   'latency_ms_column', 'cost_column', 'input_tokens_column', 'output_tokens_column',
                   'prompt_version_column', 'slos'],
  }) }}
{% endmacro %}
