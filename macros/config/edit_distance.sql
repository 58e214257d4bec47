{#- Levenshtein distance between two strings, for "did you mean" suggestions. -#}
{% macro edit_distance(a, b) %}
  {%- set state = namespace(previous=range(b | length + 1) | list) -%}
  {%- for i in range(1, a | length + 1) -%}
    {%- set current = [i] -%}
    {%- for j in range(1, b | length + 1) -%}
      {%- set cost = 0 if a[i - 1] == b[j - 1] else 1 -%}
      {%- do current.append([state.previous[j] + 1, current[j - 1] + 1,
                             state.previous[j - 1] + cost] | min) -%}
    {%- endfor -%}
    {%- set state.previous = current -%}
  {%- endfor -%}
  {{ return(state.previous[-1]) }}
{% endmacro %}

{#- The closest candidate to word, or none when nothing is close enough to be a typo. -#}
{% macro closest_match(word, candidates) %}
  {%- set best = namespace(name=none, distance=999) -%}
  {%- for candidate in candidates -%}
    {%- set d = model_monitor.edit_distance(word | string | lower, candidate | lower) -%}
    {%- if d < best.distance -%}
      {%- set best.name = candidate -%}
      {%- set best.distance = d -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if best.distance <= [2, (word | string | length) // 3] | max -%}
    {{ return(best.name) }}
  {%- endif -%}
  {{ return(none) }}
{% endmacro %}
