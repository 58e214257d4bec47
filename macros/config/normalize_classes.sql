{#- A multiclass_classification monitor's `classes`: a list of {label, score_column}, one entry
    per class, in the order the class index (0, 1, ...) follows; with a score_array_column
    (`from_array`), a list of labels (or {label: ...}), the array's elements in the same order.
    Labels are compared as text (an integer label column's 2 is the class '2'); scores are the
    class probabilities. Returns the list as [{label, score_column (none from an array), index}];
    none for the other tasks, which must not set it. -#}
{% macro normalize_classes(raw, monitor_name, task, from_array=false) %}
  {%- if task != 'multiclass_classification' -%}
    {%- if raw is not none -%}
      {{ model_monitor.config_error(monitor_name, 'classes', "is only read by task multiclass_classification; task " ~ task ~ " takes score_column") }}
    {%- endif -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if raw is none or raw is string or raw is mapping or raw is not iterable or raw | length < 2 -%}
    {%- set expected = "labels (the score_array_column's elements in this order)" if from_array
                       else "{label: ..., score_column: ...} entries" -%}
    {{ model_monitor.config_error(monitor_name, 'classes', "expected a list of at least two " ~ expected ~ ", one per class, got " ~ raw | string) }}
  {%- endif -%}
  {%- set classes = [] -%}
  {%- set labels = [] -%}
  {%- set columns = [] -%}
  {%- for item in raw -%}
    {%- set path = 'classes[' ~ loop.index0 ~ ']' -%}
    {%- set entry = item if item is mapping or not from_array else {'label': item} -%}
    {{ model_monitor.check_keys(entry, ['label'] if from_array else ['label', 'score_column'], [], monitor_name, path) }}
    {%- if entry['label'] is mapping or entry['label'] is sameas true or entry['label'] is sameas false
          or (entry['label'] is not string and entry['label'] is not integer) or entry['label'] | string | trim == '' -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.label', "expected a non-empty text or whole number, got " ~ entry['label'] | string) }}
    {%- endif -%}
    {%- set label = entry['label'] | string -%}
    {%- if label in labels -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.label', "class '" ~ label ~ "' is listed twice") }}
    {%- endif -%}
    {#- from an array, the score is the element at the class's position -#}
    {%- if not from_array and (entry['score_column'] is not string or entry['score_column'] | trim == '') -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.score_column', "expected a column name, got " ~ entry['score_column'] | string) }}
    {%- endif -%}
    {%- if not from_array and entry['score_column'] | lower in columns -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.score_column', "column '" ~ entry['score_column'] ~ "' is the score of two classes") }}
    {%- endif -%}
    {%- do labels.append(label) -%}
    {%- do columns.append((entry.get('score_column') or '') | lower) -%}
    {%- do classes.append({'label': label, 'score_column': entry.get('score_column'), 'index': loop.index0}) -%}
  {%- endfor -%}
  {{ return(classes) }}
{% endmacro %}
