{#- The monitor's `drift_verdict` as {mode, min_rows}:
      any_rule (the default)     every rule judges alone: a window is warn/alert when any
                                 metric crosses its threshold, p-values included;
      effect_and_significance    a drift effect (psi, js_distance, hellinger, kl_divergence,
                                 wasserstein, ks_statistic, chi2_statistic) counts only when the
                                 window's p-value (ks_pvalue for numeric features, chi2_pvalue for
                                 categorical ones) is at or below its own threshold (warn, or alert
                                 when only alert is set) and the window has at least `min_rows`
                                 rows; the p-values no longer judge alone. Data quality rules
                                 (null_rate_increase, new_category_rate) judge as before.
    `min_rows` (default 0) applies to effect_and_significance only. -#}
{% macro normalize_drift_verdict(raw, monitor_name) %}
  {%- if raw is none -%}{{ return({'mode': 'any_rule', 'min_rows': 0}) }}{%- endif -%}
  {{ model_monitor.check_keys(raw, ['mode'], ['min_rows'], monitor_name, 'drift_verdict') }}
  {%- if raw['mode'] not in ['any_rule', 'effect_and_significance'] -%}
    {{ model_monitor.config_error(monitor_name, 'drift_verdict.mode', "expected any_rule or effect_and_significance, got '" ~ raw['mode'] ~ "'") }}
  {%- endif -%}
  {%- set min_rows = raw.get('min_rows', 0) -%}
  {%- if min_rows is not integer or min_rows is sameas true or min_rows is sameas false or min_rows < 0 -%}
    {{ model_monitor.config_error(monitor_name, 'drift_verdict.min_rows', "expected a whole number >= 0, got " ~ min_rows | string) }}
  {%- endif -%}
  {%- if raw['mode'] == 'any_rule' and min_rows != 0 -%}
    {{ model_monitor.config_error(monitor_name, 'drift_verdict.min_rows', "applies to mode effect_and_significance only") }}
  {%- endif -%}
  {{ return({'mode': raw['mode'], 'min_rows': min_rows}) }}
{% endmacro %}

{#- effect_and_significance needs a p-value threshold on every feature: its significance level. -#}
{% macro check_drift_verdict_thresholds(monitor) %}
  {%- if monitor['drift_verdict']['mode'] != 'effect_and_significance' -%}{{ return('') }}{%- endif -%}
  {%- for f in monitor['features'] -%}
    {%- set metric = model_monitor.significance_metric(f['type']) -%}
    {%- set levels = f['thresholds'].get(metric) or {} -%}
    {%- if levels.get('warn') is none and levels.get('alert') is none -%}
      {{ model_monitor.config_error(monitor['name'], 'drift_verdict', "effect_and_significance needs a threshold on " ~ metric ~ " (the significance level), and feature '" ~ f['name'] ~ "' has none: set thresholds: {" ~ metric ~ ": {warn: 0.001}} or remove drift_verdict") }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}

{#- The p-value that tests a feature type's drift. -#}
{% macro significance_metric(feature_type) %}
  {{ return('ks_pvalue' if feature_type == 'numeric' else 'chi2_pvalue') }}
{% endmacro %}

{#- Whether `metric` is an effect size that effect_and_significance gates on the p-value. -#}
{% macro is_effect_metric(metric) %}
  {{ return(metric in model_monitor.metric_names(group='drift') and metric not in ['ks_pvalue', 'chi2_pvalue']) }}
{% endmacro %}
