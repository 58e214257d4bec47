{#- What is wrong now: one row per monitor x subject (each feature, each performance slice of a
    model version and segment, the monitor's freshness, each operational subject, each SLO) with
    its latest window's status, the metric that set it with its value and thresholds, and since
    which window that status has held without a break. A view over model_monitor__metrics and
    model_monitor__slos (both small), so it is always current. Definitions: status_sql.sql. -#}
{{ config(materialized='view') }}

{{ model_monitor.status_sql(ref('model_monitor__metrics'), ref('model_monitor__slos')) }}
