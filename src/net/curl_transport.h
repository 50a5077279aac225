/* curl_transport.h — the transport of domain/transport.h over libcurl: webhook POSTs with
 * connect and total timeouts, a cap on the answer read and no redirect followed, and mail to
 * an SMTP server. Nothing else in Kassa includes curl.h. */
#ifndef KS_CURL_TRANSPORT_H
#define KS_CURL_TRANSPORT_H

#include "../domain/transport.h"

typedef struct ks_curl_options {
    long connect_timeout_ms; /* 0: 5000 */
    long timeout_ms;         /* the whole exchange; 0: 10000 */
    size_t max_answer;       /* bytes of an answer read at most; 0: 65536 */
    const char *smtp_url;    /* "smtp://host:port"; NULL: no mail sent (the sandbox mailbox) */
    const char *mail_from;   /* the envelope and From: address; NULL: "kassa@localhost" */
} ks_curl_options;

/* Initialises libcurl (once, before threads start) and fills *out; opts is copied. 0 or -1. */
int ks_curl_transport_init(ks_transport *out, const ks_curl_options *opts);
/* Frees what init allocated. */
void ks_curl_transport_cleanup(ks_transport *t);

#endif
