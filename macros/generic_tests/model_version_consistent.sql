{#- model_monitor.model_version_consistent: in the checked window(s), at least `min_share` of the
    monitor's served predictions (shadow_model_versions left out) were made by an expected model
    version: `expected_model_version` (one version or a list) given to the test, else the monitor's
    own expected_model_version. Reads model_monitor__model_versions. A window without served
    predictions is no_data. -#}
{% test model_version_consistent(model, monitor, min_share=0.99, expected_model_version=none,
                                 window=none, windows_back=0, no_data='fail') %}
  {%- set test_name = 'model_version_consistent' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'min_share', min_share, minimum=0) -%}
  {%- if min_share > 1 -%}
    {{ model_monitor.gate_error(test_name, 'min_share', "expected a share in [0, 1], got " ~ min_share) }}
  {%- endif -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- set expected = none -%}
  {%- if expected_model_version is not none -%}
    {%- set parsed = model_monitor.version_list(expected_model_version) -%}
    {%- if parsed['problem'] -%}
      {{ model_monitor.gate_error(test_name, 'expected_model_version', "expected a version or a non-empty list of versions (texts), got " ~ expected_model_version | string) }}
    {%- endif -%}
    {%- set expected = parsed['versions'] -%}
  {%- endif -%}
  {%- if config is not none -%}
    {%- if not config['model_version_column'] -%}
      {{ model_monitor.gate_error(test_name, 'monitor', "monitor '" ~ monitor ~ "' declares no model_version_column: every prediction is version 'default'") }}
    {%- endif -%}
    {%- set expected = expected or config['expected_model_versions'] -%}
    {%- if not expected -%}
      {{ model_monitor.gate_error(test_name, 'expected_model_version', "give the expected version(s) to the test, or set expected_model_version on monitor '" ~ monitor ~ "'") }}
    {%- endif -%}
  {%- endif -%}
  {%- set double = model_monitor.type_double() -%}
{%- set sql -%}
with scoped as (
  select * from {{ ref('model_monitor__model_versions') }}
  where monitor_name = {{ model_monitor.string_literal(monitor) }}
),
selected_windows as (
  {{ model_monitor.gate_windows(test_name, 'scoped', window, windows_back) }}
),
checked as (
  select w.window_start,
         sum(case when v.version_role = 'served' then v.prediction_count else 0 end) as served_count,
         sum(case when v.version_role = 'served' and {{ model_monitor.in_string_list('v.model_version', expected or []) }}
                  then v.prediction_count else 0 end) as expected_count
  from selected_windows w
  join scoped v on v.window_start = w.window_start
  group by w.window_start
),
outcomes as (
  select {{ model_monitor.string_literal(monitor) }} as monitor_name, window_start, '__model_version__' as subject,
         'expected_version_share' as metric_name,
         cast(expected_count as {{ double }}) / nullif(served_count, 0) as metric_value,
         cast({{ min_share }} as {{ double }}) as threshold, served_count, expected_count,
         case when served_count = 0 then 'no_data'
              when cast(expected_count as {{ double }}) / served_count < {{ min_share }} then 'fail'
              else 'pass' end as gate_status
  from checked
  union all
  select {{ model_monitor.string_literal(monitor) }}, cast(null as {{ dbt.type_timestamp() }}), '__model_version__',
         'expected_version_share', cast(null as {{ double }}), cast({{ min_share }} as {{ double }}), 0, 0, 'no_data'
  where not exists (select 1 from checked)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{%- endset -%}
{{ model_monitor.gate_report(test_name, sql) }}
{% endtest %}
