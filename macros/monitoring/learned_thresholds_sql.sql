{#- Thresholds learned from the reference (`thresholds: {psi: {method: reference_variability,
    warn_sigmas: 2, alert_sigmas: 3}}`, as NannyML sets its defaults): each window that lies
    wholly inside the monitor's fixed reference period is compared with the rest of that period
    (the reference's bin counts minus the window's, from the stored histograms: no scan), with the
    same SQL as every window's statistic (drift_share_ctes, binned_sums_cte,
    binned_statistic_sql). Over those windows, per feature and metric: n, the mean and the sample
    standard deviation (ddof = 1) of the statistic; warn = mean + warn_sigmas * sd and alert =
    mean + alert_sigmas * sd. Windows where the statistic is NULL (no values) do not count. With
    fewer than 2 windows, or a standard deviation of 0 (at most 1e-12: every window gave the
    same value, e.g. a feature constant in the reference, where a threshold equal to that value
    would flag every window like the reference), the thresholds are NULL and the rule does not
    judge that feature; the row shows why (reference_windows, sd_value). CTEs ending in
    `<p>result`; none when the monitor learns nothing. -#}
{% macro learned_thresholds_ctes(p, monitor, histograms) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set metrics = model_monitor.learned_metrics(monitor) -%}
  {%- if not metrics -%}{{ return(none) }}{%- endif -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- set reference = monitor['reference'] -%}
  {%- set paired -%}
      select w.feature_name, w.feature_type, w.window_start, w.window_end, w.bin_label,
             r.window_start as reference_start, r.window_end as reference_end,
             cast(w.row_count as {{ double }}) as window_count,
             cast(r.row_count - w.row_count as {{ double }}) as reference_count,
             w.period_row_count, w.period_null_count, w.period_invalid_count,
             r.period_row_count - w.period_row_count as reference_row_count,
             r.period_null_count - w.period_null_count as reference_null_count
      from {{ histograms }} as w
      join {{ histograms }} as r
        on r.monitor_name = w.monitor_name and r.feature_name = w.feature_name and r.bin_index = w.bin_index
       and r.is_reference and {{ model_monitor.reference_period_filter(monitor, 'r.window_start', 'r.window_end') }}
      where w.monitor_name = {{ name }} and not w.is_reference
        and w.window_start >= {{ model_monitor.timestamp_literal(reference['start']) }}
        and w.window_end <= {{ model_monitor.timestamp_literal(reference['end']) }}
  {%- endset -%}
  {%- set ctes -%}
    {{ model_monitor.drift_share_ctes(p, monitor, histograms, none, paired) }}
    {{ model_monitor.binned_sums_cte(p) }}
    {{ p }}window_statistics as (
      select feature_name, feature_type, window_start,
             {%- for metric in metrics %}
             {{ model_monitor.binned_statistic_sql(metric) }} as {{ metric }}{{ "," if not loop.last }}
             {%- endfor %}
      from (
        select sums.*, coalesce(window_binned, 0) > 0 and coalesce(reference_binned, 0) > 0 as comparable
        from {{ p }}sums as sums
      ) as sums
    ),
    {{ p }}learned as (
      {%- for metric in metrics %}
      select feature_name, cast('{{ metric }}' as {{ dbt.type_string() }}) as metric_name,
             count({{ metric }}) as reference_windows,
             avg({{ metric }}) as mean_value,
             stddev_samp({{ metric }}) as sd_value
      from {{ p }}window_statistics
      group by feature_name
      {% if not loop.last %}union all{% endif %}
      {%- endfor %}
    ),
    {{ p }}settings as (
      {{ model_monitor.learned_settings_sql(monitor, metrics) }}
    ),
    {{ p }}result as (
      select {{ name }} as monitor_name, s.feature_name, s.metric_name,
             {{ model_monitor.timestamp_literal(reference['start']) }} as reference_start,
             {{ model_monitor.timestamp_literal(reference['end']) }} as reference_end,
             cast(coalesce(l.reference_windows, 0) as {{ dbt.type_bigint() }}) as reference_windows,
             cast(l.mean_value as {{ double }}) as mean_value,
             cast(case when l.reference_windows >= 2 then l.sd_value end as {{ double }}) as sd_value,
             s.warn_sigmas, s.alert_sigmas,
             cast(case when l.reference_windows >= 2 and l.sd_value > 1e-12 then l.mean_value + s.warn_sigmas * l.sd_value end as {{ double }}) as warn_threshold,
             cast(case when l.reference_windows >= 2 and l.sd_value > 1e-12 then l.mean_value + s.alert_sigmas * l.sd_value end as {{ double }}) as alert_threshold
      from {{ p }}settings as s
      left join {{ p }}learned as l on l.feature_name = s.feature_name and l.metric_name = s.metric_name
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- One row per feature and learned metric of the monitor: its warn_sigmas and alert_sigmas
    (NULL for a level not learned), from the validated configuration. -#}
{% macro learned_settings_sql(monitor, metrics) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set rows = [] -%}
  {%- for f in monitor['features'] -%}
    {%- for metric in metrics if 'method' in (f['thresholds'].get(metric) or {}) -%}
      {%- set levels = f['thresholds'][metric] -%}
      {%- do rows.append("select " ~ model_monitor.string_literal(f['name']) ~ " as feature_name, cast('" ~ metric ~ "' as " ~ dbt.type_string() ~ ") as metric_name, "
            ~ "cast(" ~ (levels['warn_sigmas'] if levels['warn_sigmas'] is not none else 'null') ~ " as " ~ double ~ ") as warn_sigmas, "
            ~ "cast(" ~ (levels['alert_sigmas'] if levels['alert_sigmas'] is not none else 'null') ~ " as " ~ double ~ ") as alert_sigmas") -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ rows | join('\n      union all ') }}
{%- endmacro %}

{#- Compile-time checks of learned thresholds: a fixed reference period holding at least two whole
    windows (the windows are compared with the rest of the period). -#}
{% macro check_learned_thresholds(monitor) %}
  {%- if not model_monitor.learned_metrics(monitor) -%}{{ return('') }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] != 'period' -%}
    {{ model_monitor.config_error(monitor['name'], 'thresholds', "reference_variability learns from the windows of a fixed reference period (reference: {start, end}); this monitor's reference is " ~ ('a relation' if reference['kind'] == 'relation' else 'moving (' ~ reference['setting'] ~ ')')) }}
  {%- endif -%}
  {%- set length = model_monitor.window_timedelta(monitor['window']) -%}
  {%- set epoch = modules.datetime.datetime(2000, 1, 3) -%}  {#- a Monday: week windows start on Mondays -#}
  {%- set first = epoch + length * (((reference['start'] - epoch) / length) | round(0, 'ceil') | int) -%}
  {%- set whole = ((reference['end'] - first) / length) | round(0, 'floor') | int -%}
  {%- if whole < 2 -%}
    {{ model_monitor.config_error(monitor['name'], 'thresholds', "reference_variability needs a reference period of at least two whole " ~ monitor['window'] ~ " windows, and [" ~ reference['start'] ~ ", " ~ reference['end'] ~ ") holds " ~ whole) }}
  {%- endif -%}
{% endmacro %}
