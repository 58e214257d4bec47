{#- The categories a window has that its reference never had, by name: one row per monitor x
    categorical feature x window x new category, with its row count and rank (1 = most frequent).
    In the profile mode a window names its top_k most frequent new categories and counts the
    others in one row with category NULL (category_rank NULL); in the exact mode every new
    category is named. Their counts add up to the window's new_category_rate x row_count. A view
    over the bounded window values: nothing more is stored. -#}
{{ config(materialized='view') }}

{{ model_monitor.for_each_monitor(model_monitor.new_categories_ctes, ref('model_monitor__window_values'),
                                   ref('model_monitor__reference_bins')) }}
