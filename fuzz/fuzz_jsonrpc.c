/* fuzz_jsonrpc.c — the JSON-RPC 2.0 adapter through ks_route: the input is the body POSTed to
 * /rpc/6.0/. The fixture's session (harness.h, KS_FUZZ_SESSION) lets calls past
 * authentication into the operations. */
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ks_fuzz_route("POST", "/rpc/6.0/", NULL, (const char *)data, size, KS_FUZZ_AUTH_NONE, NULL,
                  0);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ks_fuzz_init();
    return 0;
}
