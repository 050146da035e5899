/* io/xml.h - the XML adapter over libxml2's streaming xmlTextReader: one
 * element at a time, never the whole tree.  It adds what every loader
 * needs on top: a size cap on the input, no network and no entity
 * expansion (documents with a DOCTYPE are refused), parse errors captured
 * through the reader's error handler and reported as "NAME:LINE: ...",
 * a stack of open element names (so loaders ask "is my parent <names>?"),
 * matching START/END events even for empty elements (<A/>), and element
 * text gathered into one reusable buffer.
 * Owns: a vet_xml owns its reader and buffers; strings it hands out are
 * borrowed (see each function).
 * Thread-safety: one thread at a time per vet_xml; separate readers may
 * run on separate threads. */
#ifndef VET_IO_XML_H
#define VET_IO_XML_H

#include "core/common.h"

struct vet_xml;

/* Deepest element nesting accepted; deeper documents fail with VET_EPARSE. */
#define VET_XML_MAX_DEPTH 64
/* Longest element text vet_xml_text returns; longer gives VET_ELIMIT. */
#define VET_XML_MAX_TEXT ((size_t)1 << 20)

enum vet_xml_event {
  VET_XML_DONE = 0, /* end of the document */
  VET_XML_START,    /* an element opens: name, attributes and ancestors are available */
  VET_XML_END,      /* an element closes (also sent right after an empty <A/>) */
};

/* Open path for streaming (at most max bytes are read; VET_ELIMIT past
 * that).  The file is read through our own callback, so libxml2 neither
 * opens URLs nor decompresses gzip behind the cap.  VET_EIO when it cannot
 * be opened; VET_ENOMEM.  Free with vet_xml_free. */
/* libxml2's one-time set-up, which is not safe to run on two threads at
 * once: call it on one thread before readers open on several
 * (vet_xml_open_* call it too, for one thread). */
void vet_xml_init(void);
vet_err vet_xml_open_file(const char *path, size_t max, struct vet_xml **out, struct vet_error *e);
/* Stream from memory; data must outlive the reader.  name is used in
 * messages (copied). */
vet_err vet_xml_open_memory(vet_str data, const char *name, struct vet_xml **out, struct vet_error *e);
void vet_xml_free(struct vet_xml *x); /* NULL-safe */

/* Advance to the next element start or end (text, comments and processing
 * instructions between elements are skipped).  Errors: VET_EPARSE for
 * malformed XML ("NAME:LINE: <libxml2 message>"), a DOCTYPE or nesting past
 * VET_XML_MAX_DEPTH; VET_ELIMIT / VET_EIO from the input. */
vet_err vet_xml_next(struct vet_xml *x, enum vet_xml_event *ev, struct vet_error *e);

/* Read the whole document, calling on_start at each element start and
 * on_end at each end (with ud); stops at the first error, theirs or the
 * reader's.  A document without a root element is VET_EPARSE. */
vet_err vet_xml_walk(struct vet_xml *x, vet_err (*on_start)(void *ud), vet_err (*on_end)(void *ud), void *ud,
                     struct vet_error *e);

/* Local name (namespace prefix dropped) of the current element, or of the
 * element k levels up (k = 1: parent); "" above the root.  Static or
 * owned by x, valid until the next vet_xml_next / vet_xml_text call. */
const char *vet_xml_name(const struct vet_xml *x);
const char *vet_xml_ancestor(const struct vet_xml *x, int k);
/* true when the current element is called name and its parent parent
 * (parent NULL: any parent). */
bool vet_xml_is(const struct vet_xml *x, const char *name, const char *parent);
/* Depth of the current element: 0 for the root. */
int vet_xml_depth(const struct vet_xml *x);

/* Value of attribute name (local name) of the current start element, or
 * the empty string.  Borrowed until the next vet_xml_attr / next / text. */
vet_str vet_xml_attr(struct vet_xml *x, const char *name);

/* Text of the current start element and all its descendants, with runs
 * of white space (space, tab, CR, LF) collapsed to one space and both ends
 * trimmed.  The element is consumed: no END event follows
 * for it.  Borrowed until the next vet_xml_text / vet_xml_next.  Errors as
 * vet_xml_next, plus VET_ELIMIT past VET_XML_MAX_TEXT. */
vet_err vet_xml_text(struct vet_xml *x, vet_str *out, struct vet_error *e);

/* Current line in the input (1-based; the parser's position). */
size_t vet_xml_line(const struct vet_xml *x);
/* The name given at open (the file path). */
const char *vet_xml_source(const struct vet_xml *x);

/* vet_fail with "NAME:LINE: " in front of the message. */
vet_err vet_xml_fail(const struct vet_xml *x, struct vet_error *e, vet_err code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
