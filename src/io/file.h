/* io/file.h - whole-file reads with a size cap, and atomic writes.
 * Owns: the buffer it returns (caller frees with free()).
 * Thread-safety: safe from any thread. */
#ifndef VET_IO_FILE_H
#define VET_IO_FILE_H

#include "core/common.h"

/* Read all of path ("-" is stdin) into a malloc'd, NUL-terminated buffer.
 * VET_EIO when it cannot be read, VET_ELIMIT past max bytes. */
vet_err vet_file_read(const char *path, size_t max, char **out, size_t *len, struct vet_error *e);
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
