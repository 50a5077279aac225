/* op.h — the operation table: one row per operation, shared by the three protocol adapters.
 *
 * A row says where the operation lives on REST (method and path template), its JSON-RPC/SOAP
 * method name, its parameters (as schema fields, in positional order) and its result type.
 * Adapters authenticate, build the argument values from their wire format, and call the
 * handler; handlers bind arguments through the schema, call the domain and build the result.
 * Handlers never see the protocol. */
#ifndef KS_OP_H
#define KS_OP_H

#include <jansson.h>

#include "../domain/ctx.h"
#include "schema/schema.h"

typedef enum {
    KS_SRC_BODY,  /* REST: the JSON body */
    KS_SRC_PATH,  /* REST: the {Name} segment of the path template */
    KS_SRC_QUERY  /* REST: the whole query string, as an object; for a parameter that is not an
                   * object, the query argument of its name */
} ks_src;

enum {
    KS_OP_NOAUTH = 1u << 0, /* no vendor needed (login) */
    KS_OP_LOGIN = 1u << 1,  /* opens a session: JSON-RPC and SOAP only */
    KS_OP_ADMIN = 1u << 2,  /* sandbox control: served under /control/ with the admin token */
    KS_OP_CM21 = 1u << 3,   /* also on the Channel Manager 2.1 endpoints, under the same name */
};

/* The RPC endpoints (JSON-RPC and SOAP alike), each with its own names and its own WSDL. */
typedef enum {
    KS_EP_V6,   /* /rpc/6.0/ and /soap/6.0/ */
    KS_EP_CM21, /* /channel-manager/2.1/rpc/ and /channel-manager/2.1/soap/ */
    KS_EP_COUNT
} ks_endpoint;

typedef struct ks_param {
    ks_field f;               /* name, type, required... of the argument */
    ks_src src;
} ks_param;

typedef struct ks_op ks_op;

/* args[i] is the value of op->params[i] (borrowed, NULL when absent). *out receives a new
 * reference: the result value tree. */
typedef int (*ks_op_fn)(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err);

struct ks_op {
    const char *id;           /* the handler's name (op_<id>); the RPC name unless names says */
    const char *rest_method;  /* NULL: not on REST */
    const char *rest_path;    /* under /rest/6.0 (or /control for ADMIN), e.g. "/leads/{LeadCode}" */
    int rpc;                  /* 1: on JSON-RPC and SOAP (on at least one endpoint) */
    unsigned flags;
    ks_op_fn fn;
    const ks_param *params;   /* terminated by a param whose name is NULL */
    const ks_field *result;   /* type of the result (name unused) */
    int rest_status;          /* HTTP status on success (200 or 201) */
    const char *summary;
    /* the method name on each RPC endpoint; NULL: not served there. A name may mean one row on
     * one endpoint and another row on another (addProduct: the catalog's on 6.0, the partner
     * cart's on the Channel Manager 2.1) */
    const char *names[KS_EP_COUNT];
};

extern const ks_op ks_ops[];
extern const int ks_ops_count;

/* The row named name on endpoint ep (exact, then ignoring case), or NULL. */
const ks_op *ks_op_by_rpc(ks_endpoint ep, const char *name);
/* The path of an endpoint's SOAP service ("/soap/6.0/"). */
const char *ks_endpoint_soap_path(ks_endpoint ep);
/* Index of op in ks_ops (for metrics). */
int ks_op_index(const ks_op *op);
/* Number of params. */
int ks_op_nparams(const ks_op *op);

#endif
