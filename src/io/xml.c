/* io/xml.c - streaming XML adapter over libxml2's xmlTextReader: size cap,
 * no network, no entities, errors with line numbers, an element-name stack
 * and reusable text buffers.  See io/xml.h for the contract. */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "io/xml.h"

/* Element names longer than this never match a loader's names; they are
 * stored as LONG_NAME. */
#define NAME_CAP 48
#define LONG_NAME "\x7f"

/* NONET: never fetch anything.  No NOENT (entities stay unexpanded), no
 * DTDLOAD, no HUGE (libxml2 keeps its own size and amplification limits).
 * BIG_LINES: line numbers past 65535 stay right. */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT)

struct vet_xml {
  xmlTextReaderPtr r;
  char *name;           /* source name for messages */
  FILE *f;              /* file input, or NULL for memory */
  size_t nread, max;    /* bytes read so far and the cap (file input) */
  bool io_error;        /* the read callback failed (errno in io_errno) */
  int io_errno;
  bool too_big;         /* the read callback passed max */
  bool have_error;      /* the error handler caught an error */
  int err_line, err_code;
  int err_open;         /* elements the parser had open at the error */
  char err_elem[NAME_CAP]; /* the innermost of them */
  bool err_at_end;      /* the error came at the end of the input */
  char err_msg[200];    /* first libxml2 error, newline stripped */
  vet_err rc;           /* sticky failure: once set every call returns it */
  int depth;            /* index of the current element in stack; -1 above the root */
  bool pending_end;     /* an empty element was started: its END is next */
  bool pop_next;        /* an END was reported: pop before reading on */
  char stack[VET_XML_MAX_DEPTH][NAME_CAP];
  struct vet_buf text;  /* vet_xml_text result */
  struct vet_buf attr;  /* vet_xml_attr result */
};

/* ---- errors ---- */

/* true when nothing but white space is left in the parser's input. */
static bool at_end(const xmlParserCtxt *ctxt)
{
  if (!ctxt->input || !ctxt->input->cur || !ctxt->input->end)
    return false;
  for (const xmlChar *p = ctxt->input->cur; p < ctxt->input->end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
      return false;
  return true;
}

#if LIBXML_VERSION >= 21200
static void on_error(void *ud, const xmlError *err)
#else
static void on_error(void *ud, xmlErrorPtr err)
#endif
{
  struct vet_xml *x = ud;
  if (!err || err->level < XML_ERR_ERROR || x->have_error)
    return; /* warnings do not fail a load; the first error is the one to report */
  x->have_error = true;
  x->err_line = err->line;
  x->err_code = err->code;
  if (err->domain == XML_FROM_PARSER && err->ctxt) {
    const xmlParserCtxt *ctxt = err->ctxt;
    x->err_open = ctxt->nameNr;
    x->err_at_end = at_end(ctxt);
    const char *nm = ctxt->name ? (const char *)ctxt->name : "";
    size_t len = strlen(nm);
    if (len >= NAME_CAP)
      len = 0;
    memcpy(x->err_elem, nm, len);
    x->err_elem[len] = 0;
  }
  const char *m = err->message ? err->message : "malformed XML";
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
    n--;
  if (n >= sizeof x->err_msg)
    n = sizeof x->err_msg - 1;
  for (size_t i = 0; i < n; i++) /* libxml2 messages start with a capital; keep the text, drop controls */
    x->err_msg[i] = ((unsigned char)m[i] < 0x20) ? ' ' : m[i];
  x->err_msg[n] = 0;
  if (n && m[0] >= 'A' && m[0] <= 'Z' && !(n > 1 && m[1] >= 'A' && m[1] <= 'Z'))
    x->err_msg[0] = (char)vet_lower(m[0]);
}

size_t vet_xml_line(const struct vet_xml *x)
{
  int l = x->r ? xmlTextReaderGetParserLineNumber(x->r) : 0;
  return l > 0 ? (size_t)l : 0;
}

const char *vet_xml_source(const struct vet_xml *x) { return x->name; }

vet_err vet_xml_fail(const struct vet_xml *x, struct vet_error *e, vet_err code, const char *fmt, ...)
{
  if (!e)
    return code;
  char msg[sizeof e->msg];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return vet_fail(e, code, "%s:%zu: %s", x->name, vet_xml_line(x), msg);
}

/* The reader reports a truncated document as "extra content at the end of
 * the document" or as whatever construct the cut fell into; say what
 * happened instead.  An error with elements still open and the parser at
 * the end of its input means the input stopped early: the push parser only
 * gives up for lack of data once the last chunk is in. */
static const char *error_text(struct vet_xml *x)
{
  bool doc_end = x->err_code == XML_ERR_DOCUMENT_END || x->err_code == XML_ERR_DOCUMENT_EMPTY;
  if (doc_end && (x->max == 0 || (x->f && x->nread == 0)))
    return "document is empty";
  if (doc_end && x->err_open == 0 && x->err_at_end)
    return "document has no root element";
  if (x->err_open > 0 && x->err_at_end) {
    char msg[sizeof x->err_msg];
    memcpy(msg, x->err_msg, sizeof msg);
    if (doc_end)
      snprintf(x->err_msg, sizeof x->err_msg, "document ends inside <%s> (truncated file?)", x->err_elem);
    else
      snprintf(x->err_msg, sizeof x->err_msg, "%.100s at the end of the input, inside <%.40s> (truncated file?)", msg,
               x->err_elem);
  }
  return x->err_msg;
}

/* Turn the state after one xmlTextReaderRead (rc) into a vet_err. */
static vet_err check(struct vet_xml *x, int rc, struct vet_error *e)
{
  if (x->too_big)
    x->rc = vet_fail(e, VET_ELIMIT, "%s: larger than %zu bytes", x->name, x->max);
  else if (x->io_error)
    x->rc = vet_fail(e, VET_EIO, "%s: read failed: %s", x->name, strerror(x->io_errno));
  else if (x->have_error)
    x->rc = vet_fail(e, VET_EPARSE, "%s:%d: %s", x->name,
                     x->err_line > 0 ? x->err_line : (int)vet_xml_line(x), error_text(x));
  else if (rc < 0)
    x->rc = vet_xml_fail(x, e, VET_EPARSE, "malformed XML");
  return x->rc;
}

/* ---- opening ---- */

static int read_cb(void *ctx, char *buf, int len)
{
  struct vet_xml *x = ctx;
  if (len <= 0)
    return 0;
  size_t n = fread(buf, 1, (size_t)len, x->f);
  if (n == 0 && ferror(x->f)) {
    x->io_error = true;
    x->io_errno = errno;
    return -1;
  }
  x->nread += n;
  if (x->nread > x->max) {
    x->too_big = true;
    return -1;
  }
  return (int)n;
}

static int close_cb(void *ctx)
{
  (void)ctx; /* vet_xml_free closes the file */
  return 0;
}

static struct vet_xml *alloc_reader(const char *name)
{
  struct vet_xml *x = calloc(1, sizeof *x);
  if (!x)
    return NULL;
  size_t n = strlen(name);
  x->name = malloc(n + 1);
  if (!x->name) {
    free(x);
    return NULL;
  }
  memcpy(x->name, name, n + 1);
  x->depth = -1;
  vet_buf_init(&x->text, VET_XML_MAX_TEXT);
  vet_buf_init(&x->attr, VET_XML_MAX_TEXT);
  return x;
}

static void attach(struct vet_xml *x)
{
  xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
}

void vet_xml_init(void) { xmlInitParser(); }

vet_err vet_xml_open_file(const char *path, size_t max, struct vet_xml **out, struct vet_error *e)
{
  *out = NULL;
  xmlInitParser();
  FILE *f = fopen(path, "rb");
  if (!f)
    return vet_fail(e, VET_EIO, "%s: cannot open: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    return vet_fail(e, VET_EIO, "%s: is a directory", path);
  }
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max) {
    fclose(f);
    return vet_fail(e, VET_ELIMIT, "%s: larger than %zu bytes", path, max);
  }
  struct vet_xml *x = alloc_reader(path);
  if (!x) {
    fclose(f);
    return vet_fail(e, VET_ENOMEM, "%s: out of memory", path);
  }
  x->f = f;
  x->max = max;
  x->r = xmlReaderForIO(read_cb, close_cb, x, path, NULL, READER_OPTIONS);
  if (!x->r) {
    vet_xml_free(x);
    return vet_fail(e, VET_ENOMEM, "%s: cannot create XML reader", path);
  }
  attach(x);
  *out = x;
  return VET_OK;
}

vet_err vet_xml_open_memory(vet_str data, const char *name, struct vet_xml **out, struct vet_error *e)
{
  *out = NULL;
  xmlInitParser();
  if (data.len > (size_t)INT_MAX)
    return vet_fail(e, VET_ELIMIT, "%s: larger than %d bytes", name, INT_MAX);
  struct vet_xml *x = alloc_reader(name);
  if (!x)
    return vet_fail(e, VET_ENOMEM, "%s: out of memory", name);
  x->max = data.len;
  x->r = xmlReaderForMemory(data.ptr ? data.ptr : "", (int)data.len, name, NULL, READER_OPTIONS);
  if (!x->r) {
    vet_xml_free(x);
    return vet_fail(e, VET_ENOMEM, "%s: cannot create XML reader", name);
  }
  attach(x);
  *out = x;
  return VET_OK;
}

void vet_xml_free(struct vet_xml *x)
{
  if (!x)
    return;
  if (x->r)
    xmlFreeTextReader(x->r);
  if (x->f)
    fclose(x->f);
  vet_buf_release(&x->text);
  vet_buf_release(&x->attr);
  free(x->name);
  free(x);
}

/* ---- walking ---- */

static vet_err push(struct vet_xml *x, struct vet_error *e)
{
  if (x->depth + 1 >= VET_XML_MAX_DEPTH)
    return x->rc = vet_xml_fail(x, e, VET_EPARSE, "elements nested deeper than %d", VET_XML_MAX_DEPTH);
  x->depth++;
  const char *n = (const char *)xmlTextReaderConstLocalName(x->r);
  size_t len = n ? strlen(n) : 0;
  char *slot = x->stack[x->depth];
  if (len >= NAME_CAP) {
    memcpy(slot, LONG_NAME, sizeof LONG_NAME);
  } else {
    if (len)
      memcpy(slot, n, len);
    slot[len] = 0;
  }
  return VET_OK;
}

/* Read one node; VET_OK with *type 0 at the end of the document. */
static vet_err read_node(struct vet_xml *x, int *type, struct vet_error *e)
{
  int rc = xmlTextReaderRead(x->r);
  if (check(x, rc, e))
    return x->rc;
  *type = rc == 0 ? 0 : xmlTextReaderNodeType(x->r);
  if (*type == XML_READER_TYPE_DOCUMENT_TYPE)
    return x->rc = vet_xml_fail(x, e, VET_EPARSE, "document type declarations are not accepted");
  if (*type == XML_READER_TYPE_ENTITY_REFERENCE)
    return x->rc = vet_xml_fail(x, e, VET_EPARSE, "entity references are not accepted");
  return VET_OK;
}

vet_err vet_xml_next(struct vet_xml *x, enum vet_xml_event *ev, struct vet_error *e)
{
  *ev = VET_XML_DONE;
  if (x->rc)
    return x->rc;
  if (x->pop_next) {
    x->pop_next = false;
    x->depth--;
  }
  if (x->pending_end) {
    x->pending_end = false;
    x->pop_next = true;
    *ev = VET_XML_END;
    return VET_OK;
  }
  for (;;) {
    int type;
    if (read_node(x, &type, e))
      return x->rc;
    switch (type) {
    case 0:
      return VET_OK;
    case XML_READER_TYPE_ELEMENT:
      if (push(x, e))
        return x->rc;
      x->pending_end = xmlTextReaderIsEmptyElement(x->r) == 1;
      *ev = VET_XML_START;
      return VET_OK;
    case XML_READER_TYPE_END_ELEMENT:
      if (x->depth < 0)
        return x->rc = vet_xml_fail(x, e, VET_EPARSE, "unbalanced end tag");
      x->pop_next = true;
      *ev = VET_XML_END;
      return VET_OK;
    default:
      break; /* text between elements, comments, processing instructions */
    }
  }
}

/* Collapse runs of white space to one space and trim both ends, in place:
 * the lists hard-wrap long comments and pad names ("KPe.023 "). */
static vet_str squash(struct vet_buf *b)
{
  size_t w = 0;
  bool space = false;
  for (size_t i = 0; i < b->len; i++) {
    char c = b->ptr[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = w > 0;
      continue;
    }
    if (space)
      b->ptr[w++] = ' ';
    space = false;
    b->ptr[w++] = c;
  }
  if (b->ptr)
    b->ptr[w] = 0;
  b->len = w;
  return w ? vet_buf_str(b) : VET_LIT("");
}

vet_err vet_xml_text(struct vet_xml *x, vet_str *out, struct vet_error *e)
{
  *out = VET_LIT("");
  if (x->rc)
    return x->rc;
  vet_buf_reset(&x->text);
  if (x->pending_end) { /* <A/> */
    x->pending_end = false;
    x->pop_next = true;
    return VET_OK;
  }
  if (x->pop_next) /* not on a start element: nothing to read */
    return VET_OK;
  int start = x->depth;
  for (;;) {
    int type;
    if (read_node(x, &type, e))
      return x->rc;
    switch (type) {
    case 0:
      return x->rc = vet_xml_fail(x, e, VET_EPARSE, "document ends inside <%s>", vet_xml_name(x));
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
      const char *v = (const char *)xmlTextReaderConstValue(x->r);
      vet_err rc = v ? vet_buf_append_c(&x->text, v) : VET_OK;
      if (rc == VET_ENOMEM)
        return x->rc = vet_xml_fail(x, e, VET_ENOMEM, "out of memory reading <%s>", x->stack[start]);
      if (rc)
        return x->rc = vet_xml_fail(x, e, VET_ELIMIT, "text of <%s> longer than %zu bytes", x->stack[start],
                                    VET_XML_MAX_TEXT);
      break;
    }
    case XML_READER_TYPE_ELEMENT:
      if (push(x, e))
        return x->rc;
      if (xmlTextReaderIsEmptyElement(x->r) == 1)
        x->depth--;
      break;
    case XML_READER_TYPE_END_ELEMENT:
      if (x->depth == start) {
        x->pop_next = true;
        *out = squash(&x->text);
        return VET_OK;
      }
      x->depth--;
      break;
    default:
      break;
    }
  }
}

vet_str vet_xml_attr(struct vet_xml *x, const char *name)
{
  vet_buf_reset(&x->attr);
  if (x->rc || !x->r || xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT)
    return VET_LIT("");
  vet_str v = VET_LIT("");
  if (xmlTextReaderMoveToFirstAttribute(x->r) == 1) {
    do {
      const char *an = (const char *)xmlTextReaderConstLocalName(x->r);
      if (an && strcmp(an, name) == 0) {
        const char *av = (const char *)xmlTextReaderConstValue(x->r);
        if (av && vet_buf_append_c(&x->attr, av) == VET_OK)
          v = vet_buf_str(&x->attr);
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
  }
  return v;
}

/* ---- where we are ---- */

const char *vet_xml_ancestor(const struct vet_xml *x, int k)
{
  int i = x->depth - k;
  if (k < 0 || i < 0 || i > x->depth)
    return "";
  return x->stack[i];
}

const char *vet_xml_name(const struct vet_xml *x) { return vet_xml_ancestor(x, 0); }

int vet_xml_depth(const struct vet_xml *x) { return x->depth; }

bool vet_xml_is(const struct vet_xml *x, const char *name, const char *parent)
{
  if (strcmp(vet_xml_name(x), name) != 0)
    return false;
  return !parent || strcmp(vet_xml_ancestor(x, 1), parent) == 0;
}

vet_err vet_xml_walk(struct vet_xml *x, vet_err (*on_start)(void *ud), vet_err (*on_end)(void *ud), void *ud,
                     struct vet_error *e)
{
  bool root = false;
  for (;;) {
    enum vet_xml_event ev;
    vet_err rc = vet_xml_next(x, &ev, e);
    if (rc)
      return rc;
    if (ev == VET_XML_DONE)
      break;
    root = true;
    rc = ev == VET_XML_START ? on_start(ud) : on_end(ud);
    if (rc)
      return rc;
  }
  if (!root)
    return vet_fail(e, VET_EPARSE, "%s: no root element", vet_xml_source(x));
  return VET_OK;
}
