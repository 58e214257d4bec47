{#- The select of the windows a mart gate checks, from relation `scoped` (one monitor's rows):
    'latest' (the newest window), 'all', or a UTC timestamp 'YYYY-MM-DD[ HH:MM[:SS]]' (the window
    containing it); windows_back = n moves n windows back from the chosen one (not with 'all'). The `window` argument wins over the var
    model_monitor_gate_window, then the environment variable MODEL_MONITOR_GATE_WINDOW (changing
    it does not make dbt re-parse the whole project, as changing --vars does), then 'latest'. -#}
{% macro gate_windows(test_name, scoped, window, windows_back) %}
  {#- read only when the test runs: an env var read while parsing would make dbt re-parse -#}
  {%- set from_env = env_var('MODEL_MONITOR_GATE_WINDOW', '') if execute else '' -%}
  {%- set choice = window if window is not none
        else var('model_monitor_gate_window', from_env or 'latest') -%}
  {%- set choice = choice | string -%}
  {%- set back = model_monitor.gate_number(test_name, 'windows_back', windows_back, minimum=0) -%}
  {%- if back is not integer -%}
    {{ model_monitor.gate_error(test_name, 'windows_back', "expected a whole number >= 0, got " ~ back) }}
  {%- endif -%}
  {%- if choice == 'all' -%}
    select distinct window_start, window_end from {{ scoped }}
  {%- elif choice == 'latest' -%}
    select window_start, window_end
    from (select window_start, window_end, dense_rank() over (order by window_start desc) as window_rank
          from (select distinct window_start, window_end from {{ scoped }}) distinct_windows) ranked
    where window_rank = {{ back + 1 }}
  {%- elif modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?', choice) -%}
    {%- set problem = model_monitor.utc_timestamp_problem(choice) -%}
    {%- if problem -%}{{ model_monitor.gate_error(test_name, 'window', problem) }}{%- endif -%}
    {%- set at = model_monitor.timestamp_literal(modules.datetime.datetime.fromisoformat(choice.replace('T', ' '))) -%}
    {%- if back == 0 %}
    select distinct window_start, window_end from {{ scoped }}
    where window_start <= {{ at }} and {{ at }} < window_end
    {%- else %}
    select window_start, window_end
    from (select window_start, window_end, dense_rank() over (order by window_start desc) as window_rank
          from (select distinct window_start, window_end from {{ scoped }} where window_start <= {{ at }}) distinct_windows) ranked
    where window_rank = {{ back + 1 }}
      and exists (select 1 from {{ scoped }} where window_start <= {{ at }} and {{ at }} < window_end)
    {%- endif %}
  {%- else -%}
    {{ model_monitor.gate_error(test_name, 'window', "expected latest, all or a UTC date/timestamp 'YYYY-MM-DD[ HH:MM[:SS]]' (argument, var model_monitor_gate_window or env MODEL_MONITOR_GATE_WINDOW), got '" ~ choice ~ "'") }}
  {%- endif -%}
{% endmacro %}
