/* test-synth.c: deterministic synthetic images and evidence
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "scrim-error.h"
#include "scrim-exif.h"
#include "scrim-image.h"
#include "scrim-synth.h"
#include "scrim-test-util.h"

static gboolean
pixels_equal (const ScrimPixels *a,
              const ScrimPixels *b)
{
  if (a->width != b->width || a->height != b->height || a->channels != b->channels)
    return FALSE;
  for (guint y = 0; y < a->height; y++)
    if (memcmp (a->data + y * a->stride, b->data + y * b->stride, a->width * a->channels) != 0)
      return FALSE;
  return TRUE;
}

static ScrimPixels *
pixels_dup (const ScrimPixels *src)
{
  ScrimPixels *dst = scrim_pixels_new (src->width, src->height, src->channels);

  for (guint y = 0; y < src->height; y++)
    memcpy (dst->data + y * dst->stride, src->data + y * src->stride,
            src->width * src->channels);
  return dst;
}

static void
test_determinism (void)
{
  static const ScrimSynthStyle styles[] = {
    SCRIM_SYNTH_PHOTO, SCRIM_SYNTH_SCREENSHOT, SCRIM_SYNTH_PATTERN,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autoptr(ScrimPixels) a = scrim_synth_draw (styles[i], 7, 640, 480, "DEMO 1");
      g_autoptr(ScrimPixels) b = scrim_synth_draw (styles[i], 7, 640, 480, "DEMO 1");
      g_autoptr(ScrimPixels) c = scrim_synth_draw (styles[i], 8, 640, 480, "DEMO 1");
      g_autoptr(GBytes) ja = scrim_jpeg_encode (a, 90, NULL, NULL);
      g_autoptr(GBytes) jb = scrim_jpeg_encode (b, 90, NULL, NULL);
      g_autoptr(GBytes) jc = scrim_jpeg_encode (c, 90, NULL, NULL);

      g_assert_cmpuint (a->channels, ==, 3);
      g_assert_true (pixels_equal (a, b));
      g_assert_false (pixels_equal (a, c));
      g_assert_true (g_bytes_equal (ja, jb));
      g_assert_false (g_bytes_equal (ja, jc));
    }
}

/* The styles differ from one another, and the size is part of the seed. */
static void
test_styles_differ (void)
{
  g_autoptr(ScrimPixels) photo = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 1, 320, 240, NULL);
  g_autoptr(ScrimPixels) shot = scrim_synth_draw (SCRIM_SYNTH_SCREENSHOT, 1, 320, 240, NULL);
  g_autoptr(ScrimPixels) pattern = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 1, 320, 240, NULL);

  g_assert_false (pixels_equal (photo, shot));
  g_assert_false (pixels_equal (photo, pattern));
  g_assert_false (pixels_equal (shot, pattern));
}

/* Degenerate sizes draw without reading or writing out of bounds. */
static void
test_tiny_sizes (void)
{
  static const guint sizes[][2] = { { 1, 1 }, { 1, 7 }, { 7, 1 }, { 2, 3 }, { 5, 5 }, { 33, 17 } };

  for (int style = SCRIM_SYNTH_PHOTO; style <= SCRIM_SYNTH_PATTERN; style++)
    for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autoptr(ScrimPixels) px = scrim_synth_draw (style, i, sizes[i][0], sizes[i][1],
                                                      "LABEL 01");

        g_assert_cmpuint (px->width, ==, sizes[i][0]);
        g_assert_cmpuint (px->height, ==, sizes[i][1]);
      }
}

/* One 12 MP photo at q92 weighs what a real phone photo does. */
static void
test_photo_size (void)
{
  gint64 t0, t1, t2;
  g_autoptr(ScrimPixels) px = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  t0 = g_get_monotonic_time ();
  px = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 1, 4000, 3000, NULL);
  t1 = g_get_monotonic_time ();
  jpeg = scrim_jpeg_encode (px, 92, NULL, &error);
  t2 = g_get_monotonic_time ();
  g_assert_no_error (error);

  size = g_bytes_get_size (jpeg);
  g_test_message ("4000x3000 photo: drawn in %.1f ms, q92 JPEG %.2f MB encoded in %.1f ms",
                  (t1 - t0) / 1000.0, size / 1e6, (t2 - t1) / 1000.0);
  g_assert_cmpuint (size, >=, 1500 * 1000);
  g_assert_cmpuint (size, <=, 4000 * 1000);
}

/* Label stamping changes pixels inside its box only, in black and white. */
static void
check_label_box (guint       channels,
                 guint       x,
                 guint       y,
                 guint       scale,
                 const char *text)
{
  g_autoptr(ScrimPixels) rgb = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 3, 160, 120, NULL);
  g_autoptr(ScrimPixels) before = scrim_pixels_new (160, 120, channels);
  g_autoptr(ScrimPixels) after = NULL;
  guint box_w, box_h, changed = 0, black = 0;

  /* Any content will do; keep alpha translucent to see it become opaque. */
  for (guint i = 0; i < before->height; i++)
    for (guint j = 0; j < before->width * channels; j++)
      before->data[i * before->stride + j] = rgb->data[i * rgb->stride + j % (rgb->width * 3)] | 1;
  after = pixels_dup (before);

  scrim_synth_draw_label (after, x, y, scale, text);
  scrim_synth_label_size (text, scale, &box_w, &box_h);
  g_assert_cmpuint (box_w, ==, (6 * strlen (text) + 1) * scale);
  g_assert_cmpuint (box_h, ==, 9 * scale);

  for (guint py = 0; py < after->height; py++)
    for (guint px = 0; px < after->width; px++)
      {
        const guint8 *a = before->data + py * before->stride + px * channels;
        const guint8 *b = after->data + py * after->stride + px * channels;
        gboolean inside = px >= x && px < x + box_w && py >= y && py < y + box_h;

        if (!inside)
          {
            g_assert_cmpmem (a, channels, b, channels);
            continue;
          }
        changed += memcmp (a, b, channels) != 0;
        black += b[0] == 0;
        g_assert_true (b[0] == 0 || b[0] == 255);
      }
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (black, >, 0);
}

static void
test_label_box (void)
{
  for (guint channels = 1; channels <= 4; channels++)
    {
      check_label_box (channels, 5, 9, 2, "DEMO SERIES A 03");
      check_label_box (channels, 150, 110, 3, "CLIPPED AT THE EDGE");
      check_label_box (channels, 0, 0, 1, "x/y: (1) 50% #2 ok?");
    }
}

/* The stamp of scrim_synth_draw() changes only its bottom-left box. */
static void
test_label_draw (void)
{
  g_autoptr(ScrimPixels) plain = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 9, 800, 600, NULL);
  g_autoptr(ScrimPixels) labelled = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 9, 800, 600,
                                                      "DEMO SERIES A 03");
  guint scale = 600 / 200, box_w, box_h, x0, y0;

  scrim_synth_label_size ("DEMO SERIES A 03", scale, &box_w, &box_h);
  x0 = 2 * scale;
  y0 = 600 - box_h - 2 * scale;
  for (guint y = 0; y < 600; y++)
    for (guint x = 0; x < 800; x++)
      {
        gboolean inside = x >= x0 && x < x0 + box_w && y >= y0 && y < y0 + box_h;
        gboolean same = memcmp (plain->data + y * plain->stride + x * 3,
                                labelled->data + y * labelled->stride + x * 3, 3) == 0;

        if (!inside)
          g_assert_true (same);
      }
}

/* Lower case draws as upper case; characters the font lacks draw as '?'. */
static void
test_label_glyphs (void)
{
  const char *pairs[][2] = {
    { "demo series a 03", "DEMO SERIES A 03" },
    { "~", "?" },
    { "\xc3\xa9", "?" },      /* one UTF-8 character, one cell */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(ScrimPixels) a = scrim_pixels_new (200, 20, 3);
      g_autoptr(ScrimPixels) b = scrim_pixels_new (200, 20, 3);

      memset (a->data, 90, a->stride * a->height);
      memset (b->data, 90, b->stride * b->height);
      scrim_synth_draw_label (a, 1, 1, 1, pairs[i][0]);
      scrim_synth_draw_label (b, 1, 1, 1, pairs[i][1]);
      g_assert_true (pixels_equal (a, b));
    }
}

static void
test_write_file (void)
{
  g_autofree char *dir = scrim_test_mkdtemp ("synth-file");
  g_autofree char *path = g_build_filename (dir, "a", "b", "file.bin", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("first", 5);
  g_autoptr(GBytes) other = g_bytes_new_static ("second", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  struct stat st;

  g_assert_true (scrim_synth_write_file (path, bytes, 1234567890, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, ==, 1234567890);
  g_assert_cmpint (st.st_atime, ==, 1234567890);

  /* Never overwritten. */
  g_assert_false (scrim_synth_write_file (path, other, 1, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "file.bin"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "first", 5);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, ==, 1234567890);

  /* A parent that is a file: a clear error naming it. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "a", "b", "file.bin", "below", NULL);
  g_assert_false (scrim_synth_write_file (path, bytes, -1, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "file.bin"));
}

static void
collect (const char *root,
         const char *rel,
         GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = *rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect (root, child_rel, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&child_rel));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files under @root, relative and sorted. */
static GPtrArray *
list_tree (const char *root)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  collect (root, "", paths);
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

static guint
count_matching (GPtrArray  *paths,
                const char *pattern)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  guint n = 0;

  for (guint i = 0; i < paths->len; i++)
    n += g_regex_match (re, g_ptr_array_index (paths, i), 0, NULL);
  return n;
}

static void
check_image (const char *root,
             const char *rel,
             guint      *width,
             guint      *height,
             guint      *channels,
             ScrimExif **exif)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *data = NULL;
  gsize len;
  ScrimDecodeOptions options = { 0, 0 };
  ScrimDecodeResult result = { 0 };

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  scrim_image_decode ((const guint8 *) data, len, &options, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  *width = result.width;
  *height = result.height;
  *channels = result.pixels->channels;
  *exif = scrim_exif_read_file (result.type, (const guint8 *) data, len);
  scrim_decode_result_clear (&result);
}

static void
check_camera_file (const char *root,
                   const char *rel)
{
  g_autoptr(ScrimExif) exif = NULL;
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *stamp = NULL;
  guint w, h, channels;
  const char *base = strrchr (rel, '/') + 1;
  struct stat st;

  /* Before reading: with atime == mtime, relatime updates it on a read. */
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, >, 1672531200);    /* 2023 or later */
  g_assert_cmpint (st.st_atime, ==, st.st_mtime);

  check_image (root, rel, &w, &h, &channels, &exif);
  g_assert_cmpuint (w, ==, 4000);
  g_assert_cmpuint (h, ==, 3000);
  g_assert_nonnull (exif);
  g_assert_nonnull (exif->make);
  g_assert_nonnull (exif->model);
  g_assert_nonnull (exif->serial);
  g_assert_true (exif->has_orientation);
  g_assert_true (exif->orientation == 1 || exif->orientation == 6);
  g_assert_nonnull (exif->datetime_original);
  g_assert_nonnull (exif->offset_time_original);

  /* IMG_YYYYMMDD_HHMMSS.jpg names the capture time "YYYY:MM:DD HH:MM:SS". */
  stamp = g_strdup_printf ("IMG_%.4s%.2s%.2s_%.2s%.2s%.2s.jpg",
                           exif->datetime_original, exif->datetime_original + 5,
                           exif->datetime_original + 8, exif->datetime_original + 11,
                           exif->datetime_original + 14, exif->datetime_original + 17);
  g_assert_cmpstr (base, ==, stamp);
}

static void
check_set_images (const char *root,
                  GPtrArray  *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      const char *rel = g_ptr_array_index (paths, i);
      g_autoptr(ScrimExif) exif = NULL;
      guint w, h, channels;

      if (g_str_has_prefix (rel, "DCIM/"))
        {
          check_camera_file (root, rel);
          continue;
        }
      check_image (root, rel, &w, &h, &channels, &exif);
      g_assert_true (exif == NULL || scrim_exif_is_empty (exif));
      if (g_str_has_prefix (rel, "WhatsApp/"))
        g_assert_true ((w == 1600 && h == 1200) || (w == 1280 && h == 960)
                       || (w == 1200 && h == 1600));
      else if (g_str_has_prefix (rel, "cache/"))
        g_assert_cmpuint (MAX (w, h), <=, 320);
      else
        g_assert_true ((w == 1080 && h == 1920 && channels == 3)
                       || (w == 800 && h == 600 && channels == 4));
    }
}

static void
assert_same_trees (const char *a,
                   const char *b,
                   GPtrArray  *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *pa = g_build_filename (a, g_ptr_array_index (paths, i), NULL);
      g_autofree char *pb = g_build_filename (b, g_ptr_array_index (paths, i), NULL);
      g_autofree char *da = NULL;
      g_autofree char *db = NULL;
      gsize la, lb;
      struct stat sa, sb;

      g_assert_true (g_file_get_contents (pa, &da, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &db, &lb, NULL));
      g_assert_cmpmem (da, la, db, lb);
      g_assert_cmpint (stat (pa, &sa), ==, 0);
      g_assert_cmpint (stat (pb, &sb), ==, 0);
      g_assert_cmpint (sa.st_mtime, ==, sb.st_mtime);
    }
}

static void
test_write_set (void)
{
  ScrimSynthSetSpec spec = { 2, 5, 6, 2 };
  g_autofree char *dir = scrim_test_mkdtemp ("synth-set");
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  g_autofree char *c = g_build_filename (dir, "c", NULL);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) paths_b = NULL;
  g_autoptr(GPtrArray) paths_c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_true (scrim_synth_write_set (a, &spec, 42, &error));
  g_assert_no_error (error);
  g_test_message ("set of %u + %u + %u + %u files written in %.0f ms",
                  spec.n_camera, spec.n_chat, spec.n_cache, spec.n_png,
                  (g_get_monotonic_time () - t0) / 1000.0);

  paths = list_tree (a);
  g_assert_cmpuint (paths->len, ==, 15);
  g_assert_cmpuint (count_matching (paths, "^DCIM/Camera/IMG_[0-9]{8}_[0-9]{6}\\.jpg$"), ==, 2);
  g_assert_cmpuint (count_matching (paths, "^WhatsApp/Media/WhatsApp Images/"
                                           "IMG-[0-9]{8}-WA[0-9]{4}\\.jpg$"), ==, 5);
  g_assert_cmpuint (count_matching (paths, "^cache/thumbnails/[0-9]{4}\\.jpg$"), ==, 6);
  g_assert_cmpuint (count_matching (paths, "^Pictures/Screenshots/"
                                           "Screenshot_[0-9]{8}-[0-9]{6}\\.png$"), ==, 2);
  check_set_images (a, paths);

  /* Same seed: byte- and time-identical; another seed: different. */
  g_assert_true (scrim_synth_write_set (b, &spec, 42, &error));
  g_assert_no_error (error);
  paths_b = list_tree (b);
  g_assert_cmpuint (paths_b->len, ==, paths->len);
  for (guint i = 0; i < paths->len; i++)
    g_assert_cmpstr (g_ptr_array_index (paths, i), ==, g_ptr_array_index (paths_b, i));
  assert_same_trees (a, b, paths);

  spec.n_camera = 0;
  g_assert_true (scrim_synth_write_set (c, &spec, 43, &error));
  paths_c = list_tree (c);
  g_assert_cmpuint (paths_c->len, ==, 13);

  /* Never over an existing set. */
  g_assert_false (scrim_synth_write_set (b, &spec, 42, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/synth/determinism", test_determinism);
  g_test_add_func ("/core/synth/styles-differ", test_styles_differ);
  g_test_add_func ("/core/synth/tiny-sizes", test_tiny_sizes);
  g_test_add_func ("/core/synth/photo-size", test_photo_size);
  g_test_add_func ("/core/synth/label/box", test_label_box);
  g_test_add_func ("/core/synth/label/draw", test_label_draw);
  g_test_add_func ("/core/synth/label/glyphs", test_label_glyphs);
  g_test_add_func ("/core/synth/write-file", test_write_file);
  g_test_add_func ("/core/synth/write-set", test_write_set);

  return g_test_run ();
}
