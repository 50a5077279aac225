/* auth.c — login(merchantCode, date, hash[, algo]) for JSON-RPC and SOAP. */
#include "../../domain/auth.h"

#include "ops.h"

const ks_param op_login_params[] = {
    {{"merchantCode", KS_T_STRING, KS_F_REQUIRED, .err = KS_E_AUTHENTICATION_FAILED}, KS_SRC_BODY},
    {{"date", KS_T_STRING, KS_F_REQUIRED, .err = KS_E_AUTHENTICATION_FAILED}, KS_SRC_BODY},
    {{"hash", KS_T_STRING, KS_F_REQUIRED, .err = KS_E_AUTHENTICATION_FAILED}, KS_SRC_BODY},
    {{"algo", KS_T_STRING}, KS_SRC_BODY},
    KS_PARAMS_END,
};
const ks_field op_login_result = {"sessionID", KS_T_STRING};

int op_login(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    (void)op;
    ks_auth_header h;
    char sid[KS_SESSION_ID_LEN + 1];
    for (int i = 0; i < 4; i++)
        if (args[i] && !json_is_string(args[i]) && !json_is_null(args[i]))
            return ks_err_set(err, KS_E_AUTHENTICATION_FAILED);
    h.code = json_string_value(args[0]);
    h.date = json_string_value(args[1]);
    h.hash = json_string_value(args[2]);
    h.algo = json_string_value(args[3]);
    if (!h.code || !h.date || !h.hash)
        return ks_err_set(err, KS_E_AUTHENTICATION_FAILED);
    if (ks_auth_login(sid, ctx, &h, err))
        return -1;
    *out = json_string(sid);
    return 0;
}
