/* store.c — picks the backend from the database URL. */
#include "store.h"

#include <string.h>

#include "sqlite/sqlite.h"

int ks_store_open(ks_store **out, const char *url, ks_err *err)
{
    *out = NULL;
    if (!url || !*url)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "No database given (--db sqlite:PATH)");
    if (strncmp(url, "sqlite:", 7) == 0)
        return ks_sqlite_open(out, url + 7, err);
    return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                       "Unsupported database URL '%.64s': use sqlite:PATH", url);
}

void ks_store_close(ks_store *s)
{
    if (s)
        s->ops->close(s);
}
