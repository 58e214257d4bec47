{#- The run log of the on-run-end hooks: `package_model_results(results)` keeps dbt's results of
    the package's own models; `run_log_relation()` is model_monitor__run_results as it exists in
    the warehouse (none before its first build, or when the graph has no such model). Internal. -#}
{% macro package_model_results(results) %}
  {%- set kept = [] -%}
  {%- for r in results if r.node is defined and r.node.package_name == 'model_monitor' and r.node.resource_type == 'model' -%}
    {%- do kept.append(r) -%}
  {%- endfor -%}
  {{ return(kept) }}
{% endmacro %}

{% macro run_log_relation() %}
  {%- set log_node = graph.nodes.get('model.model_monitor.model_monitor__run_results') -%}
  {%- if log_node is none -%}{{ return(none) }}{%- endif -%}
  {{ return(adapter.get_relation(database=log_node.database, schema=log_node.schema, identifier=log_node.alias)) }}
{% endmacro %}
