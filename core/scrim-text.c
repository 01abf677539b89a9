/* scrim-text.c
 *
 * File names and EXIF strings from a seized device are bytes, not text: they
 * may hold tabs, newlines, control bytes and sequences that are not UTF-8.
 * Every format Scrim writes keeps them exact and unambiguous:
 *
 * - TSV: backslash, tab, CR and LF as \\ \t \r \n; every byte that is not
 *   part of valid UTF-8, and every other control byte, as \xNN. This is the
 *   escaping of shared/corpus-dev/EXPECTED.tsv.
 * - JSON: valid UTF-8 with JSON's own escapes; each byte that is not part of
 *   valid UTF-8 as the lone surrogate \udcNN (the "surrogateescape"
 *   convention: Python's json.loads(...).encode("utf-8", "surrogateescape")
 *   gives the original bytes back).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-text.h"

typedef void (*EscapeFunc) (GString *out, guint8 byte, gboolean invalid);

static void
escape_tsv_byte (GString  *out,
                 guint8    byte,
                 gboolean  invalid)
{
  switch (byte)
    {
    case '\\': g_string_append (out, "\\\\"); return;
    case '\t': g_string_append (out, "\\t"); return;
    case '\r': g_string_append (out, "\\r"); return;
    case '\n': g_string_append (out, "\\n"); return;
    default:
      break;
    }
  if (invalid || byte < 0x20 || byte == 0x7f)
    g_string_append_printf (out, "\\x%02x", byte);
  else
    g_string_append_c (out, (char) byte);
}

static void
escape_json_byte (GString  *out,
                  guint8    byte,
                  gboolean  invalid)
{
  if (invalid)
    {
      g_string_append_printf (out, "\\udc%02x", byte);
      return;
    }
  switch (byte)
    {
    case '\\': g_string_append (out, "\\\\"); return;
    case '"': g_string_append (out, "\\\""); return;
    case '\t': g_string_append (out, "\\t"); return;
    case '\r': g_string_append (out, "\\r"); return;
    case '\n': g_string_append (out, "\\n"); return;
    default:
      break;
    }
  if (byte < 0x20 || byte == 0x7f)
    g_string_append_printf (out, "\\u%04x", byte);
  else
    g_string_append_c (out, (char) byte);
}

/* Walks bytes, handing every byte of a valid UTF-8 sequence to escape()
 * with invalid=FALSE and every other byte with invalid=TRUE. */
static void
append_escaped (GString    *out,
                const char *bytes,
                gssize      len,
                EscapeFunc  escape)
{
  const char *p = bytes;
  const char *end;

  if (bytes == NULL)
    return;
  end = bytes + (len < 0 ? (gssize) strlen (bytes) : len);

  while (p < end)
    {
      const char *valid_end = NULL;

      g_utf8_validate_len (p, end - p, &valid_end);
      for (; p < valid_end; p++)
        escape (out, (guint8) *p, FALSE);
      if (p < end)
        {
          /* A NUL is valid UTF-8 but stops g_utf8_validate_len. */
          escape (out, (guint8) *p, *p != '\0');
          p++;
        }
    }
}

/*
** Appends len bytes (or up to the NUL when len < 0) escaped for a TSV field.
** A NULL bytes appends nothing.
*/
void
scrim_text_append_tsv (GString    *out,
                       const char *bytes,
                       gssize      len)
{
  g_return_if_fail (out != NULL);
  append_escaped (out, bytes, len, escape_tsv_byte);
}

/*
** Appends len bytes as one JSON string, quotes included. A NULL bytes
** appends the JSON literal null.
*/
void
scrim_text_append_json (GString    *out,
                        const char *bytes,
                        gssize      len)
{
  g_return_if_fail (out != NULL);

  if (bytes == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  append_escaped (out, bytes, len, escape_json_byte);
  g_string_append_c (out, '"');
}

/*
** Returns the TSV escaping of len bytes (newly allocated).
*/
char *
scrim_text_escape_tsv (const char *bytes,
                       gssize      len)
{
  GString *out = g_string_new (NULL);

  scrim_text_append_tsv (out, bytes, len);
  return g_string_free (out, FALSE);
}

/*
** Returns bytes as text fit for a message or a terminal: the TSV escaping,
** so a hostile file name cannot move the cursor or forge a line.
*/
char *
scrim_text_display (const char *bytes,
                    gssize      len)
{
  return scrim_text_escape_tsv (bytes, len);
}

/*
** Appends value with the given decimals, always with a '.' (never the
** locale's comma), trailing zeros kept so columns stay aligned.
*/
void
scrim_text_append_double (GString *out,
                          double   value,
                          int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  g_string_append (out, buf);
}

/*
** Returns the current time as ISO 8601 in UTC with microseconds, e.g.
** "2026-11-22T16:07:44.123456Z" (newly allocated).
*/
char *
scrim_text_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}
