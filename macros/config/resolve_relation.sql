{#- A relation named in configuration: a model or seed name (ref), {ref: name} or
    {source: [source_name, table_name]}. Calling ref/source records the lineage, so it happens
    only when `resolve`; otherwise the spec is validated and none returned. -#}
{% macro resolve_relation(spec, monitor_name, key, resolve=true) %}
  {%- if spec is string -%}
    {{ return(ref(spec) if resolve else none) }}
  {%- elif spec is mapping and spec | length == 1 and 'source' in spec -%}
    {%- set parts = spec['source'] -%}
    {%- if parts is string or parts is not iterable or parts | length != 2 -%}
      {{ model_monitor.config_error(monitor_name, key ~ ".source", "expected [source_name, table_name], got " ~ parts | string) }}
    {%- endif -%}
    {{ return(source(parts[0], parts[1]) if resolve else none) }}
  {%- elif spec is mapping and spec | length == 1 and 'ref' in spec -%}
    {{ return(ref(spec['ref']) if resolve else none) }}
  {%- endif -%}
  {{ model_monitor.config_error(monitor_name, key, "expected a model name, {ref: name} or {source: [source_name, table_name]}, got " ~ spec | string) }}
{% endmacro %}
