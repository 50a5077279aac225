/* console.h — the sandbox console: HTML pages under /console/ that show one vendor's world
 * (orders, subscriptions, leads, catalog, mailbox, the clock, charts) and steer it through the
 * domain calls the API uses. Behind the admin token; see docs/console.md. */
#ifndef KS_CONSOLE_ADAPTER_H
#define KS_CONSOLE_ADAPTER_H

#include "../request.h"

/* Everything under /console: rest is the path after "/console". */
void ks_console_handle(ks_request *req, ks_response *resp, const char *rest);

/* The one mapping of an error to the console's form: a page with the HTTP status of its kind. */
void ks_console_error(ks_response *resp, const ks_err *err);

#endif
