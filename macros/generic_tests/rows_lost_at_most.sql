{#- model_monitor.rows_lost_at_most: in the latest run of `monitor`, at most `max_rows` rows of
    each kind in `counts` (default: all of them) were left out or could not land, as counted by
    model_monitor__prediction_quality (null_timestamp_rows, null_prediction_id_rows,
    duplicate_prediction_rows) and model_monitor__outcome_quality (unknown_prediction_outcome_rows,
    late_outcome_rows, null_label_rows, duplicate_outcome_rows; monitors with outcomes). Declare
    it on any model, like the other mart gates (e.g. the predictions table). A failing row names
    the count, its value and the limit. -#}
{% test rows_lost_at_most(model, monitor, max_rows=0, counts=none) %}
  {%- set test_name = 'rows_lost_at_most' -%}
  {%- set prediction_counts = ['null_timestamp_rows', 'null_prediction_id_rows', 'duplicate_prediction_rows'] -%}
  {%- set outcome_counts = ['unknown_prediction_outcome_rows', 'late_outcome_rows', 'null_label_rows', 'duplicate_outcome_rows'] -%}
  {%- do model_monitor.gate_number(test_name, 'max_rows', max_rows, minimum=0) -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- set has_outcomes = config is none or config.get('outcomes') is not none -%}
  {%- set chosen = counts if counts is not none else prediction_counts + (outcome_counts if has_outcomes else []) -%}
  {%- if chosen is string or chosen is mapping or chosen is not iterable or chosen | length == 0 -%}
    {{ model_monitor.gate_error(test_name, 'counts', "expected a list of " ~ (prediction_counts + outcome_counts) | join(', ') ~ ", got " ~ chosen | string) }}
  {%- endif -%}
  {%- for count in chosen -%}
    {%- do model_monitor.gate_choice(test_name, 'counts', count, prediction_counts + outcome_counts, 'count') -%}
    {%- if count in outcome_counts and not has_outcomes -%}
      {{ model_monitor.gate_error(test_name, 'counts', "monitor '" ~ monitor ~ "' declares no outcomes: '" ~ count ~ "' is never counted") }}
    {%- endif -%}
  {%- endfor -%}
  {%- set name = model_monitor.string_literal(monitor) -%}
{%- for count in chosen %}
  {%- set mart = ref('model_monitor__prediction_quality') if count in prediction_counts else ref('model_monitor__outcome_quality') %}
select monitor_name, measured_at, '{{ count }}' as count_name, {{ count }} as row_count, {{ max_rows }} as max_rows
from {{ mart }}
where monitor_name = {{ name }} and {{ count }} > {{ max_rows }}
  and measured_at = (select max(measured_at) from {{ mart }} where monitor_name = {{ name }})
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{% endtest %}
