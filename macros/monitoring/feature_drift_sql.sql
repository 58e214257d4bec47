{#- One monitor's drift as CTEs ending in `<p>result`: each window's bin counts paired with its
    reference's, turned into shares and then into PSI, Jensen-Shannon distance, Hellinger and KL
    divergence (definitions in README), data quality rates and a status. -#}
{% macro feature_drift_ctes(p, monitor, histograms, window_values, reference_values, udfs) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set trailing = monitor['reference']['kind'] == 'trailing_windows' -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set partition = 'partition by feature_name, window_start' -%}
  {%- set ctes -%}
    {{ model_monitor.distribution_distance_ctes(p, monitor, window_values, reference_values, start) }}
    {{ p }}paired as (
      select w.feature_name, w.feature_type, w.window_start, w.window_end, w.bin_label,
             r.window_start as reference_start, r.window_end as reference_end,
             cast(w.row_count as {{ double }}) as window_count,
             cast(r.row_count as {{ double }}) as reference_count,
             w.period_row_count, w.period_null_count, w.period_invalid_count,
             r.period_row_count as reference_row_count, r.period_null_count as reference_null_count
      from {{ histograms }} as w
      left join (
        select * from {{ histograms }}
        where monitor_name = {{ model_monitor.string_literal(monitor['name']) }} and is_reference
          and {{ model_monitor.reference_period_filter(monitor, 'window_start', 'window_end', start) }}
      ) as r
        on r.feature_name = w.feature_name and r.bin_index = w.bin_index
       {% if trailing %}and r.window_end = w.window_start{% endif %}
      where w.monitor_name = {{ model_monitor.string_literal(monitor['name']) }} and not w.is_reference
      {% if start is not none %}and w.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
    ),
    {{ p }}shares as (
      select paired.*,
             case when window_binned > 0 then window_count / window_binned end as a,
             case when reference_binned > 0 then reference_count / reference_binned end as e
      from (
        select paired.*,
               sum(window_count) over ({{ partition }}) as window_binned,
               sum(reference_count) over ({{ partition }}) as reference_binned
        from {{ p }}paired as paired
      ) as paired
    ),
    {{ p }}clipped as (
      -- shares clipped to [1e-6, 1] for PSI and KL, as INTERFACE.md's reference function
      select shares.*,
             case when a is not null then least(greatest(a, cast(1e-6 as {{ double }})), cast(1 as {{ double }})) end as a_clip,
             case when e is not null then least(greatest(e, cast(1e-6 as {{ double }})), cast(1 as {{ double }})) end as e_clip
      from {{ p }}shares as shares
    ),
    {{ p }}terms as (
      select clipped.*,
             -- scipy.stats.entropy renormalises the clipped shares before the sum
             a_clip / sum(a_clip) over ({{ partition }}) as a_norm,
             e_clip / sum(e_clip) over ({{ partition }}) as e_norm,
             -- expected counts of the 2 x K reference-vs-window table (chi2_contingency)
             case when window_binned > 0 and reference_binned > 0
                  then window_binned * (window_count + reference_count) / (window_binned + reference_binned) end as window_expected,
             case when window_binned > 0 and reference_binned > 0
                  then reference_binned * (window_count + reference_count) / (window_binned + reference_binned) end as reference_expected
      from {{ p }}clipped as clipped
    ),
    {{ p }}sums as (
      select feature_name, feature_type, window_start, window_end,
             max(reference_start) as reference_start, max(reference_end) as reference_end,
             max(period_row_count) as row_count, max(period_null_count) as null_count,
             max(period_invalid_count) as invalid_count,
             max(window_binned) as window_binned, max(reference_binned) as reference_binned,
             max(reference_row_count) as reference_row_count,
             max(reference_null_count) as reference_null_count,
             sum(case when bin_label = '__unseen__' then window_count else 0 end) as unseen_count,
             sum((a_clip - e_clip) * ln(a_clip / e_clip)) as psi_sum,
             sum(case when a > 0 then a * ln(a / ((a + e) / 2)) else 0 end
                 + case when e > 0 then e * ln(e / ((a + e) / 2)) else 0 end) as js_sum,
             sum((sqrt(e) - sqrt(a)) * (sqrt(e) - sqrt(a))) as hellinger_sum,
             sum(a_norm * ln(a_norm / e_norm)) as kl_sum,
             sum(case when window_count + reference_count > 0 and window_expected is not null
                      then (window_count - window_expected) * (window_count - window_expected) / window_expected
                         + (reference_count - reference_expected) * (reference_count - reference_expected) / reference_expected
                 end) as chi2_sum,
             sum(case when window_count + reference_count > 0 then 1 else 0 end) as chi2_columns
      from {{ p }}terms
      group by 1, 2, 3, 4
    ),
    {{ p }}metrics as (
      select sums.feature_name, feature_type, sums.window_start, window_end, reference_start, reference_end,
             row_count, null_count, invalid_count, reference_row_count,
             coalesce(window_binned, 0) > 0 and coalesce(reference_binned, 0) > 0 as comparable,
             coalesce(reference_binned, 0) > 0 as has_reference,
             case when row_count > 0 then cast(null_count as {{ double }}) / row_count end as null_rate,
             case when reference_row_count > 0 then cast(reference_null_count as {{ double }}) / reference_row_count end as reference_null_rate,
             case when feature_type = 'categorical' and window_binned > 0 then unseen_count / window_binned end as new_category_rate,
             psi_sum, js_sum, hellinger_sum, kl_sum,
             -- empty columns dropped; one column left means no degree of freedom (statistic 0)
             case when feature_type = 'categorical' and coalesce(window_binned, 0) > 0 and coalesce(reference_binned, 0) > 0
                  then case when chi2_columns > 1 then chi2_sum else 0 end end as chi2_statistic,
             chi2_columns - 1 as chi2_dof,
             d.ks_statistic, d.wasserstein, d.reference_value_count, d.window_value_count
      from {{ p }}sums as sums
      left join {{ p }}distances as d on d.feature_name = sums.feature_name and d.window_start = sums.window_start
    ),
    {{ p }}statistics as (
      select metrics.*,
             null_rate - reference_null_rate as null_rate_increase,
             case when comparable then psi_sum end as psi,
             -- scipy.spatial.distance.jensenshannon(e, a, base=2)
             case when comparable then sqrt(greatest(js_sum / ln(cast(2 as {{ double }})) / 2, cast(0 as {{ double }}))) end as js_distance,
             case when comparable then sqrt(hellinger_sum) / sqrt(cast(2 as {{ double }})) end as hellinger,
             case when comparable then kl_sum end as kl_divergence,
             {{ model_monitor.call_udf('model_monitor_ks_2samp_pvalue', ['ks_statistic', 'cast(reference_value_count as ' ~ dbt.type_bigint() ~ ')', 'cast(window_value_count as ' ~ dbt.type_bigint() ~ ')'], udfs) }} as ks_pvalue,
             case when chi2_statistic is null then null
                  when chi2_dof = 0 then cast(1 as {{ double }})
                  else {{ model_monitor.call_udf('model_monitor_chi2_sf', ['chi2_statistic', 'cast(chi2_dof as ' ~ dbt.type_bigint() ~ ')'], udfs) }}
             end as chi2_pvalue
      from {{ p }}metrics as metrics
    ),
    {{ p }}levels as (
      select s.*,
             {%- for metric in model_monitor.drift_threshold_metrics() %}
             {{ model_monitor.severity_level(metric) }} as {{ metric }}_level{{ "," if not loop.last }}
             {%- endfor %}
      from {{ p }}statistics as s
      join ({{ model_monitor.drift_thresholds_sql(monitor) }}) as t on t.feature_name = s.feature_name
    ),
    {{ p }}result as (
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
             feature_name, feature_type, window_start, window_end,
             {{ model_monitor.bigint_columns(['row_count', 'null_count']) }},
             null_rate,
             cast(invalid_count as {{ dbt.type_bigint() }}) as invalid_count,
             new_category_rate, psi, js_distance, hellinger, kl_divergence,
             wasserstein, ks_statistic,
             cast(ks_pvalue as {{ double }}) as ks_pvalue,
             chi2_statistic,
             cast(chi2_pvalue as {{ double }}) as chi2_pvalue,
             {{ model_monitor.drift_status_sql() }} as drift_status,
             {{ model_monitor.drift_reason_sql() }} as drift_reason,
             null_rate_increase,
             reference_start, reference_end,
             cast(reference_row_count as {{ dbt.type_bigint() }}) as reference_row_count,
             reference_null_rate
      from {{ p }}levels
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- no_data for an empty window or a reference without values; else the worst rule's level. -#}
{% macro drift_status_sql() -%}
  case when row_count = 0 or not has_reference then 'no_data'
       else case greatest(
         {%- for metric in model_monitor.drift_threshold_metrics() %}coalesce({{ metric }}_level, 0){{ ", " if not loop.last }}{% endfor -%}
       ) when 2 then 'alert' when 1 then 'warn' else 'ok' end
  end
{%- endmacro %}

{#- The first metric (in drift_threshold_metrics order) at the window's worst level, when that
    level is warn or alert. -#}
{% macro drift_reason_sql() -%}
  case when row_count = 0 or not has_reference then null
  {%- for level in [2, 1] %}
  {%- for metric in model_monitor.drift_threshold_metrics() %}
       when {{ metric }}_level = {{ level }}
        and greatest({% for other in model_monitor.drift_threshold_metrics() %}coalesce({{ other }}_level, 0){{ ", " if not loop.last }}{% endfor %}) = {{ level }}
       then '{{ metric }}'
  {%- endfor %}
  {%- endfor %}
  end
{%- endmacro %}
