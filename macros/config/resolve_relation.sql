{#- A relation named in configuration: a model or seed name (ref), {ref: name} or
    {source: [source_name, table_name]}. Calling ref/source here records the lineage. -#}
{% macro resolve_relation(spec, monitor_name, key) %}
  {%- if spec is string -%}
    {{ return(ref(spec)) }}
  {%- elif spec is mapping and spec | length == 1 and 'source' in spec -%}
    {%- set parts = spec['source'] -%}
    {%- if parts is string or parts is not iterable or parts | length != 2 -%}
      {{ model_monitor.config_error(monitor_name, key ~ ".source", "expected [source_name, table_name], got " ~ parts | string) }}
    {%- endif -%}
    {{ return(source(parts[0], parts[1])) }}
  {%- elif spec is mapping and spec | length == 1 and 'ref' in spec -%}
    {{ return(ref(spec['ref'])) }}
  {%- endif -%}
  {{ model_monitor.config_error(monitor_name, key, "expected a model name, {ref: name} or {source: [source_name, table_name]}, got " ~ spec | string) }}
{% endmacro %}
