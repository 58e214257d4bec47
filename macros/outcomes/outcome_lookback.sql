{#- How far back an incremental run recomputes a monitor's prediction-outcome rows and performance,
    as a timedelta: outcome_lookback_days when the monitor has outcomes (so late labels land), else
    the drift models' lookback_windows (without outcomes only late predictions can change a
    window, and those are what lookback_windows is for), so that a run's cost grows with the new
    windows and not with the history. -#}
{% macro outcome_lookback(monitor) %}
  {%- if monitor['outcomes'] is none -%}
    {{ return(model_monitor.window_timedelta(monitor['window']) * monitor['lookback_windows']) }}
  {%- endif -%}
  {{ return(modules.datetime.timedelta(days=monitor['outcome_lookback_days'])) }}
{% endmacro %}
