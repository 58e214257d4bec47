{#- Every monitor declared in the `model_monitor` var, validated at compile time and with
    defaults filled in. An absent var means no monitors (the package's models build empty).
    Only models that read the monitored relations pass resolve_relations=true: ref() and
    source() are called then, so dbt's lineage shows exactly which models read them. -#}
{% macro get_monitors(resolve_relations=false) %}
  {%- set config = var('model_monitor', none) -%}
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
    {%- if monitor['name'] in names -%}
      {{ model_monitor.config_error(monitor['name'], 'name', "two monitors are named '" ~ monitor['name'] ~ "': monitor names must be unique") }}
    {%- endif -%}
    {%- do names.append(monitor['name']) -%}
    {%- do monitors.append(monitor) -%}
  {%- endfor -%}
  {{ return(monitors) }}
{% endmacro %}
