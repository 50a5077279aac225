/* pdf.c — see pdf.h. The file is: header, five objects (catalog, pages, page, font, content
 * stream), the xref table with the byte offset of each object, and the trailer. */
#include "pdf.h"

#include <string.h>

#define PAGE_W 595 /* A4 in points */
#define PAGE_H 842
#define MARGIN 56

/* A PDF string literal: parentheses and backslashes escaped, non-printable bytes as '?'. */
static void pdf_string(ks_buf *b, const char *s)
{
    ks_buf_putc(b, '(');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '(' || *p == ')' || *p == '\\') {
            ks_buf_putc(b, '\\');
            ks_buf_putc(b, (char)*p);
        } else if (*p >= 32 && *p < 127) {
            ks_buf_putc(b, (char)*p);
        } else {
            ks_buf_putc(b, '?');
        }
    }
    ks_buf_putc(b, ')');
}

void ks_pdf_text_page(ks_buf *out, const ks_pdf_line *lines, size_t n)
{
    ks_buf content = KS_BUF_INIT;
    size_t off[6];
    int y = PAGE_H - MARGIN;
    ks_buf_puts(&content, "BT\n");
    for (size_t i = 0; i < n; i++) {
        int size = lines[i].size > 0 ? lines[i].size : 11;
        y -= size + size / 2;
        if (y < MARGIN)
            break;
        ks_buf_printf(&content, "/F1 %d Tf 1 0 0 1 %d %d Tm ", size, MARGIN, y);
        pdf_string(&content, lines[i].text ? lines[i].text : "");
        ks_buf_puts(&content, " Tj\n");
    }
    ks_buf_puts(&content, "ET\n");

    size_t start = out->len;
    /* the binary comment line tells transfer tools the file is not text */
    ks_buf_puts(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    off[1] = out->len - start;
    ks_buf_puts(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    off[2] = out->len - start;
    ks_buf_puts(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    off[3] = out->len - start;
    ks_buf_printf(out,
                  "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                  "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n",
                  PAGE_W, PAGE_H);
    off[4] = out->len - start;
    ks_buf_puts(out, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                     "/Encoding /WinAnsiEncoding >>\nendobj\n");
    off[5] = out->len - start;
    ks_buf_printf(out, "5 0 obj\n<< /Length %zu >>\nstream\n", content.len);
    ks_buf_add(out, content.data, content.len);
    ks_buf_puts(out, "endstream\nendobj\n");
    size_t xref = out->len - start;
    /* each xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, EOL */
    ks_buf_puts(out, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++)
        ks_buf_printf(out, "%010zu 00000 n \n", off[i]);
    ks_buf_printf(out, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    ks_buf_free(&content);
}
