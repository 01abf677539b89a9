/* test-list-text.c: the line-based list formats, detection and the dispatcher
 *
 * Every sample is written here, modelled on the examples of
 * shared/specs/hash-lists.md. Every hash is invented (patterns such as
 * 00112233…); none comes from a real list.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "scrim-core.h"
#include "scrim-list.h"
#include "scrim-test-util.h"

/* WANT() overrides its defaults on purpose. */
#pragma GCC diagnostic ignored "-Woverride-init"

#define MD5_A    "00112233445566778899aabbccddeeff"
#define MD5_B    "ffeeddccbbaa99887766554433221100"
#define MD5_C    "0123456789abcdef0123456789abcdef"
#define SHA1_A   "00112233445566778899aabbccddeeff00112233"
#define SHA1_B   "ffeeddccbbaa99887766554433221100ffeeddcc"
#define SHA1_B32 "77XN3TF3VKMYQ53GKVCDGIQRAD765XOM"   /* SHA1_B in Base32 */
#define SHA1_A32 "AAISEM2EKVTHPCEZVK54ZXPO74ABCIRT"   /* SHA1_A in Base32 */
#define SHA256_A "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define SHA256_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define SHA512_A SHA256_A SHA256_B
#define PDQ_A    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PDQ_B    "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

#define MD5_A_UP "00112233445566778899AABBCCDDEEFF"
#define MD5_B_UP "FFEEDDCCBBAA99887766554433221100"
#define MD5_C_UP "0123456789ABCDEF0123456789ABCDEF"
#define SHA1_A_UP "00112233445566778899AABBCCDDEEFF00112233"
#define SHA1_B_UP "FFEEDDCCBBAA99887766554433221100FFEEDDCC"
#define SHA1_C_UP "0123456789ABCDEF0123456789ABCDEF01234567"

/* ---- what a read gives back ---- */

typedef struct
{
  guint64     record;
  const char *md5;
  const char *sha1;
  const char *sha256;
  const char *pdq;
  int         pdq_quality;
  const char *category;
  const char *series;
  const char *tags;
  const char *comments;
  const char *label;
  const char *name;
  const char *photodna;
  const char *extra_json;
  int         victim_identified;
  int         offender_identified;
  int         is_distributed;
  int         baseline;
  int         precategorized;
  gint64      size;
} Rec;

#define WANT(...) (&(Rec) { .pdq_quality = -1, .victim_identified = -1, .offender_identified = -1, \
                            .is_distributed = -1, .baseline = -1, .precategorized = -1,         \
                            .size = -1, __VA_ARGS__ })

static void
rec_free (Rec *rec)
{
  const char **strings[] = {
    &rec->md5, &rec->sha1, &rec->sha256, &rec->pdq, &rec->category, &rec->series, &rec->tags,
    &rec->comments, &rec->label, &rec->name, &rec->photodna, &rec->extra_json,
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free ((char *) *strings[i]);
  g_free (rec);
}

typedef struct
{
  GPtrArray     *records;     /* Rec */
  GPtrArray     *problems;    /* "LINE: reason" */
  ScrimListInfo  info;
  GError        *error;
  gboolean       ok;
  /* options */
  gboolean       strict;
  guint          stop_after;  /* record_func says stop at this record; 0: never */
  GCancellable  *cancel;      /* cancelled from the 5000th record on */
} Result;

static void
result_free (Result *res)
{
  g_ptr_array_unref (res->records);
  g_ptr_array_unref (res->problems);
  scrim_list_info_clear (&res->info);
  g_clear_error (&res->error);
  g_clear_object (&res->cancel);
  g_free (res);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static char *
hex_or_null (const guint8 *bytes,
             gsize         len)
{
  return bytes ? scrim_hex_encode (bytes, len) : NULL;
}

static gboolean
on_record (const ScrimListRecord *record,
           gpointer               user_data)
{
  Result *res = user_data;
  Rec *rec = g_new0 (Rec, 1);

  rec->record = record->record;
  rec->md5 = hex_or_null (record->md5, SCRIM_MD5_LEN);
  rec->sha1 = hex_or_null (record->sha1, SCRIM_SHA1_LEN);
  rec->sha256 = hex_or_null (record->sha256, SCRIM_SHA256_LEN);
  if (record->has_pdq)
    {
      char hex[SCRIM_PDQ_HEX_LEN + 1];

      scrim_pdq_to_hex (&record->pdq, hex);
      rec->pdq = g_strdup (hex);
    }
  rec->pdq_quality = record->pdq_quality;
  rec->category = g_strdup (record->category);
  rec->series = g_strdup (record->series);
  rec->tags = g_strdup (record->tags);
  rec->comments = g_strdup (record->comments);
  rec->label = g_strdup (record->label);
  rec->name = g_strdup (record->name);
  rec->photodna = g_strdup (record->photodna);
  rec->extra_json = g_strdup (record->extra_json);
  rec->victim_identified = record->victim_identified;
  rec->offender_identified = record->offender_identified;
  rec->is_distributed = record->is_distributed;
  rec->baseline = record->baseline;
  rec->precategorized = record->precategorized;
  rec->size = record->size;
  g_ptr_array_add (res->records, rec);
  if (res->cancel != NULL && res->records->len >= 5000)
    g_cancellable_cancel (res->cancel);
  return res->stop_after == 0 || res->records->len < res->stop_after;
}

static gboolean
on_problem (guint64     record,
            const char *reason,
            gpointer    user_data)
{
  Result *res = user_data;

  g_assert_true (g_utf8_validate (reason, -1, NULL));
  g_ptr_array_add (res->problems, g_strdup_printf ("%" G_GUINT64_FORMAT ": %s", record, reason));
  return !res->strict;
}

static Result *
result_new (void)
{
  Result *res = g_new0 (Result, 1);

  res->records = g_ptr_array_new_with_free_func ((GDestroyNotify) rec_free);
  res->problems = g_ptr_array_new_with_free_func (g_free);
  return res;
}

static void
run_read (Result          *res,
          ScrimListInput  *input,
          ScrimListFormat  format)
{
  res->ok = scrim_list_read (input, format, &res->info, on_record, on_problem, res, res->cancel,
                             &res->error);
  g_assert_true (res->ok == (res->error == NULL));
}

static Result *
read_bytes (const char      *data,
            gssize           len,
            ScrimListFormat  format)
{
  Result *res = result_new ();
  g_autoptr(ScrimListInput) input = NULL;

  if (len < 0)
    len = strlen (data);
  input = scrim_list_input_new_memory ((const guint8 *) data, len, "sample");
  run_read (res, input, format);
  return res;
}

static Result *
read_text (const char      *data,
           ScrimListFormat  format)
{
  return read_bytes (data, -1, format);
}

static Result *
read_strict (const char      *data,
             ScrimListFormat  format)
{
  Result *res = result_new ();
  g_autoptr(ScrimListInput) input = NULL;

  res->strict = TRUE;
  input = scrim_list_input_new_memory ((const guint8 *) data, strlen (data), "sample");
  run_read (res, input, format);
  return res;
}

static const Rec *
rec_at (Result *res,
        guint   i)
{
  g_assert_cmpuint (i, <, res->records->len);
  return g_ptr_array_index (res->records, i);
}

static void
assert_rec (const Rec *got,
            const Rec *want)
{
  g_assert_cmpuint (got->record, ==, want->record);
  g_assert_cmpstr (got->md5, ==, want->md5);
  g_assert_cmpstr (got->sha1, ==, want->sha1);
  g_assert_cmpstr (got->sha256, ==, want->sha256);
  g_assert_cmpstr (got->pdq, ==, want->pdq);
  g_assert_cmpint (got->pdq_quality, ==, want->pdq_quality);
  g_assert_cmpstr (got->category, ==, want->category);
  g_assert_cmpstr (got->series, ==, want->series);
  g_assert_cmpstr (got->tags, ==, want->tags);
  g_assert_cmpstr (got->comments, ==, want->comments);
  g_assert_cmpstr (got->label, ==, want->label);
  g_assert_cmpstr (got->name, ==, want->name);
  g_assert_cmpstr (got->photodna, ==, want->photodna);
  g_assert_cmpstr (got->extra_json, ==, want->extra_json);
  g_assert_cmpint (got->victim_identified, ==, want->victim_identified);
  g_assert_cmpint (got->offender_identified, ==, want->offender_identified);
  g_assert_cmpint (got->is_distributed, ==, want->is_distributed);
  g_assert_cmpint (got->baseline, ==, want->baseline);
  g_assert_cmpint (got->precategorized, ==, want->precategorized);
  g_assert_cmpint (got->size, ==, want->size);
}

static void
assert_ok (Result *res,
           guint   n_records,
           guint   n_problems)
{
  g_assert_no_error (res->error);
  g_assert_true (res->ok);
  g_assert_cmpuint (res->records->len, ==, n_records);
  g_assert_cmpuint (res->problems->len, ==, n_problems);
}

static void
assert_problem (Result     *res,
                guint       i,
                const char *want)
{
  g_assert_cmpuint (i, <, res->problems->len);
  g_assert_cmpstr (g_ptr_array_index (res->problems, i), ==, want);
}

/* ---- encodings ---- */

/* utf8 as UTF-16 (big- or little-endian) with a BOM. */
static GBytes *
utf16_with_bom (const char *utf8,
                gboolean    big_endian)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  GByteArray *out = g_byte_array_new ();

  g_assert_nonnull (units);
  for (glong i = -1; i < n; i++)
    {
      gunichar2 u = i < 0 ? 0xfeff : units[i];
      guint8 pair[2] = { u & 0xff, u >> 8 };

      if (big_endian)
        pair[0] = u >> 8, pair[1] = u & 0xff;
      g_byte_array_append (out, pair, 2);
    }
  return g_byte_array_free_to_bytes (out);
}

static Result *
read_gbytes (GBytes          *bytes,
             ScrimListFormat  format)
{
  return read_bytes (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), format);
}

/* ---- format names ---- */

static void
test_format_names (void)
{
  static const char * const names[] = {
    "auto", "vics", "nsrl", "hashdeep", "md5sum", "text", "icse", "xways", "hashkeeper", "pdq",
    "nsrl-rds3",
  };
  ScrimListFormat format = SCRIM_LIST_FORMAT_PDQ;
  ScrimListInfo info = { 0 };

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, SCRIM_LIST_N_FORMATS);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (scrim_list_format_to_string (i), ==, names[i]);
      g_assert_true (scrim_list_format_from_string (names[i], &format));
      g_assert_cmpint (format, ==, i);
    }
  g_assert_null (scrim_list_format_to_string (SCRIM_LIST_N_FORMATS));
  format = SCRIM_LIST_FORMAT_ICSE;
  g_assert_false (scrim_list_format_from_string ("NSRL", &format));
  g_assert_false (scrim_list_format_from_string ("", &format));
  g_assert_false (scrim_list_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, SCRIM_LIST_FORMAT_ICSE);

  info.format = SCRIM_LIST_FORMAT_VICS;
  info.version = g_strdup ("1.0");
  info.hash_type = g_strdup ("MD5");
  scrim_list_info_clear (&info);
  g_assert_null (info.version);
  g_assert_null (info.hash_type);
  g_assert_cmpint (info.format, ==, SCRIM_LIST_FORMAT_AUTO);
  scrim_list_info_clear (&info);
  scrim_list_info_clear (NULL);
}

/* ---- NSRL ---- */

#define NSRL2_HEADER \
  "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\""
#define NSRL15_HEADER \
  "\"SHA-1\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"MD4\",\"MD5\",\"CRC32\",\"SpecialCode\""

static const char nsrl_sample[] =
  NSRL2_HEADER "\r\n"
  "\"" SHA1_A_UP "\",\"" MD5_A_UP "\",\"0A1B2C3D\",\"example.dll\",4096,12345,\"189\",\"\"\r\n"
  "\"" SHA1_B_UP "\",\"" MD5_B_UP "\",\"00000000\",\"a, b \"\"quoted\"\".txt\",0,1,\"189\",\"M\"\r\n"
  NSRL2_HEADER "\r\n"
  "\"" SHA1_C_UP "\",\"" MD5_C_UP "\",\"12345678\",\"caf\xe9 \"odd\" name,x.txt\",17,2,\"190\",\"\"\r\n";

static void
test_nsrl (void)
{
  g_autoptr(Result) res = read_text (nsrl_sample, SCRIM_LIST_FORMAT_NSRL);

  assert_ok (res, 3, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 2, .md5 = MD5_A, .sha1 = SHA1_A, .name = "example.dll",
                                     .size = 4096));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .md5 = MD5_B, .sha1 = SHA1_B,
                                     .name = "a, b \"quoted\".txt", .size = 0,
                                     .extra_json = "{\"SpecialCode\":\"M\"}"));
  /* Latin-1 becomes UTF-8; stray quotes and commas stay in the name. */
  assert_rec (rec_at (res, 2), WANT (.record = 5, .md5 = MD5_C, .sha1 = "0123456789abcdef0123456789abcdef01234567",
                                     .name = "caf\xc3\xa9 \"odd\" name,x.txt", .size = 17));
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_NSRL);
  g_assert_cmpstr (res->info.version, ==, "2.x");
}

static void
test_nsrl_legacy (void)
{
  static const char sample[] =
    NSRL15_HEADER "\n"
    "\"" SHA1_A_UP "\",\"old,name.exe\",512,7,\"WIN\",\"" MD5_C_UP "\",\"" MD5_B_UP "\",\"0A1B2C3D\",\"S\"\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_NSRL);

  assert_ok (res, 1, 0);
  /* MD5, not MD4, though MD4 comes first. */
  assert_rec (rec_at (res, 0), WANT (.record = 2, .md5 = MD5_B, .sha1 = SHA1_A, .name = "old,name.exe",
                                     .size = 512, .extra_json = "{\"SpecialCode\":\"S\"}"));
  g_assert_cmpstr (res->info.version, ==, "1.5");
}

static void
test_nsrl_headerless (void)
{
  static const char sample[] =
    "\"" SHA1_A_UP "\",\"" MD5_A_UP "\",\"0A1B2C3D\",\"x.dll\",1,2,\"3\",\"\"\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_NSRL);

  assert_ok (res, 1, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .md5 = MD5_A, .sha1 = SHA1_A, .name = "x.dll", .size = 1));
  g_assert_null (res->info.version);
}

static void
test_nsrl_malformed (void)
{
  static const char sample[] =
    NSRL2_HEADER "\n"
    "\"" SHA1_A_UP "\",\"" MD5_A_UP "\",\"0A1B2C3D\",\"ok.dll\",1,2,\"3\",\"\"\n"
    "\"00112233445566778899AABBCCDDEEFF0011223\",\"" MD5_A_UP "\",\"0\",\"short.dll\",1,2,\"3\",\"\"\n"
    "\"" SHA1_A_UP "\",\"0011223344556677889XAABBCCDDEEFF\",\"0\",\"x.dll\",1,2,\"3\",\"\"\n"
    "\"" SHA1_A_UP "\",\"" MD5_A_UP "\",\"0\",\"big.dll\",4k,2,\"3\",\"\"\n"
    "\"" SHA1_A_UP "\",\"" MD5_A_UP "\"\n"
    "\"\",\"\",\"0\",\"nohash.dll\",1,2,\"3\",\"\"\n"
    "\"" SHA1_B_UP "\",\"" MD5_B_UP "\",\"0\",\"last.dll\",2,2,\"3\",\"\"\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_NSRL);

  assert_ok (res, 2, 5);
  g_assert_cmpuint (rec_at (res, 0)->record, ==, 2);
  g_assert_cmpuint (rec_at (res, 1)->record, ==, 8);
  assert_problem (res, 0, "3: SHA-1 has 39 hex digits (expected 40)");
  assert_problem (res, 1, "4: MD5 has a character that is not a hex digit at position 20");
  assert_problem (res, 2, "5: FileSize is not a whole number");
  assert_problem (res, 3, "6: fewer fields than the 8 of the header");
  assert_problem (res, 4, "7: the record holds no hash");
}

/* ---- hashdeep ---- */

static const char hashdeep_sample[] =
  "%%%% HASHDEEP-1.0\n"
  "%%%% size,md5,sha256,filename\n"
  "## Invoked from: /cases\n"
  "## $ hashdeep -r exhibit01\n"
  "##\n"
  "4096," MD5_A "," SHA256_A ",/cases/exhibit01/a,b.jpg\n"
  "0," MD5_B_UP "," SHA256_B ",/cases/exhibit01/empty\n";

static void
test_hashdeep (void)
{
  g_autoptr(Result) res = read_text (hashdeep_sample, SCRIM_LIST_FORMAT_HASHDEEP);

  assert_ok (res, 2, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 6, .md5 = MD5_A, .sha256 = SHA256_A,
                                     .name = "/cases/exhibit01/a,b.jpg", .size = 4096));
  assert_rec (rec_at (res, 1), WANT (.record = 7, .md5 = MD5_B, .sha256 = SHA256_B,
                                     .name = "/cases/exhibit01/empty", .size = 0));
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_HASHDEEP);
  g_assert_cmpstr (res->info.version, ==, "1.0");
}

static void
test_hashdeep_columns (void)
{
  /* sha-1 spelt with a dash, an unknown tiger column, and a second
   * output concatenated with other columns. */
  static const char sample[] =
    "%%%% HASHDEEP-1.0\r\n"
    "%%%% size,md5,sha-1,tiger,filename\r\n"
    "10," MD5_A "," SHA1_A ",00112233445566778899aabbccddeeff0011223344556677,x, y, z.txt\r\n"
    "%%%% HASHDEEP-1.0\r\n"
    "%%%% size,sha-256,blake3,filename\r\n"
    "# a comment\r\n"
    "11," SHA256_A ",whatever,,starts with a comma\r\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_HASHDEEP);

  assert_ok (res, 2, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 3, .md5 = MD5_A, .sha1 = SHA1_A, .name = "x, y, z.txt",
                                     .size = 10));
  assert_rec (rec_at (res, 1), WANT (.record = 7, .sha256 = SHA256_A, .name = ",starts with a comma",
                                     .size = 11));
}

static void
test_hashdeep_malformed (void)
{
  static const char sample[] =
    "%%%% HASHDEEP-1.0\n"
    "4096," MD5_A ",x\n"
    "%%%% size,md5,filename\n"
    "4096," MD5_A "\n"
    "12a," MD5_A ",x\n"
    "1,0011223344556677889aabbccddeeff,x\n"
    "2," MD5_B ",ok\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_HASHDEEP);
  g_autoptr(Result) bad = read_text ("%%%% HASHDEEP-1.0\n%%%% size,tiger,filename\n1,00,x\n",
                                     SCRIM_LIST_FORMAT_HASHDEEP);

  assert_ok (res, 1, 4);
  assert_rec (rec_at (res, 0), WANT (.record = 7, .md5 = MD5_B, .name = "ok", .size = 2));
  assert_problem (res, 0, "2: a record before the '%%%% size,…,filename' header");
  assert_problem (res, 1, "4: 2 fields where the header names 3");
  assert_problem (res, 2, "5: size is not a whole number");
  assert_problem (res, 3, "6: md5 has 31 hex digits (expected 32)");

  g_assert_error (bad->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (bad->error->message, "line 2"));
  g_assert_cmpuint (bad->records->len, ==, 0);
}

/* ---- md5sum and friends ---- */

static const char md5sum_sample[] =
  MD5_A "  file one.jpg\n"
  MD5_B_UP " *binary.bin\n"
  "\\" MD5_C "  back\\\\slash\\nnewline.txt\n"
  "# a comment\n"
  SHA1_A "  sha1 file\n"
  SHA256_A "  sha256 file\n"
  MD5_A "\n";

static void
test_md5sum (void)
{
  g_autoptr(Result) res = read_text (md5sum_sample, SCRIM_LIST_FORMAT_MD5SUM);

  assert_ok (res, 6, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .md5 = MD5_A, .name = "file one.jpg"));
  assert_rec (rec_at (res, 1), WANT (.record = 2, .md5 = MD5_B, .name = "binary.bin"));
  assert_rec (rec_at (res, 2), WANT (.record = 3, .md5 = MD5_C, .name = "back\\slash\nnewline.txt"));
  assert_rec (rec_at (res, 3), WANT (.record = 5, .sha1 = SHA1_A, .name = "sha1 file"));
  assert_rec (rec_at (res, 4), WANT (.record = 6, .sha256 = SHA256_A, .name = "sha256 file"));
  assert_rec (rec_at (res, 5), WANT (.record = 7, .md5 = MD5_A));
  g_assert_cmpstr (res->info.hash_type, ==, "mixed");
}

static void
test_md5sum_single (void)
{
  g_autoptr(Result) res = read_text (SHA1_A "  a\n" SHA1_B "  b\n", SCRIM_LIST_FORMAT_MD5SUM);

  assert_ok (res, 2, 0);
  g_assert_cmpstr (res->info.hash_type, ==, "SHA-1");
  assert_rec (rec_at (res, 1), WANT (.record = 2, .sha1 = SHA1_B, .name = "b"));
}

static const char bsd_sample[] =
  "MD5 (a (1).jpg) = " MD5_A "\n"
  "SHA1 (b.jpg) = " SHA1_A "\n"
  "SHA256 (c = d.jpg) = " SHA256_A "\n"
  "SHA2-256(d.jpg)= " SHA256_B "\n"
  "SHA512 (e.jpg) = " SHA512_A "\n"
  "MD5 (f.jpg) = " SHA1_A "\n"
  "WHIRLPOOL (g.jpg) = " MD5_A "\n"
  "MD5 (h.jpg " MD5_A "\n";

static void
test_md5sum_bsd (void)
{
  g_autoptr(Result) res = read_text (bsd_sample, SCRIM_LIST_FORMAT_MD5SUM);

  assert_ok (res, 4, 4);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .md5 = MD5_A, .name = "a (1).jpg"));
  assert_rec (rec_at (res, 1), WANT (.record = 2, .sha1 = SHA1_A, .name = "b.jpg"));
  assert_rec (rec_at (res, 2), WANT (.record = 3, .sha256 = SHA256_A, .name = "c = d.jpg"));
  assert_rec (rec_at (res, 3), WANT (.record = 4, .sha256 = SHA256_B, .name = "d.jpg"));
  assert_problem (res, 0, "5: SHA-512 is not supported");
  assert_problem (res, 1, "6: MD5 has 40 hex digits (expected 32)");
  assert_problem (res, 2, "7: hash algorithm 'WHIRLPOOL' is not supported");
  assert_problem (res, 3, "8: a BSD line without ') = '");
}

static const char zsize_sample[] =
  "      4096 " MD5_A "  /ev/a.jpg\n"
  "9999999999 " MD5_B "  /ev/big.bin\n"
  "         0 " MD5_C "  /ev/empty\n";

static void
test_md5sum_zsize (void)
{
  g_autoptr(Result) res = read_text (zsize_sample, SCRIM_LIST_FORMAT_MD5SUM);

  assert_ok (res, 3, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .md5 = MD5_A, .name = "/ev/a.jpg", .size = 4096));
  assert_rec (rec_at (res, 1), WANT (.record = 2, .md5 = MD5_B, .name = "/ev/big.bin",
                                     .size = G_GINT64_CONSTANT (9999999999)));
  assert_rec (rec_at (res, 2), WANT (.record = 3, .md5 = MD5_C, .name = "/ev/empty", .size = 0));
  g_assert_cmpstr (res->info.hash_type, ==, "MD5");
}

static void
test_md5sum_malformed (void)
{
  static const char sample[] =
    SHA512_A "  big\n"
    "0011223344556677889aabbccddeeff  short\n"
    "0011223344556677889aabbccddeefg  nonhex\n"
    MD5_A "  ok\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_MD5SUM);

  assert_ok (res, 1, 3);
  assert_problem (res, 0, "1: SHA-512 is not supported");
  assert_problem (res, 1, "2: the hash has 31 hex digits (expected 32, 40 or 64)");
  assert_problem (res, 2, "3: the hash has a character that is not a hex digit at position 31");
  assert_rec (rec_at (res, 0), WANT (.record = 4, .md5 = MD5_A, .name = "ok"));
}

/* ---- plain lists ---- */

static const char text_sample[] =
  "hash\n"
  "# comment\n"
  MD5_A "\n"
  MD5_B_UP ",extra\n"
  SHA1_A ";x\n"
  SHA256_A "|y\n"
  "  " MD5_C "\tz\n"
  "\n"
  "   \n"
  "SHA-1\n"
  SHA512_A "\n"
  "0011223344\n"
  "xyz-not-a-hash\n"
  SHA1_B " trailing\n";

static void
test_text (void)
{
  g_autoptr(Result) res = read_text (text_sample, SCRIM_LIST_FORMAT_TEXT);

  assert_ok (res, 6, 3);
  assert_rec (rec_at (res, 0), WANT (.record = 3, .md5 = MD5_A));
  assert_rec (rec_at (res, 1), WANT (.record = 4, .md5 = MD5_B));
  assert_rec (rec_at (res, 2), WANT (.record = 5, .sha1 = SHA1_A));
  assert_rec (rec_at (res, 3), WANT (.record = 6, .sha256 = SHA256_A));
  assert_rec (rec_at (res, 4), WANT (.record = 7, .md5 = MD5_C));
  assert_rec (rec_at (res, 5), WANT (.record = 14, .sha1 = SHA1_B));
  assert_problem (res, 0, "11: SHA-512 is not supported");
  assert_problem (res, 1, "12: the hash has 10 hex digits (expected 32, 40 or 64)");
  assert_problem (res, 2, "13: the hash has a character that is not a hex digit at position 1");
  g_assert_cmpstr (res->info.hash_type, ==, "mixed");
}

static void
test_text_first_line_title (void)
{
  /* A title word on the first line is skipped; later it is a problem. */
  g_autoptr(Result) res = read_text ("# list\nFilename\n" MD5_A "\nFilename\n", SCRIM_LIST_FORMAT_TEXT);

  assert_ok (res, 1, 1);
  assert_problem (res, 0, "4: the hash has a character that is not a hex digit at position 2");
}

static const char small_text[] = "hash\r\n" MD5_A "\r\n" SHA1_B_UP "\r\ncaf\xc3\xa9\r\n";

static void
check_small_text (Result *res)
{
  assert_ok (res, 2, 1);
  assert_rec (rec_at (res, 0), WANT (.record = 2, .md5 = MD5_A));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .sha1 = SHA1_B));
  assert_problem (res, 0, "4: the hash has a character that is not a hex digit at position 4");
}

static void
test_text_encodings (void)
{
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", small_text, NULL);
  g_autoptr(GBytes) le = utf16_with_bom (small_text, FALSE);
  g_autoptr(GBytes) be = utf16_with_bom (small_text, TRUE);
  g_autoptr(Result) plain = read_text (small_text, SCRIM_LIST_FORMAT_TEXT);
  g_autoptr(Result) utf8 = read_text (bom, SCRIM_LIST_FORMAT_TEXT);
  g_autoptr(Result) utf16le = read_gbytes (le, SCRIM_LIST_FORMAT_TEXT);
  g_autoptr(Result) utf16be = read_gbytes (be, SCRIM_LIST_FORMAT_AUTO);

  check_small_text (plain);
  check_small_text (utf8);
  check_small_text (utf16le);
  check_small_text (utf16be);
  g_assert_cmpint (utf16be->info.format, ==, SCRIM_LIST_FORMAT_TEXT);
}

/* ---- ICSE ---- */

#define ICSE_HEADER \
  "MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;" \
  "Number of submissions;File Available;Media Type;Baseline"

static const char icse_sample[] =
  ICSE_HEADER "\n"
  MD5_A_UP ";" SHA1_A_UP ";;100001;Y;N;N;;1;N;Image;N\n";

static void
test_icse (void)
{
  g_autoptr(Result) res = read_text (icse_sample, SCRIM_LIST_FORMAT_ICSE);

  assert_ok (res, 1, 0);
  assert_rec (rec_at (res, 0),
              WANT (.record = 2, .md5 = MD5_A, .sha1 = SHA1_A, .label = "100001", .is_distributed = 1,
                    .victim_identified = 0, .offender_identified = 0, .baseline = 0,
                    .extra_json = "{\"Number of submissions\":\"1\",\"File Available\":\"N\","
                                  "\"Media Type\":\"Image\"}"));
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_ICSE);
}

#define ICSE_REORDERED_HEADER \
  "image id;BASELINE;Md5;Agency;sha1;Series Name;Victim identified;Offender identified;" \
  "Is distributed;Number of submissions;File Available;Media Type;\"PhotoDNA\";ZZ40"

static const char icse_reordered[] =
  ICSE_REORDERED_HEADER "\r\n"
  "100001;Y;" MD5_A ";Example Agency;" SHA1_A ";\"Series; one\";yes;No;TRUE;3;N;Image;AbC+/=;x\r\n"
  "100002;n;" MD5_B ";\r\n"
  "100003;1;;;" SHA1_B_UP ";;0;f;t\r\n"
  "100004;maybe;" MD5_C "\r\n"
  ";;;;\r\n"
  ICSE_REORDERED_HEADER "\r\n"
  "100005;unknown;" MD5_C ";;;  Series two  ;false;true;F;;;;;\r\n"
  "100006;;;;;;;;\r\n"
  "100007;y;" MD5_A "0;\r\n";

static void
test_icse_reordered (void)
{
  g_autoptr(Result) res = read_text (icse_reordered, SCRIM_LIST_FORMAT_ICSE);

  assert_ok (res, 4, 3);
  assert_rec (rec_at (res, 0),
              WANT (.record = 2, .md5 = MD5_A, .sha1 = SHA1_A, .label = "100001", .baseline = 1,
                    .series = "Series; one", .victim_identified = 1, .offender_identified = 0,
                    .is_distributed = 1, .photodna = "AbC+/=",
                    .extra_json = "{\"Agency\":\"Example Agency\",\"Number of submissions\":\"3\","
                                  "\"File Available\":\"N\",\"Media Type\":\"Image\",\"ZZ40\":\"x\"}"));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .md5 = MD5_B, .label = "100002", .baseline = 0));
  assert_rec (rec_at (res, 2), WANT (.record = 4, .sha1 = SHA1_B, .label = "100003", .baseline = 1,
                                     .victim_identified = 0, .offender_identified = 0,
                                     .is_distributed = 1));
  assert_rec (rec_at (res, 3), WANT (.record = 8, .md5 = MD5_C, .label = "100005",
                                     .series = "Series two", .victim_identified = 0,
                                     .offender_identified = 1, .is_distributed = 0));
  assert_problem (res, 0, "5: BASELINE is 'maybe', not yes or no");
  assert_problem (res, 1, "9: the record holds no hash");
  assert_problem (res, 2, "10: Md5 has 33 hex digits (expected 32)");
}

static void
test_icse_missing_columns (void)
{
  g_autoptr(Result) res = read_text ("Image ID;Series name\n1;x\n", SCRIM_LIST_FORMAT_ICSE);
  g_autoptr(Result) md5_only = read_text ("MD5\n" MD5_A "\n", SCRIM_LIST_FORMAT_ICSE);

  g_assert_error (res->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (res->error->message, "line 1"));
  assert_ok (md5_only, 1, 0);
}

/* ---- X-Ways ---- */

static void
test_xways (void)
{
  static const char sample[] =
    "SHA-1\r\n" SHA1_A "\r\n" SHA1_B32 "\r\n" "aaisem2ekvthpcezvk54zxpo74abcirt\r\n"
    "0011223344556677889900112233445566778899\r\n" "1BCDEFGHIJKLMNOPQRSTUVWXYZ234567\r\n"
    MD5_A "\r\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_XWAYS);

  assert_ok (res, 4, 2);
  assert_rec (rec_at (res, 0), WANT (.record = 2, .sha1 = SHA1_A));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .sha1 = SHA1_B));
  assert_rec (rec_at (res, 2), WANT (.record = 4, .sha1 = SHA1_A));
  assert_rec (rec_at (res, 3), WANT (.record = 5, .sha1 = "0011223344556677889900112233445566778899"));
  assert_problem (res, 0, "6: SHA-1 is neither 40 hex digits nor 32 Base32 characters");
  assert_problem (res, 1, "7: SHA-1 has 32 hex digits (expected 40)");
  g_assert_cmpstr (res->info.hash_type, ==, "SHA-1");
}

static void
test_xways_utf16 (void)
{
  g_autoptr(GBytes) le = utf16_with_bom ("MD5\r\n" MD5_A_UP "\r\n" MD5_B "\r\n", FALSE);
  g_autoptr(Result) res = read_gbytes (le, SCRIM_LIST_FORMAT_AUTO);
  g_autoptr(Result) sha256 = read_text ("sha256\n" SHA256_A "\n", SCRIM_LIST_FORMAT_AUTO);

  assert_ok (res, 2, 0);
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_XWAYS);
  g_assert_cmpstr (res->info.hash_type, ==, "MD5");
  assert_rec (rec_at (res, 0), WANT (.record = 2, .md5 = MD5_A));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .md5 = MD5_B));
  assert_ok (sha256, 1, 0);
  g_assert_cmpint (sha256->info.format, ==, SCRIM_LIST_FORMAT_XWAYS);
  assert_rec (rec_at (sha256, 0), WANT (.record = 2, .sha256 = SHA256_A));
}

static void
test_xways_bad_type (void)
{
  g_autoptr(Result) res = read_text ("SHA-512\r\n" SHA512_A "\r\n", SCRIM_LIST_FORMAT_AUTO);
  g_autoptr(Result) forced = read_text (MD5_A "\r\n", SCRIM_LIST_FORMAT_XWAYS);

  g_assert_error (res->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (res->error->message, "'SHA-512'"));
  g_assert_error (forced->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (forced->error->message, "sample: line 1: "));
}

/* ---- HashKeeper ---- */

#define HASHKEEPER_HEADER \
  "\"file_id\",\"hashset_id\",\"file_name\",\"directory\",\"hash\",\"file_size\",\"date_modified\"," \
  "\"time_modified\",\"time_zone\",\"comments\",\"date_accessed\",\"time_accessed\""

static const char hashkeeper_sample[] =
  HASHKEEPER_HEADER "\r\n"
  "1,42,\"WINWORD.EXE\",\"\\Program Files\\Office\\\",\"" MD5_A_UP "\",4096,\"01/02/2003\",\"12:00:00\","
  "\"EST\",\"a \"\"comment\"\", with comma\",\"\",\"\"\r\n"
  "2,42,\"b.dll\",\"\\Win\\\",\"nothex\",1,\"\",\"\",\"\",\"\",\"\",\"\"\r\n"
  HASHKEEPER_HEADER "\r\n"
  "3,43,\"c.dll\",\"\",\"" MD5_B_UP "\",,\"\",\"\",\"\",\"\",\"\",\"\"\r\n";

static void
test_hashkeeper (void)
{
  g_autoptr(Result) res = read_text (hashkeeper_sample, SCRIM_LIST_FORMAT_HASHKEEPER);

  assert_ok (res, 2, 1);
  assert_rec (rec_at (res, 0),
              WANT (.record = 2, .md5 = MD5_A, .name = "WINWORD.EXE", .size = 4096, .label = "42",
                    .comments = "a \"comment\", with comma",
                    .extra_json = "{\"file_id\":\"1\",\"directory\":\"\\\\Program Files\\\\Office\\\\\","
                                  "\"date_modified\":\"01/02/2003\",\"time_modified\":\"12:00:00\","
                                  "\"time_zone\":\"EST\"}"));
  assert_rec (rec_at (res, 1), WANT (.record = 5, .md5 = MD5_B, .name = "c.dll", .label = "43",
                                     .extra_json = "{\"file_id\":\"3\"}"));
  assert_problem (res, 0, "3: hash has a character that is not a hex digit at position 1");
}

/* ---- PDQ ---- */

static const char pdq_sample[] =
  "# a PDQ list\n"
  PDQ_A ",100,synthetic_0001.jpg\n"
  "FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210\t87\tcategory one\n"
  PDQ_A " 50 label with  spaces \n"
  PDQ_B "\n"
  "pdq " PDQ_A "\n"
  PDQ_A ",,only a label\n"
  PDQ_B ",a label, with a comma\n"
  "hash=" PDQ_B ",norm=128,delta=0,quality=99,filename=a,b.jpg\n"
  "video_md5 " MD5_A "\n";

static void
test_pdq (void)
{
  g_autoptr(Result) res = read_text (pdq_sample, SCRIM_LIST_FORMAT_PDQ);

  assert_ok (res, 8, 1);
  assert_rec (rec_at (res, 0), WANT (.record = 2, .pdq = PDQ_A, .pdq_quality = 100,
                                     .label = "synthetic_0001.jpg"));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .pdq = PDQ_B, .pdq_quality = 87, .label = "category one"));
  assert_rec (rec_at (res, 2), WANT (.record = 4, .pdq = PDQ_A, .pdq_quality = 50,
                                     .label = "label with  spaces"));
  assert_rec (rec_at (res, 3), WANT (.record = 5, .pdq = PDQ_B));
  assert_rec (rec_at (res, 4), WANT (.record = 6, .pdq = PDQ_A));
  assert_rec (rec_at (res, 5), WANT (.record = 7, .pdq = PDQ_A, .label = "only a label"));
  assert_rec (rec_at (res, 6), WANT (.record = 8, .pdq = PDQ_B, .label = "a label, with a comma"));
  assert_rec (rec_at (res, 7), WANT (.record = 9, .pdq = PDQ_B, .pdq_quality = 99, .label = "a,b.jpg"));
  assert_problem (res, 0, "10: signal type 'video_md5' is not PDQ");
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_PDQ);
}

/* After the quality, a category code (a number, or one letter) when there
 * is one, then the label. */
static void
test_pdq_category (void)
{
  static const char sample[] =
    PDQ_A ",90,1,Series A image, first\n"
    PDQ_B ",80,A\n"
    PDQ_A "\t70\t2\n"
    PDQ_B ",60,12345,too long a number\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_PDQ);

  assert_ok (res, 4, 0);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .pdq = PDQ_A, .pdq_quality = 90, .category = "1",
                                     .label = "Series A image, first"));
  assert_rec (rec_at (res, 1), WANT (.record = 2, .pdq = PDQ_B, .pdq_quality = 80, .category = "A"));
  assert_rec (rec_at (res, 2), WANT (.record = 3, .pdq = PDQ_A, .pdq_quality = 70, .category = "2"));
  assert_rec (rec_at (res, 3), WANT (.record = 4, .pdq = PDQ_B, .pdq_quality = 60,
                                     .label = "12345,too long a number"));
}

static void
test_pdq_malformed (void)
{
  static const char sample[] =
    "hash,quality,filename\n"
    PDQ_A ",150,x\n"
    PDQ_A ",-1,x\n"
    PDQ_A ",9x,x\n"
    PDQ_A "0,1,x\n"
    "0123456789abcdef0123456789abcdefg,1\n"
    MD5_A ",1,x\n"
    "hash=" PDQ_A ",quality=101\n"
    "hash=,quality=1\n"
    PDQ_B ",0,ok\n";
  g_autoptr(Result) res = read_text (sample, SCRIM_LIST_FORMAT_PDQ);

  assert_ok (res, 1, 8);
  assert_problem (res, 0, "2: quality 150 is outside 0..100");
  assert_problem (res, 1, "3: quality '-1' is not a whole number in 0..100");
  assert_problem (res, 2, "4: quality '9x' is not a whole number in 0..100");
  assert_problem (res, 3, "5: PDQ has 65 hex digits (expected 64)");
  assert_problem (res, 4, "6: PDQ has a character that is not a hex digit at position 33");
  assert_problem (res, 5, "7: PDQ has 32 hex digits (expected 64)");
  assert_problem (res, 6, "8: quality 101 is outside 0..100");
  assert_problem (res, 7, "9: PDQ has 0 hex digits (expected 64)");
  assert_rec (rec_at (res, 0), WANT (.record = 10, .pdq = PDQ_B, .pdq_quality = 0, .label = "ok"));
}

static void
test_pdq_bare (void)
{
  static const char sample[] = PDQ_A "\n" PDQ_B "\n";
  g_autoptr(Result) as_pdq = read_text (sample, SCRIM_LIST_FORMAT_PDQ);
  g_autoptr(Result) as_auto = read_text (sample, SCRIM_LIST_FORMAT_AUTO);

  assert_ok (as_pdq, 2, 0);
  assert_rec (rec_at (as_pdq, 1), WANT (.record = 2, .pdq = PDQ_B));
  /* Ambiguous: read as SHA-256 unless told. */
  assert_ok (as_auto, 2, 0);
  g_assert_cmpint (as_auto->info.format, ==, SCRIM_LIST_FORMAT_TEXT);
  assert_rec (rec_at (as_auto, 0), WANT (.record = 1, .sha256 = PDQ_A));
}

/* ---- truncation, strict mode, cancelling, long lines ---- */

static void
test_truncated (void)
{
  g_autoptr(Result) no_newline = read_text (MD5_A "\n" MD5_B, SCRIM_LIST_FORMAT_TEXT);
  g_autoptr(Result) cut = read_text (MD5_A "\n00112233445566", SCRIM_LIST_FORMAT_AUTO);
  g_autoptr(Result) nsrl = read_text (NSRL2_HEADER "\n\"" SHA1_A_UP "\",\"0011", SCRIM_LIST_FORMAT_AUTO);
  g_autoptr(Result) hashdeep = read_text ("%%%% HASHDEEP-1.0\n%%%% size,md5,filename\n12," MD5_A,
                                          SCRIM_LIST_FORMAT_AUTO);
  g_autoptr(Result) icse = read_text (ICSE_HEADER "\n" MD5_A ";" SHA1_A ";;1;Y", SCRIM_LIST_FORMAT_AUTO);

  assert_ok (no_newline, 2, 0);
  assert_rec (rec_at (no_newline, 1), WANT (.record = 2, .md5 = MD5_B));
  assert_ok (cut, 1, 1);
  assert_problem (cut, 0, "2: the hash has 14 hex digits (expected 32, 40 or 64)");
  assert_ok (nsrl, 0, 1);
  assert_problem (nsrl, 0, "2: fewer fields than the 8 of the header");
  assert_ok (hashdeep, 0, 1);
  assert_problem (hashdeep, 0, "3: 2 fields where the header names 3");
  assert_ok (icse, 1, 0);
  assert_rec (rec_at (icse, 0), WANT (.record = 2, .md5 = MD5_A, .sha1 = SHA1_A, .label = "1",
                                      .is_distributed = 1));
}

static void
test_strict (void)
{
  g_autoptr(Result) res = read_strict (MD5_A "\n" MD5_B "\nnonsense\n" MD5_C "\n", SCRIM_LIST_FORMAT_TEXT);
  g_autoptr(Result) icse = read_strict (icse_reordered, SCRIM_LIST_FORMAT_AUTO);

  g_assert_error (res->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpstr (res->error->message, ==,
                   "sample: line 3: the hash has a character that is not a hex digit at position 1");
  g_assert_cmpuint (res->records->len, ==, 2);
  g_assert_cmpuint (res->problems->len, ==, 1);

  g_assert_error (icse->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpstr (icse->error->message, ==, "sample: line 5: BASELINE is 'maybe', not yes or no");
  g_assert_cmpuint (icse->records->len, ==, 3);
}

static GString *
many_lines (guint n)
{
  GString *text = g_string_new ("hash\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%08x%08x%08x%08x\n", i, ~i, i * 2654435761u, 0x5c5c5c5cu ^ i);
  return text;
}

static void
test_cancel (void)
{
  g_autoptr(GString) text = many_lines (20000);
  g_autoptr(Result) stopped = result_new ();
  g_autoptr(Result) cancelled = result_new ();
  g_autoptr(ScrimListInput) a = scrim_list_input_new_memory ((guint8 *) text->str, text->len, "many");
  g_autoptr(ScrimListInput) b = scrim_list_input_new_memory ((guint8 *) text->str, text->len, "many");

  stopped->stop_after = 3;
  run_read (stopped, a, SCRIM_LIST_FORMAT_TEXT);
  g_assert_error (stopped->error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_cmpuint (stopped->records->len, ==, 3);
  g_assert_nonnull (strstr (stopped->error->message, "line 4"));

  cancelled->cancel = g_cancellable_new ();
  run_read (cancelled, b, SCRIM_LIST_FORMAT_TEXT);
  g_assert_error (cancelled->error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_cmpuint (cancelled->records->len, >=, 5000);
  g_assert_cmpuint (cancelled->records->len, <, 10000);
}

static void
test_long_line (void)
{
  g_autoptr(GString) text = g_string_new (MD5_A "\n");
  g_autoptr(Result) res = NULL;

  g_string_append_c (text, '#');
  for (guint i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (text, "0123456789abcdef"[i % 16]);
  g_string_append (text, "\n" MD5_B "\n");
  /* Just past 1 MiB, whole in the buffer: still refused. */
  g_string_append_c (text, '#');
  for (guint i = 0; i < 1024 * 1024 + 2; i++)
    g_string_append_c (text, 'z');
  g_string_append (text, "\n" MD5_C "\n");
  g_string_append_len (text, "x", 1);
  for (guint i = 0; i < 1024 * 1024 + 10; i++)
    g_string_append_c (text, 'y');
  res = read_bytes (text->str, text->len, SCRIM_LIST_FORMAT_TEXT);

  assert_ok (res, 3, 3);
  assert_rec (rec_at (res, 0), WANT (.record = 1, .md5 = MD5_A));
  assert_rec (rec_at (res, 1), WANT (.record = 3, .md5 = MD5_B));
  assert_rec (rec_at (res, 2), WANT (.record = 5, .md5 = MD5_C));
  assert_problem (res, 0, "2: the line is longer than 1 MiB");
  assert_problem (res, 1, "4: the line is longer than 1 MiB");
  assert_problem (res, 2, "6: the line is longer than 1 MiB");
}

/* A file read through a descriptor: lines cross every buffer edge. */
static void
test_file_input (void)
{
  g_autofree char *dir = scrim_test_mkdtemp ("list-text");
  g_autofree char *path = g_build_filename (dir, "big.txt", NULL);
  g_autoptr(GString) text = many_lines (100000);
  g_autoptr(Result) res = result_new ();
  g_autoptr(ScrimListInput) input = NULL;
  char expected[65];
  char got[65];
  int fd;

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  input = scrim_list_input_new_fd (fd, path);
  run_read (res, input, SCRIM_LIST_FORMAT_AUTO);
  close (fd);

  assert_ok (res, 100000, 0);
  for (guint i = 0; i < 100000; i += 997)
    {
      g_autofree char *hex = g_strdup_printf ("%08x%08x%08x%08x", i, ~i, i * 2654435761u,
                                              0x5c5c5c5cu ^ i);

      g_assert_cmpstr (rec_at (res, i)->md5, ==, hex);
      g_assert_cmpuint (rec_at (res, i)->record, ==, i + 2);
    }
  scrim_list_input_sha256 (input, got);
  scrim_sha256_hex ((guint8 *) text->str, text->len, expected);
  g_assert_cmpstr (got, ==, expected);
}

/* ---- detection ---- */

static const char vics13_sample[] =
  "{\n"
  "  \"odata.metadata\": \"http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media\",\n"
  "  \"value\": [\n"
  "    {\n"
  "      \"odata.id\": \"Media(\\\"00112233445566778899AABBCCDDEEFF\\\")\",\n"
  "      \"MediaID\": 1,\n"
  "      \"Category\": 0,\n"
  "      \"MD5\": \"00112233445566778899AABBCCDDEEFF\",\n"
  "      \"SHA1\": \"00112233445566778899AABBCCDDEEFF00112233\",\n"
  "      \"MediaSize\": 2048,\n"
  "      \"VictimIdentified\": \"false\",\n"
  "      \"IsPrecategorized\": \"true\"\n"
  "    }\n"
  "  ]\n"
  "}\n";

static const char vics20_sample[] =
  "{\n"
  "  \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media\",\n"
  "  \"value\": [\n"
  "    { \"MediaID\": 1, \"Category\": 0,\n"
  "      \"MD5\": \"FFEEDDCCBBAA99887766554433221100\",\n"
  "      \"SHA1\": \"FFEEDDCCBBAA99887766554433221100FFEEDDCC\",\n"
  "      \"MediaSize\": 4096, \"IsPrecategorized\": \"true\" }\n"
  "  ]\n"
  "}\n";

static ScrimListFormat
detect_bytes (const void  *data,
              gsize        len,
              GError     **error)
{
  g_autoptr(ScrimListInput) input = scrim_list_input_new_memory (data, len, "sample");

  return scrim_list_detect (input, error);
}

static void
assert_detects (const void      *data,
                gssize           len,
                ScrimListFormat  want)
{
  g_autoptr(GError) error = NULL;
  ScrimListFormat got = detect_bytes (data, len < 0 ? strlen (data) : (gsize) len, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (scrim_list_format_to_string (got), ==, scrim_list_format_to_string (want));
}

static void
test_detect_samples (void)
{
  static const struct { const char *data; ScrimListFormat format; } cases[] = {
    { nsrl_sample, SCRIM_LIST_FORMAT_NSRL },
    { NSRL15_HEADER "\n", SCRIM_LIST_FORMAT_NSRL },
    { "\"" SHA1_A_UP "\",\"" MD5_A_UP "\",\"0A1B2C3D\",\"x.dll\",1,2,\"3\",\"\"\n", SCRIM_LIST_FORMAT_NSRL },
    { hashdeep_sample, SCRIM_LIST_FORMAT_HASHDEEP },
    { "%%%% size,md5,filename\n", SCRIM_LIST_FORMAT_HASHDEEP },
    { md5sum_sample, SCRIM_LIST_FORMAT_MD5SUM },
    { bsd_sample, SCRIM_LIST_FORMAT_MD5SUM },
    { zsize_sample, SCRIM_LIST_FORMAT_MD5SUM },
    { SHA256_A " *x\n", SCRIM_LIST_FORMAT_MD5SUM },
    { text_sample, SCRIM_LIST_FORMAT_TEXT },
    { small_text, SCRIM_LIST_FORMAT_TEXT },
    { "SHA-1\r\n" SHA1_A32 "\r\n", SCRIM_LIST_FORMAT_XWAYS },
    { MD5_A "\n" SHA1_A "\n", SCRIM_LIST_FORMAT_TEXT },
    { MD5_A " name\n", SCRIM_LIST_FORMAT_TEXT },
    { icse_sample, SCRIM_LIST_FORMAT_ICSE },
    { icse_reordered, SCRIM_LIST_FORMAT_ICSE },
    { "MD5;SHA1\n" MD5_A ";" SHA1_A "\n", SCRIM_LIST_FORMAT_TEXT },
    { "SHA-1\r\n" SHA1_B32 "\r\n", SCRIM_LIST_FORMAT_XWAYS },
    { "MD5\n" MD5_A "\n", SCRIM_LIST_FORMAT_XWAYS },
    { hashkeeper_sample, SCRIM_LIST_FORMAT_HASHKEEPER },
    { "\"file_id\",\"hashset_id\",\"file_name\",\"directory\",\"hash\",\"file_size\"\n",
      SCRIM_LIST_FORMAT_HASHKEEPER },
    { pdq_sample, SCRIM_LIST_FORMAT_PDQ },
    { "pdq " PDQ_A "\n", SCRIM_LIST_FORMAT_PDQ },
    { PDQ_A "\t80\n" PDQ_B "\n", SCRIM_LIST_FORMAT_PDQ },
    { "hash=" PDQ_A ",norm=1,delta=0,quality=90,filename=x\n", SCRIM_LIST_FORMAT_PDQ },
    { PDQ_A ",1500,file.jpg\n" PDQ_B ",50,file.jpg\n", SCRIM_LIST_FORMAT_TEXT },
    { PDQ_A ",50,x\n" MD5_A "\n", SCRIM_LIST_FORMAT_TEXT },
    { PDQ_A "\n" PDQ_B "\n", SCRIM_LIST_FORMAT_TEXT },
    { vics13_sample, SCRIM_LIST_FORMAT_VICS },
    { vics20_sample, SCRIM_LIST_FORMAT_VICS },
    { "", SCRIM_LIST_FORMAT_TEXT },
    { "\n\n", SCRIM_LIST_FORMAT_TEXT },
    { "\xef\xbb\xbf" "%%%% HASHDEEP-1.0\n", SCRIM_LIST_FORMAT_HASHDEEP },
    { "Nothing here looks like a hash.\n", SCRIM_LIST_FORMAT_TEXT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      assert_detects (cases[i].data, -1, cases[i].format);
    }
}

static void
test_detect_utf16 (void)
{
  g_autoptr(GBytes) vics = utf16_with_bom (vics20_sample, FALSE);
  g_autoptr(GBytes) icse = utf16_with_bom (icse_sample, TRUE);
  g_autoptr(GBytes) xways = utf16_with_bom ("SHA-256\r\n" SHA256_A "\r\n", FALSE);

  assert_detects (g_bytes_get_data (vics, NULL), g_bytes_get_size (vics), SCRIM_LIST_FORMAT_VICS);
  assert_detects (g_bytes_get_data (icse, NULL), g_bytes_get_size (icse), SCRIM_LIST_FORMAT_ICSE);
  assert_detects (g_bytes_get_data (xways, NULL), g_bytes_get_size (xways), SCRIM_LIST_FORMAT_XWAYS);
}

static void
test_detect_sqlite (void)
{
  g_autofree char *dir = scrim_test_mkdtemp ("list-detect");
  g_autofree char *path = g_build_filename (dir, "rds.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) res = NULL;
  sqlite3 *db = NULL;
  gsize len = 0;
  int fd;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE FILE (sha256 TEXT, sha1 TEXT, md5 TEXT);"
                                     "INSERT INTO FILE VALUES ('" SHA256_A "', '" SHA1_A "', '" MD5_A "');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  assert_detects (contents, len, SCRIM_LIST_FORMAT_NSRL_RDS3);

  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  {
    g_autoptr(ScrimListInput) input = scrim_list_input_new_fd (fd, path);

    g_assert_cmpint (scrim_list_detect (input, &error), ==, SCRIM_LIST_FORMAT_NSRL_RDS3);
    g_assert_no_error (error);
  }
  close (fd);

  /* The dispatcher leaves an RDSv3 database to the library. */
  res = read_bytes (contents, len, SCRIM_LIST_FORMAT_AUTO);
  g_assert_error (res->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (res->error->message, "RDSv3"));
  g_assert_cmpuint (res->records->len, ==, 0);
}

static void
assert_refused (const void *data,
                gsize       len,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) res = NULL;

  g_assert_cmpint (detect_bytes (data, len, &error), ==, SCRIM_LIST_FORMAT_AUTO);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_true (g_str_has_prefix (error->message, "sample "));
  res = read_bytes (data, len, SCRIM_LIST_FORMAT_AUTO);
  g_assert_error (res->error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

static void
test_detect_refused (void)
{
  guint8 junk[4096];
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *utf16_no_bom = NULL;
  static const char encase[] = "HASH\r\n\xff\0\2\0\0\0\1\0\0\0";
  gsize n = 0;

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int (rand);
  assert_refused (junk, sizeof junk, "is binary");
  assert_refused ("PK\3\4\24\0\0\0\10\0", 10, "ZIP archive");
  assert_refused ("\x1f\x8b\x08\0\0\0\0\0", 8, "gzip");
  assert_refused (encase, sizeof encase - 1, "EnCase");
  assert_refused ("{ \"value\": [] }", 15, "JSON but not VICS");
  assert_refused ("[1, 2]", 6, "JSON but not VICS");
  assert_refused ("\x01\x02\x03\x04" MD5_A, 36, "is binary");
  utf16_no_bom = g_convert (text_sample, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
  g_assert_nonnull (utf16_no_bom);
  assert_refused (utf16_no_bom, n, "UTF-16 without a byte-order mark");
}

/* The window is peeked, not consumed: a read after detection sees it all. */
static void
test_detect_then_read (void)
{
  g_autoptr(ScrimListInput) input =
    scrim_list_input_new_memory ((const guint8 *) hashdeep_sample, strlen (hashdeep_sample), "sample");
  g_autoptr(Result) res = result_new ();
  g_autoptr(GError) error = NULL;
  ScrimListFormat format = scrim_list_detect (input, &error);

  g_assert_no_error (error);
  g_assert_cmpint (format, ==, SCRIM_LIST_FORMAT_HASHDEEP);
  run_read (res, input, format);
  assert_ok (res, 2, 0);
}

/* ---- the dispatcher ---- */

static void
test_dispatch (void)
{
  static const struct { const char *data; ScrimListFormat format; guint n; } cases[] = {
    { nsrl_sample, SCRIM_LIST_FORMAT_NSRL, 3 },
    { hashdeep_sample, SCRIM_LIST_FORMAT_HASHDEEP, 2 },
    { md5sum_sample, SCRIM_LIST_FORMAT_MD5SUM, 6 },
    { icse_sample, SCRIM_LIST_FORMAT_ICSE, 1 },
    { hashkeeper_sample, SCRIM_LIST_FORMAT_HASHKEEPER, 2 },
    { pdq_sample, SCRIM_LIST_FORMAT_PDQ, 8 },
    { text_sample, SCRIM_LIST_FORMAT_TEXT, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Result) res = read_text (cases[i].data, SCRIM_LIST_FORMAT_AUTO);

      g_assert_no_error (res->error);
      g_assert_cmpint (res->info.format, ==, cases[i].format);
      g_assert_cmpuint (res->records->len, ==, cases[i].n);
    }
}

static void
test_dispatch_vics (void)
{
  g_autoptr(Result) res = read_text (vics13_sample, SCRIM_LIST_FORMAT_AUTO);

  g_assert_no_error (res->error);
  g_assert_cmpint (res->info.format, ==, SCRIM_LIST_FORMAT_VICS);
  g_assert_cmpuint (res->records->len, ==, 1);
  g_assert_cmpstr (rec_at (res, 0)->md5, ==, MD5_A);
  g_assert_cmpstr (rec_at (res, 0)->sha1, ==, SHA1_A);
}

static void
test_dispatch_wrong_reader (void)
{
  g_autoptr(ScrimListInput) input = scrim_list_input_new_memory ((const guint8 *) "x", 1, "sample");
  g_autoptr(Result) res = result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (scrim_list_read_lines (input, SCRIM_LIST_FORMAT_VICS, &res->info, on_record,
                                         on_problem, res, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (scrim_list_read (input, SCRIM_LIST_FORMAT_NSRL_RDS3, NULL, on_record, NULL, res,
                                   NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpuint (res->records->len, ==, 0);
}

/* No info, no problem callback: problems are skipped quietly. */
static void
test_optional_arguments (void)
{
  g_autoptr(ScrimListInput) input =
    scrim_list_input_new_memory ((const guint8 *) text_sample, strlen (text_sample), "sample");
  g_autoptr(Result) res = result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_list_read (input, SCRIM_LIST_FORMAT_AUTO, NULL, on_record, NULL, res, NULL,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (res->records->len, ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/list-text/format-names", test_format_names);
  g_test_add_func ("/core/list-text/nsrl", test_nsrl);
  g_test_add_func ("/core/list-text/nsrl/legacy-1.5", test_nsrl_legacy);
  g_test_add_func ("/core/list-text/nsrl/headerless", test_nsrl_headerless);
  g_test_add_func ("/core/list-text/nsrl/malformed", test_nsrl_malformed);
  g_test_add_func ("/core/list-text/hashdeep", test_hashdeep);
  g_test_add_func ("/core/list-text/hashdeep/columns", test_hashdeep_columns);
  g_test_add_func ("/core/list-text/hashdeep/malformed", test_hashdeep_malformed);
  g_test_add_func ("/core/list-text/md5sum", test_md5sum);
  g_test_add_func ("/core/list-text/md5sum/single-type", test_md5sum_single);
  g_test_add_func ("/core/list-text/md5sum/bsd", test_md5sum_bsd);
  g_test_add_func ("/core/list-text/md5sum/md5deep-z", test_md5sum_zsize);
  g_test_add_func ("/core/list-text/md5sum/malformed", test_md5sum_malformed);
  g_test_add_func ("/core/list-text/text", test_text);
  g_test_add_func ("/core/list-text/text/first-line-title", test_text_first_line_title);
  g_test_add_func ("/core/list-text/text/encodings", test_text_encodings);
  g_test_add_func ("/core/list-text/icse", test_icse);
  g_test_add_func ("/core/list-text/icse/reordered", test_icse_reordered);
  g_test_add_func ("/core/list-text/icse/missing-columns", test_icse_missing_columns);
  g_test_add_func ("/core/list-text/xways", test_xways);
  g_test_add_func ("/core/list-text/xways/utf16", test_xways_utf16);
  g_test_add_func ("/core/list-text/xways/bad-type", test_xways_bad_type);
  g_test_add_func ("/core/list-text/hashkeeper", test_hashkeeper);
  g_test_add_func ("/core/list-text/pdq", test_pdq);
  g_test_add_func ("/core/list-text/pdq/category", test_pdq_category);
  g_test_add_func ("/core/list-text/pdq/malformed", test_pdq_malformed);
  g_test_add_func ("/core/list-text/pdq/bare", test_pdq_bare);
  g_test_add_func ("/core/list-text/truncated", test_truncated);
  g_test_add_func ("/core/list-text/strict", test_strict);
  g_test_add_func ("/core/list-text/cancel", test_cancel);
  g_test_add_func ("/core/list-text/long-line", test_long_line);
  g_test_add_func ("/core/list-text/file-input", test_file_input);
  g_test_add_func ("/core/list-text/detect/samples", test_detect_samples);
  g_test_add_func ("/core/list-text/detect/utf16", test_detect_utf16);
  g_test_add_func ("/core/list-text/detect/sqlite", test_detect_sqlite);
  g_test_add_func ("/core/list-text/detect/refused", test_detect_refused);
  g_test_add_func ("/core/list-text/detect/then-read", test_detect_then_read);
  g_test_add_func ("/core/list-text/dispatch", test_dispatch);
  g_test_add_func ("/core/list-text/dispatch/vics", test_dispatch_vics);
  g_test_add_func ("/core/list-text/dispatch/wrong-reader", test_dispatch_wrong_reader);
  g_test_add_func ("/core/list-text/optional-arguments", test_optional_arguments);

  return g_test_run ();
}
