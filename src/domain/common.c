/* common.c — name tables (common.h). */
#include "common.h"

#include <string.h>
#include <strings.h>

const char *ks_name_of(const char *const *names, int v, const char *fallback)
{
    for (int i = 0; v >= 0 && names[i]; i++)
        if (i == v)
            return names[i];
    return fallback;
}

int ks_name_find(const char *const *names, const char *s, int nocase)
{
    for (int i = 0; s && names[i]; i++)
        if ((nocase ? strcasecmp(s, names[i]) : strcmp(s, names[i])) == 0)
            return i;
    return -1;
}
