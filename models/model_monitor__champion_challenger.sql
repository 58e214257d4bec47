{#- Shadow-mode comparison: for each pair of model versions that scored the same prediction ids,
    per monitor and window (of the first version's prediction), how many ids they share, the
    mean absolute difference of their valid (finite) scores and the share of decisions they disagree on. Pairs are
    ordered by version name (model_version_a < model_version_b). -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set starts = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- do starts.append((monitor['name'], start, monitor['window'])) -%}
{%- endfor %}

{%- if starts %}
{%- set double = model_monitor.type_double() -%}
select a.monitor_name, a.window_start, a.model_version as model_version_a, b.model_version as model_version_b,
       count(*) as shared_prediction_count,
       -- NaN and infinite scores are invalid, as in model_monitor__performance
       avg(case when {{ model_monitor.is_finite('a.score') }} and {{ model_monitor.is_finite('b.score') }}
                then abs(a.score - b.score) end) as mean_absolute_score_difference,
       avg(case when a.predicted_label is not null and b.predicted_label is not null
                then case when a.predicted_label <> b.predicted_label then cast(1 as {{ double }}) else cast(0 as {{ double }}) end
           end) as decision_disagreement_rate
from {{ ref('model_monitor__prediction_outcomes') }} as a
join {{ ref('model_monitor__prediction_outcomes') }} as b
  on b.monitor_name = a.monitor_name and b.prediction_id = a.prediction_id and b.model_version > a.model_version
where
  {%- for name, start, window in starts %}
  (a.monitor_name = {{ model_monitor.string_literal(name) }}
   {%- if start is not none %} and a.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %})
  {{ "or" if not loop.last }}
  {%- endfor %}
group by 1, 2, 3, 4
{%- else %}
{{ model_monitor.typed_empty_relation([('monitor_name', 'string'), ('window_start', 'timestamp'),
    ('model_version_a', 'string'), ('model_version_b', 'string'), ('shared_prediction_count', 'bigint'),
    ('mean_absolute_score_difference', 'double'), ('decision_disagreement_rate', 'double')]) }}
{%- endif %}
