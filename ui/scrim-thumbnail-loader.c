/* scrim-thumbnail-loader.c
 *
 * One worker thread decodes the thumbnails the grid asks for, from the
 * JPEGs stored in the case, through a read-only connection of its own
 * (SQLite connections are not shared between threads here). Requests go
 * on a stack: after a fast scroll the cells on screen asked last and are
 * served first, while the requests of the cells that scrolled past were
 * cancelled on unbind and are dropped without decoding.
 *
 * Each request is a GTask made on the main thread. The worker puts its
 * answers on a list that one idle source drains on the main context (the
 * Sysprof loader pattern), where the tasks are returned and released: a
 * task holds the loader, and the worker must never drop the last
 * reference of either. So the loader lives until its requests are
 * answered; dispose still answers any left (G_IO_ERROR_CANCELLED) after
 * stopping the worker, for g_object_run_dispose().
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-review.h"
#include "scrim-thumbnail-loader.h"

/* A request the worker has answered, waiting for the drain. */
typedef struct
{
  GTask      *task;
  GdkTexture *texture;
  GError     *error;
} Answer;

/* What the worker shares with the main thread (reference counted: the
 * drain's idle source may outlive the loader). The mutex guards every
 * field but scase, which only the worker touches. */
typedef struct
{
  GMutex        mutex;
  GCond         cond;
  GPtrArray    *stack;     /* of GTask, the newest last */
  GArray       *answers;   /* of Answer */
  GSource      *drain;     /* scheduled on context, or NULL */
  GMainContext *context;
  gboolean      quit;
  gboolean      held;      /* tests: the worker takes nothing */
  ScrimCase    *scase;
} Queue;

struct _ScrimThumbnailLoader
{
  GObject  parent_instance;

  Queue   *queue;
  GThread *thread;
};

G_DEFINE_FINAL_TYPE (ScrimThumbnailLoader, scrim_thumbnail_loader, G_TYPE_OBJECT)

static void
queue_clear (gpointer data)
{
  Queue *queue = data;

  g_assert (queue->stack->len == 0 && queue->answers->len == 0);
  g_ptr_array_unref (queue->stack);
  g_array_unref (queue->answers);
  g_main_context_unref (queue->context);
  g_clear_object (&queue->scase);
  g_mutex_clear (&queue->mutex);
  g_cond_clear (&queue->cond);
}

static Queue *
queue_new (void)
{
  Queue *queue = g_atomic_rc_box_new0 (Queue);

  g_mutex_init (&queue->mutex);
  g_cond_init (&queue->cond);
  queue->stack = g_ptr_array_new ();
  queue->answers = g_array_new (FALSE, FALSE, sizeof (Answer));
  queue->context = g_main_context_ref_thread_default ();
  return queue;
}

static void
queue_unref (Queue *queue)
{
  g_atomic_rc_box_release_full (queue, queue_clear);
}

/* Completes the answered tasks, on the main context: every task is
 * created, returned and released on the main thread, so the loader (which
 * each task holds) is never released by the worker. */
static void
answer (Answer *a)
{
  if (g_task_return_error_if_cancelled (a->task))
    {
      g_clear_object (&a->texture);
      g_clear_error (&a->error);
    }
  else if (a->texture != NULL)
    g_task_return_pointer (a->task, g_steal_pointer (&a->texture), g_object_unref);
  else if (a->error != NULL)
    g_task_return_error (a->task, g_steal_pointer (&a->error));
  else
    g_task_return_new_error (a->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the thumbnail loader was closed");
  g_clear_object (&a->task);
}

static gboolean
drain (gpointer data)
{
  Queue *queue = data;
  g_autoptr(GArray) answers = NULL;

  g_mutex_lock (&queue->mutex);
  answers = g_steal_pointer (&queue->answers);
  queue->answers = g_array_new (FALSE, FALSE, sizeof (Answer));
  g_clear_pointer (&queue->drain, g_source_unref);
  g_mutex_unlock (&queue->mutex);
  for (guint k = 0; k < answers->len; k++)
    answer (&g_array_index (answers, Answer, k));
  return G_SOURCE_REMOVE;
}

/* Under the mutex. */
static void
schedule_drain (Queue *queue)
{
  if (queue->drain != NULL)
    return;
  queue->drain = g_idle_source_new ();
  g_source_set_priority (queue->drain, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (queue->drain, "[scrim] thumbnail answers");
  g_source_set_callback (queue->drain, drain, g_atomic_rc_box_acquire (queue), (GDestroyNotify) queue_unref);
  g_source_attach (queue->drain, queue->context);
}

static GTask *
queue_pop (Queue *queue)
{
  GTask *task = NULL;

  g_mutex_lock (&queue->mutex);
  while ((queue->stack->len == 0 || queue->held) && !queue->quit)
    g_cond_wait (&queue->cond, &queue->mutex);
  if (!queue->quit)
    task = g_ptr_array_steal_index (queue->stack, queue->stack->len - 1);
  g_mutex_unlock (&queue->mutex);
  return task;
}

static void
queue_answer (Queue *queue,
              Answer *a)
{
  g_mutex_lock (&queue->mutex);
  g_array_append_val (queue->answers, *a);
  schedule_drain (queue);
  g_mutex_unlock (&queue->mutex);
}

/* The worker: a cancelled request is answered without decoding. */
static gpointer
worker (gpointer data)
{
  Queue *queue = data;
  GTask *task;

  while ((task = queue_pop (queue)) != NULL)
    {
      Answer a = { task, NULL, NULL };

      if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          gint64 item_id = *(gint64 *) g_task_get_task_data (task);
          g_autoptr(ScrimPixels) pixels = scrim_review_thumbnail (queue->scase, item_id, &a.error);

          if (pixels != NULL)
            a.texture = scrim_texture_new_for_pixels (pixels);
        }
      queue_answer (queue, &a);
    }
  return NULL;
}

static void
scrim_thumbnail_loader_dispose (GObject *object)
{
  ScrimThumbnailLoader *self = SCRIM_THUMBNAIL_LOADER (object);
  Queue *queue = self->queue;

  if (self->thread != NULL)
    {
      g_mutex_lock (&queue->mutex);
      queue->quit = TRUE;
      g_cond_signal (&queue->cond);
      g_mutex_unlock (&queue->mutex);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (queue != NULL)
    {
      /* Only with g_object_run_dispose() can requests be left (each holds
       * the loader): answer them now, the unserved ones as cancelled. */
      g_mutex_lock (&queue->mutex);
      for (guint k = 0; k < queue->stack->len; k++)
        {
          Answer a = { g_ptr_array_index (queue->stack, k), NULL, NULL };

          g_array_append_val (queue->answers, a);
        }
      g_ptr_array_set_size (queue->stack, 0);
      if (queue->drain != NULL)
        g_source_destroy (queue->drain);
      g_mutex_unlock (&queue->mutex);
      drain (queue);
      g_clear_object (&queue->scase);
      g_clear_pointer (&self->queue, queue_unref);
    }

  G_OBJECT_CLASS (scrim_thumbnail_loader_parent_class)->dispose (object);
}

static void
scrim_thumbnail_loader_class_init (ScrimThumbnailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scrim_thumbnail_loader_dispose;
}

static void
scrim_thumbnail_loader_init (ScrimThumbnailLoader *self)
{
  self->queue = queue_new ();
}

/*
** Opens the case at case_path read-only for a worker thread of its own
** and starts it. Returns the loader (full reference), or NULL with error
** set when the case cannot be opened.
*/
ScrimThumbnailLoader *
scrim_thumbnail_loader_new (const char  *case_path,
                            GError     **error)
{
  g_autoptr(ScrimThumbnailLoader) self = NULL;
  ScrimCase *scase;

  g_return_val_if_fail (case_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, error);
  if (scase == NULL)
    return NULL;
  self = g_object_new (SCRIM_TYPE_THUMBNAIL_LOADER, NULL);
  self->queue->scase = scase;
  self->thread = g_thread_try_new ("scrim-thumbnails", worker, self->queue, error);
  if (self->thread == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/*
** Asks for the thumbnail of item_id (from the main thread). callback runs
** on the thread-default main context of the caller; a request cancelled
** before it is served is dropped and answers G_IO_ERROR_CANCELLED, and a
** request cancelled later answers so too (never a texture).
*/
void
scrim_thumbnail_loader_load_async (ScrimThumbnailLoader *self,
                                   gint64                item_id,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SCRIM_IS_THUMBNAIL_LOADER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, scrim_thumbnail_loader_load_async);
  g_task_set_task_data (task, g_memdup2 (&item_id, sizeof item_id), g_free);
  /* A result that arrives after the cancellation is an error too. */
  g_task_set_check_cancellable (task, TRUE);
  if (self->thread == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "the thumbnail loader is closed");
      return;
    }
  g_mutex_lock (&self->queue->mutex);
  g_ptr_array_add (self->queue->stack, g_steal_pointer (&task));
  g_cond_signal (&self->queue->cond);
  g_mutex_unlock (&self->queue->mutex);
}

/*
** Returns the texture of a load (full reference), or NULL with error set:
** G_IO_ERROR_CANCELLED when it was cancelled, another error when the image
** has no thumbnail or it cannot be decoded.
*/
GdkTexture *
scrim_thumbnail_loader_load_finish (ScrimThumbnailLoader  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (SCRIM_IS_THUMBNAIL_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == scrim_thumbnail_loader_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
** Returns a texture holding a copy of pixels (grey and grey+alpha
** expanded to RGB/RGBA; alpha kept unpremultiplied), full reference.
** Thread-safe: textures are immutable.
*/
GdkTexture *
scrim_texture_new_for_pixels (const ScrimPixels *pixels)
{
  g_autoptr(GBytes) bytes = NULL;
  GdkMemoryFormat format;
  guint out_channels;
  gsize stride;
  guint8 *data;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (pixels->channels >= 1 && pixels->channels <= 4, NULL);
  g_return_val_if_fail (pixels->width > 0 && pixels->height > 0, NULL);

  out_channels = pixels->channels == 1 || pixels->channels == 3 ? 3 : 4;
  format = out_channels == 3 ? GDK_MEMORY_R8G8B8 : GDK_MEMORY_R8G8B8A8;
  stride = (gsize) pixels->width * out_channels;
  data = g_malloc (stride * pixels->height);
  for (guint y = 0; y < pixels->height; y++)
    {
      const guint8 *src = pixels->data + y * pixels->stride;
      guint8 *dst = data + y * stride;

      if (pixels->channels == out_channels)
        {
          memcpy (dst, src, stride);
          continue;
        }
      for (guint x = 0; x < pixels->width; x++, src += pixels->channels, dst += out_channels)
        {
          dst[0] = dst[1] = dst[2] = src[0];
          if (out_channels == 4)
            dst[3] = src[1];
        }
    }
  bytes = g_bytes_new_take (data, stride * pixels->height);
  return gdk_memory_texture_new (pixels->width, pixels->height, format, bytes, stride);
}

/*
** For tests: while held, the worker takes no request, so a test can queue
** several and see the order in which they are served.
*/
void
_scrim_thumbnail_loader_set_held (ScrimThumbnailLoader *self,
                                  gboolean              held)
{
  g_return_if_fail (SCRIM_IS_THUMBNAIL_LOADER (self));

  g_mutex_lock (&self->queue->mutex);
  self->queue->held = held;
  g_cond_broadcast (&self->queue->cond);
  g_mutex_unlock (&self->queue->mutex);
}
