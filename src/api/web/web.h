/* web.h — Kassa's own HTML pages for the shopper: the 3-D Secure page of its test bank
 * (/3ds/) and the simulated PayPal approval page (/paypal/). The pages show the order and pass
 * the shopper's choice to the domain (ks_order_authorize); they hold no rule of their own. */
#ifndef KS_WEB_H
#define KS_WEB_H

#include "../request.h"

/* GET /3ds/authorize?avng8apitoken=T: the page; POST (form: avng8apitoken, result=pass|fail):
 * the shopper's answer, then 302 to the vendor's Vendor3DSReturnURL or Vendor3DSCancelURL. */
void ks_web_3ds_handle(ks_request *req, ks_response *resp, const char *rest);

/* GET /paypal/approve?token=T: the page; POST (form: token, result=approve|cancel): 302 to
 * the order's ReturnURL (or CancelURL). */
void ks_web_paypal_handle(ks_request *req, ks_response *resp, const char *rest);

/* GET /partner-invoices/<vendor>/<number>.pdf?expires=T&signature=S: the PDF of a partner
 * invoice, behind the signed link getProforma hands out (ProformaPDF, valid one hour). */
void ks_web_invoice_handle(ks_request *req, ks_response *resp, const char *rest);

/* The one mapping of an error to the pages' form: a small HTML page with the HTTP status of
 * its kind. */
void ks_web_error(ks_response *resp, const ks_err *err);

#endif
