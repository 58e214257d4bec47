{#- The value of the `model_monitor` var ({monitors: [...]}, or none) as the list of validated
    monitors with defaults filled in, or a compile-time error naming the monitor and the key
    (performance thresholds included: check_metric_thresholds, for the monitor's task).
    get_monitors() reads the var; the tests call this through `dbt run-operation
    model_monitor.normalize_monitors --args '{config: ..., resolve_relations: true}'`, which keeps
    dbt's partial parse (changed --vars would make every call a full parse). -#}
{% macro normalize_monitors(config, resolve_relations=false) %}
  {%- if config is none -%}{{ return([]) }}{%- endif -%}
  {{ model_monitor.check_keys(config, ['monitors'], [], none, none) }}
  {%- set raw_monitors = config['monitors'] -%}
  {%- if raw_monitors is string or raw_monitors is mapping or raw_monitors is not iterable -%}
    {{ model_monitor.config_error(none, 'monitors', "expected a list of monitors, got " ~ raw_monitors | string) }}
  {%- endif -%}
  {%- set monitors = [] -%}
  {%- set names = [] -%}
  {%- for raw in raw_monitors -%}
    {%- set monitor = model_monitor.normalize_monitor(raw, loop.index0, resolve_relations) -%}
    {{ model_monitor.check_metric_thresholds(monitor) }}
    {%- if monitor['name'] in names -%}
      {{ model_monitor.config_error(monitor['name'], 'name', "two monitors are named '" ~ monitor['name'] ~ "': monitor names must be unique") }}
    {%- endif -%}
    {%- do names.append(monitor['name']) -%}
    {%- do monitors.append(monitor) -%}
  {%- endfor -%}
  {{ return(monitors) }}
{% endmacro %}
