/* pdf.h — a minimal PDF 1.4 writer: one A4 page of text lines in the Helvetica base font
 * (no embedding: every reader has it), with a correct cross-reference table, so that
 * pdftotext and any viewer read it. Enough for an invoice; nothing more. */
#ifndef KS_PDF_H
#define KS_PDF_H

#include <stddef.h>

#include "buf.h"

/* One line of text: its size in points (0: 11) and the text (Latin-1 printable characters;
 * others are written as '?'). */
typedef struct ks_pdf_line {
    int size;
    const char *text;
} ks_pdf_line;

/* Appends to out a one-page PDF showing lines from the top of the page, each under the
 * previous one; lines past the bottom of the page are left out. */
void ks_pdf_text_page(ks_buf *out, const ks_pdf_line *lines, size_t n);

#endif
