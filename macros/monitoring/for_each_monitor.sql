{#- The SQL of a per-monitor package model, its one shape: `builder(p, monitor, *args)` gives the
    CTEs of one monitor ending in `<p>result` (or none to skip it), with p = 'm<i>_'; the results
    are unioned (union_monitor_results), or the model's typed empty table is returned when no
    monitor gives any (yaml_empty_relation, `repeat` passed on). Keywords: `monitors` (default
    get_monitors()); `select=true` when the builder gives one select statement instead of CTEs
    (it becomes `<p>result`). The refs a builder reads are passed in `args` from the model, so
    dbt sees them when it parses the model (the builders return nothing then). Internal. -#}
{% macro for_each_monitor(builder) %}
  {%- set monitors = kwargs.get('monitors') -%}
  {%- if monitors is none -%}{%- set monitors = model_monitor.get_monitors() -%}{%- endif -%}
  {%- set blocks = [] -%}
  {%- for monitor in monitors -%}
    {%- set p = 'm' ~ loop.index0 ~ '_' -%}
    {%- set sql = builder(p, monitor, *varargs) -%}
    {%- if kwargs.get('select') and sql is not none -%}
      {%- set sql = p ~ 'result as (\n' ~ sql ~ '\n)' -%}
    {%- endif -%}
    {%- do blocks.append((p, sql)) -%}
  {%- endfor -%}
  {{ return(model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation(kwargs.get('repeat', {})))) }}
{% endmacro %}
