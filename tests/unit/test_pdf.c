/* test_pdf.c — src/core/pdf.c: the structure of the PDF it writes. Every object starts at the
 * offset its xref entry gives, the xref entries are 20 bytes each, startxref points at the
 * xref table, the content stream's /Length is its length, and text is escaped. */
#include "unit.h"

#include "core/pdf.h"

/* The first occurrence of needle in the buffer, or NULL. */
static const char *find(const ks_buf *b, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= b->len; i++)
        if (memcmp(b->data + i, needle, nl) == 0)
            return b->data + i;
    return NULL;
}

static void test_structure(void **state)
{
    (void)state;
    ks_buf b = KS_BUF_INIT;
    ks_pdf_line lines[] = {{18, "Partner invoice 1234567890"}, {0, "Total (USD): 10.00 \\ ok"},
                           {0, "caf\xc3\xa9"}};
    ks_pdf_text_page(&b, lines, 3);
    assert_true(b.len > 100);
    assert_memory_equal(b.data, "%PDF-1.4\n", 9);
    /* the trailer: startxref N, then %%EOF at the very end */
    assert_memory_equal(b.data + b.len - 6, "%%EOF\n", 6);
    const char *sx = find(&b, "startxref\n");
    assert_non_null(sx);
    size_t xref = strtoul(sx + 10, NULL, 10);
    assert_true(xref < b.len);
    assert_memory_equal(b.data + xref, "xref\n0 6\n", 9);
    const char *entries = b.data + xref + 9;
    assert_memory_equal(entries, "0000000000 65535 f \n", 20);
    for (int i = 1; i <= 5; i++) {
        const char *e = entries + 20 * i;
        assert_memory_equal(e + 10, " 00000 n \n", 10);
        size_t off = strtoul(e, NULL, 10);
        char head[16];
        snprintf(head, sizeof head, "%d 0 obj\n", i);
        assert_true(off < xref);
        assert_memory_equal(b.data + off, head, strlen(head));
    }
    static const char trailer[] = "trailer\n<< /Size 6 /Root 1 0 R >>";
    assert_memory_equal(entries + 20 * 6, trailer, strlen(trailer));
    /* /Length is the stream's exact length */
    const char *len = find(&b, "/Length ");
    assert_non_null(len);
    size_t n = strtoul(len + 8, NULL, 10);
    const char *stream = find(&b, "stream\n");
    assert_non_null(stream);
    assert_memory_equal(stream + 7 + n, "endstream\n", 10);
    /* text: parentheses and backslashes escaped, non-ASCII bytes replaced */
    assert_non_null(find(&b, "(Total \\(USD\\): 10.00 \\\\ ok) Tj"));
    assert_non_null(find(&b, "(caf?" "?) Tj"));
    assert_non_null(find(&b, "/BaseFont /Helvetica"));
    ks_buf_free(&b);
}

static void test_many_lines_stay_on_the_page(void **state)
{
    (void)state;
    ks_buf b = KS_BUF_INIT;
    ks_pdf_line lines[200];
    for (int i = 0; i < 200; i++)
        lines[i] = (ks_pdf_line){0, "line"};
    ks_pdf_text_page(&b, lines, 200);
    /* no text is positioned below the bottom margin */
    size_t shown = 0;
    for (size_t i = 0; i + 4 <= b.len; i++)
        shown += memcmp(b.data + i, " Tj\n", 4) == 0;
    assert_true(shown > 30 && shown < 200);
    ks_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_many_lines_stay_on_the_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
