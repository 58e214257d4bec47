{#- Every package default in one place. Precedence: feature-level setting > monitor setting >
    these defaults. -#}
{% macro defaults() %}
  {{ return({
      'bins': 10,
      'top_k': 20,
      'lookback_windows': 3,
      'thresholds': {
          'psi': {'warn': 0.1, 'alert': 0.25},
          'null_rate_increase': {'warn': 0.05, 'alert': 0.10},
          'new_category_rate': {'warn': 0.01, 'alert': 0.05},
      },
  }) }}
{% endmacro %}

{#- Drift metrics a threshold may name; for all of them a larger value is worse. -#}
{% macro drift_threshold_metrics() %}
  {{ return(['psi', 'js_distance', 'hellinger', 'kl_divergence', 'null_rate_increase',
             'new_category_rate']) }}
{% endmacro %}

{% macro monitor_keys() %}
  {{ return({
      'required': ['name', 'predictions', 'id_column', 'timestamp_column', 'task', 'score_column',
                   'features', 'window', 'reference'],
      'optional': ['model_version_column', 'prediction_column', 'segments', 'outcomes',
                   'thresholds', 'bins', 'top_k', 'lookback_windows'],
  }) }}
{% endmacro %}
