{#- The validated configuration of monitor `name` (from the model_monitor var), read at run time;
    a compile error naming the test when it is not declared. -#}
{% macro gate_monitor(test_name, name) %}
  {%- if name is none or name is not string -%}
    {{ model_monitor.gate_error(test_name, 'monitor', "expected the name of a monitor declared in the model_monitor var, got " ~ name | string) }}
  {%- endif -%}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set monitors = model_monitor.get_monitors() -%}
  {%- for monitor in monitors if monitor['name'] == name -%}{{ return(monitor) }}{%- endfor -%}
  {%- set names = monitors | map(attribute='name') | list -%}
  {%- set suggestion = model_monitor.closest_match(name, names) -%}
  {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
  {{ model_monitor.gate_error(test_name, 'monitor', "no monitor named '" ~ name ~ "' in the model_monitor var" ~ hint ~ ". Monitors: " ~ (names | join(", ") or 'none')) }}
{% endmacro %}
