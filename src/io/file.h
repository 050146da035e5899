/* io/file.h - whole-file reads with a size cap, and atomic writes.
 * Owns: the buffer it returns (caller frees with free()).
 * Thread-safety: safe from any thread. */
#ifndef VET_IO_FILE_H
#define VET_IO_FILE_H

#include "core/common.h"

/* Read all of path ("-" is stdin) into a malloc'd, NUL-terminated buffer.
 * VET_EIO when it cannot be read, VET_ELIMIT past max bytes. */
vet_err vet_file_read(const char *path, size_t max, char **out, size_t *len, struct vet_error *e);
/* Write the n_parts parts one after the other to path, through a new file
 * beside it renamed over path, so that a reader sees the old file or the
 * whole new one, never a part; on failure path is as it was.  VET_EIO
 * names the file. */
vet_err vet_file_write_atomic(const char *path, const vet_str *parts, size_t n_parts, struct vet_error *e);
/* Append to out a line per file at path (a file, or every file under a
 * directory, in name order): its path, size and modification time to the
 * nanosecond, or that it is missing; what a compiled file built from them
 * records to tell whether they changed since.  VET_ENOMEM/VET_ELIMIT only. */
vet_err vet_path_stamp(struct vet_buf *out, const char *path);
/* true when path exists and is a directory / a regular file */
bool vet_path_is_dir(const char *path);
bool vet_path_is_file(const char *path);
/* snprintf into a path buffer; VET_ELIMIT when it does not fit. */
vet_err vet_path_fmt(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* dir + "/" + name into buf (cap bytes); VET_ELIMIT when it does not fit. */
vet_err vet_path_join(char *buf, size_t cap, const char *dir, const char *name);

#endif
