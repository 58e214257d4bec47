{#- model_monitor.fresh_within: at the monitor's latest run in model_monitor__freshness, the newest
    prediction is at most `max_prediction_lag` old and the newest outcome at most
    `max_outcome_lag` old (seconds, or {count: N, period: second|minute|hour|day}). Returns one
    row per lag over its SLA, and per lag with no data (no run yet, no prediction or outcome seen:
    see gate_no_data). -#}
{% test fresh_within(model, monitor, max_prediction_lag=none, max_outcome_lag=none, no_data='fail') %}
  {%- set test_name = 'fresh_within' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- set limits = [] -%}
  {%- for argument, metric, value in [('max_prediction_lag', 'prediction_lag_seconds', max_prediction_lag),
                                      ('max_outcome_lag', 'outcome_lag_seconds', max_outcome_lag)] if value is not none -%}
    {%- do limits.append((metric, model_monitor.lag_seconds(test_name, argument, value))) -%}
  {%- endfor -%}
  {%- if limits | length == 0 -%}
    {{ model_monitor.gate_error(test_name, 'max_prediction_lag', "give max_prediction_lag and/or max_outcome_lag (seconds, or {count: N, period: hour})") }}
  {%- endif -%}
  {%- set config = model_monitor.gate_monitor(test_name, monitor) -%}
  {%- if config is not none and max_outcome_lag is not none
        and (config['outcomes'] is none or not config['outcomes']['timestamp_column']) -%}
    {{ model_monitor.gate_error(test_name, 'max_outcome_lag', "monitor '" ~ monitor ~ "' declares no outcomes.timestamp_column: the outcome lag is never measured") }}
  {%- endif -%}
  {%- set double = model_monitor.type_double() -%}
with latest_run as (
  select * from {{ ref('model_monitor__freshness') }}
  where monitor_name = {{ model_monitor.string_literal(monitor) }}
    and measured_at = (select max(measured_at) from {{ ref('model_monitor__freshness') }}
                       where monitor_name = {{ model_monitor.string_literal(monitor) }})
),
limits as (
  {%- for metric, seconds in limits %}
  select {{ model_monitor.string_literal(metric) }} as metric_name, cast({{ seconds }} as {{ double }}) as threshold
  {%- if not loop.last %} union all{% endif %}
  {%- endfor %}
),
outcomes as (
  select {{ model_monitor.string_literal(monitor) }} as monitor_name, r.measured_at, l.metric_name,
         cast(case l.metric_name when 'prediction_lag_seconds' then r.prediction_lag_seconds
                                 else r.outcome_lag_seconds end as {{ double }}) as metric_value,
         l.threshold
  from limits l
  left join latest_run r on 1 = 1
),
judged as (
  select monitor_name, measured_at, metric_name, metric_value, threshold,
         case when metric_value is null then 'no_data'
              when metric_value > threshold then 'fail' else 'pass' end as gate_status
  from outcomes
)
select * from judged where {{ model_monitor.gate_outcome_filter(no_data) }}
{% endtest %}
