{#- CTEs `<p>paired` .. `<p>terms`: each window's bin counts next to its reference's, as shares,
    clipped shares (PSI, KL) and renormalised clipped shares and expected counts (KL, chi-square).
    `paired_sql` replaces the pairing (learned_thresholds_ctes pairs each reference window with
    the rest of the reference), with the same columns. -#}
{% macro drift_share_ctes(p, monitor, histograms, start, paired_sql=none) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set trailing = monitor['reference']['kind'] == 'trailing_windows' -%}
  {%- set partition = 'partition by feature_name, window_start' -%}
    {{ p }}paired as (
      {%- if paired_sql is not none %}
      {{ paired_sql }}
      {%- else %}
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
      {%- endif %}
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
{% endmacro %}
