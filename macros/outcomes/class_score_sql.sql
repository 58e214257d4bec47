{#- The SQL of one class's score (a double) in a multiclass monitor's predictions: its
    score_column, or its element of the score_array_column (NULL when the row's array is NULL or
    does not hold one element per class). `names` maps configured to actual column names
    (monitor_columns). Internal. -#}
{% macro class_score_sql(monitor, names, class) %}
  {%- if monitor['score_array_column'] -%}
    {{ return(model_monitor.array_element(model_monitor.quoted_column(names, monitor['score_array_column']),
                                          class['index'] + 1, monitor['classes'] | length)) }}
  {%- endif -%}
  {{ return("cast(" ~ model_monitor.quoted_column(names, class['score_column']) ~ " as " ~ model_monitor.type_double() ~ ")") }}
{% endmacro %}

{#- The SQL a feature is read with: its quoted column, or (a class score read from an array)
    class_score_sql. Internal. -#}
{% macro feature_column_sql(monitor, names, feature) %}
  {%- if feature.get('class') is not none and monitor['score_array_column'] -%}
    {{ return(model_monitor.class_score_sql(monitor, names, feature['class'])) }}
  {%- endif -%}
  {{ return(model_monitor.quoted_column(names, feature['column'])) }}
{% endmacro %}
