/* test-hash.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-core.h"

typedef struct
{
  const char *input;
  const char *md5;
  const char *sha1;
  const char *sha256;
} Vector;

/* FIPS 180 / RFC 1321 test values. */
static const Vector vectors[] = {
  { "", "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "abc", "900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "8215ef0796a20bcaaae116d3876c664a",
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

static void
check (const ScrimDigests *d,
       const Vector       *v)
{
  g_autofree char *md5 = scrim_hex_encode (d->md5, sizeof d->md5);
  g_autofree char *sha1 = scrim_hex_encode (d->sha1, sizeof d->sha1);
  g_autofree char *sha256 = scrim_hex_encode (d->sha256, sizeof d->sha256);

  g_assert_cmpstr (md5, ==, v->md5);
  g_assert_cmpstr (sha1, ==, v->sha1);
  g_assert_cmpstr (sha256, ==, v->sha256);
}

static void
test_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      ScrimDigests d;

      scrim_digests_compute ((const guint8 *) vectors[i].input, strlen (vectors[i].input), &d);
      check (&d, &vectors[i]);
    }
}

/* Fed in chunks of every size from 1 to 7, the digests equal one pass; and
 * finish resets, so one hasher serves file after file. */
static void
test_streaming (void)
{
  g_autoptr(ScrimHasher) hasher = scrim_hasher_new ();
  const Vector *v = &vectors[2];
  gsize len = strlen (v->input);

  for (gsize chunk = 1; chunk <= 7; chunk++)
    {
      ScrimDigests d;

      for (gsize off = 0; off < len; off += chunk)
        scrim_hasher_update (hasher, (const guint8 *) v->input + off, MIN (chunk, len - off));
      scrim_hasher_finish (hasher, &d);
      check (&d, v);
    }
}

static void
test_million_a (void)
{
  g_autofree guint8 *data = g_malloc (1000000);
  ScrimDigests d;
  g_autofree char *sha256 = NULL;
  g_autofree char *md5 = NULL;

  memset (data, 'a', 1000000);
  scrim_digests_compute (data, 1000000, &d);
  sha256 = scrim_hex_encode (d.sha256, sizeof d.sha256);
  md5 = scrim_hex_encode (d.md5, sizeof d.md5);
  g_assert_cmpstr (sha256, ==, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  g_assert_cmpstr (md5, ==, "7707d6ae4e027c70eea2a935c2296f21");
}

static void
test_hex (void)
{
  guint8 out[4];
  const guint8 in[4] = { 0x00, 0xab, 0xCD, 0xff };
  g_autofree char *hex = scrim_hex_encode (in, 4);

  g_assert_cmpstr (hex, ==, "00abcdff");
  g_assert_true (scrim_hex_decode ("00ABcdFF", out, 4));
  g_assert_cmpmem (out, 4, in, 4);
  g_assert_false (scrim_hex_decode ("00abcd", out, 4));
  g_assert_false (scrim_hex_decode ("00abcdfg", out, 4));
  g_assert_false (scrim_hex_decode ("00abcdff0", out, 4));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/hash/vectors", test_vectors);
  g_test_add_func ("/core/hash/streaming", test_streaming);
  g_test_add_func ("/core/hash/million-a", test_million_a);
  g_test_add_func ("/core/hash/hex", test_hex);
  return g_test_run ();
}
