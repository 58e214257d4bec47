{#- The rows of `relation` (prediction outcomes with segment_1..segment_k) once for the whole
    population (segment_name = segment_value = '__all__') and once per configured segment of the
    monitor, as a union to select from. NULL is '__null__'; a value spelled like a label
    ('__null__', '__all__') is shown quoted (value_label). -#}
{% macro segment_sliced_rows(monitor, relation) -%}
        select o.*, '__all__' as segment_name, '__all__' as segment_value from {{ relation }} as o
        {%- for segment in monitor['segments'] %}
        union all
        select o.*, {{ model_monitor.string_literal(segment) }},
               case when o.segment_{{ loop.index }} is null then '__null__' else {{ model_monitor.value_label('o.segment_' ~ loop.index) }} end
        from {{ relation }} as o
        {%- endfor %}
{%- endmacro %}
