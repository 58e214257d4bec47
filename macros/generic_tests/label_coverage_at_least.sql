{#- model_monitor.label_coverage_at_least: in the checked window(s), the share of each model
    version's predictions that have an outcome (label_coverage in model_monitor__performance,
    whole population) is at least `min_coverage`. Labels arrive late: check a window old enough,
    e.g. windows_back: 30. -#}
{% test label_coverage_at_least(model, monitor, min_coverage, model_version=none, window=none, windows_back=0, no_data='fail') %}
  {%- set test_name = 'label_coverage_at_least' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'min_coverage', min_coverage, minimum=0, maximum=1) -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- if config is not none and config.get('outcomes') is none -%}
    {{ model_monitor.gate_error(test_name, 'monitor', "monitor '" ~ monitor ~ "' declares no outcomes: label coverage is never computed") }}
  {%- endif -%}
  {%- set double = model_monitor.type_double() -%}
{%- set sql -%}
with scoped as (
  select * from {{ ref('model_monitor__performance') }}
  where monitor_name = {{ model_monitor.string_literal(monitor) }}
    and segment_name = '__all__' and segment_value = '__all__'
  {%- if model_version is not none %}
    and model_version = {{ model_monitor.string_literal(model_version) }}
  {%- endif %}
),
selected_windows as (
  {{ model_monitor.gate_windows(test_name, 'scoped', window, windows_back) }}
),
checked as (
  select p.window_start, p.model_version, p.prediction_count, cast(p.label_coverage as {{ double }}) as metric_value
  from selected_windows w
  join scoped p on p.window_start = w.window_start
),
outcomes as (
  select {{ model_monitor.string_literal(monitor) }} as monitor_name, window_start, model_version as subject,
         'label_coverage' as metric_name, metric_value, cast({{ min_coverage }} as {{ double }}) as threshold,
         case when prediction_count = 0 or metric_value is null then 'no_data'
              when metric_value < {{ min_coverage }} then 'fail' else 'pass' end as gate_status
  from checked
  union all
  select {{ model_monitor.string_literal(monitor) }}, cast(null as {{ dbt.type_timestamp() }}), cast(null as {{ dbt.type_string() }}),
         'label_coverage', cast(null as {{ double }}), cast({{ min_coverage }} as {{ double }}), 'no_data'
  where not exists (select 1 from checked)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{%- endset -%}
{{ model_monitor.gate_report(test_name, sql) }}
{% endtest %}
