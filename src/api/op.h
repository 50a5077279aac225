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
};

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
    const char *id;           /* the RPC/SOAP method name, or a REST-only name */
    const char *rest_method;  /* NULL: not on REST */
    const char *rest_path;    /* under /rest/6.0 (or /control for ADMIN), e.g. "/leads/{LeadCode}" */
    int rpc;                  /* 1: on JSON-RPC and SOAP */
    unsigned flags;
    ks_op_fn fn;
    const ks_param *params;   /* terminated by a param whose name is NULL */
    const ks_field *result;   /* type of the result (name unused) */
    int rest_status;          /* HTTP status on success (200 or 201) */
    const char *summary;
};

extern const ks_op ks_ops[];
extern const int ks_ops_count;

/* The row with this RPC name (exact, then ignoring case), or NULL. */
const ks_op *ks_op_by_rpc(const char *name);
/* Index of op in ks_ops (for metrics). */
int ks_op_index(const ks_op *op);
/* Number of params. */
int ks_op_nparams(const ks_op *op);

#endif
