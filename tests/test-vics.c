/* test-vics.c: the streaming VICS JSON reader
 *
 * Every list here is written by the test, modelled on the synthetic
 * examples of shared/specs/hash-lists.md §1.8; every digest is invented
 * (00112233…, FFEEDDCC…) and every PhotoDNA is a run of letters. The JSON is
 * written with ' for " to stay readable (q() swaps them back).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-list.h"
#include "scrim-test-util.h"

#define MD5_A   "00112233445566778899aabbccddeeff"
#define SHA1_A  "00112233445566778899aabbccddeeff00112233"
#define MD5_B   "ffeeddccbbaa99887766554433221100"
#define SHA1_B  "ffeeddccbbaa99887766554433221100ffeeddcc"
#define MD5_C   "0123456789abcdef0123456789abcdef"
#define SHA1_C  "0123456789abcdef0123456789abcdef01234567"
#define SHA256_A "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

/* ------------------------------------------------------------------------ */
/* Reading and collecting                                                   */

typedef struct
{
  guint64 record;
  char   *md5;
  char   *sha1;
  char   *sha256;
  char   *category;
  char   *series;
  char   *tags;
  char   *comments;
  char   *label;
  char   *name;
  char   *photodna;
  char   *extra_json;
  int     victim;
  int     offender;
  int     distributed;
  int     baseline;
  int     precategorized;
  gint64  size;
  gboolean has_pdq;
} Rec;

static void
rec_free (Rec *r)
{
  g_free (r->md5);
  g_free (r->sha1);
  g_free (r->sha256);
  g_free (r->category);
  g_free (r->series);
  g_free (r->tags);
  g_free (r->comments);
  g_free (r->label);
  g_free (r->name);
  g_free (r->photodna);
  g_free (r->extra_json);
  g_free (r);
}

typedef struct
{
  GPtrArray *records;     /* of Rec */
  GPtrArray *problems;    /* of "N: reason" */
  gboolean   strict;
  guint64    stop_after;  /* the record callback says stop after this many (0: never) */
} Collect;

static void
collect_init (Collect *c)
{
  memset (c, 0, sizeof *c);
  c->records = g_ptr_array_new_with_free_func ((GDestroyNotify) rec_free);
  c->problems = g_ptr_array_new_with_free_func (g_free);
}

static void
collect_clear (Collect *c)
{
  g_ptr_array_unref (c->records);
  g_ptr_array_unref (c->problems);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collect, collect_clear)

static char *
hex_or_null (const guint8 *bytes,
             gsize         len)
{
  return bytes != NULL ? scrim_hex_encode (bytes, len) : NULL;
}

/* extra_json must always be one JSON object. */
static void
assert_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
}

static gboolean
on_record (const ScrimListRecord *record,
           gpointer               user_data)
{
  Collect *c = user_data;
  Rec *r = g_new0 (Rec, 1);

  r->record = record->record;
  r->md5 = hex_or_null (record->md5, SCRIM_MD5_LEN);
  r->sha1 = hex_or_null (record->sha1, SCRIM_SHA1_LEN);
  r->sha256 = hex_or_null (record->sha256, SCRIM_SHA256_LEN);
  r->category = g_strdup (record->category);
  r->series = g_strdup (record->series);
  r->tags = g_strdup (record->tags);
  r->comments = g_strdup (record->comments);
  r->label = g_strdup (record->label);
  r->name = g_strdup (record->name);
  r->photodna = g_strdup (record->photodna);
  r->extra_json = g_strdup (record->extra_json);
  r->victim = record->victim_identified;
  r->offender = record->offender_identified;
  r->distributed = record->is_distributed;
  r->baseline = record->baseline;
  r->precategorized = record->precategorized;
  r->size = record->size;
  r->has_pdq = record->has_pdq;
  g_assert_cmpint (record->pdq_quality, ==, -1);
  assert_json_object (record->extra_json);
  g_ptr_array_add (c->records, r);
  return c->stop_after == 0 || c->records->len < c->stop_after;
}

static gboolean
on_problem (guint64     record,
            const char *reason,
            gpointer    user_data)
{
  Collect *c = user_data;

  g_assert_nonnull (reason);
  g_ptr_array_add (c->problems, g_strdup_printf ("%" G_GUINT64_FORMAT ": %s", record, reason));
  return !c->strict;
}

static gboolean
read_bytes (const void    *data,
            gsize          len,
            Collect       *c,
            ScrimListInfo *info,
            GError       **error)
{
  g_autoptr(ScrimListInput) input = scrim_list_input_new_memory (data, len, "test.json");

  return scrim_list_read_vics (input, info, on_record, on_problem, c, NULL, error);
}

static gboolean
read_json (const char    *json,
           Collect       *c,
           ScrimListInfo *info,
           GError       **error)
{
  return read_bytes (json, strlen (json), c, info, error);
}

static Rec *
rec_at (Collect *c,
        guint    i)
{
  g_assert_cmpuint (i, <, c->records->len);
  return g_ptr_array_index (c->records, i);
}

static const char *
problem_at (Collect *c,
            guint    i)
{
  g_assert_cmpuint (i, <, c->problems->len);
  return g_ptr_array_index (c->problems, i);
}

/* ' becomes " (the lists below would drown in backslashes otherwise). */
static char *
q (const char *text)
{
  char *out = g_strdup (text);

  for (char *p = out; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  return out;
}

static void
info_clear (ScrimListInfo *info)
{
  g_clear_pointer (&info->version, g_free);
  g_clear_pointer (&info->profile, g_free);
  g_clear_pointer (&info->shape, g_free);
  g_clear_pointer (&info->hash_type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScrimListInfo, info_clear)

static void
assert_info (const ScrimListInfo *info,
             const char          *version,
             const char          *profile,
             const char          *shape)
{
  g_assert_cmpint (info->format, ==, SCRIM_LIST_FORMAT_VICS);
  g_assert_cmpstr (info->version, ==, version);
  g_assert_cmpstr (info->profile, ==, profile);
  g_assert_cmpstr (info->shape, ==, shape);
  g_assert_null (info->hash_type);
}

static void
assert_flags (const Rec *r,
              int        victim,
              int        offender,
              int        distributed,
              int        precategorized)
{
  g_assert_cmpint (r->victim, ==, victim);
  g_assert_cmpint (r->offender, ==, offender);
  g_assert_cmpint (r->distributed, ==, distributed);
  g_assert_cmpint (r->precategorized, ==, precategorized);
  g_assert_cmpint (r->baseline, ==, SCRIM_FLAG_UNKNOWN);
  g_assert_false (r->has_pdq);
  g_assert_null (r->label);
}

/* ------------------------------------------------------------------------ */
/* The shapes of the spec                                                   */

static char *
photodna (char c)
{
  return g_strnfill (192, c);
}

static char *
vics13_json (void)
{
  g_autofree char *pdna = photodna ('A');
  g_autofree char *text = g_strdup_printf (
    "{\n"
    "  'odata.metadata': 'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media',\n"
    "  'value': [\n"
    "    {\n"
    "      'odata.id': 'Media(\\'00112233445566778899AABBCCDDEEFF\\')',\n"
    "      'MediaID': 1,\n"
    "      'Category': 0,\n"
    "      'MD5': '00112233445566778899AABBCCDDEEFF',\n"
    "      'SHA1': '00112233445566778899AABBCCDDEEFF00112233',\n"
    "      'MediaSize': 2048,\n"
    "      'VictimIdentified': 'false',\n"
    "      'OffenderIdentified': 'false',\n"
    "      'IsDistributed': 'false',\n"
    "      'IsPrecategorized': 'true',\n"
    "      'Series': null,\n"
    "      'Tags': '',\n"
    "      'Comments': '',\n"
    "      'AlternativeHashes@odata.navigationLinkUrl': 'Media(\\'00112233445566778899AABBCCDDEEFF\\')/AlternativeHashes',\n"
    "      'AlternativeHashes': [\n"
    "        { 'MD5': '00112233445566778899AABBCCDDEEFF', 'HashName': 'PhotoDNA', 'HashValue': '%s' }\n"
    "      ],\n"
    "      'MediaFiles': [\n"
    "        { 'MD5': '00112233445566778899AABBCCDDEEFF',\n"
    "          'FileName': 'synthetic_0001.jpg',\n"
    "          'FilePath': 'Partition 1\\\\Users\\\\example\\\\Pictures\\\\' }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      'MediaID': 2, 'Category': 1, 'MD5': 'FFEEDDCCBBAA99887766554433221100',\n"
    "      'SHA1': 'FFEEDDCCBBAA99887766554433221100FFEEDDCC', 'MediaSize': 100,\n"
    "      'VictimIdentified': 'true', 'OffenderIdentified': 'false', 'IsDistributed': 'true',\n"
    "      'IsPrecategorized': 'true', 'Series': 'Series One', 'Tags': 'outdoor,red',\n"
    "      'Comments': 'synthetic'\n"
    "    }\n"
    "  ]\n"
    "}\n", pdna);

  return q (text);
}

static void
test_vics13_media (void)
{
  g_autofree char *json = vics13_json ();
  g_autofree char *pdna = photodna ('A');
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, &info, &error));
  g_assert_no_error (error);
  assert_info (&info, "1.3", NULL, "Media");
  g_assert_cmpuint (c.problems->len, ==, 0);
  g_assert_cmpuint (c.records->len, ==, 2);

  r = rec_at (&c, 0);
  g_assert_cmpuint (r->record, ==, 1);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->sha1, ==, SHA1_A);
  g_assert_null (r->sha256);
  g_assert_cmpstr (r->category, ==, "0");
  g_assert_null (r->series);
  g_assert_null (r->tags);
  g_assert_null (r->comments);
  g_assert_cmpstr (r->name, ==, "synthetic_0001.jpg");
  g_assert_cmpstr (r->photodna, ==, pdna);
  g_assert_cmpint (r->size, ==, 2048);
  assert_flags (r, 0, 0, 0, 1);
  g_assert_cmpstr (r->extra_json, ==,
                   "{\"MediaID\":1,\"MediaFiles\":[{\"FileName\":\"synthetic_0001.jpg\","
                   "\"FilePath\":\"Partition 1\\\\Users\\\\example\\\\Pictures\\\\\"}]}");

  r = rec_at (&c, 1);
  g_assert_cmpuint (r->record, ==, 2);
  g_assert_cmpstr (r->md5, ==, MD5_B);
  g_assert_cmpstr (r->sha1, ==, SHA1_B);
  g_assert_cmpstr (r->category, ==, "1");
  g_assert_cmpstr (r->series, ==, "Series One");
  g_assert_cmpstr (r->tags, ==, "outdoor,red");
  g_assert_cmpstr (r->comments, ==, "synthetic");
  g_assert_null (r->name);
  g_assert_null (r->photodna);
  g_assert_cmpint (r->size, ==, 100);
  assert_flags (r, 1, 0, 1, 1);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":2}");
}

static const char vics20_default[] =
  "{\n"
  "  '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media',\n"
  "  'value': [\n"
  "    { 'MediaID': 1, 'Category': 0,\n"
  "      'MD5': 'FFEEDDCCBBAA99887766554433221100',\n"
  "      'SHA1': 'FFEEDDCCBBAA99887766554433221100FFEEDDCC',\n"
  "      'MediaSize': 4096, 'DateUpdated': '2024-01-02T03:04:05.000Z',\n"
  "      'IsPrecategorized': 'true', 'Comments': 'caf\\u00e9 \xe2\x98\x83 \\ud834\\udd1e' },\n"
  "    { 'MediaID': 2, 'Category': 4,\n"
  "      'MD5': '0123456789ABCDEF0123456789ABCDEF',\n"
  "      'SHA1': '', 'MediaSize': 512, 'IsPrecategorized': true }\n"
  "  ]\n"
  "}\n";

static void
check_vics20_default (Collect             *c,
                      const ScrimListInfo *info)
{
  Rec *r;

  assert_info (info, "2.0", "Default", "Media");
  g_assert_cmpuint (c->problems->len, ==, 0);
  g_assert_cmpuint (c->records->len, ==, 2);

  r = rec_at (c, 0);
  g_assert_cmpuint (r->record, ==, 1);
  g_assert_cmpstr (r->md5, ==, MD5_B);
  g_assert_cmpstr (r->sha1, ==, SHA1_B);
  g_assert_null (r->sha256);
  g_assert_cmpstr (r->category, ==, "0");
  g_assert_cmpstr (r->comments, ==, "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9d\x84\x9e");
  g_assert_null (r->series);
  g_assert_null (r->tags);
  g_assert_null (r->name);
  g_assert_null (r->photodna);
  g_assert_cmpint (r->size, ==, 4096);
  assert_flags (r, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, 1);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":1,\"DateUpdated\":\"2024-01-02T03:04:05.000Z\"}");

  r = rec_at (c, 1);
  g_assert_cmpuint (r->record, ==, 2);
  g_assert_cmpstr (r->md5, ==, MD5_C);
  g_assert_null (r->sha1);
  g_assert_cmpstr (r->category, ==, "4");
  g_assert_cmpint (r->size, ==, 512);
  g_assert_null (r->comments);
  assert_flags (r, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, 1);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":2}");
}

static void
test_vics20_default (void)
{
  g_autofree char *json = q (vics20_default);
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_true (read_json (json, &c, &info, &error));
  g_assert_no_error (error);
  check_vics20_default (&c, &info);
}

static const char vics20_us_cases[] =
  "{\n"
  "  '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases',\n"
  "  'value': [{\n"
  "    'CaseID': '{00000000-0000-0000-0000-000000000001}',\n"
  "    'CaseNumber': 'TEST-0001',\n"
  "    'ContactOrganization': 'Example Unit',\n"
  "    'SourceApplicationName': 'ExampleTool',\n"
  "    'SourceApplicationVersion': '0.1',\n"
  "    'TotalMediaFiles': 2,\n"
  "    'CaseMetadata': [{ 'PropertyName': 'Comments', 'PropertyValue': 'not a record' }],\n"
  "    'Media': [{\n"
  "      'MediaID': 1,\n"
  "      'MD5': '00112233445566778899AABBCCDDEEFF',\n"
  "      'MediaSize': 2048,\n"
  "      'RelativeFilePath': 'Pictures\\\\00000001.jpg',\n"
  "      'MimeType': 'image/jpeg',\n"
  "      'Category': 2, 'VictimIdentified': false, 'OffenderIdentified': true,\n"
  "      'IsDistributed': null, 'IsPrecategorized': false, 'IsSuspected': 'true',\n"
  "      'Exifs': [{ 'PropertyName': 'Make', 'PropertyValue': 'Example' }],\n"
  "      'MediaFiles': [{\n"
  "        'MD5': '00112233445566778899AABBCCDDEEFF',\n"
  "        'FileName': 'IMG_0001.jpg',\n"
  "        'FilePath': 'Partition 1\\\\DCIM\\\\',\n"
  "        'Created': '2024-01-02T03:04:05.000Z',\n"
  "        'Unallocated': 'false',\n"
  "        'SourceID': 'EXHIBIT-01'\n"
  "      }, {\n"
  "        'FileName': 'copy.jpg', 'FilePath': 'Partition 2\\\\'\n"
  "      }]\n"
  "    }, {\n"
  "      'MediaID': 2, 'SHA1': 'FFEEDDCCBBAA99887766554433221100FFEEDDCC', 'Category': null\n"
  "    }]\n"
  "  }, {\n"
  "    'CaseID': '{00000000-0000-0000-0000-000000000002}',\n"
  "    'Media': [{ 'MediaID': 3, 'MD5': '0123456789abcdef0123456789abcdef', 'Category': 3 }],\n"
  "    'TotalMediaFiles': 1\n"
  "  }]\n"
  "}\n";

static void
check_us_cases (Collect *c)
{
  Rec *r;

  g_assert_cmpuint (c->problems->len, ==, 0);
  g_assert_cmpuint (c->records->len, ==, 3);

  r = rec_at (c, 0);
  g_assert_cmpuint (r->record, ==, 1);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_null (r->sha1);
  g_assert_cmpstr (r->category, ==, "2");
  g_assert_cmpstr (r->name, ==, "IMG_0001.jpg");
  g_assert_null (r->comments);
  g_assert_cmpint (r->size, ==, 2048);
  assert_flags (r, 0, 1, SCRIM_FLAG_UNKNOWN, 0);
  g_assert_cmpstr (r->extra_json, ==,
                   "{\"MediaID\":1,\"RelativeFilePath\":\"Pictures\\\\00000001.jpg\","
                   "\"MimeType\":\"image/jpeg\",\"IsSuspected\":true,"
                   "\"MediaFiles\":[{\"FileName\":\"IMG_0001.jpg\",\"FilePath\":\"Partition 1\\\\DCIM\\\\\"},"
                   "{\"FileName\":\"copy.jpg\",\"FilePath\":\"Partition 2\\\\\"}]}");

  r = rec_at (c, 1);
  g_assert_cmpuint (r->record, ==, 2);
  g_assert_null (r->md5);
  g_assert_cmpstr (r->sha1, ==, SHA1_B);
  g_assert_null (r->category);
  g_assert_null (r->name);
  g_assert_cmpint (r->size, ==, -1);
  assert_flags (r, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":2}");

  r = rec_at (c, 2);
  g_assert_cmpuint (r->record, ==, 3);
  g_assert_cmpstr (r->md5, ==, MD5_C);
  g_assert_cmpstr (r->category, ==, "3");
}

static void
test_vics20_us_cases (void)
{
  g_autofree char *json = q (vics20_us_cases);
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_true (read_json (json, &c, &info, &error));
  g_assert_no_error (error);
  assert_info (&info, "2.0", "US", "Cases");
  check_us_cases (&c);
}

/* NIST's CAID-compatible set: 1.2, MediaSize as a string, Category 8, MediaID 0. */
static void
test_nist_caid (void)
{
  g_autofree char *json = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Media',"
    "'value':[{'MediaID':0,'Category':8,'MD5':'00112233445566778899AABBCCDDEEFF',"
    "'SHA1':'00112233445566778899AABBCCDDEEFF00112233','MediaSize':'488',"
    "'IsPrecategorized':'True','VictimIdentified':null}]}");
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, &info, &error));
  g_assert_no_error (error);
  assert_info (&info, "1.2", NULL, "Media");
  g_assert_cmpuint (c.records->len, ==, 1);
  r = rec_at (&c, 0);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->sha1, ==, SHA1_A);
  g_assert_cmpstr (r->category, ==, "8");
  g_assert_cmpint (r->size, ==, 488);
  assert_flags (r, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, 1);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":0}");
}

/* ------------------------------------------------------------------------ */
/* Encodings                                                                */

static GBytes *
encode (const char *utf8,
        const char *charset,
        const char *bom,
        gsize       bom_len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gsize body_len = strlen (utf8);
  GByteArray *out = g_byte_array_new ();

  if (charset != NULL)
    {
      body = g_convert (utf8, -1, charset, "UTF-8", NULL, &body_len, &error);
      g_assert_no_error (error);
    }
  g_byte_array_append (out, (const guint8 *) bom, bom_len);
  g_byte_array_append (out, (const guint8 *) (body ? body : utf8), body_len);
  return g_byte_array_free_to_bytes (out);
}

static void
check_encoded (const char *charset,
               const char *bom,
               gsize       bom_len,
               const char *encoding)
{
  g_autofree char *json = q (vics20_default);
  g_autoptr(GBytes) bytes = encode (json, charset, bom, bom_len);
  g_autoptr(ScrimListInput) input = NULL;
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  collect_init (&c);
  input = scrim_list_input_new_memory (data, len, "encoded.json");
  g_assert_true (scrim_list_read_vics (input, &info, on_record, on_problem, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (scrim_list_input_encoding (input), ==, encoding);
  check_vics20_default (&c, &info);
}

static void
test_utf8_bom (void)
{
  check_encoded (NULL, "\xef\xbb\xbf", 3, "utf-8");
}

static void
test_utf16le (void)
{
  check_encoded ("UTF-16LE", "\xff\xfe", 2, "utf-16le");
}

static void
test_utf16be (void)
{
  check_encoded ("UTF-16BE", "\xfe\xff", 2, "utf-16be");
}

/* ------------------------------------------------------------------------ */
/* Loose JSON                                                               */

/* value before the data-model key, keys inside records reversed. */
static void
test_reversed_keys (void)
{
  g_autofree char *media = q (
    "{'value':[{'IsPrecategorized':'true','DateUpdated':'2024-01-02T03:04:05.000Z',"
    "'MediaSize':4096,'SHA1':'FFEEDDCCBBAA99887766554433221100FFEEDDCC',"
    "'MD5':'FFEEDDCCBBAA99887766554433221100','Category':0,'MediaID':1}],"
    "'@odata.context':'HTTP://GITHUB.COM/vicsdatamodel/projectvic/datamodels/2.0.XML/UK/$METADATA#MEDIA'}");
  g_autofree char *cases = q (
    "{'odata.count':1,'value':[{'Media':[{'Category':1,'MD5':'00112233445566778899aabbccddeeff'}],"
    "'CaseID':'{x}'},{'TotalMediaFiles':0,'Media':[]}],"
    "'@odata.context':'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases'}");
  g_auto(Collect) c;
  g_auto(Collect) c2;
  g_auto(ScrimListInfo) info = { 0 };
  g_auto(ScrimListInfo) info2 = { 0 };
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (media, &c, &info, &error));
  g_assert_no_error (error);
  assert_info (&info, "2.0", "UK", "Media");
  g_assert_cmpuint (c.records->len, ==, 1);
  r = rec_at (&c, 0);
  g_assert_cmpstr (r->md5, ==, MD5_B);
  g_assert_cmpstr (r->sha1, ==, SHA1_B);
  g_assert_cmpstr (r->category, ==, "0");
  g_assert_cmpint (r->size, ==, 4096);
  g_assert_cmpint (r->precategorized, ==, 1);
  g_assert_cmpstr (r->extra_json, ==, "{\"DateUpdated\":\"2024-01-02T03:04:05.000Z\",\"MediaID\":1}");

  collect_init (&c2);
  g_assert_true (read_json (cases, &c2, &info2, &error));
  g_assert_no_error (error);
  assert_info (&info2, "2.0", "US", "Cases");
  g_assert_cmpuint (c2.problems->len, ==, 0);
  g_assert_cmpuint (c2.records->len, ==, 1);
  r = rec_at (&c2, 0);
  g_assert_cmpuint (r->record, ==, 1);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->category, ==, "1");
}

/* Without a data-model key yet, the shape comes from the content. */
static void
test_shape_from_content (void)
{
  g_autofree char *json = q (
    "{'value':[{'CaseID':'c','Media':[{'MD5':'00112233445566778899aabbccddeeff'},"
    "{'MD5':'ffeeddccbbaa99887766554433221100'}]}],"
    "'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.1.xml'}");
  g_auto(Collect) c;
  g_auto(ScrimListInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_true (read_json (json, &c, &info, &error));
  g_assert_no_error (error);
  assert_info (&info, "1.1", NULL, "Cases");
  g_assert_cmpuint (c.records->len, ==, 2);
  g_assert_cmpuint (rec_at (&c, 1)->record, ==, 2);
  g_assert_cmpstr (rec_at (&c, 1)->md5, ==, MD5_B);
}

static void
test_loose_types (void)
{
  static const struct { const char *value; int flag; } flags[] = {
    { "true", 1 }, { "false", 0 }, { "null", SCRIM_FLAG_UNKNOWN },
    { "'TRUE'", 1 }, { "'False'", 0 }, { "'yes'", 1 }, { "'NO'", 0 },
    { "'1'", 1 }, { "'0'", 0 }, { "1", 1 }, { "0", 0 }, { "''", SCRIM_FLAG_UNKNOWN },
    { "' true '", 1 }, { "'null'", SCRIM_FLAG_UNKNOWN },
  };
  static const struct { const char *value; const char *category; } categories[] = {
    { "1", "1" }, { "'2'", "2" }, { "' 3 '", "3" }, { "'03'", "3" }, { "0", "0" },
    { "'0'", "0" }, { "null", NULL }, { "''", NULL }, { "'A'", "A" }, { "1.5", "1.5" },
    { "'Cat 9'", "Cat 9" }, { "-1", "-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *raw = g_strdup_printf (
        "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media',"
        "'value':[{'MD5':'00112233445566778899AABBCCDDEEFF','VictimIdentified':%s,"
        "'OffenderIdentified':%s,'IsDistributed':%s,'IsPrecategorized':%s}]}",
        flags[i].value, flags[i].value, flags[i].value, flags[i].value);
      g_autofree char *json = q (raw);
      g_auto(Collect) c;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      g_assert_true (read_json (json, &c, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (c.problems->len, ==, 0);
      assert_flags (rec_at (&c, 0), flags[i].flag, flags[i].flag, flags[i].flag, flags[i].flag);
    }
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autofree char *raw = g_strdup_printf (
        "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media',"
        "'value':[{'MD5':'00112233445566778899AABBCCDDEEFF','Category':%s}]}",
        categories[i].value);
      g_autofree char *json = q (raw);
      g_auto(Collect) c;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      g_assert_true (read_json (json, &c, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (c.problems->len, ==, 0);
      g_assert_cmpstr (rec_at (&c, 0)->category, ==, categories[i].category);
    }
}

/* Numbers as strings, strings as numbers, hex of any case, whitespace. */
static void
test_loose_values (void)
{
  g_autofree char *json = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':[\n"
    " {'MD5':'  00112233445566778899aabbccddeeff\\t','SHA1':' 00112233445566778899AABBCCDDEEFF00112233 ',"
    "  'MediaSize':'2048','MediaID':'17','Series':42,'Tags':'#a|b','Comments':'x'},\n"
    " {'mD5':'FfEeDdCcBbAa99887766554433221100','sha1':'','mediasize':2048.0,'mediaid':'id-9',"
    "  'category':'1','SERIES':null,'Tags':null,'Comments':''},\n"
    " {'MD5':'0123456789ABCDEF0123456789abcdef','MediaSize':' ','MediaID':1.5}\n"
    "]}");
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.problems->len, ==, 0);
  g_assert_cmpuint (c.records->len, ==, 3);

  r = rec_at (&c, 0);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->sha1, ==, SHA1_A);
  g_assert_cmpint (r->size, ==, 2048);
  g_assert_cmpstr (r->series, ==, "42");
  g_assert_cmpstr (r->tags, ==, "#a|b");
  g_assert_cmpstr (r->comments, ==, "x");
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":17}");

  r = rec_at (&c, 1);
  g_assert_cmpstr (r->md5, ==, MD5_B);
  g_assert_null (r->sha1);
  g_assert_cmpint (r->size, ==, 2048);
  g_assert_cmpstr (r->category, ==, "1");
  g_assert_null (r->series);
  g_assert_null (r->tags);
  g_assert_null (r->comments);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":\"id-9\"}");

  r = rec_at (&c, 2);
  g_assert_cmpstr (r->md5, ==, MD5_C);
  g_assert_cmpint (r->size, ==, -1);
  g_assert_cmpstr (r->extra_json, ==, "{\"MediaID\":\"1.5\"}");
}

static void
test_escapes (void)
{
  g_autofree char *json = q (
    "{'\\u0040odata.context':'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media',"
    "'val\\u0075e':[{'\\u004dD5':'00112233445566778899AABBCCDDEEF\\u0046',"
    "'Comments':'q\\'b\\\\s\\/n\\nt\\tr\\rb\\bf\\f \\u00e9\\u20AC \\ud834\\udd1e|\\ud800x|\\udc00|\\u0000|\\ud800\\u0041',"
    "'Series':'\xe2\x82\xac raw \xc3\xa9'}]}");
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  r = rec_at (&c, 0);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->comments, ==,
                   "q\"b\\s/n\nt\tr\rb\bf\f \xc3\xa9\xe2\x82\xac \xf0\x9d\x84\x9e|"
                   "\xef\xbf\xbdx|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd" "A");
  g_assert_cmpstr (r->series, ==, "\xe2\x82\xac raw \xc3\xa9");
}

/* Text that is not UTF-8 is made valid before it is handed on. */
static void
test_invalid_utf8 (void)
{
  g_autofree char *json = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media',"
    "'value':[{'MD5':'00112233445566778899AABBCCDDEEFF','Tags':'n\xe9" "e','MimeType':'\xff'}]}");
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  r = rec_at (&c, 0);
  g_assert_true (g_utf8_validate (r->tags, -1, NULL));
  g_assert_cmpstr (r->tags, ==, "n\xef\xbf\xbd" "e");
  g_assert_true (g_utf8_validate (r->extra_json, -1, NULL));
}

/* ------------------------------------------------------------------------ */
/* Hashes                                                                   */

static void
test_alternative_hashes (void)
{
  g_autofree char *pdna_a = photodna ('A');
  g_autofree char *pdna_b = photodna ('B');
  g_autofree char *raw = g_strdup_printf (
    "{'@odata.context':'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media','value':[\n"
    " {'MD5':'00112233445566778899AABBCCDDEEFF','PhotoDNA':'%s',"
    "  'AlternativeHashes':[{'HashName':'PhotoDNA','HashValue':'%s'},"
    "   {'HashName':'SHA256','HashValue':'00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF'},"
    "   {'HashValue':'abc','HashName':'ssdeep'},{'HashName':'PhotoDNA','HashValue':'%s'},"
    "   {'HashName':'Empty','HashValue':null},null,7]},\n"
    " {'AlternativeHashes':[{'HashName':'sha-256','HashValue':'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'},"
    "   {'HashName':'photodna','HashValue':'%s'}],'PhotoDNA':'%s'},\n"
    " {'MD5':'00112233445566778899AABBCCDDEEFF','AlternativeHashes':[{'HashName':'SHA-256','HashValue':'0011'}]}\n"
    "]}", pdna_a, pdna_a, pdna_b, pdna_b, pdna_a);
  g_autofree char *json = q (raw);
  g_autofree char *extra = NULL;
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.records->len, ==, 3);

  r = rec_at (&c, 0);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_cmpstr (r->sha256, ==, SHA256_A);
  g_assert_cmpstr (r->photodna, ==, pdna_a);
  extra = g_strdup_printf ("{\"AlternativeHashes\":[{\"HashName\":\"ssdeep\",\"HashValue\":\"abc\"},"
                           "{\"HashName\":\"PhotoDNA\",\"HashValue\":\"%s\"}]}", pdna_b);
  g_assert_cmpstr (r->extra_json, ==, extra);

  /* A SHA-256 alone is a usable digest; a PhotoDNA field after another is kept aside. */
  r = rec_at (&c, 1);
  g_assert_null (r->md5);
  g_assert_null (r->sha1);
  g_assert_cmpstr (r->sha256, ==, SHA256_A);
  g_assert_cmpstr (r->photodna, ==, pdna_b);
  g_free (extra);
  extra = g_strdup_printf ("{\"PhotoDNA\":\"%s\"}", pdna_a);
  g_assert_cmpstr (r->extra_json, ==, extra);

  r = rec_at (&c, 2);
  g_assert_cmpstr (r->md5, ==, MD5_A);
  g_assert_null (r->sha256);
  g_assert_cmpuint (c.problems->len, ==, 1);
  g_assert_cmpstr (problem_at (&c, 0), ==,
                   "3: AlternativeHashes SHA-256 \"0011\" is not 64 hex digits");
}

static void
test_bad_hashes (void)
{
  g_autofree char *json = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':[\n"
    " {'MD5':'00112233445566778899AABBCCDDEEFF'},\n"
    " {'MD5':'00112233445566778899AABBCCDDEEF','SHA1':'00112233445566778899AABBCCDDEEFF00112233','Category':1},\n"
    " {'MD5':'0011223344556677889900112233445566778899AABBCCDDEEFF','Category':2},\n"
    " {'MD5':'g0112233445566778899AABBCCDDEEFF','SHA1':'FFEEDDCCBBAA99887766554433221100FFEEDDCC'},\n"
    " {'MD5':null,'SHA1':'','Category':3},\n"
    " {'MD5':true,'SHA1':['x'],'SHA256':{'a':1},'VictimIdentified':'maybe','MediaSize':'-5',"
    "  'Category':[1],'Tags':{},'SHA-256':'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'},\n"
    " 42,\n"
    " {'MD5':'FFEEDDCCBBAA99887766554433221100'}\n"
    "]}");
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  static const char * const problems[] = {
    "2: MD5 \"00112233445566778899AABBCCDDEEF\" is not 32 hex digits",
    "3: MD5 \"0011223344556677889900112233445566778899AABBCCDD…\" is not 32 hex digits",
    "3: no MD5, SHA-1 or SHA-256",
    "4: MD5 \"g0112233445566778899AABBCCDDEEFF\" is not 32 hex digits",
    "5: no MD5, SHA-1 or SHA-256",
    "6: MD5 true is not a hex string",
    "6: SHA1 an array is not a hex string",
    "6: SHA256 an object is not a hex string",
    "6: VictimIdentified \"maybe\" is not a boolean",
    "6: MediaSize \"-5\" is not a byte count",
    "6: Category an array is not a category code",
    "6: Tags an object is not text",
    "7: a number, not a Media object",
  };
  Rec *r;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < c.problems->len; i++)
    g_test_message ("%s", problem_at (&c, i));
  g_assert_cmpuint (c.problems->len, ==, G_N_ELEMENTS (problems));
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    g_assert_cmpstr (problem_at (&c, i), ==, problems[i]);

  g_assert_cmpuint (c.records->len, ==, 5);
  g_assert_cmpuint (rec_at (&c, 0)->record, ==, 1);
  r = rec_at (&c, 1);
  g_assert_cmpuint (r->record, ==, 2);
  g_assert_null (r->md5);
  g_assert_cmpstr (r->sha1, ==, SHA1_A);
  g_assert_cmpstr (r->category, ==, "1");
  r = rec_at (&c, 2);
  g_assert_cmpuint (r->record, ==, 4);
  g_assert_null (r->md5);
  g_assert_cmpstr (r->sha1, ==, SHA1_B);
  r = rec_at (&c, 3);
  g_assert_cmpuint (r->record, ==, 6);
  g_assert_cmpstr (r->sha256, ==, SHA256_A);
  g_assert_cmpint (r->victim, ==, SCRIM_FLAG_UNKNOWN);
  g_assert_cmpint (r->size, ==, -1);
  g_assert_null (r->category);
  g_assert_null (r->tags);
  r = rec_at (&c, 4);
  g_assert_cmpuint (r->record, ==, 8);
  g_assert_cmpstr (r->md5, ==, MD5_B);
}

/* Strict mode: the first problem ends the read, naming its record. */
static void
test_strict (void)
{
  g_autofree char *json = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':[\n"
    " {'MD5':'00112233445566778899AABBCCDDEEFF'},\n"
    " {'MD5':'FFEEDDCCBBAA99887766554433221100','Category':1},\n"
    " {'MD5':'0011','SHA1':'FFEEDDCCBBAA99887766554433221100FFEEDDCC'},\n"
    " {'MD5':'0123456789ABCDEF0123456789ABCDEF'}\n"
    "]}");
  g_autofree char *no_hash = q (
    "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':[\n"
    " {'MD5':'00112233445566778899AABBCCDDEEFF'}, {'Category':1}, {'MD5':'FFEEDDCCBBAA99887766554433221100'}]}");
  g_auto(Collect) c;
  g_auto(Collect) c2;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  c.strict = TRUE;
  g_assert_false (read_json (json, &c, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "test.json: record 3: MD5 \"0011\" is not 32 hex digits");
  g_assert_cmpuint (c.records->len, ==, 2);
  g_assert_cmpuint (c.problems->len, ==, 1);
  g_clear_error (&error);

  collect_init (&c2);
  c2.strict = TRUE;
  g_assert_false (read_json (no_hash, &c2, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "test.json: record 2: no MD5, SHA-1 or SHA-256");
  g_assert_cmpuint (c2.records->len, ==, 1);
}

/* ------------------------------------------------------------------------ */
/* Broken files                                                             */

typedef struct
{
  GString *text;
  GArray  *starts;   /* offset of each Media record's '{' */
  GArray  *ends;     /* offset just past its '}' */
} Doc;

static void
doc_free (Doc *doc)
{
  g_string_free (doc->text, TRUE);
  g_array_unref (doc->starts);
  g_array_unref (doc->ends);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

/* A small Cases file that uses every kind of token, with the offsets of
 * its Media records. */
static Doc *
doc_new (void)
{
  static const char * const media[] = {
    "{'MediaID':1,'Category':0,'MD5':'00112233445566778899AABBCCDDEEFF','IsPrecategorized':true,"
    "'Comments':'a\\\"b\\u00e9\\ud834\\udd1e','VictimIdentified':false,'Series':null,"
    "'MediaFiles':[{'FileName':'x.jpg','FilePath':'C:\\\\'}],'X':-0.5e+3,'MediaSize':4096}",
    "{'MediaID':2,'SHA1':'FFEEDDCCBBAA99887766554433221100FFEEDDCC','AlternativeHashes':[]}",
    "{'MediaID':3,'MD5':'0123456789abcdef0123456789abcdef','Category':'3'}",
  };
  Doc *doc = g_new0 (Doc, 1);

  doc->text = g_string_new ("{'@odata.context':'http://github.com/VICSDATAMODEL/ProjectVic/"
                            "DataModels/2.0.xml/US/$metadata#Cases','value':[{'CaseID':'a','Media':[");
  doc->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  doc->ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint i = 0; i < G_N_ELEMENTS (media); i++)
    {
      gsize end;

      if (i == 2)
        g_string_append (doc->text, "]},{'CaseID':'b','Media':[");
      else if (i > 0)
        g_string_append (doc->text, ", ");
      g_array_append_val (doc->starts, doc->text->len);
      g_string_append (doc->text, media[i]);
      end = doc->text->len;
      g_array_append_val (doc->ends, end);
    }
  g_string_append (doc->text, "]}]}\n");
  for (char *p = doc->text->str; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  return doc;
}

/* Every prefix of a valid file fails (but for the one that only loses the
 * final newline), after handing on exactly the records it holds whole,
 * and names the record it stopped in. */
static void
test_truncated (void)
{
  g_autoptr(Doc) doc = doc_new ();
  gsize full = doc->text->len;

  for (gsize cut = 0; cut < full; cut++)
    {
      g_auto(Collect) c;
      g_autoptr(GError) error = NULL;
      guint whole = 0, inside = 0;
      gboolean ok;

      for (guint i = 0; i < doc->ends->len; i++)
        {
          whole += g_array_index (doc->ends, gsize, i) <= cut;
          if (g_array_index (doc->starts, gsize, i) < cut && cut < g_array_index (doc->ends, gsize, i))
            inside = i + 1;
        }
      collect_init (&c);
      ok = read_bytes (doc->text->str, cut, &c, NULL, &error);
      g_assert_cmpuint (c.records->len, ==, whole);
      g_assert_cmpuint (c.problems->len, ==, 0);
      if (cut == full - 1)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
      if (inside > 0)
        {
          g_autofree char *prefix = g_strdup_printf ("test.json: record %u: ", inside);

          g_assert_true (g_str_has_prefix (error->message, prefix));
        }
      if (cut > 0)
        g_assert_nonnull (strstr (error->message, "byte"));
    }
}

static void
test_truncated_messages (void)
{
  g_autoptr(Doc) doc = doc_new ();
  gsize start = g_array_index (doc->starts, gsize, 0);
  const char *comments = strstr (doc->text->str, "\"Comments\"");
  gsize in_string = comments - doc->text->str + 13;
  gsize in_true = strstr (doc->text->str, "true") - doc->text->str + 2;
  struct { gsize cut; char *message; } cases[] = {
    { 0, g_strdup ("test.json: not JSON: the file holds no JSON value") },
    { 5, g_strdup ("test.json: unterminated string at byte 1") },
    { start + 1, g_strdup_printf ("test.json: record 1: unexpected end of file at byte %zu, "
                                  "expected a key or '}'", start + 1) },
    { in_string, g_strdup_printf ("test.json: record 1: unterminated string at byte %zu",
                                  in_string - 2) },
    { in_true, g_strdup_printf ("test.json: record 1: unexpected end of file at byte %zu "
                                "inside true", in_true) },
    { g_array_index (doc->ends, gsize, 0), g_strdup_printf (
        "test.json: after record 1: unexpected end of file at byte %zu, expected ',' or ']'",
        g_array_index (doc->ends, gsize, 0)) },
    { doc->text->len - 2, g_strdup_printf (
        "test.json: after record 3: unexpected end of file at byte %zu, expected ',' or '}'",
        doc->text->len - 2) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Collect) c;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      g_assert_false (read_bytes (doc->text->str, cases[i].cut, &c, NULL, &error));
      g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_free (cases[i].message);
    }
}

static void
expect_failure (const char *raw,
                const char *message,
                guint       n_records)
{
  g_autofree char *json = q (raw);
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_false (read_json (json, &c, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (c.records->len, ==, n_records);
}

#define V13 "{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':["
#define REC_A "{'MD5':'00112233445566778899AABBCCDDEEFF'}"

static void
test_invalid_json (void)
{
  expect_failure ("", "test.json: not JSON: the file holds no JSON value", 0);
  expect_failure ("  \n ", "test.json: not JSON: the file holds no JSON value", 0);
  expect_failure ("hello", "test.json: not JSON: unexpected 'h' at byte 0, expected a value", 0);
  expect_failure ("\x01", "test.json: not JSON: unexpected byte 0x01 at byte 0, expected a value", 0);
  expect_failure ("[1,2]", "test.json: not a VICS list: the file holds an array, not an object", 0);
  expect_failure ("'text'", "test.json: not a VICS list: the file holds a string, not an object", 0);
  expect_failure (V13 REC_A ",]}",
                  "test.json: after record 1: unexpected ']' at byte 132, expected a value", 1);
  expect_failure (V13 REC_A "," REC_A "]} x",
                  "test.json: unexpected data at byte 177 after the end of the JSON document", 2);
  expect_failure (V13 "{'MD5' 'x'}]}",
                  "test.json: record 1: unexpected '\"' at byte 96, expected ':'", 0);
  expect_failure (V13 "{'MD5':'x',}]}",
                  "test.json: record 1: unexpected '}' at byte 100, expected a key (a string)", 0);
  expect_failure (V13 "{'MD5':'\\x'}]}", "test.json: record 1: invalid escape at byte 97", 0);
  expect_failure (V13 "{'MD5':'\\u12G4'}]}", "test.json: record 1: invalid \\u escape at byte 97", 0);
  expect_failure (V13 "{'MediaSize':-}]}", "test.json: record 1: invalid number \"-\" at byte 102", 0);
  expect_failure (V13 "{'MediaSize':1.e5}]}", "test.json: record 1: invalid number \"1.e5\" at byte 102", 0);
  expect_failure (V13 "{'MediaSize':1-2}]}", "test.json: record 1: invalid number \"1-2\" at byte 102", 0);
  expect_failure (V13 "{'MD5':tru}]}", "test.json: record 1: unexpected 't' at byte 96, expected a value", 0);
  expect_failure (V13 "{'MD5':nul", "test.json: record 1: unexpected end of file at byte 99 inside null", 0);
  expect_failure (V13 REC_A "}]}",
                  "test.json: after record 1: unexpected '}' at byte 131, expected ',' or ']'", 1);
  expect_failure (V13 "{1:2}]}", "test.json: record 1: unexpected '1' at byte 90, expected a key or '}'", 0);
  expect_failure ("{'value':[" REC_A "]] }",
                  "test.json: after record 1: unexpected ']' at byte 53, expected ',' or '}'", 1);
}

static void
test_not_vics (void)
{
  expect_failure ("{'name':'x','items':[1,2,{'a':[]}]}",
                  "test.json: not a VICS list: no odata.metadata or @odata.context key", 0);
  expect_failure ("{}", "test.json: not a VICS list: no odata.metadata or @odata.context key", 0);
  expect_failure ("{'@odata.context':'http://example.com/service/$metadata#People','value':[]}",
                  "test.json: not a VICS list: the data model \"http://example.com/service/$metadata#People\""
                  " is not a VICS one", 0);
  expect_failure ("{'@odata.context':'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Exifs','value':[]}",
                  "test.json: not a VICS list: the data model \"http://github.com/VICSDATAMODEL/ProjectVic/"
                  "DataModels/2.0.xml/US/$metadata#Exifs\" lists neither Media nor Cases", 0);
  expect_failure ("{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media'}",
                  "test.json: not a VICS list: no \"value\" array", 0);
  expect_failure ("{'odata.metadata':'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media','value':{}}",
                  "test.json: not a VICS list: \"value\" at byte 88 holds an object, not an array", 0);
  expect_failure ("{'odata.metadata':13,'value':[]}",
                  "test.json: not a VICS list: the data-model key at byte 18 holds a number, not a URI", 0);
  expect_failure ("{'value':[" REC_A "]}",
                  "test.json: not a VICS list: no odata.metadata or @odata.context key", 1);
}

/* ------------------------------------------------------------------------ */
/* Hostile files                                                            */

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "{'k':" : "[");
  g_string_append (s, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (s, (i - 1) % 2 ? "}" : "]");
  return g_string_free (s, FALSE);
}

static void
test_deep_nesting (void)
{
  g_autofree char *ok_nest = nested (60);
  g_autofree char *deep_nest = nested (100000);
  g_autofree char *fine = g_strdup_printf (V13 REC_A ",{'Exifs':%s,'MD5':'FFEEDDCCBBAA99887766554433221100'}]}",
                                           ok_nest);
  g_autofree char *deep = g_strdup_printf (V13 REC_A ",{'Exifs':%s}]}", deep_nest);
  g_autofree char *json = q (fine);
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.records->len, ==, 2);
  g_assert_cmpstr (rec_at (&c, 1)->md5, ==, MD5_B);

  expect_failure (deep, "test.json: record 2: nesting deeper than 64 levels at byte 322", 1);
}

static void
test_giant_strings (void)
{
  gsize big = 3 * 1024 * 1024;
  g_autofree char *giant = g_strnfill (big, 'x');
  g_autofree char *digits = g_strnfill (100000, '7');
  g_autofree char *raw = g_strdup_printf (
    V13 "{'MD5':'00112233445566778899AABBCCDDEEFF','Comments':'%s'},"
    "{'Miniature':'%s','IsPrecategorized':true,'MD5':'FFEEDDCCBBAA99887766554433221100'},"
    "{'MD5':'FFEEDDCCBBAA99887766554433221100','MediaSize':%s},"
    "{'MD5':'FFEEDDCCBBAA99887766554433221100','MediaFiles':[{'FileName':'%s'}]},"
    "{'%s':1,'MD5':'0123456789ABCDEF0123456789ABCDEF','Z':%s},"
    "{'MD5':'0123456789ABCDEF0123456789ABCDEF','MediaID':%s}]}",
    giant, giant, digits, giant, giant, digits, digits);
  g_autofree char *json = q (raw);
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < c.problems->len; i++)
    g_test_message ("%s", problem_at (&c, i));
  g_assert_cmpuint (c.problems->len, ==, 4);
  g_assert_cmpstr (problem_at (&c, 0), ==, "1: Comments longer than 1 MiB; record skipped");
  g_assert_cmpstr (problem_at (&c, 1), ==, "3: MediaSize longer than 64 characters; record skipped");
  g_assert_cmpstr (problem_at (&c, 2), ==, "4: FileName longer than 1 MiB; record skipped");
  g_assert_cmpstr (problem_at (&c, 3), ==, "6: MediaID longer than 64 characters; record skipped");
  g_assert_cmpuint (c.records->len, ==, 2);
  g_assert_cmpuint (rec_at (&c, 0)->record, ==, 2);
  g_assert_cmpstr (rec_at (&c, 0)->md5, ==, MD5_B);
  g_assert_cmpint (rec_at (&c, 0)->precategorized, ==, 1);
  g_assert_cmpuint (rec_at (&c, 1)->record, ==, 5);
  g_assert_cmpstr (rec_at (&c, 1)->md5, ==, MD5_C);
}

/* Many files or hashes in one record: the first 64 kept, the rest counted. */
static void
test_many_files (void)
{
  g_autoptr(GString) raw = g_string_new (V13 "{'MD5':'00112233445566778899AABBCCDDEEFF','MediaFiles':[");
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;
  JsonObject *extra;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (raw, "%s{'FileName':'f%u.jpg','FilePath':'p\\\\'}", i ? "," : "", i);
  g_string_append (raw, "],'AlternativeHashes':[");
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (raw, "%s{'HashName':'h%u','HashValue':'%u'}", i ? "," : "", i, i);
  g_string_append (raw, "]}]}");
  json = q (raw->str);

  collect_init (&c);
  g_assert_true (read_json (json, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rec_at (&c, 0)->name, ==, "f0.jpg");
  g_assert_true (json_parser_load_from_data (parser, rec_at (&c, 0)->extra_json, -1, NULL));
  extra = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (extra, "MediaFiles")), ==, 64);
  g_assert_cmpint (json_object_get_int_member (extra, "MediaFilesOmitted"), ==, 10000 - 64);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (extra, "AlternativeHashes")), ==, 64);
  g_assert_cmpint (json_object_get_int_member (extra, "AlternativeHashesOmitted"), ==, 100 - 64);
}

/* The tokenizer reads 256 KiB at a time: a record placed across that
 * boundary at every possible offset must read the same, whatever token
 * (escape, surrogate pair, literal, number, key) the boundary splits. */
static void
test_buffer_boundary (void)
{
  const gsize boundary = 256 * 1024;
  const char *head = "{\"odata.metadata\":\"http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media\","
                     "\"value\":[";
  const char *record = "{\"MD5\":\"00112233445566778899AABBCCDDEEFF\",\"Comments\":"
                       "\"a\\ud834\\udd1e\\u00e9\\\"z\",\"IsPrecategorized\":true,"
                       "\"VictimIdentified\":false,\"Series\":null,\"MediaSize\":12345}";
  gsize record_len = strlen (record);

  for (gsize k = 0; k <= record_len; k++)
    {
      g_autoptr(GString) doc = g_string_new (head);
      g_auto(Collect) c;
      g_autoptr(GError) error = NULL;
      Rec *r;

      while (doc->len < boundary - k)
        g_string_append_c (doc, ' ');
      g_string_append (doc, record);
      g_string_append (doc, ",");
      g_string_append (doc, record);
      g_string_append (doc, "]}");
      collect_init (&c);
      g_assert_true (read_bytes (doc->str, doc->len, &c, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (c.records->len, ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          r = rec_at (&c, i);
          g_assert_cmpstr (r->md5, ==, MD5_A);
          g_assert_cmpstr (r->comments, ==, "a\xf0\x9d\x84\x9e\xc3\xa9\"z");
          g_assert_cmpint (r->size, ==, 12345);
          assert_flags (r, 0, SCRIM_FLAG_UNKNOWN, SCRIM_FLAG_UNKNOWN, 1);
          g_assert_null (r->series);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Stopping                                                                 */

static char *
generated_json (guint n)
{
  GString *s = g_string_new ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/"
                             "DataModels/2.0.xml/Default/$metadata#Media\",\"value\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"MediaID\":%u,\"MD5\":\"%08x0011223344556677889900aa\"}",
                            i ? "," : "", i + 1, i);
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

static void
test_stop (void)
{
  g_autofree char *json = generated_json (10);
  g_auto(Collect) c;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  c.stop_after = 3;
  g_assert_false (read_json (json, &c, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "test.json: reading stopped at record 3");
  g_assert_cmpuint (c.records->len, ==, 3);
}

typedef struct
{
  guint64       count;
  GCancellable *cancellable;
} CancelAt;

static gboolean
cancel_at_100 (const ScrimListRecord *record,
               gpointer               user_data)
{
  CancelAt *at = user_data;

  if (++at->count == 100)
    g_cancellable_cancel (at->cancellable);
  return TRUE;
}

/* The cancellable is looked at every 4096 records. */
static void
test_cancel (void)
{
  g_autofree char *json = generated_json (20000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ScrimListInput) input = NULL;
  g_autoptr(GError) error = NULL;
  CancelAt at = { 0, cancellable };

  input = scrim_list_input_new_memory ((const guint8 *) json, strlen (json), "test.json");
  g_assert_false (scrim_list_read_vics (input, NULL, cancel_at_100, NULL, &at, cancellable, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "test.json: reading cancelled after record 4096");
  g_assert_cmpuint (at.count, ==, 4096);
}

/* ------------------------------------------------------------------------ */
/* Size                                                                     */

/* Writes an invented VICS 2.0 list of n records to fd, as an exporter
 * would indent it, with tokens falling across every buffer boundary. */
static guint64
write_big_list (FILE  *out,
                guint  n)
{
  fputs ("{\r\n  \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/"
         "2.0.xml/Default/$metadata#Media\",\r\n  \"value\": [\r\n", out);
  for (guint i = 0; i < n; i++)
    {
      guint32 h = i * 2654435761u;

      fprintf (out,
               "    {\r\n"
               "      \"MediaID\": %u,\r\n"
               "      \"Category\": %u,\r\n"
               "      \"MD5\": \"%08X%08X0011223344556677\",\r\n"
               "      \"SHA1\": \"%08x%08x00112233445566778899aabb\",\r\n"
               "      \"MediaSize\": %u,\r\n"
               "      \"DateUpdated\": \"2024-01-02T03:04:05.%07uZ\",\r\n"
               "      \"IsPrecategorized\": %s,\r\n"
               "      \"VictimIdentified\": %s,\r\n"
               "      \"Series\": %s,\r\n"
               "      \"Tags\": \"synthetic\\ttag %u\"%*s\r\n"
               "    }%s\r\n",
               i + 1, i % 5, i, h, i, h, 1000 + i % 9000, i % 10000000,
               i % 2 ? "true" : "\"false\"", i % 3 ? "null" : "false",
               i % 7 ? "null" : "\"Series \\u00e9\"", i, (int) (i % 13), "",
               i + 1 < n ? "," : "");
    }
  fputs ("  ]\r\n}\r\n", out);
  return ftell (out);
}

typedef struct
{
  guint64 count;
  guint64 md5_sum;
  gsize   baseline;     /* heap in use before the read */
  gsize   peak;         /* the most in use during it */
} Counter;

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static gboolean
count_record (const ScrimListRecord *record,
              gpointer               user_data)
{
  Counter *counter = user_data;

  guint32 i = counter->count;
  char tags[48];

  /* What write_big_list() wrote, across every buffer boundary. */
  g_assert_cmpuint (record->record, ==, counter->count + 1);
  g_assert_cmpuint ((guint32) record->md5[0] << 24 | record->md5[1] << 16 | record->md5[2] << 8 |
                    record->md5[3], ==, i);
  g_assert_cmpuint (record->sha1[19], ==, 0xbb);
  g_assert_cmpint (record->category[0] - '0', ==, i % 5);
  g_assert_cmpint (record->size, ==, 1000 + i % 9000);
  g_assert_cmpint (record->precategorized, ==, i % 2);
  g_assert_cmpint (record->victim_identified, ==, i % 3 ? SCRIM_FLAG_UNKNOWN : 0);
  g_assert_cmpstr (record->series, ==, i % 7 ? NULL : "Series \xc3\xa9");
  g_snprintf (tags, sizeof tags, "synthetic\ttag %u", i);
  g_assert_cmpstr (record->tags, ==, tags);
  counter->md5_sum += record->md5[0] + record->size;
  if (++counter->count % 1000 == 0)
    counter->peak = MAX (counter->peak, heap_in_use ());
  return TRUE;
}

static long
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Reads a generated file of n records; returns the peak heap growth. */
static gsize
read_big_list (const char *dir,
               guint       n)
{
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  g_autoptr(ScrimListInput) input = NULL;
  g_autoptr(GError) error = NULL;
  FILE *out = fopen (path, "wb");
  Counter counter = { 0 };
  guint64 size;
  gint64 start;
  double seconds;
  long rss_before;
  int fd;

  g_assert_nonnull (out);
  size = write_big_list (out, n);
  g_assert_cmpint (fclose (out), ==, 0);

  fd = open (path, O_RDONLY);
  g_assert_cmpint (fd, >=, 0);
  input = scrim_list_input_new_fd (fd, path);
  rss_before = max_rss_kib ();
  counter.baseline = counter.peak = heap_in_use ();
  start = g_get_monotonic_time ();
  g_assert_true (scrim_list_read_vics (input, NULL, count_record, NULL, &counter, NULL, &error));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpuint (counter.count, ==, n);
  close (fd);
  g_test_message ("%u records, %.1f MB in %.3f s: %.0f records/s, %.0f MB/s; heap peak +%zu KiB, "
                  "max RSS +%ld KiB", n, size / 1e6, seconds, n / seconds, size / 1e6 / seconds,
                  (counter.peak - counter.baseline) / 1024, max_rss_kib () - rss_before);
  g_unlink (path);
  return counter.peak - counter.baseline;
}

/* Peak memory does not grow with the file: the heap in use during a read
 * of ten times the records stays within a small margin of the small read,
 * and both far below the file's size. */
static void
test_memory_flat (void)
{
  g_autofree char *dir = scrim_test_mkdtemp ("vics");
  const char *env = g_getenv ("SCRIM_TEST_VICS_RECORDS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 200000;
  gsize small, large;

  small = read_big_list (dir, n / 10);
  large = read_big_list (dir, n);
  if (heap_in_use () == 0)
    {
      /* AddressSanitizer keeps its own heap, which mallinfo2() cannot see. */
      g_test_message ("heap accounting unavailable (a sanitizer's allocator?): not checked");
      return;
    }
  g_assert_cmpuint (large, <, 8 * 1024 * 1024);
  g_assert_cmpuint (large, <=, small + 256 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/vics/1.3-media", test_vics13_media);
  g_test_add_func ("/core/vics/2.0-default", test_vics20_default);
  g_test_add_func ("/core/vics/2.0-us-cases", test_vics20_us_cases);
  g_test_add_func ("/core/vics/nist-caid-1.2", test_nist_caid);
  g_test_add_func ("/core/vics/utf8-bom", test_utf8_bom);
  g_test_add_func ("/core/vics/utf16le", test_utf16le);
  g_test_add_func ("/core/vics/utf16be", test_utf16be);
  g_test_add_func ("/core/vics/reversed-keys", test_reversed_keys);
  g_test_add_func ("/core/vics/shape-from-content", test_shape_from_content);
  g_test_add_func ("/core/vics/loose-types", test_loose_types);
  g_test_add_func ("/core/vics/loose-values", test_loose_values);
  g_test_add_func ("/core/vics/escapes", test_escapes);
  g_test_add_func ("/core/vics/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/vics/alternative-hashes", test_alternative_hashes);
  g_test_add_func ("/core/vics/bad-hashes", test_bad_hashes);
  g_test_add_func ("/core/vics/strict", test_strict);
  g_test_add_func ("/core/vics/truncated", test_truncated);
  g_test_add_func ("/core/vics/truncated-messages", test_truncated_messages);
  g_test_add_func ("/core/vics/invalid-json", test_invalid_json);
  g_test_add_func ("/core/vics/not-vics", test_not_vics);
  g_test_add_func ("/core/vics/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/vics/giant-strings", test_giant_strings);
  g_test_add_func ("/core/vics/many-files", test_many_files);
  g_test_add_func ("/core/vics/buffer-boundary", test_buffer_boundary);
  g_test_add_func ("/core/vics/stop", test_stop);
  g_test_add_func ("/core/vics/cancel", test_cancel);
  g_test_add_func ("/core/vics/memory-flat", test_memory_flat);

  return g_test_run ();
}
