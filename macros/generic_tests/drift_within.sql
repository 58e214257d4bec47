{#- model_monitor.drift_within: in the checked window(s), each feature's drift `metric` in
    model_monitor__feature_drift is at most `threshold` (for ks_pvalue and chi2_pvalue: at least).
    Returns one row per breach, and per feature-window with no data (see gate_no_data). -#}
{% test drift_within(model, monitor, threshold, metric='psi', features=none, window=none, windows_back=0, no_data='fail') %}
  {%- set test_name = 'drift_within' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_choice(test_name, 'metric', metric, model_monitor.metric_names(gate=test_name), 'metric') -%}
  {%- set entry = model_monitor.metric_entry(metric) -%}
  {%- do model_monitor.gate_number(test_name, 'threshold', threshold) -%}
  {%- if features is not none and (features is string or features is mapping or features is not iterable) -%}
    {{ model_monitor.gate_error(test_name, 'features', "expected a list of feature names, got " ~ features | string) }}
  {%- endif -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- set checked = [] -%}
  {%- if config is not none -%}
    {%- set declared = {} -%}
    {%- for f in config['features'] -%}{%- do declared.update({f['name']: f['type']}) -%}{%- endfor -%}
    {%- set applies = {} -%}
    {%- for name, kind in declared.items() -%}
      {%- do applies.update({name: kind in entry['applies_to']}) -%}
    {%- endfor -%}
    {%- for name in (features if features is not none else declared.keys()) -%}
      {%- if name not in declared -%}
        {%- set suggestion = model_monitor.closest_match(name | string, declared.keys() | list) -%}
        {{ model_monitor.gate_error(test_name, 'features', "monitor '" ~ monitor ~ "' has no feature '" ~ name ~ "'" ~ (" (did you mean '" ~ suggestion ~ "'?)" if suggestion else "") ~ ". Features: " ~ declared.keys() | join(", ")) }}
      {%- elif applies[name] -%}
        {%- do checked.append(name) -%}
      {%- elif features is not none -%}
        {{ model_monitor.gate_error(test_name, 'metric', "metric '" ~ metric ~ "' is not computed for " ~ declared[name] ~ " feature '" ~ name ~ "'") }}
      {%- endif -%}
    {%- endfor -%}
    {%- if checked | length == 0 -%}
      {{ model_monitor.gate_error(test_name, 'metric', "metric '" ~ metric ~ "' is not computed for any feature of monitor '" ~ monitor ~ "'") }}
    {%- endif -%}
  {%- else -%}
    {%- do checked.append('') -%}
  {%- endif -%}
  {%- set breach = ('<' if entry['worse'] == 'lower' else '>') -%}
{%- set sql -%}
with scoped as (
  select * from {{ ref('model_monitor__feature_drift') }}
  where monitor_name = {{ model_monitor.string_literal(monitor) }}
),
selected_windows as (
  {{ model_monitor.gate_windows(test_name, 'scoped', window, windows_back) }}
),
expected as (
  select w.window_start, w.window_end, f.feature_name
  from selected_windows w
  cross join ({{ model_monitor.gate_literal_rows('feature_name', checked) }}) f
),
checked as (
  select e.window_start, e.feature_name, d.drift_status,
         cast(d.{{ model_monitor.quote_identifier(metric) }} as {{ model_monitor.type_double() }}) as metric_value
  from expected e
  left join scoped d on d.window_start = e.window_start and d.feature_name = e.feature_name
),
outcomes as (
  select {{ model_monitor.string_literal(monitor) }} as monitor_name, window_start, feature_name as subject,
         {{ model_monitor.string_literal(metric) }} as metric_name, metric_value,
         cast({{ threshold }} as {{ model_monitor.type_double() }}) as threshold,
         case when metric_value is null or drift_status is null or drift_status = 'no_data' then 'no_data'
              when metric_value {{ breach }} {{ threshold }} then 'fail' else 'pass' end as gate_status
  from checked
  union all
  select {{ model_monitor.string_literal(monitor) }}, cast(null as {{ dbt.type_timestamp() }}), cast(null as {{ dbt.type_string() }}),
         {{ model_monitor.string_literal(metric) }}, cast(null as {{ model_monitor.type_double() }}),
         cast({{ threshold }} as {{ model_monitor.type_double() }}), 'no_data'
  where not exists (select 1 from selected_windows)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{%- endset -%}
{{ model_monitor.gate_report(test_name, sql) }}
{% endtest %}
