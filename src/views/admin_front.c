/*
 * admin_front: the view model of the newsroom's front arranger: every top
 * slot (the first is the lead) and every block as form rows, filled or
 * empty, so the form works without script (position numbers order them;
 * static/admin-fronts.js lets editors drag the rows instead), with the
 * versions waiting for their time and the last versions kept.
 */
#include "views/views_private.h"

#include <stdio.h>
#include <string.h>

enum { SPARE_BLOCKS = 2 };

static json_t *slot_row(const content_front_slot_t *slot, size_t index)
{
    json_t *row = json_object();
    json_object_set_new(row, "index", json_integer((json_int_t)index));
    json_object_set_new(row, "position", json_integer((json_int_t)index));
    if (slot != NULL && slot->article_id > 0)
        json_object_set_new(row, "article", json_integer((json_int_t)slot->article_id));
    views_set_text(row, "headline", slot != NULL ? slot->headline : NULL);
    views_set_text(row, "summary", slot != NULL ? slot->summary : NULL);
    views_set_text(row, "picture", slot != NULL ? slot->picture : NULL);
    json_object_set_new(row, "is_lead", json_boolean(index == 1));
    return row;
}

/* "12 15 18": the articles of a block filled by hand. */
static void set_items(json_t *row, const content_front_block_t *block)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (size_t i = 0; block != NULL && i < block->slot_count; i++)
        gz_buf_printf(&text, "%s%lld", i ? " " : "", (long long)block->slots[i].article_id);
    views_set_text(row, "items", gz_buf_cstr(&text));
    gz_buf_free(&text);
}

static json_t *block_row(const content_front_block_t *block, size_t index)
{
    json_t *row = json_object();
    json_object_set_new(row, "index", json_integer((json_int_t)index));
    json_object_set_new(row, "position", json_integer((json_int_t)index));
    views_set_text(row, "name", block != NULL ? block->name : NULL);
    views_set_text(row, "slug", block != NULL ? block->rule_slug : NULL);
    json_object_set_new(row, "count",
                        json_integer(block != NULL && block->count > 0 ? (json_int_t)block->count
                                                                       : 4));
    content_front_rule_t rule = block != NULL ? block->rule : CONTENT_FRONT_NEWEST_IN_SECTION;
    static const char *const flags[] = {"by_hand", "by_section", "by_tag", "by_type"};
    json_object_set_new(row, flags[rule], json_true());
    set_items(row, block);
    return row;
}

json_t *views_admin_front(const content_front_t *front, int64_t revision)
{
    json_t *model = json_object();
    json_t *top = json_array();
    for (size_t i = 0; i < CONTENT_FRONT_TOP_MAX; i++)
        json_array_append_new(top, slot_row(i < front->top_count ? &front->top[i] : NULL, i + 1));
    json_object_set_new(model, "top", top);
    json_t *blocks = json_array();
    size_t rows = front->block_count + SPARE_BLOCKS;
    rows = rows > CONTENT_FRONT_BLOCKS_MAX ? CONTENT_FRONT_BLOCKS_MAX : rows;
    for (size_t i = 0; i < rows; i++)
        json_array_append_new(blocks,
                              block_row(i < front->block_count ? &front->blocks[i] : NULL, i + 1));
    json_object_set_new(model, "blocks", blocks);
    json_object_set_new(model, "revision", json_integer((json_int_t)revision));
    return model;
}
