{#- CTEs `<p>scan`, `<p>spine` and `<p>stats`: one read of the monitor's operational columns (new
    windows and the lookback only), every window from the first to the last with data, and per
    window the row count and the latency quantiles, cost and token means over finite values
    (NULL, NaN and infinities are ignored; a window without finite values gets NULL). -#}
{% macro operational_window_stats_ctes(p, monitor, columns, start) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set scan_filter = ts ~ " is not null and " ~ model_monitor.as_of_filter(ts) -%}
  {%- if start is not none -%}
    {%- set scan_filter = ts ~ " >= " ~ model_monitor.timestamp_literal(start) ~ " and " ~ scan_filter -%}
  {%- endif -%}
  {%- set numeric = {'latency_ms_column': 'latency_ms', 'cost_column': 'cost',
                     'input_tokens_column': 'input_tokens', 'output_tokens_column': 'output_tokens'} -%}
    {{ p }}scan as (
      select {{ model_monitor.window_trunc(monitor['window'], ts) }} as window_start
        {%- for key, alias in numeric.items() if monitor[key] %}
        {%- set value = "cast(" ~ model_monitor.quoted_column(columns['names'], monitor[key]) ~ " as " ~ double ~ ")" %}
        , case when {{ model_monitor.is_finite(value) }} then {{ value }} end as {{ alias }}
        {%- endfor %}
        {%- if monitor['prompt_version_column'] %}
        , cast({{ model_monitor.quoted_column(columns['names'], monitor['prompt_version_column']) }} as {{ dbt.type_string() }}) as prompt_version
        {%- endif %}
      from {{ monitor['relation'] }}
      where {{ scan_filter }}
    ),
    {{ p }}spine as (
      {{ model_monitor.window_series(monitor['window'],
           model_monitor.timestamp_literal(start) if start is not none else "(select min(window_start) from " ~ p ~ "scan)",
           "(select max(window_start) from " ~ p ~ "scan)") }}
    ),
    {{ p }}stats as (
      select spine.window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'spine.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             count(scan.window_start) as row_count
             {%- if monitor['latency_ms_column'] %}
             {%- for q in [50, 95, 99] %}
             , cast({{ model_monitor.quantile_linear('scan.latency_ms', q / 100) }} as {{ double }}) as latency_p{{ q }}
             {%- endfor %}
             {%- endif %}
             {%- if monitor['cost_column'] %}
             , 1000 * avg(scan.cost) as cost_per_1000_predictions
             , avg(scan.cost) as cost_per_call
             {%- endif %}
             {%- if monitor['input_tokens_column'] %}
             , avg(scan.input_tokens) as mean_input_tokens
             {%- endif %}
             {%- if monitor['output_tokens_column'] %}
             , avg(scan.output_tokens) as mean_output_tokens
             {%- endif %}
      from {{ p }}spine as spine
      left join {{ p }}scan as scan on scan.window_start = spine.window_start
      group by 1, 2
    ),
{% endmacro %}
