/* fuzz_soap.c — the SOAP 1.1 adapter through ks_route: the input is the envelope POSTed to
 * /soap/6.0/ (libxml2 parsing, the DTD refusal, XML -> value tree, SOAP-encoded responses).
 * The fixture's session (harness.h, KS_FUZZ_SESSION) lets calls past authentication. */
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ks_fuzz_route("POST", "/soap/6.0/", NULL, (const char *)data, size, KS_FUZZ_AUTH_NONE, NULL,
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
