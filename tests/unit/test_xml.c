/* test_xml.c - the streaming XML adapter (io/xml.c): events and the name
 * stack, element text, attributes, limits, and errors with line numbers. */
#include <unistd.h>

#include "io/xml.h"
#include "testutil.h"

static struct vet_xml *open_mem(const char *xml)
{
  struct vet_xml *x;
  struct vet_error e = {0};
  if (vet_xml_open_memory(vet_str_c(xml), "mem", &x, &e))
    fail_msg("open: %s", e.msg);
  return x;
}

/* Walk the whole document; the trace is "+name" / "-name" per event, with
 * text read (and shown as name=text) for the elements named in text_of. */
static vet_err walk(const char *xml, const char *text_of, char *trace, size_t cap, struct vet_error *e)
{
  struct vet_xml *x = open_mem(xml);
  size_t used = 0;
  trace[0] = 0;
  vet_err rc;
  for (;;) {
    enum vet_xml_event ev;
    rc = vet_xml_next(x, &ev, e);
    if (rc || ev == VET_XML_DONE)
      break;
    const char *n = vet_xml_name(x);
    int w;
    if (ev == VET_XML_START && text_of && strstr(text_of, n)) {
      vet_str t;
      if ((rc = vet_xml_text(x, &t, e)))
        break;
      w = snprintf(trace + used, cap - used, "%s=%.*s ", n, (int)t.len, t.ptr);
    } else {
      w = snprintf(trace + used, cap - used, "%c%s ", ev == VET_XML_START ? '+' : '-', n);
    }
    if (w > 0 && (size_t)w < cap - used)
      used += (size_t)w;
  }
  vet_xml_free(x);
  return rc;
}

static void test_events(void **state)
{
  (void)state;
  static const struct {
    const char *xml, *text_of, *want;
  } cases[] = {
      {"<a><b/><c>x</c></a>", NULL, "+a +b -b +c -c -a "},
      {"<a><b/><c>x</c></a>", "c", "+a +b -b c=x -a "},
      {"<a><b/></a>", "b", "+a b= -a "}, /* text of an empty element */
      {"<?xml version='1.0'?><!-- c --><a>t<?pi x?><b>u</b></a>", "a", "a=tu "}, /* descendants' text */
      {"<a><t>  one\n\t two  <![CDATA[<three>]]> &amp; &#x41;  </t></a>", "t", "+a t=one two <three> & A -a "},
      {"<p:a xmlns:p='urn:x'><p:b/></p:a>", NULL, "+a +b -b -a "}, /* local names */
      {"<a>\n  <b>\n  </b>\n</a>", "b", "+a b= -a "},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char trace[256];
    struct vet_error e = {0};
    vet_err rc = walk(cases[i].xml, cases[i].text_of, trace, sizeof trace, &e);
    if (rc)
      fail_msg("case %zu: %s", i, e.msg);
    assert_string_equal(trace, cases[i].want);
  }
}

static void test_stack_and_attrs(void **state)
{
  (void)state;
  struct vet_xml *x = open_mem("<r n='1'><a id=\"x&amp;y\" k='v'><b/></a></r>");
  struct vet_error e = {0};
  enum vet_xml_event ev;
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_int_equal(ev, VET_XML_START);
  assert_true(vet_xml_is(x, "r", NULL));
  assert_int_equal(vet_xml_depth(x), 0);
  assert_string_equal(vet_xml_ancestor(x, 1), "");
  assert_true(vet_str_eq_c(vet_xml_attr(x, "n"), "1"));
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_true(vet_xml_is(x, "a", "r"));
  assert_false(vet_xml_is(x, "a", "b"));
  assert_true(vet_str_eq_c(vet_xml_attr(x, "id"), "x&y"));
  assert_true(vet_str_eq_c(vet_xml_attr(x, "k"), "v"));
  assert_int_equal(vet_xml_attr(x, "missing").len, 0);
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_int_equal(ev, VET_XML_START);
  assert_true(vet_xml_is(x, "b", "a"));
  assert_string_equal(vet_xml_ancestor(x, 2), "r");
  assert_int_equal(vet_xml_depth(x), 2);
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK); /* the END of <b/> */
  assert_int_equal(ev, VET_XML_END);
  assert_true(vet_xml_is(x, "b", "a"));
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_int_equal(ev, VET_XML_END);
  assert_true(vet_xml_is(x, "a", "r"));
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_true(vet_xml_is(x, "r", NULL));
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_int_equal(ev, VET_XML_DONE);
  vet_xml_free(x);
}

static void test_errors(void **state)
{
  (void)state;
  static const struct {
    const char *xml;
    vet_err want;
    const char *msg;
  } cases[] = {
      {"", VET_EPARSE, "mem:1: document is empty"},
      {"<a>\n<b>\n</a>", VET_EPARSE, "mem:3: opening and ending tag mismatch"},
      {"<a>\n<b>\n", VET_EPARSE, "mem:2: document ends inside <b> (truncated file?)"},
      {"<a/>\n<b/>", VET_EPARSE, "mem:2: extra content at the end of the document"},
      {"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", VET_EPARSE, "document type declarations are not accepted"},
      {"<a>&undefined;</a>", VET_EPARSE, "mem:1: "},
      {"<a>\xc3\x28</a>", VET_EPARSE, "mem:1: input is not proper UTF-8"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char trace[256];
    struct vet_error e = {0};
    vet_err rc = walk(cases[i].xml, "a", trace, sizeof trace, &e);
    if (rc != cases[i].want || !strstr(e.msg, cases[i].msg))
      fail_msg("case %zu: got %s '%s'", i, vet_err_name(rc), e.msg);
  }
}

static void test_limits(void **state)
{
  (void)state;
  /* nesting */
  char deep[VET_XML_MAX_DEPTH * 8 + 16];
  size_t n = 0;
  for (int i = 0; i <= VET_XML_MAX_DEPTH; i++) {
    memcpy(deep + n, "<a>", 3);
    n += 3;
  }
  deep[n] = 0;
  char trace[4096];
  struct vet_error e = {0};
  assert_int_equal(walk(deep, NULL, trace, sizeof trace, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "nested deeper than"));

  /* element text */
  size_t big = VET_XML_MAX_TEXT + 16;
  char *xml = malloc(big + 16);
  assert_non_null(xml);
  memcpy(xml, "<a>", 3);
  memset(xml + 3, 'x', big);
  memcpy(xml + 3 + big, "</a>", 5);
  e = (struct vet_error){0};
  assert_int_equal(walk(xml, "a", trace, sizeof trace, &e), VET_ELIMIT);
  assert_non_null(strstr(e.msg, "longer than"));
  free(xml);

  /* file size */
  char path[TU_PATH_MAX];
  tu_temp_text(path, sizeof path, "<a><b>some text</b></a>");
  struct vet_xml *x;
  e = (struct vet_error){0};
  assert_int_equal(vet_xml_open_file(path, 8, &x, &e), VET_ELIMIT);
  assert_null(x);
  assert_int_equal(vet_xml_open_file(path, 1024, &x, &e), VET_OK);
  enum vet_xml_event ev;
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  assert_int_equal(vet_xml_next(x, &ev, &e), VET_OK);
  vet_str t;
  assert_int_equal(vet_xml_text(x, &t, &e), VET_OK);
  assert_true(vet_str_eq_c(t, "some text"));
  vet_xml_free(x);
  unlink(path);
  e = (struct vet_error){0};
  assert_int_equal(vet_xml_open_file("/nonexistent/x.xml", 1024, &x, &e), VET_EIO);
  assert_non_null(strstr(e.msg, "/nonexistent/x.xml"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_events),
      cmocka_unit_test(test_stack_and_attrs),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
