{#- Merge a thresholds mapping over `base` ({metric: {warn, alert}}), validating metric names and
    values. A metric set to null disables that rule. A metric may instead learn its thresholds
    from the reference ({method: reference_variability, warn_sigmas, alert_sigmas}, `sigmas` for
    alert_sigmas; see learned_thresholds_ctes): stored as {method, warn_sigmas, alert_sigmas}, and
    a learned entry and a fixed one replace each other whole. An entry may also name the rule's
    `owner` and `response` (read by rule_responses, not stored here). -#}
{% macro normalize_thresholds(overrides, base, monitor_name, path) %}
  {%- set merged = {} -%}
  {%- do merged.update(base) -%}
  {%- if overrides is none -%}{{ return(merged) }}{%- endif -%}
  {%- if overrides is not mapping -%}
    {{ model_monitor.config_error(monitor_name, path, "expected a mapping of metric to {warn, alert}") }}
  {%- endif -%}
  {%- set metrics = model_monitor.drift_threshold_metrics() + model_monitor.operational_threshold_metrics() -%}
  {%- set metrics = metrics + model_monitor.performance_threshold_metrics() + model_monitor.freshness_threshold_metrics() -%}
  {%- set floors = model_monitor.lower_is_worse_metrics() -%}
  {%- for metric, levels in overrides.items() -%}
    {%- if metric not in metrics -%}
      {%- set suggestion = model_monitor.closest_match(metric, metrics) -%}
      {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
      {{ model_monitor.config_error(monitor_name, path ~ "." ~ metric, "unknown metric" ~ hint ~ ". Metrics with thresholds: " ~ metrics | join(", ")) }}
    {%- endif -%}
    {%- if levels is none -%}
      {%- do merged.pop(metric, none) -%}
    {%- elif levels is mapping and 'method' in levels -%}
      {%- do merged.update({metric: model_monitor.normalize_learned_threshold(metric, levels, monitor_name, path ~ "." ~ metric)}) -%}
    {%- else -%}
      {{ model_monitor.check_keys(levels, [], ['warn', 'alert', 'owner', 'response'], monitor_name, path ~ "." ~ metric) }}
      {%- set level = {} -%}
      {%- if 'method' not in merged.get(metric, {}) -%}{%- do level.update(merged.get(metric, {})) -%}{%- endif -%}
      {%- for name in ['warn', 'alert'] if name in levels -%}
        {%- set value = levels[name] -%}
        {%- if value is not number or value is sameas true or value is sameas false -%}
          {{ model_monitor.config_error(monitor_name, path ~ "." ~ metric ~ "." ~ name, "expected a number, got " ~ value | string) }}
        {%- endif -%}
        {%- if value != value or value > 1.7976931348623157e308 or value < -1.7976931348623157e308 -%}
          {{ model_monitor.config_error(monitor_name, path ~ "." ~ metric ~ "." ~ name, "expected a finite number, got " ~ value | string) }}
        {%- endif -%}
        {%- do level.update({name: value}) -%}
      {%- endfor -%}
      {%- if level.get('warn') is not none and level.get('alert') is not none -%}
        {%- if metric in floors and level['alert'] > level['warn'] -%}
          {{ model_monitor.config_error(monitor_name, path ~ "." ~ metric, "alert (" ~ level['alert'] ~ ") must not exceed warn (" ~ level['warn'] ~ "): a lower " ~ metric ~ " is worse") }}
        {%- elif metric not in floors and level['warn'] > level['alert'] -%}
          {{ model_monitor.config_error(monitor_name, path ~ "." ~ metric, "warn (" ~ level['warn'] ~ ") must not exceed alert (" ~ level['alert'] ~ ")") }}
        {%- endif -%}
      {%- endif -%}
      {#- an entry naming only an owner or a response keeps the inherited thresholds as they are -#}
      {%- if 'warn' in levels or 'alert' in levels or metric not in merged -%}
        {%- do merged.update({metric: level}) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(merged) }}
{% endmacro %}

{#- A learned threshold entry: {method: reference_variability, warn_sigmas, alert_sigmas} (at
    least one; `sigmas` is alert_sigmas), for the metrics learned_threshold_metrics() names. -#}
{% macro normalize_learned_threshold(metric, levels, monitor_name, path) %}
  {{ model_monitor.check_keys(levels, ['method'], ['sigmas', 'warn_sigmas', 'alert_sigmas', 'owner', 'response'], monitor_name, path) }}
  {%- if levels['method'] != 'reference_variability' -%}
    {{ model_monitor.config_error(monitor_name, path ~ ".method", "expected reference_variability, got '" ~ levels['method'] ~ "'") }}
  {%- endif -%}
  {%- set learnable = model_monitor.learned_threshold_metrics() -%}
  {%- if metric not in learnable -%}
    {{ model_monitor.config_error(monitor_name, path, "reference_variability learns thresholds for " ~ learnable | join(", ") ~ " (statistics of the stored bin counts); give " ~ metric ~ " fixed warn/alert values") }}
  {%- endif -%}
  {%- if 'sigmas' in levels and 'alert_sigmas' in levels -%}
    {{ model_monitor.config_error(monitor_name, path, "sigmas is alert_sigmas: set one of them") }}
  {%- endif -%}
  {%- set out = {'method': 'reference_variability', 'warn_sigmas': levels.get('warn_sigmas'), 'alert_sigmas': levels.get('alert_sigmas', levels.get('sigmas'))} -%}
  {%- if out['warn_sigmas'] is none and out['alert_sigmas'] is none -%}
    {{ model_monitor.config_error(monitor_name, path, "needs warn_sigmas, alert_sigmas or sigmas (how many standard deviations above the reference windows' mean)") }}
  {%- endif -%}
  {%- for name in ['warn_sigmas', 'alert_sigmas'] if out[name] is not none -%}
    {%- set value = out[name] -%}
    {%- if value is not number or value is sameas true or value is sameas false or value != value or value < 0 or value > 1000 -%}
      {{ model_monitor.config_error(monitor_name, path ~ "." ~ name, "expected a number of standard deviations in [0, 1000], got " ~ value | string) }}
    {%- endif -%}
  {%- endfor -%}
  {%- if out['warn_sigmas'] is not none and out['alert_sigmas'] is not none and out['warn_sigmas'] > out['alert_sigmas'] -%}
    {{ model_monitor.config_error(monitor_name, path, "warn_sigmas (" ~ out['warn_sigmas'] ~ ") must not exceed alert_sigmas (" ~ out['alert_sigmas'] ~ ")") }}
  {%- endif -%}
  {{ return(out) }}
{% endmacro %}

{#- The metrics whose thresholds can be learned from the reference's own windows. -#}
{% macro learned_threshold_metrics() %}
  {{ return(['psi', 'js_distance', 'hellinger', 'kl_divergence', 'chi2_statistic']) }}
{% endmacro %}

{#- Whether any feature of a monitor learns a threshold (and so which metrics, in catalogue order). -#}
{% macro learned_metrics(monitor) %}
  {%- set names = [] -%}
  {%- for metric in model_monitor.learned_threshold_metrics() -%}
    {%- for f in monitor['features'] if 'method' in (f['thresholds'].get(metric) or {}) and metric not in names -%}
      {%- do names.append(metric) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}
