{#- Merge a thresholds mapping over `base` ({metric: {warn, alert}}), validating metric names and
    values. A metric set to null disables that rule. -#}
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
    {%- else -%}
      {{ model_monitor.check_keys(levels, [], ['warn', 'alert'], monitor_name, path ~ "." ~ metric) }}
      {%- set level = {} -%}
      {%- do level.update(merged.get(metric, {})) -%}
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
      {%- do merged.update({metric: level}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(merged) }}
{% endmacro %}
