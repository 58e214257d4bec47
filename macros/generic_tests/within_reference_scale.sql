{#- model_monitor.within_reference_scale: the finite values of `column_name` keep the reference's
    scale: the median moves by at most `max_location_shift` reference IQRs,
    |median - ref_median| / ref_iqr <= max_location_shift, and the IQR stays within a factor
    `max_spread_ratio` of the reference's, 1 / max_spread_ratio <= iqr / ref_iqr <= max_spread_ratio
    (quantiles interpolated linearly, as numpy.quantile; NULL, NaN and +/-inf ignored). Catches unit
    errors such as values x1000. A reference IQR of 0 (a constant) tolerates no change at all. -#}
{% test within_reference_scale(model, column_name, reference, reference_column=none, reference_where=none,
                               max_location_shift=1.0, max_spread_ratio=3.0, no_data='fail') %}
  {%- set test_name = 'within_reference_scale' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'max_location_shift', max_location_shift, minimum=0) -%}
  {%- do model_monitor.gate_number(test_name, 'max_spread_ratio', max_spread_ratio, minimum=1) -%}
  {%- set reference_rows = model_monitor.gate_reference(test_name, reference, reference_where) -%}
  {%- set column = model_monitor.gate_find_column(test_name, 'column_name', model_monitor.gate_columns(model), column_name, "the tested model " ~ model) -%}
  {%- set ref_column = model_monitor.gate_find_column(test_name, 'reference_column', model_monitor.gate_columns(reference),
                                                       reference_column or column_name, "reference " ~ reference) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set value = "cast(" ~ model_monitor.quote_identifier(column) ~ " as " ~ double ~ ")" -%}
  {%- set ref_value = "cast(" ~ model_monitor.quote_identifier(ref_column) ~ " as " ~ double ~ ")" -%}
with current_stats as (
  select count(*) as value_count,
         {{ model_monitor.quantile_linear('v', 0.5) }} as median,
         {{ model_monitor.quantile_linear('v', 0.75) }} - {{ model_monitor.quantile_linear('v', 0.25) }} as iqr
  from (select {{ value }} as v from {{ model }}) current_rows
  where v is not null and {{ model_monitor.is_finite('v') }}
),
reference_stats as (
  select count(*) as value_count,
         {{ model_monitor.quantile_linear('v', 0.5) }} as median,
         {{ model_monitor.quantile_linear('v', 0.75) }} - {{ model_monitor.quantile_linear('v', 0.25) }} as iqr
  from (select {{ ref_value }} as v from {{ reference_rows }} reference_rows) reference_values
  where v is not null and {{ model_monitor.is_finite('v') }}
),
compared as (
  select c.value_count, c.median, c.iqr, r.value_count as reference_value_count,
         r.median as reference_median, r.iqr as reference_iqr,
         case when r.iqr > 0 then abs(c.median - r.median) / r.iqr
              when c.median = r.median then 0 end as location_shift,
         case when r.iqr > 0 then c.iqr / r.iqr when c.iqr = 0 then 1 end as spread_ratio
  from current_stats c cross join reference_stats r
),
outcomes as (
  select {{ model_monitor.string_literal(column) }} as column_name, compared.*,
         cast({{ max_location_shift }} as {{ double }}) as max_location_shift,
         cast({{ max_spread_ratio }} as {{ double }}) as max_spread_ratio,
         case when value_count = 0 or reference_value_count = 0 then 'no_data'
              when location_shift is null or location_shift > {{ max_location_shift }}
                or spread_ratio is null or spread_ratio > {{ max_spread_ratio }}
                or spread_ratio < 1.0 / {{ max_spread_ratio }} then 'fail'
              else 'pass' end as gate_status
  from compared
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{% endtest %}
