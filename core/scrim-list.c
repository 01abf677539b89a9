/* scrim-list.c: list formats by name, by content, and the one entry point
 *
 * Detection looks at content only, never at a file name: the first 8 KB
 * as the input hands them out (a UTF-8 BOM dropped, UTF-16 with a BOM
 * already UTF-8). The rules run from the most certain to the least
 * (shared/specs/hash-lists.md §8):
 *
 *  1. the SQLite magic                       → nsrl-rds3
 *  2. archives and EnCase .hash, NUL bytes, control bytes → an error
 *  3. '{' or '[' first                        → vics when odata.metadata or
 *                                              @odata.context appears, else an error
 *  4. "%%%% HASHDEEP" or "%%%% size,"        → hashdeep
 *  5. an NSRL 2.x or 1.5 header, or a quoted NSRL row → nsrl
 *  6. the start of the HashKeeper header      → hashkeeper
 *  7. a ';' header holding ICSE's 12 names    → icse
 *  8. a first line that is a hash type name   → xways
 *  9. md5sum, md5deep -z or BSD lines         → md5sum
 * 10. 64 hex digits and a quality 0..100, "pdq <hex>" or "hash=<hex>,…",
 *     with every hash of the sample 64 digits long → pdq
 * 11. anything else                           → text
 *
 * A bare list of 64-digit hashes is read as SHA-256: it could as well be
 * PDQ, and nothing in it says which. PDQ lists without qualities need
 * `--format pdq`.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-list.h"

#define DETECT_WINDOW  8192
#define DETECT_LINES   64

static const char * const format_names[SCRIM_LIST_N_FORMATS] = {
  [SCRIM_LIST_FORMAT_AUTO] = "auto",
  [SCRIM_LIST_FORMAT_VICS] = "vics",
  [SCRIM_LIST_FORMAT_NSRL] = "nsrl",
  [SCRIM_LIST_FORMAT_HASHDEEP] = "hashdeep",
  [SCRIM_LIST_FORMAT_MD5SUM] = "md5sum",
  [SCRIM_LIST_FORMAT_TEXT] = "text",
  [SCRIM_LIST_FORMAT_ICSE] = "icse",
  [SCRIM_LIST_FORMAT_XWAYS] = "xways",
  [SCRIM_LIST_FORMAT_HASHKEEPER] = "hashkeeper",
  [SCRIM_LIST_FORMAT_PDQ] = "pdq",
  [SCRIM_LIST_FORMAT_NSRL_RDS3] = "nsrl-rds3",
};

/*
** Returns the --format name of format ("auto", "vics", "nsrl", …), or
** NULL for a value outside the enumeration.
*/
const char *
scrim_list_format_to_string (ScrimListFormat format)
{
  if ((guint) format >= SCRIM_LIST_N_FORMATS)
    return NULL;
  return format_names[format];
}

/*
** Sets *format from its --format name (exact, lowercase). Returns FALSE,
** leaving *format alone, for any other string.
*/
gboolean
scrim_list_format_from_string (const char      *str,
                               ScrimListFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < SCRIM_LIST_N_FORMATS; i++)
    if (strcmp (str, format_names[i]) == 0)
      {
        *format = (ScrimListFormat) i;
        return TRUE;
      }
  return FALSE;
}

/*
** Frees the strings of info and resets it to zero (format AUTO). info may
** be NULL.
*/
void
scrim_list_info_clear (ScrimListInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->version, g_free);
  g_clear_pointer (&info->profile, g_free);
  g_clear_pointer (&info->shape, g_free);
  g_clear_pointer (&info->hash_type, g_free);
  info->format = SCRIM_LIST_FORMAT_AUTO;
}

/* ---- detection ---- */

typedef struct
{
  const char *s;
  gsize       len;
} Span;

/* The window being sniffed, cut into lines. */
typedef struct
{
  const char *p;
  const char *end;
  gboolean    complete;   /* the window holds the whole input */
} Lines;

/* The next line (CR stripped); FALSE at the end of the window, or before
 * a last line that the window may have cut. */
static gboolean
next_line (Lines *lines,
           Span  *line)
{
  const char *nl;

  if (lines->p >= lines->end)
    return FALSE;
  nl = memchr (lines->p, '\n', lines->end - lines->p);
  if (nl == NULL && !lines->complete)
    return FALSE;
  line->s = lines->p;
  line->len = (nl ? nl : lines->end) - lines->p;
  lines->p = nl ? nl + 1 : lines->end;
  while (line->len > 0 && g_ascii_isspace (line->s[line->len - 1]))
    line->len--;
  return TRUE;
}

/* The first line that is not blank, trimmed at its end. */
static gboolean
first_line (const char *data,
            gsize       len,
            gboolean    complete,
            Span       *line)
{
  Lines lines = { data, data + len, complete };

  while (next_line (&lines, line))
    if (line->len > 0)
      return TRUE;
  if (lines.p >= lines.end)
    return FALSE;
  /* A first line longer than the window: take what there is. */
  line->s = lines.p;
  line->len = lines.end - lines.p;
  return TRUE;
}

static gboolean
has_prefix (Span        line,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return line.len >= n && g_ascii_strncasecmp (line.s, prefix, n) == 0;
}

static gboolean
equals (Span        line,
        const char *text)
{
  return line.len == strlen (text) && g_ascii_strncasecmp (line.s, text, line.len) == 0;
}

static gsize
hex_run (const char *s,
         gsize       len)
{
  gsize i = 0;

  while (i < len && g_ascii_isxdigit (s[i]))
    i++;
  return i;
}

/* A case-insensitive search in the window. */
static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* ---- the binary and container rules ---- */

static gboolean
has_magic (const char *data,
           gsize       len,
           const char *magic,
           gsize       magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

/* Containers a list may arrive in, each refused with what to do. */
static const char *
container_message (const char *data,
                   gsize       len)
{
  if (has_magic (data, len, "PK\3\4", 4) || has_magic (data, len, "PK\5\6", 4))
    return "is a ZIP archive: extract the list from it first (NSRL RDS 2.x ships NSRLFile.txt zipped)";
  if (has_magic (data, len, "\x1f\x8b", 2))
    return "is gzip-compressed: decompress it first";
  if (has_magic (data, len, "7z\xbc\xaf\x27\x1c", 6))
    return "is a 7-Zip archive: extract the list from it first";
  if (has_magic (data, len, "BZh", 3) && len > 3 && g_ascii_isdigit (data[3]))
    return "is bzip2-compressed: decompress it first";
  if (has_magic (data, len, "HASH\r\n\xff\0", 8))
    return "is an EnCase legacy .hash file, a format Scrim does not read: export the set as text";
  return NULL;
}

/* Text has no NUL and few control bytes; say what else it looks like. */
static gboolean
check_text (ScrimListInput  *input,
            const char      *data,
            gsize            len,
            GError         **error)
{
  const char *what = container_message (data, len);
  gsize controls = 0;
  gsize nuls[2] = { 0, 0 };

  for (gsize i = 0; what == NULL && i < len; i++)
    {
      guint8 c = (guint8) data[i];

      nuls[i & 1] += c == 0;
      controls += (c < 0x20 && !g_ascii_isspace (c)) || c == 0x7f;
    }
  if (what == NULL && len >= 16 && (nuls[0] > len * 3 / 8 || nuls[1] > len * 3 / 8))
    what = "looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with one";
  else if (what == NULL && (nuls[0] + nuls[1] > 0 || controls * 10 > len))
    what = "is binary, not a reference list Scrim reads";
  if (what == NULL)
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, "%s %s", scrim_list_input_get_name (input),
               what);
  return FALSE;
}

/* ---- the header rules ---- */

static const char nsrl2_header[] =
  "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\"";
static const char nsrl15_header[] =
  "\"SHA-1\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"MD4\",\"MD5\",\"CRC32\",\"SpecialCode\"";
/* The fixed start of HashKeeper's header (the rest names dates and
 * comments, which some exporters trim). */
static const char hashkeeper_header[] =
  "\"file_id\",\"hashset_id\",\"file_name\",\"directory\",\"hash\",";

static const char * const icse_names[] = {
  "MD5", "SHA1", "PhotoDNA", "Image ID", "Is distributed", "Victim identified",
  "Offender identified", "Series name", "Number of submissions", "File Available",
  "Media Type", "Baseline",
};

/* A row of NSRL 2.x without its header: "<40 hex>","<32 hex>",… */
static gboolean
is_nsrl_row (Span line)
{
  return line.len > 80 && line.s[0] == '"' && hex_run (line.s + 1, 40) == 40
         && memcmp (line.s + 41, "\",\"", 3) == 0 && hex_run (line.s + 44, 32) == 32
         && line.s[76] == '"';
}

/* One ';'-separated header name, quotes and spaces trimmed. */
static Span
icse_name (const char *s,
           gsize       len)
{
  Span name = { s, len };

  while (name.len > 0 && (g_ascii_isspace (name.s[0]) || name.s[0] == '"'))
    name.s++, name.len--;
  while (name.len > 0 && (g_ascii_isspace (name.s[name.len - 1]) || name.s[name.len - 1] == '"'))
    name.len--;
  return name;
}

/* Every one of ICSE's 12 column names, in any case and order. */
static gboolean
is_icse_header (Span line)
{
  guint found = 0;
  const char *p = line.s;
  const char *end = line.s + line.len;

  while (p <= end)
    {
      const char *semi = memchr (p, ';', end - p);
      Span name = icse_name (p, (semi ? semi : end) - p);

      for (guint i = 0; i < G_N_ELEMENTS (icse_names); i++)
        if (equals (name, icse_names[i]))
          found |= 1u << i;
      if (semi == NULL)
        break;
      p = semi + 1;
    }
  return found == (1u << G_N_ELEMENTS (icse_names)) - 1;
}

/* X-Ways names its hash type alone on the first line. Types it knows
 * that Scrim does not read are recognised too, so the reader can refuse
 * them by name. */
static gboolean
is_hash_type_name (Span line)
{
  static const char * const names[] = {
    "MD5", "SHA-1", "SHA1", "SHA-256", "SHA256", "SHA-512", "SHA512", "RIPEMD-160",
    "Tiger", "ED2K", "MD4", "CRC32", "PhotoDNA",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (equals (line, names[i]))
      return TRUE;
  return FALSE;
}

static ScrimListFormat
detect_header (Span line)
{
  if (has_prefix (line, "%%%% HASHDEEP") || has_prefix (line, "%%%% size,"))
    return SCRIM_LIST_FORMAT_HASHDEEP;
  if (equals (line, nsrl2_header) || equals (line, nsrl15_header) || is_nsrl_row (line))
    return SCRIM_LIST_FORMAT_NSRL;
  if (has_prefix (line, hashkeeper_header))
    return SCRIM_LIST_FORMAT_HASHKEEPER;
  if (is_icse_header (line))
    return SCRIM_LIST_FORMAT_ICSE;
  if (is_hash_type_name (line))
    return SCRIM_LIST_FORMAT_XWAYS;
  return SCRIM_LIST_FORMAT_AUTO;
}

/* ---- the line rules ---- */

typedef enum
{
  KIND_OTHER,
  KIND_MD5SUM,      /* md5sum, md5deep -z or BSD */
  KIND_PDQ,         /* a PDQ line no SHA-256 list would write */
  KIND_HASH64,      /* 64 hex digits, nothing that says PDQ */
  KIND_HASH,        /* a hash of another length */
} LineKind;

static gboolean
is_hash_length (gsize n)
{
  return n == 32 || n == 40 || n == 64 || n == 128;
}

/* "MD5 (name) = hex", "SHA256(name)= hex" */
static gboolean
is_bsd_line (Span line)
{
  gsize i = 0;
  const char *eq;
  Span hash;

  while (i < line.len && i < 12 && (g_ascii_isalnum (line.s[i]) || line.s[i] == '-'))
    i++;
  if (i < 3 || (!has_prefix (line, "SHA") && !has_prefix (line, "MD5")))
    return FALSE;
  i += i < line.len && line.s[i] == ' ';
  eq = memrchr (line.s, '=', line.len);
  if (i >= line.len || line.s[i] != '(' || eq == NULL)
    return FALSE;
  hash.s = eq + 1;
  hash.len = line.s + line.len - hash.s;
  while (hash.len > 0 && hash.s[0] == ' ')
    hash.s++, hash.len--;
  return is_hash_length (hash.len) && hex_run (hash.s, hash.len) == hash.len;
}

/* "<hex>  name", "<hex> *name", with or without md5deep -z's size. */
static gboolean
is_md5sum_line (Span line)
{
  gsize h;

  if (line.len > 11 && line.s[10] == ' ' && g_ascii_isdigit (line.s[9]))
    {
      line.s += 11;
      line.len -= 11;
    }
  h = hex_run (line.s, line.len);
  return is_hash_length (h) && line.len > h + 2 && line.s[h] == ' '
         && (line.s[h + 1] == ' ' || line.s[h + 1] == '*');
}

/* After a 64-digit hash: a separator and a whole number 0..100. */
static gboolean
is_quality (const char *s,
            const char *end,
            gboolean   *too_big)
{
  guint value = 0;
  gsize digits = 0;

  if (s >= end || (*s != ',' && *s != '\t' && *s != ' '))
    return FALSE;
  for (s++; s < end && *s == ' '; s++)
    ;
  for (; s < end && g_ascii_isdigit (*s) && digits < 4; s++, digits++)
    value = value * 10 + (*s - '0');
  if (digits == 0 || (s < end && *s != ',' && *s != '\t' && *s != ' '))
    return FALSE;
  *too_big = value > 100;
  return !*too_big;
}

static LineKind
classify_pdq (Span line)
{
  const char *end = line.s + line.len;
  gsize h = hex_run (line.s, line.len);
  gboolean too_big = FALSE;

  if (h != 64)
    return h > 0 && is_hash_length (h) ? KIND_HASH : KIND_OTHER;
  if (h == line.len)
    return KIND_HASH64;
  if (is_quality (line.s + 64, end, &too_big))
    return KIND_PDQ;
  return too_big ? KIND_HASH : KIND_HASH64;
}

static LineKind
classify (Span line)
{
  if (is_bsd_line (line) || is_md5sum_line (line))
    return KIND_MD5SUM;
  if ((has_prefix (line, "pdq ") || has_prefix (line, "pdq\t")) && line.len >= 68
      && hex_run (line.s + 4, line.len - 4) == 64)
    return KIND_PDQ;
  if (has_prefix (line, "hash=") && hex_run (line.s + 5, line.len - 5) == 64)
    return KIND_PDQ;
  return classify_pdq (line);
}

/* md5sum when some line is one and none says PDQ; PDQ when some line
 * gives a quality and every hash is 64 digits; otherwise text. */
static ScrimListFormat
detect_lines (const char *data,
              gsize       len,
              gboolean    complete)
{
  Lines lines = { data, data + len, complete };
  guint counts[KIND_HASH + 1] = { 0 };
  Span line;

  for (guint n = 0; n < DETECT_LINES && next_line (&lines, &line); n++)
    if (line.len > 0 && line.s[0] != '#')
      counts[classify (line)]++;
  if (counts[KIND_MD5SUM] > 0 && counts[KIND_PDQ] == 0)
    return SCRIM_LIST_FORMAT_MD5SUM;
  if (counts[KIND_PDQ] > 0 && counts[KIND_MD5SUM] == 0 && counts[KIND_HASH] == 0)
    return SCRIM_LIST_FORMAT_PDQ;
  return SCRIM_LIST_FORMAT_TEXT;
}

static ScrimListFormat
detect_json (ScrimListInput  *input,
             const char      *data,
             gsize            len,
             GError         **error)
{
  if (contains (data, len, "odata.metadata") || contains (data, len, "@odata.context"))
    return SCRIM_LIST_FORMAT_VICS;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
               _("%s is JSON but not VICS (no odata.metadata or @odata.context in its first %d KB)"),
               scrim_list_input_get_name (input), DETECT_WINDOW / 1024);
  return SCRIM_LIST_FORMAT_AUTO;
}

/*
** Returns the format of input, judged from its first 8 KB (peeked, so the
** input is still at its start afterwards); see the top of this file for
** the rules. An empty input is TEXT (a list of nothing). Returns
** SCRIM_LIST_FORMAT_AUTO with error set (SCRIM_ERROR_INVALID) for binary
** data, archives, and JSON that is not VICS, or on a read error
** (SCRIM_ERROR_IO).
*/
ScrimListFormat
scrim_list_detect (ScrimListInput  *input,
                   GError         **error)
{
  const guint8 *bytes;
  const char *data;
  gssize n;
  gsize skip = 0;
  ScrimListFormat format;
  Span line;

  g_return_val_if_fail (input != NULL, SCRIM_LIST_FORMAT_AUTO);

  n = scrim_list_input_peek (input, &bytes, DETECT_WINDOW, error);
  if (n < 0)
    return SCRIM_LIST_FORMAT_AUTO;
  data = (const char *) bytes;
  if (has_magic (data, n, "SQLite format 3", 16))
    return SCRIM_LIST_FORMAT_NSRL_RDS3;
  if (!check_text (input, data, n, error))
    return SCRIM_LIST_FORMAT_AUTO;
  while (skip < (gsize) n && g_ascii_isspace (data[skip]))
    skip++;
  if (skip < (gsize) n && (data[skip] == '{' || data[skip] == '['))
    return detect_json (input, data, n, error);
  if (!first_line (data, n, n < DETECT_WINDOW, &line))
    return SCRIM_LIST_FORMAT_TEXT;
  format = detect_header (line);
  if (format != SCRIM_LIST_FORMAT_AUTO)
    return format;
  return detect_lines (data, n, n < DETECT_WINDOW);
}

/*
** Reads the list in input as format (AUTO: as scrim_list_detect() finds),
** calling record_func for every record and problem_func (may be NULL) for
** every malformed one; info (may be NULL) learns the format read, its
** version and the rest. Dispatches to scrim_list_read_vics() or
** scrim_list_read_lines(), whose contract this is.
**
** Returns FALSE with error set when detection fails, for NSRL_RDS3 (an
** RDSv3 database is imported by the library, never streamed), and as the
** reader says.
*/
gboolean
scrim_list_read (ScrimListInput      *input,
                 ScrimListFormat      format,
                 ScrimListInfo       *info,
                 ScrimListRecordFunc  record_func,
                 ScrimListProblemFunc problem_func,
                 gpointer             user_data,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (record_func != NULL, FALSE);
  g_return_val_if_fail ((guint) format < SCRIM_LIST_N_FORMATS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == SCRIM_LIST_FORMAT_AUTO)
    format = scrim_list_detect (input, error);
  if (info != NULL && format != SCRIM_LIST_FORMAT_AUTO)
    info->format = format;
  switch (format)
    {
    case SCRIM_LIST_FORMAT_AUTO:
      return FALSE;
    case SCRIM_LIST_FORMAT_VICS:
      return scrim_list_read_vics (input, info, record_func, problem_func, user_data, cancellable,
                                   error);
    case SCRIM_LIST_FORMAT_NSRL_RDS3:
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("%s: an RDSv3 database is imported by the library, not read as a stream"),
                   scrim_list_input_get_name (input));
      return FALSE;
    default:
      return scrim_list_read_lines (input, format, info, record_func, problem_func, user_data,
                                    cancellable, error);
    }
}
