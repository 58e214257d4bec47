{#- The cell edges of each profile monitor's fixed or relation reference, computed once from its
    exact values (which are not kept): the numeric bin edges (is_bin_edge, exactly as
    numpy.quantile) and the edges of the finer cells that bound every window's profile. The scans
    of model_monitor__reference_values and model_monitor__window_values assign cells with them. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- if monitor['distribution_statistics'] == 'profile' and not model_monitor.reference_is_stored(monitor) -%}
    {%- set p = 'm' ~ loop.index0 ~ '_' -%}
    {%- do blocks.append((p, model_monitor.reference_edges_ctes(p, monitor))) -%}
  {%- endif -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
