/* scrim-item-model.c
 *
 * A view of a million images must open at once and scroll without
 * holding a million objects. The model therefore keeps only the ids of the
 * view (scrim_review_view_ids(): 8 bytes an image) and makes ScrimItem
 * objects a page of 256 rows at a time, when GTK asks for one of them,
 * keeping the 32 pages used last.
 *
 * An object outlives its page while somebody (a grid cell, the viewer)
 * holds it, and must stay the one object for its image: a cell follows
 * the notify signals of the object it was given, so a grade written after
 * the page was dropped must reach that object. Every object the model
 * made is therefore also in a table of live objects (by id, weakly
 * referenced): a page loaded again reuses them, and refresh_items() and
 * reload() update them in place.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-item-model-private.h"
#include "scrim-item.h"

typedef struct
{
  guint      index;
  GPtrArray *items;   /* of ScrimItem, full references */
  GList      link;    /* in lru */
} Page;

struct _ScrimItemModel
{
  GObject     parent_instance;

  ScrimCase  *scase;
  ScrimView   view;
  gint64      group_id;
  GArray     *ids;          /* gint64, the view in display order */
  gboolean    ids_sorted;   /* ascending: find() can bisect */

  GHashTable *pages;        /* page index → Page */
  GQueue      lru;          /* of Page, the most recently used first */
  guint       max_pages;
  GHashTable *live;         /* gint64 * → ScrimItem (weak): every object alive */
};

static void scrim_item_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScrimItemModel, scrim_item_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, scrim_item_model_list_model_init))

enum
{
  PROP_0,
  PROP_CASE,
  PROP_VIEW,
  PROP_GROUP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- live objects ---- */

static void
live_item_gone (gpointer  data,
                GObject  *where_the_object_was)
{
  ScrimItemModel *self = data;
  gint64 item_id = scrim_item_get_item_id (SCRIM_ITEM (where_the_object_was));

  /* Still in its dispose: its id can be read, nothing else is touched. */
  g_hash_table_remove (self->live, &item_id);
}

static void
live_forget (gpointer key,
             gpointer value,
             gpointer data)
{
  g_object_weak_unref (value, live_item_gone, data);
}

/* The object of item_id (new reference), made from row, or the live one
 * brought up to date with row. row NULL: the image could not be read; a
 * stand-in that shows nothing and is obscured, until it can. */
static ScrimItem *
live_get (ScrimItemModel        *self,
          gint64                 item_id,
          const ScrimReviewItem *row)
{
  ScrimItem *item = g_hash_table_lookup (self->live, &item_id);
  ScrimReviewItem stand_in = { .item_id = item_id, .obscured = TRUE, .grade = -1 };

  if (item != NULL)
    {
      g_object_ref (item);
      if (row != NULL)
        scrim_item_update (item, row);
      return item;
    }
  item = scrim_item_new (row != NULL ? row : &stand_in);
  g_hash_table_insert (self->live, g_memdup2 (&item_id, sizeof item_id), item);
  g_object_weak_ref (G_OBJECT (item), live_item_gone, self);
  return item;
}

/* Reads the rows of these live objects again and updates them. */
static void
live_refresh (ScrimItemModel *self,
              GPtrArray      *items)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), items->len);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint j = 0;

  if (items->len == 0)
    return;
  for (guint k = 0; k < items->len; k++)
    {
      gint64 id = scrim_item_get_item_id (g_ptr_array_index (items, k));

      g_array_append_val (ids, id);
    }
  rows = scrim_review_load_items (self->scase, (const gint64 *) ids->data, ids->len, &error);
  if (rows == NULL)
    {
      g_warning ("cannot read images of the case again: %s", error->message);
      return;
    }
  /* Rows come in the order asked, missing ids skipped. */
  for (guint k = 0; k < items->len && j < rows->len; k++)
    {
      ScrimReviewItem *row = g_ptr_array_index (rows, j);

      if (row->item_id == g_array_index (ids, gint64, k))
        {
          scrim_item_update (g_ptr_array_index (items, k), row);
          j++;
        }
    }
}

/* Every live object, or those of the given ids (full references). */
static GPtrArray *
live_collect (ScrimItemModel *self,
              const gint64   *item_ids,
              guint           n_items)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  if (item_ids == NULL)
    {
      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (items, g_object_ref (value));
      return items;
    }
  for (guint k = 0; k < n_items; k++)
    if ((value = g_hash_table_lookup (self->live, &item_ids[k])) != NULL)
      g_ptr_array_add (items, g_object_ref (value));
  return items;
}

/* ---- pages ---- */

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
drop_pages (ScrimItemModel *self)
{
  GList *link;

  /* Unreffing items runs live_item_gone(), which touches only live. */
  while ((link = g_queue_pop_head_link (&self->lru)) != NULL)
    {
      Page *page = link->data;

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
      page_free (page);
    }
}

static void
trim_pages (ScrimItemModel *self)
{
  while (self->lru.length > self->max_pages)
    {
      Page *page = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &page->link);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
      page_free (page);
    }
}

static Page *
load_page (ScrimItemModel *self,
           guint           index)
{
  guint start = index * SCRIM_ITEM_MODEL_PAGE_SIZE;
  guint n = MIN (SCRIM_ITEM_MODEL_PAGE_SIZE, self->ids->len - start);
  const gint64 *ids = &g_array_index (self->ids, gint64, start);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);
  guint j = 0;

  rows = scrim_review_load_items (self->scase, ids, n, &error);
  if (rows == NULL)
    g_warning ("cannot read images %u to %u of the view: %s", start, start + n - 1, error->message);
  page->index = index;
  page->items = g_ptr_array_new_full (n, g_object_unref);
  page->link.data = page;
  for (guint k = 0; k < n; k++)
    {
      ScrimReviewItem *row = NULL;

      if (rows != NULL && j < rows->len && ((ScrimReviewItem *) g_ptr_array_index (rows, j))->item_id == ids[k])
        row = g_ptr_array_index (rows, j++);
      g_ptr_array_add (page->items, live_get (self, ids[k], row));
    }
  return page;
}

static Page *
ensure_page (ScrimItemModel *self,
             guint           index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }
  page = load_page (self, index);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  trim_pages (self);
  return page;
}

/* ---- GListModel ---- */

static GType
scrim_item_model_get_item_type (GListModel *model)
{
  return SCRIM_TYPE_ITEM;
}

static guint
scrim_item_model_get_n_items (GListModel *model)
{
  return SCRIM_ITEM_MODEL (model)->ids->len;
}

static gpointer
scrim_item_model_get_item (GListModel *model,
                           guint       position)
{
  ScrimItemModel *self = SCRIM_ITEM_MODEL (model);
  Page *page;

  if (position >= self->ids->len)
    return NULL;
  page = ensure_page (self, position / SCRIM_ITEM_MODEL_PAGE_SIZE);
  return g_object_ref (g_ptr_array_index (page->items, position % SCRIM_ITEM_MODEL_PAGE_SIZE));
}

static void
scrim_item_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = scrim_item_model_get_item_type;
  iface->get_n_items = scrim_item_model_get_n_items;
  iface->get_item = scrim_item_model_get_item;
}

/* ---- GObject ---- */

static void
scrim_item_model_dispose (GObject *object)
{
  ScrimItemModel *self = SCRIM_ITEM_MODEL (object);

  drop_pages (self);
  /* Objects still held elsewhere outlive the model: stop watching them. */
  if (self->live != NULL)
    {
      g_hash_table_foreach (self->live, live_forget, self);
      g_hash_table_remove_all (self->live);
    }
  g_clear_object (&self->scase);

  G_OBJECT_CLASS (scrim_item_model_parent_class)->dispose (object);
}

static void
scrim_item_model_finalize (GObject *object)
{
  ScrimItemModel *self = SCRIM_ITEM_MODEL (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);

  G_OBJECT_CLASS (scrim_item_model_parent_class)->finalize (object);
}

static void
scrim_item_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScrimItemModel *self = SCRIM_ITEM_MODEL (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->scase);
      break;
    case PROP_VIEW:
      g_value_set_int (value, self->view);
      break;
    case PROP_GROUP_ID:
      g_value_set_int64 (value, self->group_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_item_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScrimItemModel *self = SCRIM_ITEM_MODEL (object);

  switch (prop_id)
    {
    case PROP_CASE:
      self->scase = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_item_model_class_init (ScrimItemModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scrim_item_model_dispose;
  object_class->finalize = scrim_item_model_finalize;
  object_class->get_property = scrim_item_model_get_property;
  object_class->set_property = scrim_item_model_set_property;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, SCRIM_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A ScrimView (which has no GType). */
  properties[PROP_VIEW] =
    g_param_spec_int ("view", NULL, NULL, 0, SCRIM_N_VIEWS - 1, SCRIM_VIEW_ALL,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP_ID] =
    g_param_spec_int64 ("group-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scrim_item_model_init (ScrimItemModel *self)
{
  self->view = SCRIM_VIEW_ALL;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->ids_sorted = TRUE;
  self->pages = g_hash_table_new (NULL, NULL);
  self->max_pages = SCRIM_ITEM_MODEL_MAX_PAGES;
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/*
** Returns a new, empty model of the case (full reference): it shows
** nothing until scrim_item_model_set_view().
*/
ScrimItemModel *
scrim_item_model_new (ScrimCase *scase)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  return g_object_new (SCRIM_TYPE_ITEM_MODEL, "case", scase, NULL);
}

ScrimCase *
scrim_item_model_get_case (ScrimItemModel *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), NULL);
  return self->scase;
}

static gboolean
ids_ascending (GArray *ids)
{
  for (guint k = 1; k < ids->len; k++)
    if (g_array_index (ids, gint64, k - 1) >= g_array_index (ids, gint64, k))
      return FALSE;
  return TRUE;
}

/* Takes new_ids as the view's; returns the old ones. */
static GArray *
swap_ids (ScrimItemModel *self,
          GArray         *new_ids)
{
  GArray *old = self->ids;

  self->ids = new_ids;
  self->ids_sorted = ids_ascending (new_ids);
  return old;
}

/*
** Shows the images of another view (group_id for SCRIM_VIEW_GROUP) and
** emits one items-changed for all rows. Reads only the ids: no object is
** made until asked for. Returns FALSE with error set when the case cannot
** be read, showing what it showed before.
*/
gboolean
scrim_item_model_set_view (ScrimItemModel  *self,
                           ScrimView        view,
                           gint64           group_id,
                           GError         **error)
{
  g_autoptr(GArray) old = NULL;
  GArray *ids;

  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), FALSE);
  g_return_val_if_fail ((guint) view < SCRIM_N_VIEWS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = scrim_review_view_ids (self->scase, view, group_id, error);
  if (ids == NULL)
    return FALSE;
  drop_pages (self);
  old = swap_ids (self, ids);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->view != view)
    {
      self->view = view;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
    }
  group_id = view == SCRIM_VIEW_GROUP ? group_id : 0;
  if (self->group_id != group_id)
    {
      self->group_id = group_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_ID]);
    }
  if (old->len > 0 || ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, ids->len);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

ScrimView
scrim_item_model_get_view (ScrimItemModel *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), SCRIM_VIEW_ALL);
  return self->view;
}

gint64
scrim_item_model_get_group_id (ScrimItemModel *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), 0);
  return self->group_id;
}

/*
** Reads the view's ids again. When the old ids are a prefix of the new
** ones, emits items-changed (old n, 0, added) only when rows were added;
** otherwise one items-changed for all rows. Either way the objects alive
** are read again (a match may have changed their category) and notify
** what changed. Returns FALSE with error set when the case cannot be read
** (the model is left as it was).
*/
gboolean
scrim_item_model_reload (ScrimItemModel  *self,
                         GError         **error)
{
  g_autoptr(GArray) old = NULL;
  g_autoptr(GPtrArray) alive = NULL;
  GArray *ids;
  gboolean prefix;

  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = scrim_review_view_ids (self->scase, self->view, self->group_id, error);
  if (ids == NULL)
    return FALSE;
  prefix = ids->len >= self->ids->len
           && memcmp (ids->data, self->ids->data, self->ids->len * sizeof (gint64)) == 0;
  /* Pages are read again when asked; what others hold is read now. */
  drop_pages (self);
  old = swap_ids (self, ids);
  alive = live_collect (self, NULL, 0);
  live_refresh (self, alive);
  if (prefix && ids->len > old->len)
    g_list_model_items_changed (G_LIST_MODEL (self), old->len, 0, ids->len - old->len);
  else if (!prefix)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, ids->len);
  return TRUE;
}

/*
** Reads these images again (after grading, tagging) and updates their
** objects where they exist; each notifies the properties that changed.
** Images without an object are skipped: they are read when asked for.
*/
void
scrim_item_model_refresh_items (ScrimItemModel *self,
                                const gint64   *item_ids,
                                guint           n_items)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (SCRIM_IS_ITEM_MODEL (self));
  g_return_if_fail (item_ids != NULL || n_items == 0);

  items = live_collect (self, item_ids, n_items);
  live_refresh (self, items);
}

/*
** Returns the id at position without making an object, 0 when position is
** out of range.
*/
gint64
scrim_item_model_get_item_id (ScrimItemModel *self,
                              guint           position)
{
  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

/*
** Returns the position of item_id in the view, or GTK_INVALID_LIST_POSITION
** (G_MAXUINT) when it is not in it. Bisects when the view is in id order
** (every view but the queue).
*/
guint
scrim_item_model_find (ScrimItemModel *self,
                       gint64          item_id)
{
  const gint64 *ids;
  guint lo = 0, hi;

  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), G_MAXUINT);

  ids = (const gint64 *) self->ids->data;
  hi = self->ids->len;
  if (!self->ids_sorted)
    {
      for (guint k = 0; k < hi; k++)
        if (ids[k] == item_id)
          return k;
      return G_MAXUINT;
    }
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ids[mid] < item_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->ids->len && ids[lo] == item_id ? lo : G_MAXUINT;
}

void
_scrim_item_model_set_max_pages (ScrimItemModel *self,
                                 guint           max_pages)
{
  g_return_if_fail (SCRIM_IS_ITEM_MODEL (self));

  self->max_pages = MAX (max_pages, 1);
  trim_pages (self);
}

guint
_scrim_item_model_get_n_pages (ScrimItemModel *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM_MODEL (self), 0);
  return self->lru.length;
}
