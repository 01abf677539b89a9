/* scrim-sidebar.c
 *
 * The view rows are a GtkListBox (a dozen rows); the groups of a kind are
 * a GtkListView over a GListStore, so ten thousand groups make only the
 * rows on screen, and a row's reviewed/total is counted when it is bound.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "scrim-sidebar.h"

/* Up to this many images, recounting every view takes milliseconds on the
 * window's own connection; above, it runs in a thread. */
#define SYNC_RECOUNT_LIMIT 50000

/* ---- one group of the list ---- */

#define SCRIM_TYPE_SIDEBAR_GROUP (scrim_sidebar_group_get_type ())
G_DECLARE_FINAL_TYPE (ScrimSidebarGroup, scrim_sidebar_group, SCRIM, SIDEBAR_GROUP, GObject)

struct _ScrimSidebarGroup
{
  GObject  parent_instance;

  gint64   id;
  char    *title;       /* the analyst's name, or the reasons */
  char    *reasons;     /* name and reasons, for the bar above the grid */
  gint64   size;
  gint64   reviewed;    /* -1: not counted yet */
  gint64   total;
  guint    bound;       /* rows showing it */
};

enum
{
  GROUP_PROP_0,
  GROUP_PROP_GROUP_ID,
  GROUP_PROP_TITLE,
  GROUP_PROP_SIZE,
  GROUP_PROP_REVIEWED,
  GROUP_PROP_TOTAL,
  GROUP_N_PROPS
};

static GParamSpec *group_properties[GROUP_N_PROPS];

G_DEFINE_FINAL_TYPE (ScrimSidebarGroup, scrim_sidebar_group, G_TYPE_OBJECT)

static void
scrim_sidebar_group_finalize (GObject *object)
{
  ScrimSidebarGroup *self = SCRIM_SIDEBAR_GROUP (object);

  g_free (self->title);
  g_free (self->reasons);
  G_OBJECT_CLASS (scrim_sidebar_group_parent_class)->finalize (object);
}

static void
scrim_sidebar_group_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScrimSidebarGroup *self = SCRIM_SIDEBAR_GROUP (object);

  switch (prop_id)
    {
    case GROUP_PROP_GROUP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case GROUP_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case GROUP_PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case GROUP_PROP_REVIEWED:
      g_value_set_int64 (value, self->reviewed);
      break;
    case GROUP_PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_sidebar_group_class_init (ScrimSidebarGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = scrim_sidebar_group_finalize;
  object_class->get_property = scrim_sidebar_group_get_property;

  group_properties[GROUP_PROP_GROUP_ID] = g_param_spec_int64 ("group-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  group_properties[GROUP_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  group_properties[GROUP_PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, flags);
  group_properties[GROUP_PROP_REVIEWED] = g_param_spec_int64 ("reviewed", NULL, NULL, -1, G_MAXINT64, -1, flags);
  group_properties[GROUP_PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, GROUP_N_PROPS, group_properties);
}

static void
scrim_sidebar_group_init (ScrimSidebarGroup *self)
{
  self->reviewed = -1;
}

static ScrimSidebarGroup *
scrim_sidebar_group_new (const ScrimGroupInfo *info)
{
  ScrimSidebarGroup *self = g_object_new (SCRIM_TYPE_SIDEBAR_GROUP, NULL);
  const char *reasons = info->reasons != NULL ? info->reasons : "";

  self->id = info->id;
  self->size = info->size;
  self->total = info->size;
  if (info->name != NULL && *info->name != '\0')
    {
      self->title = g_strdup (info->name);
      self->reasons = g_strdup_printf ("%s: %s", info->name, reasons);
    }
  else
    {
      self->title = g_strdup (reasons);
      self->reasons = g_strdup (reasons);
    }
  return self;
}

/* ---- the sidebar ---- */

typedef struct
{
  ScrimViewCount counts[SCRIM_N_VIEWS];
  gint64         groups[SCRIM_N_GROUP_KINDS];
} Counts;

struct _ScrimSidebar
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkListBox         *view_list;
  GtkLabel           *kind_title;
  GtkListView        *group_view;

  ScrimCase          *scase;
  ScrimProtection    *protection;
  GtkWidget          *view_rows[SCRIM_N_VIEWS];
  GtkLabel           *view_counts[SCRIM_N_VIEWS];
  GtkWidget          *kind_rows[SCRIM_N_GROUP_KINDS];
  GtkLabel           *kind_counts[SCRIM_N_GROUP_KINDS];
  GListStore         *groups;
  GtkSingleSelection *group_selection;
  int                 shown_kind;        /* -1: none loaded */

  Counts              last;
  gboolean            counted;
  GCancellable       *cancellable;
  gboolean            counting;
  gboolean            count_again;
  gboolean            selecting;         /* a row is chosen by code */
};

enum
{
  SIGNAL_VIEW_SELECTED,
  SIGNAL_COUNTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScrimSidebar, scrim_sidebar, GTK_TYPE_WIDGET)

/* The views the sidebar lists, in order (SCRIM_VIEW_GROUP has no row). */
static const ScrimView listed_views[] = {
  SCRIM_VIEW_ALL, SCRIM_VIEW_ABUSE, SCRIM_VIEW_EXPLOITIVE, SCRIM_VIEW_CGI, SCRIM_VIEW_COMPARISON,
  SCRIM_VIEW_UNKNOWN, SCRIM_VIEW_CONFLICTS, SCRIM_VIEW_IGNORABLE, SCRIM_VIEW_QUEUE,
};

static const char *
view_title (ScrimView view)
{
  switch (view)
    {
    case SCRIM_VIEW_ALL:
      return _("All Images");
    case SCRIM_VIEW_ABUSE:
      return _("Abuse");
    case SCRIM_VIEW_EXPLOITIVE:
      return _("Exploitive");
    case SCRIM_VIEW_CGI:
      return _("CGI");
    case SCRIM_VIEW_COMPARISON:
      return _("Comparison");
    case SCRIM_VIEW_UNKNOWN:
      return _("Unknown");
    case SCRIM_VIEW_CONFLICTS:
      return _("Conflicts");
    case SCRIM_VIEW_IGNORABLE:
      return _("Ignorable");
    case SCRIM_VIEW_QUEUE:
      return _("Possibly Ongoing");
    case SCRIM_VIEW_GROUP:
    default:
      return "";
    }
}

static const char *
kind_title (ScrimGroupKind kind)
{
  switch (kind)
    {
    case SCRIM_GROUP_NEAR_DUPLICATE:
      return _("Near-Duplicates");
    case SCRIM_GROUP_CAMERA:
      return _("Cameras");
    case SCRIM_GROUP_SESSION:
      return _("Sessions");
    case SCRIM_GROUP_PLACE:
      return _("Places");
    case SCRIM_GROUP_FOLDER:
      return _("Folders");
    case SCRIM_GROUP_SERIES:
      return _("Series");
    default:
      return "";
    }
}

/* "reviewed / total", with the locale's digit grouping. */
static char *
format_count (gint64 reviewed,
              gint64 total)
{
  return g_strdup_printf ("%'" PRId64 " / %'" PRId64, reviewed, total);
}

static GtkWidget *
row_new (const char  *title,
         GtkLabel   **count)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *number = gtk_label_new ("…");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), number);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *count = GTK_LABEL (number);
  return row;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  GtkWidget *header;

  /* "Groups" above the first visible kind row. */
  if (g_object_get_data (G_OBJECT (row), "kind") == NULL
      || (before != NULL && g_object_get_data (G_OBJECT (before), "kind") != NULL))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;
  header = gtk_label_new (_("Groups"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "scrim-sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static void
build_rows (ScrimSidebar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (listed_views); i++)
    {
      ScrimView view = listed_views[i];
      GtkWidget *row = row_new (view_title (view), &self->view_counts[view]);

      g_object_set_data (G_OBJECT (row), "view", GUINT_TO_POINTER (view + 1));
      self->view_rows[view] = row;
      gtk_list_box_append (self->view_list, row);
    }
  for (guint k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    {
      GtkWidget *row = row_new (kind_title (k), &self->kind_counts[k]);

      g_object_set_data (G_OBJECT (row), "kind", GUINT_TO_POINTER (k + 1));
      gtk_widget_set_visible (row, FALSE);
      self->kind_rows[k] = row;
      gtk_list_box_append (self->view_list, row);
    }
  gtk_list_box_set_header_func (self->view_list, update_header, NULL, NULL);
}

/* ---- counting ---- */

static gboolean
count_case (ScrimCase  *scase,
            Counts     *counts,
            GError    **error)
{
  return scrim_review_count_views (scase, counts->counts, error)
         && scrim_review_count_groups (scase, counts->groups, error);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree Counts *counts = g_new0 (Counts, 1);
  GError *error = NULL;

  scase = scrim_case_open (task_data, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL || !count_case (scase, counts, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&counts), g_free);
}

static void
show_counts (ScrimSidebar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (listed_views); i++)
    {
      ScrimView view = listed_views[i];
      g_autofree char *text = NULL;

      if (self->counted)
        text = format_count (self->last.counts[view].reviewed, self->last.counts[view].total);
      gtk_label_set_text (self->view_counts[view], text != NULL ? text : "…");
    }
  for (guint k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    {
      g_autofree char *text = g_strdup_printf ("%'" PRId64, self->last.groups[k]);

      gtk_label_set_text (self->kind_counts[k], text);
      gtk_widget_set_visible (self->kind_rows[k], self->last.groups[k] > 0 || (int) k == self->shown_kind);
    }
  gtk_list_box_invalidate_headers (self->view_list);
}

static void count_groups_on_screen (ScrimSidebar *self);
static void start_count (ScrimSidebar *self);

static void
counted (ScrimSidebar *self,
         const Counts *counts)
{
  self->last = *counts;
  self->counted = TRUE;
  show_counts (self);
  count_groups_on_screen (self);
  g_signal_emit (self, signals[SIGNAL_COUNTED], 0);
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree Counts *counts = g_task_propagate_pointer (G_TASK (result), &error);
  ScrimSidebar *self = user_data;

  /* Cancelled only by dispose: self is not to be touched then. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->counting = FALSE;
  g_clear_object (&self->cancellable);
  if (counts == NULL)
    g_warning ("cannot count the views: %s", error->message);
  else
    counted (self, counts);
  if (self->count_again)
    {
      self->count_again = FALSE;
      start_count (self);
    }
}

static void
start_count (ScrimSidebar *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, count_done, self);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, g_strdup (scrim_case_get_path (self->scase)), g_free);
  g_task_run_in_thread (task, count_thread);
}

/*
** Counts every view again (and the group rows on screen): at once on the
** window's connection when the case is small, else in the thread (the
** old counts stay until the new ones arrive).
*/
void
scrim_sidebar_recount (ScrimSidebar *self)
{
  gint64 images;

  g_return_if_fail (SCRIM_IS_SIDEBAR (self));

  images = self->last.counts[SCRIM_VIEW_ALL].total + self->last.counts[SCRIM_VIEW_IGNORABLE].total;
  if (self->counted && !self->counting && images <= SYNC_RECOUNT_LIMIT)
    {
      Counts counts;
      g_autoptr(GError) error = NULL;

      if (count_case (self->scase, &counts, &error))
        counted (self, &counts);
      else
        g_warning ("cannot count the views: %s", error->message);
      return;
    }
  start_count (self);
}

gboolean
scrim_sidebar_get_count (ScrimSidebar   *self,
                         ScrimView       view,
                         ScrimViewCount *count)
{
  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), FALSE);
  g_return_val_if_fail ((guint) view < SCRIM_N_VIEWS && view != SCRIM_VIEW_GROUP, FALSE);

  if (!self->counted)
    return FALSE;
  *count = self->last.counts[view];
  return TRUE;
}

gint64
scrim_sidebar_get_n_groups (ScrimSidebar   *self,
                            ScrimGroupKind  kind)
{
  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), 0);
  g_return_val_if_fail ((guint) kind < SCRIM_N_GROUP_KINDS, 0);
  return self->last.groups[kind];
}

gboolean
scrim_sidebar_is_counting (ScrimSidebar *self)
{
  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), FALSE);
  return self->counting;
}

const char *
scrim_sidebar_get_count_text (ScrimSidebar *self,
                              ScrimView     view)
{
  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), NULL);
  g_return_val_if_fail ((guint) view < SCRIM_N_VIEWS && view != SCRIM_VIEW_GROUP, NULL);
  return gtk_label_get_text (self->view_counts[view]);
}

GListModel *
scrim_sidebar_get_groups (ScrimSidebar *self)
{
  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->groups);
}

/* ---- the groups of a kind ---- */

static void
count_group (ScrimSidebar      *self,
             ScrimSidebarGroup *group)
{
  ScrimViewCount count;
  g_autoptr(GError) error = NULL;

  if (!scrim_review_count (self->scase, SCRIM_VIEW_GROUP, group->id, &count, &error))
    {
      g_warning ("cannot count group %" PRId64 ": %s", group->id, error->message);
      return;
    }
  group->reviewed = count.reviewed;
  group->total = count.total;
  g_object_notify_by_pspec (G_OBJECT (group), group_properties[GROUP_PROP_REVIEWED]);
}

/* Rows on screen are counted now; the others when they are shown. */
static void
count_groups_on_screen (ScrimSidebar *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScrimSidebarGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (group->bound > 0)
        count_group (self, group);
      else
        group->reviewed = -1;
    }
}

static void
update_group_detail (ScrimSidebarGroup *group,
                     GParamSpec        *pspec,
                     GtkLabel          *detail)
{
  g_autofree char *text = NULL;

  if (group->reviewed < 0)
    text = g_strdup_printf (ngettext ("%'" PRId64 " image", "%'" PRId64 " images",
                                      (gulong) group->size), group->size);
  else
    text = g_strdup_printf (_("%'" PRId64 " / %'" PRId64 " reviewed"), group->reviewed,
                            group->total);
  gtk_label_set_text (detail, text);
}

static void
setup_group_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_group_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  ScrimSidebar *self = user_data;
  ScrimSidebarGroup *group = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);

  gtk_label_set_text (GTK_LABEL (title), group->title);
  gtk_widget_set_tooltip_text (box, group->reasons);
  g_signal_connect_object (group, "notify::reviewed", G_CALLBACK (update_group_detail), detail, 0);
  group->bound++;
  if (group->reviewed < 0)
    count_group (self, group);
  update_group_detail (group, NULL, GTK_LABEL (detail));
}

static void
unbind_group_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  ScrimSidebarGroup *group = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *detail = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  g_signal_handlers_disconnect_by_func (group, update_group_detail, detail);
  group->bound--;
}

/* Reads the groups of a kind into the list (one splice). */
static gboolean
load_kind (ScrimSidebar  *self,
           int            kind,
           GError       **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (kind >= 0 && (infos = scrim_case_list_groups (self->scase, kind, error)) == NULL)
    return FALSE;
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    g_ptr_array_add (items, scrim_sidebar_group_new (g_ptr_array_index (infos, i)));
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       items->pdata, items->len);
  self->shown_kind = kind;
  if (kind >= 0)
    gtk_label_set_text (self->kind_title, kind_title (kind));
  return TRUE;
}

static void
show_kind (ScrimSidebar *self,
           int           kind)
{
  g_autoptr(GError) error = NULL;

  if (kind != self->shown_kind && !load_kind (self, kind, &error))
    {
      g_warning ("cannot list the groups: %s", error->message);
      return;
    }
  gtk_single_selection_set_selected (self->group_selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (self->stack, "groups");
}

static void
emit_group (ScrimSidebar *self,
            guint         position)
{
  g_autoptr(ScrimSidebarGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), position);

  if (group == NULL)
    return;
  gtk_single_selection_set_selected (self->group_selection, position);
  g_signal_emit (self, signals[SIGNAL_VIEW_SELECTED], 0, (guint) SCRIM_VIEW_GROUP, group->id, group->reasons);
}

static void
on_group_activated (ScrimSidebar *self,
                    guint         position)
{
  emit_group (self, position);
}

static void
on_back_clicked (ScrimSidebar *self)
{
  gtk_stack_set_visible_child_name (self->stack, "views");
}

static void
on_row_selected (ScrimSidebar  *self,
                 GtkListBoxRow *row)
{
  guint view;

  if (row == NULL || self->selecting)
    return;
  view = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "view"));
  if (view > 0)
    g_signal_emit (self, signals[SIGNAL_VIEW_SELECTED], 0, view - 1, (gint64) 0, NULL);
}

static void
on_row_activated (ScrimSidebar  *self,
                  GtkListBoxRow *row)
{
  guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "kind"));

  if (kind > 0)
    show_kind (self, (int) kind - 1);
}

static void
select_row (ScrimSidebar *self,
            GtkWidget    *row)
{
  self->selecting = TRUE;
  gtk_list_box_select_row (self->view_list, GTK_LIST_BOX_ROW (row));
  self->selecting = FALSE;
}

/*
** Chooses the row of a view, shows the views page and emits
** view-selected (also when the row was chosen already).
*/
void
scrim_sidebar_select_view (ScrimSidebar *self,
                           ScrimView     view)
{
  g_return_if_fail (SCRIM_IS_SIDEBAR (self));
  g_return_if_fail ((guint) view < SCRIM_N_VIEWS && view != SCRIM_VIEW_GROUP);

  select_row (self, self->view_rows[view]);
  gtk_stack_set_visible_child_name (self->stack, "views");
  g_signal_emit (self, signals[SIGNAL_VIEW_SELECTED], 0, (guint) view, (gint64) 0, NULL);
}

/*
** Shows the groups of the group's kind, chooses it (scrolled to) and
** emits view-selected. FALSE with error set when there is no such group.
*/
gboolean
scrim_sidebar_select_group (ScrimSidebar  *self,
                            gint64         group_id,
                            GError       **error)
{
  guint n;
  int kind;

  g_return_val_if_fail (SCRIM_IS_SIDEBAR (self), FALSE);

  if ((kind = scrim_review_group_kind (self->scase, group_id, error)) < 0)
    return FALSE;
  if (kind != self->shown_kind && !load_kind (self, kind, error))
    return FALSE;
  gtk_widget_set_visible (self->kind_rows[kind], TRUE);
  select_row (self, self->kind_rows[kind]);
  gtk_stack_set_visible_child_name (self->stack, "groups");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScrimSidebarGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (group->id == group_id)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->group_view), "list.scroll-to-item", "u", i);
          emit_group (self, i);
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the case has no group %" PRId64, group_id);
  return FALSE;
}

/*
** Reads the shown group list again (groups are recomputed by a grouping,
** with new ids) and counts everything again.
*/
void
scrim_sidebar_reload (ScrimSidebar *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SCRIM_IS_SIDEBAR (self));

  if (self->shown_kind >= 0 && !load_kind (self, self->shown_kind, &error))
    g_warning ("cannot list the groups: %s", error->message);
  start_count (self);
}

static void
on_show_ignorable (ScrimSidebar *self)
{
  gboolean show = scrim_protection_get_show_ignorable (self->protection);

  gtk_widget_set_visible (self->view_rows[SCRIM_VIEW_IGNORABLE], show);
  if (!show && gtk_list_box_get_selected_row (self->view_list)
               == GTK_LIST_BOX_ROW (self->view_rows[SCRIM_VIEW_IGNORABLE]))
    scrim_sidebar_select_view (self, SCRIM_VIEW_ALL);
}

static void
scrim_sidebar_dispose (GObject *object)
{
  ScrimSidebar *self = SCRIM_SIDEBAR (object);

  /* A count still running returns to count_done, which sees the
   * cancellation and leaves self alone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->protection != NULL)
    g_signal_handlers_disconnect_by_data (self->protection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCRIM_TYPE_SIDEBAR);
  g_clear_object (&self->group_selection);
  g_clear_object (&self->groups);
  g_clear_object (&self->protection);
  g_clear_object (&self->scase);
  G_OBJECT_CLASS (scrim_sidebar_parent_class)->dispose (object);
}

static void
scrim_sidebar_class_init (ScrimSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_sidebar_dispose;

  signals[SIGNAL_VIEW_SELECTED] =
    g_signal_new ("view-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_COUNTED] =
    g_signal_new ("counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/scrimtriage/Scrim/scrim-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ScrimSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, ScrimSidebar, view_list);
  gtk_widget_class_bind_template_child (widget_class, ScrimSidebar, kind_title);
  gtk_widget_class_bind_template_child (widget_class, ScrimSidebar, group_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_group_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scrim-sidebar");
}

static void
scrim_sidebar_init (ScrimSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_kind = -1;
  self->groups = g_list_store_new (SCRIM_TYPE_SIDEBAR_GROUP);
  self->group_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->groups)));
  gtk_single_selection_set_autoselect (self->group_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->group_selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_group_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_group_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_group_row), self);
  gtk_list_view_set_factory (self->group_view, factory);
  gtk_list_view_set_model (self->group_view, GTK_SELECTION_MODEL (self->group_selection));
  build_rows (self);
}

/*
** Returns a new sidebar over the case (borrowed for the sidebar's life)
** and the window's protection (for show-ignorable). The counts start at
** once, in a thread.
*/
GtkWidget *
scrim_sidebar_new (ScrimCase       *scase,
                   ScrimProtection *protection)
{
  ScrimSidebar *self;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);
  g_return_val_if_fail (SCRIM_IS_PROTECTION (protection), NULL);

  self = g_object_new (SCRIM_TYPE_SIDEBAR, NULL);
  self->scase = g_object_ref (scase);
  self->protection = g_object_ref (protection);
  g_signal_connect_swapped (protection, "notify::show-ignorable", G_CALLBACK (on_show_ignorable), self);
  gtk_widget_set_visible (self->view_rows[SCRIM_VIEW_IGNORABLE], scrim_protection_get_show_ignorable (protection));
  select_row (self, self->view_rows[SCRIM_VIEW_ALL]);
  show_counts (self);
  start_count (self);
  return GTK_WIDGET (self);
}
