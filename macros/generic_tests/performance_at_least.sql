{#- model_monitor.performance_at_least: in the checked window(s), every model version's `metric` in
    model_monitor__performance is at least `threshold` and, with `max_drop`, at most `max_drop`
    below the median of its per-window values in the reference period (for error metrics such as
    log_loss or rmse "at least as good" means: at most `threshold`, at most `max_drop` above). -#}
{% test performance_at_least(model, monitor, metric, threshold=none, max_drop=none, reference=none,
                             model_version=none, segment_name='__all__', segment_value='__all__',
                             window=none, windows_back=0, no_data='fail') %}
  {%- set test_name = 'performance_at_least' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_choice(test_name, 'metric', metric, model_monitor.metric_names(gate=test_name), 'metric') -%}
  {%- set entry = model_monitor.metric_entry(metric) -%}
  {%- do model_monitor.gate_number(test_name, 'threshold', threshold, required=false) -%}
  {%- do model_monitor.gate_number(test_name, 'max_drop', max_drop, minimum=0, required=false) -%}
  {%- if threshold is none and max_drop is none -%}
    {{ model_monitor.gate_error(test_name, 'threshold', "give threshold (an absolute floor), max_drop (relative to the reference period) or both") }}
  {%- endif -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- set period = none -%}
  {%- if config is not none -%}
    {%- if config['task'] not in entry['applies_to'] -%}
      {{ model_monitor.gate_error(test_name, 'metric', "metric '" ~ metric ~ "' is not computed for monitor '" ~ monitor ~ "' (task " ~ config['task'] ~ ")") }}
    {%- endif -%}
    {%- if config.get('outcomes') is none and entry.get('needs_outcomes') -%}
      {{ model_monitor.gate_error(test_name, 'monitor', "monitor '" ~ monitor ~ "' declares no outcomes: metric '" ~ metric ~ "' is never computed") }}
    {%- endif -%}
    {#- the task computes it (checked above), so only a missing error model leaves it out -#}
    {%- if metric not in model_monitor.monitor_performance_metrics(config) -%}
      {{ model_monitor.gate_error(test_name, 'metric', "metric '" ~ metric ~ "' needs estimation: {error_model: prediction_bins} on monitor '" ~ monitor ~ "'; it is never computed without it") }}
    {%- endif -%}
    {%- if max_drop is not none -%}
      {%- set period = model_monitor.gate_reference_period(test_name, reference) if reference is not none else config['reference'] -%}
      {%- if period['kind'] != 'period' -%}
        {{ model_monitor.gate_error(test_name, 'reference', "max_drop needs a reference period: monitor '" ~ monitor ~ "' has a " ~ period['kind'] ~ " reference; pass reference: {start: ..., end: ...}") }}
      {%- endif -%}
    {%- endif -%}
  {%- endif -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set worse = '>' if entry['worse'] == 'higher' else '<' -%}
  {%- set sign = '+' if entry['worse'] == 'higher' else '-' -%}
{%- set sql -%}
with scoped as (
  select * from {{ ref('model_monitor__performance') }}
  where monitor_name = {{ model_monitor.string_literal(monitor) }}
    and segment_name = {{ model_monitor.string_literal(segment_name) }}
    and segment_value = {{ model_monitor.string_literal(segment_value) }}
  {%- if model_version is not none %}
    and model_version = {{ model_monitor.string_literal(model_version) }}
  {%- endif %}
),
selected_windows as (
  {{ model_monitor.gate_windows(test_name, 'scoped', window, windows_back) }}
),
{%- if period is not none %}
reference_values as (
  select model_version, {{ model_monitor.quantile_linear("cast(" ~ model_monitor.quote_identifier(metric) ~ ' as ' ~ double ~ ')', 0.5) }} as reference_value
  from scoped
  where window_start >= {{ model_monitor.timestamp_literal(period['start']) }}
    and window_end <= {{ model_monitor.timestamp_literal(period['end']) }}
    and {{ model_monitor.quote_identifier(metric) }} is not null
  group by model_version
),
{%- endif %}
checked as (
  select p.window_start, p.model_version, p.performance_status,
         cast(p.{{ model_monitor.quote_identifier(metric) }} as {{ double }}) as metric_value,
         {% if period is not none %}r.reference_value{% else %}cast(null as {{ double }}){% endif %} as reference_value
  from selected_windows w
  join scoped p on p.window_start = w.window_start
  {%- if period is not none %}
  left join reference_values r
    on r.model_version = p.model_version or (r.model_version is null and p.model_version is null)
  {%- endif %}
),
outcomes as (
  select {{ model_monitor.string_literal(monitor) }} as monitor_name, window_start, model_version as subject,
         {{ model_monitor.string_literal(metric) }} as metric_name, metric_value, reference_value,
         cast({{ threshold if threshold is not none else 'null' }} as {{ double }}) as threshold,
         {% if max_drop is not none %}reference_value {{ sign }} {{ max_drop }}{% else %}cast(null as {{ double }}){% endif %} as relative_threshold,
         case when metric_value is null {% if max_drop is not none %}or reference_value is null {% endif %}then 'no_data'
              {%- if threshold is not none %}
              when metric_value {{ worse }} {{ threshold }} then 'fail'
              {%- endif %}
              {%- if max_drop is not none %}
              when metric_value {{ worse }} reference_value {{ sign }} {{ max_drop }} then 'fail'
              {%- endif %}
              else 'pass' end as gate_status
  from checked
  union all
  select {{ model_monitor.string_literal(monitor) }}, cast(null as {{ dbt.type_timestamp() }}), cast(null as {{ dbt.type_string() }}),
         {{ model_monitor.string_literal(metric) }}, cast(null as {{ double }}), cast(null as {{ double }}),
         cast({{ threshold if threshold is not none else 'null' }} as {{ double }}), cast(null as {{ double }}), 'no_data'
  where not exists (select 1 from checked)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{%- endset -%}
{{ model_monitor.gate_report(test_name, sql) }}
{% endtest %}
