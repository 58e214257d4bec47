{#- The cell edges of each profile monitor's fixed or relation reference, computed once from its
    exact values (which are not kept): the numeric bin edges (is_bin_edge, exactly as
    numpy.quantile) and the edges of the finer cells that bound every window's profile. The scans
    of model_monitor__reference_values and model_monitor__window_values assign cells with them. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.reference_edges_ctes, monitors=model_monitor.get_monitors(resolve_relations=true)) }}
