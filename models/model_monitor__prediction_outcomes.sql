{#- One row per prediction (monitor, prediction_id, model_version) joined to its delayed outcome.
    Recomputed over the outcome lookback on every run, so a label that arrives 45 days late still
    lands on its prediction. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'prediction_id', 'model_version'], partition_by=['monitor_name', 'window_start'])
) }}

{#- Segment values go to segment_1..segment_k (k: the most segments any monitor declares);
    model_monitor__performance names them. -#}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{%- set slots = model_monitor.segment_slots(monitors) -%}
{%- set blocks = [] -%}
{%- for monitor in monitors -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do blocks.append((p, model_monitor.prediction_outcomes_ctes(p, monitor, slots))) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.empty_prediction_outcomes(slots)) }}
