/* router.c — the one place that knows which prefix belongs to which adapter. */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "../api/adapter.h"
#include "../api/console/console.h"
#include "../api/checkout/checkout.h"
#include "../api/jsonrpc/jsonrpc.h"
#include "../api/rest/rest.h"
#include "../api/soap/soap.h"
#include "../api/web/web.h"
#include "../domain/clock.h"
#include "metrics.h"
#include "../domain/notify.h"

static int prefix(const char *path, const char *p, const char **rest)
{
    size_t n = strlen(p);
    if (strncmp(path, p, n) != 0)
        return 0;
    *rest = path + n;
    return 1;
}

static void text(ks_response *resp, int status, const char *ctype, const char *s)
{
    ks_response_set(resp, status, ctype, strdup(s), strlen(s));
}

static void healthz(ks_request *req, ks_response *resp)
{
    ks_ctx ctx;
    ks_err err;
    ks_time now;
    ks_adapter_ctx(&ctx, req);
    /* reading the clock proves the store answers */
    if (ks_clock_now(&now, &ctx, &err))
        ks_adapter_json(resp, 503, json_pack("{s:s, s:s}", "status", "unavailable", "message",
                                             err.msg));
    else
        ks_adapter_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

static void rest(ks_request *req, ks_response *resp, const char *rest)
{
    ks_rest_handle(req, resp, rest, 0);
}

static void control(ks_request *req, ks_response *resp, const char *rest)
{
    ks_rest_handle(req, resp, rest, 1);
}

static void rpc(ks_request *req, ks_response *resp, const char *rest)
{
    (void)rest;
    ks_rpc_handle(req, resp, KS_EP_V6);
}

static void soap(ks_request *req, ks_response *resp, const char *rest)
{
    (void)rest;
    ks_soap_handle(req, resp, KS_EP_V6);
}

/* The Channel Manager 2.1 endpoints: their own method names and WSDL (operations.def). */
static void rpc_cm(ks_request *req, ks_response *resp, const char *rest)
{
    (void)rest;
    ks_rpc_handle(req, resp, KS_EP_CM21);
}

static void soap_cm(ks_request *req, ks_response *resp, const char *rest)
{
    (void)rest;
    ks_soap_handle(req, resp, KS_EP_CM21);
}

/* The surfaces, by path prefix: the first match wins. `segment` requires the prefix to end at
 * a '/' or the end of the path; REST does not, because the PHP SDK's refund path has no slash
 * after the version (/rest/6.0orders/...). */
static const struct surface {
    const char *prefix;
    int segment;
    void (*handle)(ks_request *req, ks_response *resp, const char *rest);
    void (*error)(ks_response *resp, const ks_err *err);
} surfaces[] = {
    {"/rest/6.0", 0, rest, ks_rest_error},
    {"/control", 1, control, ks_rest_error},
    {"/rpc/6.0", 1, rpc, ks_rpc_error},
    {"/channel-manager/2.1/rpc", 1, rpc_cm, ks_rpc_error},
    {"/soap/6.0", 1, soap, ks_soap_fault},
    {"/channel-manager/2.1/soap", 1, soap_cm, ks_soap_fault},
    {"/3ds", 1, ks_web_3ds_handle, ks_web_error},
    {"/paypal", 1, ks_web_paypal_handle, ks_web_error},
    {"/console", 1, ks_console_handle, ks_console_error},
    {"/checkout", 1, ks_checkout_handle, ks_rest_error},
    {"/partner-invoices", 1, ks_web_invoice_handle, ks_web_error},
};

static const struct surface *surface_of(const char *path, const char **rest)
{
    for (size_t i = 0; i < sizeof surfaces / sizeof surfaces[0]; i++)
        if (prefix(path, surfaces[i].prefix, rest) &&
            (!surfaces[i].segment || **rest == '/' || **rest == '\0'))
            return &surfaces[i];
    return NULL;
}

void ks_route(ks_request *req, ks_response *resp)
{
    const char *rest;
    const char *p = req->path;
    const struct surface *sf;
    if (strcmp(p, "/rest/6.0/openapi.json") == 0)
        ks_openapi_handle(req, resp);
    else if ((sf = surface_of(p, &rest)))
        sf->handle(req, resp, rest);
    else if (strcmp(p, "/healthz") == 0)
        healthz(req, resp);
    else if (strcmp(p, "/metrics") == 0) {
        ks_buf b = KS_BUF_INIT;
        ks_ctx ctx;
        const char **outcomes;
        int64_t *counts;
        size_t n;
        ks_err err;
        ks_metrics_render(&b);
        /* deliveries are counted in the store: every server of a database shows the same */
        ks_adapter_ctx(&ctx, req);
        if (ks_notify_stats(&outcomes, &counts, &n, &ctx, &err) == 0) {
            ks_buf_puts(&b, "# HELP kassa_notification_deliveries_total IPN and LCN delivery "
                            "attempts by outcome.\n# TYPE kassa_notification_deliveries_total "
                            "counter\n");
            for (size_t i = 0; i < n; i++)
                ks_buf_printf(&b, "kassa_notification_deliveries_total{outcome=\"%s\"} %lld\n",
                              outcomes[i], (long long)counts[i]);
        }
        size_t len = b.len;
        ks_response_set(resp, 200, "text/plain; version=0.0.4", ks_buf_steal(&b), len);
    } else if (strcmp(p, "/") == 0)
        text(resp, 200, "text/plain; charset=utf-8",
             "Kassa: the 2Checkout API 6.0, self-hosted.\n"
             "REST /rest/6.0/  JSON-RPC /rpc/6.0/  SOAP /soap/6.0/ (WSDL: /soap/6.0/?wsdl)\n"
             "OpenAPI /rest/6.0/openapi.json  health /healthz  metrics /metrics\n"
             "console /console/ (with --admin-token)\n");
    else
        ks_adapter_json(resp, 404,
                        json_pack("{s:s, s:s}", "error_code", "NOT_FOUND", "message",
                                  "No such resource"));
}

void ks_route_error(ks_request *req, ks_response *resp, const ks_err *err)
{
    const char *rest;
    const struct surface *sf = surface_of(req->path, &rest);
    (sf ? sf->error : ks_rest_error)(resp, err);
    resp->status = ks_err_http_status(err->kind);
}
