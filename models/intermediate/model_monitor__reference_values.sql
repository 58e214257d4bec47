{#- Each fixed-period or relation reference reduced once and reused by every window (bins, KS,
    Wasserstein): its cells for profile monitors (with the edges of
    model_monitor__reference_edges), its distinct values with counts for exact ones. Trailing
    references are built from model_monitor__window_values instead and have no rows here. -#}
-- depends_on: {{ ref('model_monitor__reference_edges') }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook=["{{ model_monitor.check_reference_has_rows(this) }}", "{{ model_monitor.analyze_relation(this) }}"],
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{{ model_monitor.for_each_monitor(model_monitor.reference_values_select, ref('model_monitor__reference_edges'),
                                  monitors=model_monitor.get_monitors(resolve_relations=true), select=true) }}
