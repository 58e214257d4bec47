{#- CTEs ending in `<p>result`: one row per prediction (monitor, prediction_id, model_version)
    with its outcome. A prediction id scored twice by one model version keeps its latest row
    (then the higher score); an id with several outcomes keeps the latest observed one (then the
    higher label); both counts are kept on the row. `start` (a window start, or none for the
    whole log) limits the predictions read: model_monitor__prediction_outcomes keeps the outcome
    lookback, model_monitor__performance and __champion_challenger read the windows they
    recompute; `end` (exclusive, or none) bounds them too, for the reference period a
    calibration learns from (performance_calibration_ctes). A multiclass_classification monitor's
    `score` is its highest class score, its labels the class index (0, 1, ... in the order of
    `classes`); with `class_scores` the rows also carry class_score_0, class_score_1, ... -#}
{% macro prediction_outcomes_ctes(p, monitor, segment_slots, start, end=none, class_scores=false) %}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set names = columns['names'] -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set version = model_monitor.model_version_sql(monitor, names) -%}
  {%- set class_columns = [] -%}
  {%- for class in monitor['classes'] or [] -%}
    {%- do class_columns.append(model_monitor.class_score_sql(monitor, names, class)) -%}
  {%- endfor -%}
  {%- set score = "greatest(" ~ class_columns | join(", ") ~ ")" if class_columns
                  else "cast(" ~ model_monitor.quoted_column(names, monitor['score_column']) ~ " as " ~ double ~ ")" -%}
  {%- set carried = class_columns if class_scores else [] -%}
  {%- set ctes -%}
    {{ p }}predictions as (
      select prediction_id, model_version, predicted_at, score, predicted_label,
             {%- for column in carried %} class_score_{{ loop.index0 }},{% endfor %}
             {%- for i in range(1, segment_slots + 1) %} segment_{{ i }},{% endfor %}
             row_number() over (partition by prediction_id, model_version order by predicted_at desc, score desc) as prediction_rank,
             count(*) over (partition by prediction_id, model_version) as prediction_copies
      from (
        select cast({{ model_monitor.quoted_column(names, monitor['id_column']) }} as {{ dbt.type_string() }}) as prediction_id,
               {{ version }} as model_version,
               {{ ts }} as predicted_at,
               {{ score }} as score,
               {{ model_monitor.predicted_label_sql(monitor, names, score, class_columns) }} as predicted_label
               {%- for column in carried %},
               {{ column }} as class_score_{{ loop.index0 }}
               {%- endfor %}
               {%- for i in range(1, segment_slots + 1) %},
               {% if i <= monitor['segments'] | length -%}
               cast({{ model_monitor.quoted_column(names, monitor['segments'][i - 1]) }} as {{ dbt.type_string() }})
               {%- else -%}
               cast(null as {{ dbt.type_string() }})
               {%- endif %} as segment_{{ i }}
               {%- endfor %}
        from {{ monitor['relation'] }}
        where {{ model_monitor.as_of_filter(ts) }}
        {%- if start is not none %} and {{ ts }} >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
        {%- if end is not none %} and {{ ts }} < {{ model_monitor.timestamp_literal(end) }}{% endif %}
      ) as scanned
      -- a row without an id cannot be joined to an outcome, nor told apart from another one, and
      -- one without a timestamp belongs to no window: left out here, counted in
      -- model_monitor__prediction_quality
      where prediction_id is not null and predicted_at is not null
    ),
    {{ p }}outcomes as (
      {{ model_monitor.outcome_rows_sql(monitor, columns) }}
    ),
    {{ p }}result as (
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
             pr.prediction_id, pr.model_version, pr.predicted_at,
             {{ model_monitor.window_trunc(monitor['window'], 'pr.predicted_at') }} as window_start,
             pr.score, pr.predicted_label, o.label, o.observed_at,
             {{ dbt.datediff('pr.predicted_at', 'o.observed_at', 'second') }} as label_delay_seconds,
             cast(pr.prediction_copies - 1 as {{ dbt.type_bigint() }}) as duplicate_prediction_count,
             cast(coalesce(o.outcome_copies, 1) - 1 as {{ dbt.type_bigint() }}) as duplicate_outcome_count
             {%- for column in carried %}, pr.class_score_{{ loop.index0 }}{% endfor %}
             {%- for i in range(1, segment_slots + 1) %}, pr.segment_{{ i }}{% endfor %}
      from {{ p }}predictions as pr
      left join {{ p }}outcomes as o on o.prediction_id = pr.prediction_id and o.outcome_rank = 1
      where pr.prediction_rank = 1
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- The predicted label: the configured column, or for a binary task the score at or above
    decision_threshold; NULL for regression without a prediction column. Multiclass: the index
    of the predicted class, from the column's text (NULL when it names no class) or else the
    class with the highest score, the first listed on ties (numpy's argmax); NULL when a class
    score is NULL. -#}
{% macro predicted_label_sql(monitor, names, score, class_columns=[]) -%}
  {%- if monitor['classes'] and monitor['prediction_column'] -%}
    {{ model_monitor.class_index_sql(monitor, model_monitor.quoted_column(names, monitor['prediction_column'])) }}
  {%- elif monitor['classes'] -%}
    case {%- for column in class_columns %} when {{ column }} is null then null{% endfor %}
    {%- for column in class_columns[:-1] %}
      {%- set index = loop.index0 %}
         when {% for other in class_columns[index + 1:] %}{{ column }} >= {{ other }}{{ ' and ' if not loop.last }}{% endfor %}
           then cast({{ index }} as {{ model_monitor.type_double() }})
    {%- endfor %}
         else cast({{ class_columns | length - 1 }} as {{ model_monitor.type_double() }}) end
  {%- elif monitor['prediction_column'] -%}
    cast({{ model_monitor.quoted_column(names, monitor['prediction_column']) }} as {{ model_monitor.type_double() }})
  {%- elif monitor['task'] == 'binary_classification' -%}
    case when {{ score }} >= {{ monitor['decision_threshold'] }} then cast(1 as {{ model_monitor.type_double() }})
         when {{ score }} is not null then cast(0 as {{ model_monitor.type_double() }}) end
  {%- else -%}
    cast(null as {{ model_monitor.type_double() }})
  {%- endif -%}
{%- endmacro %}

{#- The monitor's outcomes with their rank among duplicates (prediction_id, label, observed_at,
    outcome_rank, outcome_copies, invalid_label_text); outcomes observed at or after
    model_monitor_as_of are unknown. A binary task's label that is neither 0 nor 1 is NULL in
    `label` and its text is in `invalid_label_text`: model_monitor__outcome_quality counts these and
    its post-hook (check_outcome_labels) fails the build naming the column and a value, so no
    compile-time query reads the outcomes table. -#}
{% macro outcome_rows_sql(monitor, columns) -%}
  {%- set outcomes = monitor['outcomes'] -%}
  {%- set names = columns['outcome_names'] -%}
  {%- if outcomes is none -%}
    select cast(null as {{ dbt.type_string() }}) as prediction_id, cast(null as {{ model_monitor.type_double() }}) as label,
           cast(null as {{ dbt.type_timestamp() }}) as observed_at, 1 as outcome_rank, 1 as outcome_copies,
           cast(null as {{ dbt.type_string() }}) as invalid_label_text
    where 1 = 0
  {%- else -%}
    {%- set label = model_monitor.label_sql(monitor, columns) -%}
    {%- set observed = model_monitor.to_utc_timestamp(model_monitor.quoted_column(names, outcomes['timestamp_column']),
          model_monitor.type_has_time_zone(columns['outcome_types'].get(outcomes['timestamp_column'])))
          if outcomes['timestamp_column'] else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' -%}
    select prediction_id, label, observed_at,
           row_number() over (partition by prediction_id order by observed_at desc, label desc) as outcome_rank,
           count(*) over (partition by prediction_id) as outcome_copies,
           invalid_label_text
    from (
      select cast({{ model_monitor.quoted_column(names, outcomes['id_column']) }} as {{ dbt.type_string() }}) as prediction_id,
             {{ label['label'] }} as label, {{ label['invalid_text'] }} as invalid_label_text, {{ observed }} as observed_at
      from {{ outcomes['relation'] }}
      {%- if outcomes['timestamp_column'] %}
      where {{ model_monitor.as_of_filter(observed) }}
      {%- endif %}
    ) as outcomes
  {%- endif -%}
{%- endmacro %}

{#- The label as a double ('label'; booleans become 1/0) and, for a binary task, the text of a
    label that is neither 0 nor 1 ('invalid_text', NULL otherwise; such a label is NULL in
    'label', so no metric ever sees it). -#}
{% macro label_sql(monitor, columns) -%}
  {%- set outcomes = monitor['outcomes'] -%}
  {%- set column = model_monitor.quoted_column(columns['outcome_names'], outcomes['label_column']) -%}
  {%- set is_boolean = 'bool' in (columns['outcome_types'].get(outcomes['label_column'], '') | lower) -%}
  {%- set double = "cast(" ~ column ~ " as " ~ model_monitor.type_double() ~ ")" -%}
  {%- if is_boolean and not monitor['classes'] -%}
    {{ return({'label': "case when " ~ column ~ " then 1.0 when not " ~ column ~ " then 0.0 end",
               'invalid_text': "cast(null as " ~ dbt.type_string() ~ ")"}) }}
  {%- elif monitor['classes'] -%}
    {%- set index = model_monitor.class_index_sql(monitor, column) -%}
    {{ return({'label': index,
               'invalid_text': "case when " ~ column ~ " is not null and " ~ index ~ " is null then cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") end"}) }}
  {%- elif monitor['task'] == 'binary_classification' -%}
    {{ return({'label': "case when " ~ double ~ " in (0, 1) then " ~ double ~ " end",
               'invalid_text': "case when " ~ double ~ " not in (0, 1) then cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") end"}) }}
  {%- else -%}
    {{ return({'label': double, 'invalid_text': "cast(null as " ~ dbt.type_string() ~ ")"}) }}
  {%- endif -%}
{%- endmacro %}

{#- The first window model_monitor__prediction_outcomes keeps: the window holding the monitor's
    latest prediction (as of model_monitor_as_of) minus the outcome lookback (outcome_lookback),
    so the table holds what late labels can still change, not every prediction forever. None
    when the log is empty. The latest prediction is read from `model_versions` (the package's
    model_monitor__model_versions, built earlier in the same run: its last_prediction_at per
    window), so no compile-time query reads the predictions table; only when that table does not
    exist (a selection that leaves it out, before its first build) is the log itself asked. -#}
{% macro retained_outcomes_start(monitor, model_versions) %}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- if adapter.get_relation(database=model_versions.database, schema=model_versions.schema,
                              identifier=model_versions.identifier) is not none -%}
    {%- set sql -%}
      select max(last_prediction_at) from {{ model_versions }}
      where monitor_name = {{ model_monitor.string_literal(monitor['name']) }} and {{ model_monitor.as_of_filter('last_prediction_at') }}
    {%- endset -%}
  {%- else -%}
    {%- set columns = model_monitor.monitor_columns(monitor) -%}
    {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
    {%- set sql -%}
      select max({{ ts }}) from {{ monitor['relation'] }} where {{ model_monitor.as_of_filter(ts) }}
    {%- endset -%}
  {%- endif -%}
  {%- set last = run_query(sql).rows[0][0] -%}
  {%- if last is none -%}{{ return(none) }}{%- endif -%}
  {{ return(model_monitor.window_floor(monitor['window'], last - model_monitor.outcome_lookback(monitor))) }}
{% endmacro %}

{#- model_monitor__prediction_outcomes' builder for for_each_monitor: one monitor's retained
    predictions (from retained_outcomes_start, read from `model_versions`) joined to their
    outcomes, in `slots` segment columns. -#}
{% macro retained_prediction_outcomes_ctes(p, monitor, slots, model_versions) %}
  {{ return(model_monitor.prediction_outcomes_ctes(p, monitor, slots,
                                                   model_monitor.retained_outcomes_start(monitor, model_versions))) }}
{% endmacro %}

{#- A multiclass monitor's class index (a double: 0, 1, ... in the order of `classes`) of the value
    `expression`, compared as text with each class label; NULL when it names no class. -#}
{% macro class_index_sql(monitor, expression) -%}
  case cast({{ expression }} as {{ dbt.type_string() }})
  {%- for class in monitor['classes'] %} when {{ model_monitor.string_literal(class['label']) }} then cast({{ class['index'] }} as {{ model_monitor.type_double() }}){% endfor %} end
{%- endmacro %}
