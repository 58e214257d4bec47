{#- Every package default in one place. Precedence: feature-level setting > monitor setting >
    these defaults. -#}
{% macro defaults() %}
  {{ return({
      'bins': 10,
      'top_k': 20,
      'lookback_windows': 3,
      'distribution_statistics': 'exact',
      'approximate_digits': 3,
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
      },
  }) }}
{% endmacro %}

{#- Drift metrics a threshold may name, in the order drift_reason reports them. A larger value
    is worse, except for the p-values (lower_is_worse_metrics). -#}
{% macro drift_threshold_metrics() %}
  {{ return(['psi', 'ks_pvalue', 'chi2_pvalue', 'null_rate_increase', 'new_category_rate',
             'js_distance', 'hellinger', 'kl_divergence', 'wasserstein', 'ks_statistic',
             'chi2_statistic']) }}
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
                   'approximate_digits', 'outcome_lookback_days', 'decision_threshold'],
  }) }}
{% endmacro %}
