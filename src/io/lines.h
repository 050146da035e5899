/* io/lines.h - reading a text stream line by line with line numbers and a
 * hard line-length cap (JSON lines input of the batch commands).
 * Owns: its line buffer.
 * Thread-safety: one thread at a time per reader. */
#ifndef VET_IO_LINES_H
#define VET_IO_LINES_H

#include <stdio.h>

#include "core/common.h"

struct vet_lines {
  FILE *f;
  bool own;        /* close f on release */
  const char *name;
  size_t lineno;   /* of the line last returned */
  size_t max;      /* longest line accepted */
  char *buf;
  size_t cap;
};

/* path "-" reads stdin.  VET_EIO when the file cannot be opened. */
vet_err vet_lines_open(struct vet_lines *r, const char *path, size_t max_line, struct vet_error *e);
/* Next line without its "\n" / "\r\n".  VET_OK with *line set; VET_ENOTFOUND
 * at the end; VET_ELIMIT for an over-long line (which is skipped whole, so
 * the caller can report it and go on); VET_EIO on a read error. */
vet_err vet_lines_next(struct vet_lines *r, vet_str *line, struct vet_error *e);
void vet_lines_close(struct vet_lines *r);

#endif
