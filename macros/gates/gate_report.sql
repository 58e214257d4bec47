{#- A mart gate's SQL, returned unchanged; when dbt runs the test (`dbt test` or `dbt build`), its
    failing rows are first logged readably, at most 20, so a failure says what failed without
    opening the compiled SQL or an audit table, e.g.
      model_monitor.drift_within fail: monitor car_loan, window 2026-02-19, credit_score: psi 0.4106 (threshold 0.25)
    `sql` selects the gate's outcome rows (monitor_name, window_start, subject, metric_name,
    metric_value, threshold, gate_status); only failing (or no_data) rows are ever selected. -#}
{% macro gate_report(test_name, sql) %}
  {%- if execute and flags.WHICH in ['test', 'build'] -%}
    {%- set found = run_query("select * from (" ~ sql ~ ") as failing_rows") -%}
    {%- set total = found.rows | length -%}
    {%- for row in found.rows[:20] -%}
      {%- set value = row['metric_value'] -%}
      {%- set shown = ('%.6g' | format(value)) if value is number else 'no value' -%}
      {%- set limit = ('%.6g' | format(row['threshold'])) if row['threshold'] is number else 'none' -%}
      {{ log("model_monitor." ~ test_name ~ " " ~ row['gate_status'] ~ ": monitor " ~ row['monitor_name']
             ~ ", window " ~ (row['window_start'] if row['window_start'] is not none else 'none')
             ~ (", " ~ row['subject'] if row['subject'] is not none else '')
             ~ ": " ~ row['metric_name'] ~ " " ~ shown ~ " (threshold " ~ limit ~ ")", info=true) }}
    {%- endfor -%}
    {%- if total > 20 -%}
      {{ log("model_monitor." ~ test_name ~ ": ... and " ~ (total - 20) ~ " more failing rows (store_failures keeps them all)", info=true) }}
    {%- endif -%}
  {%- endif -%}
  {{ return(sql) }}
{% endmacro %}
