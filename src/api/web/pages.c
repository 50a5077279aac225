/* pages.c — the shopper's pages: 3-D Secure (Kassa's test bank) and the simulated PayPal
 * approval. GET shows the order waiting on the page; POST passes the shopper's choice to the
 * domain and redirects to the URL the domain answers with. No rule lives here. */
#include "web.h"

#include <stdlib.h>
#include <string.h>

#include "../../core/buf.h"
#include "../../core/money.h"
#include "../../domain/order.h"
#include "../../domain/partner.h"
#include "../adapter.h"
#include "../form.h"

typedef struct {
    const char *path;       /* the page's path under its prefix */
    const char *token_name; /* avng8apitoken or token */
    const char *brand, *title, *intro;
    const char *pass_value, *pass_label, *fail_value, *fail_label;
} page_kind;

static const page_kind threeds = {
    "/authorize",
    "avng8apitoken",
    "Kassa test bank",
    "3-D Secure authentication",
    "Kassa test bank: this card asks its holder to confirm the payment. Nothing is charged.",
    "pass",
    "Authenticate",
    "fail",
    "Fail authentication",
};

static const page_kind paypal = {
    "/approve",
    "token",
    "PayPal (simulated)",
    "Approve your payment",
    "Kassa's stand-in for PayPal: approve or cancel the payment. Nothing is charged.",
    "approve",
    "Approve payment",
    "cancel",
    "Cancel and return",
};

static void html(ks_response *resp, int status, ks_buf *b)
{
    size_t len = b->len;
    ks_response_set(resp, status, "text/html; charset=utf-8", ks_buf_steal(b), len);
}

/* Every shopper page: the one stylesheet (web/kassa.css), a top bar, a panel. */
static void page_open(ks_buf *b, const char *brand, const char *title)
{
    ks_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>");
    ks_buf_xml_escape(b, title);
    ks_buf_puts(b, "</title><link rel=\"stylesheet\" href=\"/checkout/static/kassa.css\">"
                   "</head><body>\n<header class=\"topbar\"><span class=\"brand\">");
    ks_buf_xml_escape(b, brand);
    ks_buf_puts(b, "</span><span class=\"secure\">Secure page</span></header>\n"
                   "<main class=\"page\"><section class=\"panel narrow\"><h1>");
    ks_buf_xml_escape(b, title);
    ks_buf_puts(b, "</h1>\n");
}

static void page_close(ks_buf *b)
{
    ks_buf_puts(b, "</section></main></body></html>\n");
}

void ks_web_error(ks_response *resp, const ks_err *err)
{
    ks_buf b = KS_BUF_INIT;
    page_open(&b, "Kassa", "This page cannot be shown");
    ks_buf_puts(&b, "<p class=\"notice error\" role=\"alert\" data-code=\"");
    ks_buf_xml_escape(&b, ks_err_name(err->code));
    ks_buf_puts(&b, "\">");
    ks_buf_xml_escape(&b, err->msg);
    ks_buf_puts(&b, "</p><p class=\"muted\">Error code: <code>");
    ks_buf_xml_escape(&b, ks_err_name(err->code));
    ks_buf_puts(&b, "</code></p>\n");
    page_close(&b);
    html(resp, ks_err_http_status(err->kind), &b);
}

static void show(ks_request *req, ks_response *resp, const page_kind *k, const char *prefix,
                 const char *token)
{
    ks_ctx ctx;
    ks_err err;
    ks_order o;
    ks_buf b = KS_BUF_INIT;
    char amount[32];
    ks_adapter_ctx(&ctx, req);
    if (ks_order_by_auth_token(&o, &ctx, token, &err)) {
        ks_web_error(resp, &err);
        return;
    }
    ks_dec_format(amount, ks_money_to_dec(o.gross_discounted, o.currency));
    page_open(&b, k->brand, k->title);
    ks_buf_puts(&b, "<p class=\"muted\">");
    ks_buf_xml_escape(&b, k->intro);
    ks_buf_puts(&b, "</p>\n<dl class=\"summary\"><dt>Order</dt><dd id=\"refno\">");
    ks_buf_xml_escape(&b, o.ref_no);
    ks_buf_printf(&b, "</dd><dt>Amount</dt><dd id=\"amount\">%s %s</dd>", amount, o.currency);
    if (o.card_last4) {
        ks_buf_puts(&b, "<dt>Card</dt><dd id=\"card\">");
        ks_buf_xml_escape(&b, o.card_type ? o.card_type : "card");
        ks_buf_puts(&b, " ending in ");
        ks_buf_xml_escape(&b, o.card_last4);
        ks_buf_puts(&b, "</dd>");
    }
    ks_buf_printf(&b, "</dl>\n<form method=\"post\" action=\"%s%s\">", prefix, k->path);
    ks_buf_printf(&b, "<input type=\"hidden\" name=\"%s\" value=\"", k->token_name);
    ks_buf_xml_escape(&b, token);
    ks_buf_printf(&b,
                  "\"><div class=\"actions\"><button type=\"submit\" name=\"result\" "
                  "value=\"%s\">%s</button> <button type=\"submit\" class=\"danger\" "
                  "name=\"result\" value=\"%s\">%s</button></div></form>\n",
                  k->pass_value, k->pass_label, k->fail_value, k->fail_label);
    page_close(&b);
    html(resp, 200, &b);
}

static void answer(ks_request *req, ks_response *resp, const page_kind *k, const char *token)
{
    ks_ctx ctx;
    ks_err err;
    const char *redirect = NULL;
    const char *result = ks_form_value(req->arena, req->body, req->body_len, "result");
    if (!result)
        result = ks_query_value(req, "result");
    ks_adapter_ctx(&ctx, req);
    if (!result || (strcmp(result, k->pass_value) != 0 && strcmp(result, k->fail_value) != 0)) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "result must be %s or %s", k->pass_value,
                    k->fail_value);
        ks_web_error(resp, &err);
        return;
    }
    ks_auth_result r = strcmp(result, k->pass_value) == 0 ? KS_AUTH_PASS : KS_AUTH_FAIL;
    if (ks_order_authorize(&redirect, &ctx, token, r, &err)) {
        ks_web_error(resp, &err);
        return;
    }
    ks_buf b = KS_BUF_INIT;
    page_open(&b, k->brand, "Redirecting");
    ks_buf_puts(&b, "<p><a class=\"button\" href=\"");
    ks_buf_xml_escape(&b, redirect);
    ks_buf_puts(&b, "\">Continue</a></p>\n");
    page_close(&b);
    resp->location = redirect;
    html(resp, 302, &b);
}

static void handle(ks_request *req, ks_response *resp, const char *rest, const page_kind *k,
                   const char *prefix)
{
    ks_err err;
    size_t n = strlen(k->path);
    /* "/authorize" and "/authorize/" */
    if (strncmp(rest, k->path, n) != 0 || (rest[n] && strcmp(rest + n, "/") != 0)) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such page");
        ks_web_error(resp, &err);
        return;
    }
    const char *token = ks_form_value(req->arena, req->body, req->body_len, k->token_name);
    if (!token)
        token = ks_query_value(req, k->token_name);
    if (strcmp(req->method, "GET") == 0) {
        show(req, resp, k, prefix, token);
    } else if (strcmp(req->method, "POST") == 0) {
        answer(req, resp, k, token);
    } else {
        resp->allow = "GET, POST";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "Use GET or POST");
        ks_web_error(resp, &err);
    }
}

void ks_web_3ds_handle(ks_request *req, ks_response *resp, const char *rest)
{
    handle(req, resp, rest, &threeds, "/3ds");
}

void ks_web_paypal_handle(ks_request *req, ks_response *resp, const char *rest)
{
    handle(req, resp, rest, &paypal, "/paypal");
}

void ks_web_invoice_handle(ks_request *req, ks_response *resp, const char *rest)
{
    ks_err err;
    ks_ctx ctx;
    ks_buf b = KS_BUF_INIT;
    const char *vendor = NULL, *number = NULL;
    if (strcmp(req->method, "GET") != 0) {
        resp->allow = "GET";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "The invoice is read with GET");
        ks_web_error(resp, &err);
        resp->status = 405;
        return;
    }
    /* /<vendor>/<number>.pdf */
    const char *slash = rest[0] == '/' ? strchr(rest + 1, '/') : NULL;
    size_t nlen = slash ? strlen(slash + 1) : 0;
    if (slash && slash > rest + 1 && nlen > 4 && strcmp(slash + 1 + nlen - 4, ".pdf") == 0) {
        vendor = ks_arena_strndup(req->arena, rest + 1, (size_t)(slash - rest - 1));
        number = ks_arena_strndup(req->arena, slash + 1, nlen - 4);
    }
    if (!vendor || strchr(number, '/')) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such partner invoice");
        ks_web_error(resp, &err);
        return;
    }
    ks_adapter_ctx(&ctx, req);
    if (ks_proforma_pdf(&b, &ctx, vendor, number, ks_query_value(req, "expires"),
                        ks_query_value(req, "signature"), &err)) {
        ks_web_error(resp, &err);
        return;
    }
    size_t len = b.len;
    ks_response_set(resp, 200, "application/pdf", ks_buf_steal(&b), len);
}
