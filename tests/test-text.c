/* test-text.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-core.h"

static void
test_tsv (void)
{
  static const struct { const char *in; gssize len; const char *out; } cases[] = {
    { "plain/path.jpg", -1, "plain/path.jpg" },
    { "a\tb\nc\rd\\e", -1, "a\\tb\\nc\\rd\\\\e" },
    { "caf\xc3\xa9", -1, "caf\xc3\xa9" },                 /* valid UTF-8 stays */
    { "n\xe9" "e", -1, "n\\xe9e" },                        /* Latin-1 byte */
    { "\xff\xfe", -1, "\\xff\\xfe" },
    { "\xc3", -1, "\\xc3" },                               /* truncated sequence */
    { "\xed\xa0\x80", -1, "\\xed\\xa0\\x80" },             /* a surrogate is not UTF-8 */
    { "bell\x07" "del\x7f", -1, "bell\\x07del\\x7f" },
    { "nul\0in", 6, "nul\\x00in" },
    { "\xe2\x82\xac\xe2\x82", -1, "\xe2\x82\xac\\xe2\\x82" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = scrim_text_escape_tsv (cases[i].in, cases[i].len);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_null (strchr (out, '\t'));
      g_assert_null (strchr (out, '\n'));
    }
}

static void
test_json (void)
{
  static const struct { const char *in; gssize len; const char *out; } cases[] = {
    { "a\"b\\c", -1, "\"a\\\"b\\\\c\"" },
    { "t\tn\n", -1, "\"t\\tn\\n\"" },
    { "\x01", -1, "\"\\u0001\"" },
    { "n\xe9" "e", -1, "\"n\\udce9e\"" },
    { "caf\xc3\xa9", -1, "\"caf\xc3\xa9\"" },
    { "z\0z", 3, "\"z\\u0000z\"" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_string_truncate (out, 0);
      scrim_text_append_json (out, cases[i].in, cases[i].len);
      g_assert_cmpstr (out->str, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out->str, -1, NULL));
    }
  g_string_truncate (out, 0);
  scrim_text_append_json (out, NULL, -1);
  g_assert_cmpstr (out->str, ==, "null");
}

static void
test_json_builder (void)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();
  g_autofree char *text = NULL;

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "a", "x");
  scrim_json_add_int (json, "b", -3);
  scrim_json_begin_array (json, "c");
  scrim_json_add_bool (json, NULL, TRUE);
  scrim_json_add_null (json, NULL);
  scrim_json_add_double (json, NULL, 52.5, 2);
  scrim_json_end_array (json);
  scrim_json_begin_object (json, "d");
  scrim_json_end_object (json);
  scrim_json_end_object (json);
  text = scrim_json_free_to_string (g_steal_pointer (&json));
  g_assert_cmpstr (text, ==, "{\"a\":\"x\",\"b\":-3,\"c\":[true,null,52.50],\"d\":{}}");
}

static void
test_double (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  scrim_text_append_double (out, -33.8675123, 7);
  g_assert_cmpstr (out->str, ==, "-33.8675123");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/text/tsv", test_tsv);
  g_test_add_func ("/core/text/json", test_json);
  g_test_add_func ("/core/text/json-builder", test_json_builder);
  g_test_add_func ("/core/text/double", test_double);
  return g_test_run ();
}
